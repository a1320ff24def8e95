"""``yingji demo [--if-empty] [--scale N]``: build the deterministic demo city."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yingji.core.actor import Actor
from yingji.core.demo.accounts import describe_accounts
from yingji.core.demo.builder import build, is_empty
from yingji.core.demo.registry import DemoContext


class Command(BaseCommand):
    help = "生成演示数据（武汉市），仅限演示模式（YINGJI_DEMO=1）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="数据库已有用户时跳过")
        parser.add_argument("--scale", type=int, default=1,
                            help="规模：1=武汉市；≥2=湖北全省，每个区县N个值班员和监管员")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("演示数据只能在演示模式下生成：请设置环境变量 YINGJI_DEMO=1")
        if options["scale"] < 1:
            raise CommandError("--scale 必须是正整数")
        if options["if_empty"] and not is_empty():
            self.stdout.write("数据库已有数据，跳过演示数据生成。")
            return
        started = time.monotonic()
        ctx = DemoContext(actor=Actor.system("demo"), scale=options["scale"],
                          log=lambda text: self.stdout.write(text))
        build(ctx)
        self.stdout.write(self.style.SUCCESS(
            f"演示数据生成完成，用时 {time.monotonic() - started:.1f} 秒"
        ))
        self.stdout.write(describe_accounts())
