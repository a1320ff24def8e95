"""A form with a file field is sent as multipart from every add page, so an attached
file reaches the server (before, the generic edit form dropped the photos silently)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from yingji.core.testing import make_user
from yingji.core.views.generic import ObjectEditView

pytestmark = pytest.mark.django_db


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def add_pages_with_files(user: Any) -> list[str]:
    """Names of the add pages (no path parameters) whose form has a file field."""
    names = []
    for route, pattern in _patterns(get_resolver()):
        view = getattr(pattern.callback, "view_class", None)
        if view is None or not issubclass(view, ObjectEditView) or "<" in route or not pattern.name:
            continue
        form = view.form_class(user=user)
        if form.is_multipart():
            names.append(pattern.name)
    return names


def test_every_add_page_with_a_file_field_posts_multipart(client) -> None:
    admin = make_user("file_forms_admin", roles=[], scope=None, is_superuser=True)
    names = add_pages_with_files(admin)
    assert "hazard_add" in names  # the page whose photos were lost
    client.force_login(admin)
    for name in names:
        page = client.get(reverse(name)).content.decode()
        tag = re.search(r'<form method="post" class="card object-form"[^>]*>', page)
        assert tag is not None, name
        assert 'enctype="multipart/form-data"' in tag.group(0), name


def test_an_add_page_without_files_stays_urlencoded(client) -> None:
    admin = make_user("file_forms_admin2", roles=[], scope=None, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("department_add")).content.decode()
    tag = re.search(r'<form method="post" class="card object-form"[^>]*>', page)
    assert tag is not None and "enctype" not in tag.group(0)
