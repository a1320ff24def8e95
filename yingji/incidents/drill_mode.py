"""Drill mode (演练模式): incidents opened by a drill run through the real intake are
kept out of every statistic. The module that runs drills registers where its drill
incidents are (``register_drill_incidents``); statistics call ``exclude_drills``.
Drill incidents carry 【演练】 in their title, so every screen and document shows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

DRILL_MARK = "【演练】"

# Each source returns a queryset of incident ids (``values("incident_id")``).
_SOURCES: list[Callable[[], QuerySet[Any]]] = []


def register_drill_incidents(source: Callable[[], QuerySet[Any]]) -> None:
    """Register a source of drill incident ids (called from an AppConfig.ready())."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def exclude_drills(queryset: QuerySet[Any], field: str = "pk") -> QuerySet[Any]:
    """``queryset`` without the rows whose ``field`` is a drill incident."""
    for source in _SOURCES:
        queryset = queryset.exclude(**{f"{field}__in": source()})
    return queryset


def drill_title(title: str) -> str:
    """The title of a drill incident: 【演练】 first, once."""
    return title if title.startswith(DRILL_MARK) else f"{DRILL_MARK}{title}"
