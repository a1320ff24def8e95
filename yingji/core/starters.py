"""Background starters: work a module runs beside the web server in the embedded default.

A module registers its starter in ``AppConfig.ready()`` (the monitoring module its MQTT
consumer, the demo its simulator); ``yingji serve`` starts every enabled one without
knowing the modules, so core imports no domain app. In production each runs as its
own process instead (``yingji ingest``, ``yingji worker``) and ``serve --no-jobs`` starts
none.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Starter:
    """A named background starter; ``enabled()`` decides at start time (settings)."""

    name: str
    start: Callable[[], object]
    enabled: Callable[[], bool]
    label: str = ""


_STARTERS: dict[str, Starter] = {}


def register(name: str, start: Callable[[], object], *, enabled: Callable[[], bool] = lambda: True,
             label: str = "") -> None:
    """Register (or replace) a starter; called from ``AppConfig.ready()``."""
    _STARTERS[name] = Starter(name, start, enabled, label or name)


def registered() -> list[Starter]:
    return list(_STARTERS.values())


def start_all() -> list[str]:
    """Start every enabled starter; returns the labels of those started."""
    started = []
    for starter in _STARTERS.values():
        if not starter.enabled():
            continue
        starter.start()
        logger.info("background starter %s started", starter.name)
        started.append(starter.label)
    return started
