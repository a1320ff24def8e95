"""``yingji worker``: a separate Huey consumer for background and periodic jobs."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "启动后台任务处理进程（Huey consumer）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=2, help="工作线程数")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("run_huey", workers=options["workers"], worker_type="thread")
