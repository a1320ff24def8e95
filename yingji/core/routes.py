"""URL patterns shared by the modules: the usual list/add/detail/edit/delete set."""

from __future__ import annotations

from django.urls import URLPattern, path
from django.views import View


def crud(prefix: str, name: str, list_view: type[View], detail: type[View] | None,
         edit: type[View], delete: type[View] | None) -> list[URLPattern]:
    """``<prefix>/``, ``add/``, ``<pk>/``, ``<pk>/edit/`` and ``<pk>/delete/`` named
    ``<name>_list`` … ``<name>_delete``; a view given as None is left out."""
    patterns = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/edit/", edit.as_view(), name=f"{name}_edit"),
    ]
    if detail is not None:
        patterns.append(path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"{name}_detail"))
    if delete is not None:
        patterns.append(path(f"{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"))
    return patterns
