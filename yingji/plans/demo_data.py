"""Demo data of plans (filled in below)."""

from __future__ import annotations

from yingji.core.demo.registry import DemoContext


def build_demo(context: DemoContext) -> None:
    return None
