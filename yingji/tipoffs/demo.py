"""Demo: public reports (举报) in 江岸区 and 武昌区 at every step — waiting for triage,
assignment and verification, verified with a hazard registered, answered, rejected,
duplicates — and rewards waiting for the committee's vote and for payment. Everything
through the services, so it is audited and the deadlines are set."""

from __future__ import annotations

from yingji.core.demo.registry import DemoContext, register


@register(770, "群众举报与举报奖励")
def build_tipoffs(ctx: DemoContext) -> None:
    from yingji.tipoffs.demo_data import build

    build(ctx)
