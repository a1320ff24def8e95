"""Sections that later modules add to the enterprise's file (一企一档): hidden hazards,
alarms, inspections, accidents … A module registers a section in its
``AppConfig.ready``; the file page renders every section the user may see, in order.

    from yingji.enterprises.tabs import FileSection, register_section
    register_section(FileSection("hazards", "隐患排查", "hazards/enterprise_section.html",
                                 hazards_for_enterprise, permission="hazards.view_hazard"))

``context(request, enterprise)`` returns the template context, or None to hide the
section; like workbench cards it must run a bounded number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class FileSection:
    """A section of the enterprise's file contributed by a module."""

    key: str
    title: str
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]
    permission: str | None = None
    order: int = 100


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    html: SafeString


_SECTIONS: dict[str, FileSection] = {}


def register_section(section: FileSection) -> None:
    """Add or replace the section with ``section.key``."""
    _SECTIONS[section.key] = section


def sections_for(request: HttpRequest, enterprise: Any) -> list[RenderedSection]:
    """The registered sections ``request.user`` may see for ``enterprise``, rendered."""
    rendered = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        if section.permission and not request.user.has_perm(section.permission):
            continue
        context = section.context(request, enterprise)
        if context is None:
            continue
        context.setdefault("enterprise", enterprise)
        html = render_to_string(section.template, context, request=request)
        rendered.append(RenderedSection(section.key, section.title, mark_safe(html)))
    return rendered


# Marks that later modules put on enterprises in the registry's list (the credit
# module's 严重失信): ``marks(ids)`` returns the mark of those of ``ids`` that have one, in
# one query.
ListMarks = Callable[[list[int]], dict[int, str]]
_MARKS: dict[str, ListMarks] = {}


def register_list_marks(key: str, marks: ListMarks) -> None:
    """Add or replace the list-mark provider named ``key``."""
    _MARKS[key] = marks


def list_marks(ids: list[int]) -> dict[int, str]:
    """Every provider's marks of the enterprises ``ids``, joined with 、."""
    found: dict[int, list[str]] = {}
    for key in sorted(_MARKS):
        for pk, mark in _MARKS[key](ids).items():
            found.setdefault(pk, []).append(mark)
    return {pk: "、".join(marks) for pk, marks in found.items()}
