"""The demo plan system of Wuhan (built through the services)."""

from __future__ import annotations

from yingji.core.demo.registry import DemoContext, register


@register(720, "应急预案与演练")
def build(context: DemoContext) -> None:
    from django.db import transaction

    from yingji.plans.demo_data import build_demo

    with transaction.atomic():  # all or nothing: a rerun never meets half a plan system
        build_demo(context)
