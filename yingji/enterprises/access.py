"""Access helpers: the object or the same 404 for missing and forbidden."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from yingji.enterprises.models import Enterprise


def access_enterprise(user: Any, pk: Any, action: str = "view") -> Enterprise:
    """The enterprise ``pk`` if ``user`` may ``action`` it, else Http404."""
    found = Enterprise.objects.restrict(user, action).filter(pk=pk).first()
    if found is None:
        raise Http404("企业不存在或不在您的数据范围内")
    return found
