"""The demo's reports and rewards (see ``demo``)."""

from __future__ import annotations

from yingji.core.demo.registry import DemoContext


def build(ctx: DemoContext) -> None:
    ctx.log("举报：演示数据待补充")
