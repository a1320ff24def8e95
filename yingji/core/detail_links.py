"""Links other modules add to an object's page (the generic detail page's actions), so
that a module can offer its page about another module's object without that module
knowing it: e.g. the plans module adds "预案匹配与启动" to an incident's page.

Providers are registered from ``AppConfig.ready()`` by model label and give a list of
``DetailLink`` for the requesting user and the object (they check their own permission;
an empty list shows nothing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class DetailLink:
    """A button on an object's page."""

    label: str
    url: str
    style: str = "outline-primary"


LinkProvider = Callable[[Any, models.Model], list[DetailLink]]
_PROVIDERS: dict[str, list[LinkProvider]] = {}


def register(model_label: str, provider: LinkProvider) -> None:
    """Add ``provider`` for objects of ``model_label`` ("incidents.incident"); idempotent."""
    held = _PROVIDERS.setdefault(model_label.lower(), [])
    if provider not in held:
        held.append(provider)


def links_for(user: Any, obj: models.Model) -> list[DetailLink]:
    """Every registered link for ``obj`` that its providers give ``user``."""
    out: list[DetailLink] = []
    for provider in _PROVIDERS.get(obj._meta.label_lower, ()):
        out.extend(provider(user, obj))
    return out
