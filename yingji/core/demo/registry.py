"""Demo builders of the modules, run in order after the core demo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from yingji.core.actor import Actor


@dataclass(frozen=True)
class DemoContext:
    """What a builder gets: the acting system actor, the scale and a log function."""

    actor: Actor
    scale: int
    log: Callable[[str], None]


Builder = Callable[[DemoContext], None]
_BUILDERS: list[tuple[int, str, Builder]] = []


def register(order: int, name: str) -> Callable[[Builder], Builder]:
    """Decorator: run ``builder`` during ``yingji demo`` (lower order first)."""

    def wrap(builder: Builder) -> Builder:
        if all(existing != name for _, existing, _ in _BUILDERS):
            _BUILDERS.append((order, name, builder))
        return builder

    return wrap


def builders() -> list[tuple[str, Builder]]:
    return [(name, builder) for _, name, builder in sorted(_BUILDERS, key=lambda b: b[:2])]
