"""``yingji audit verify``: check the audit hash chain; exit 1 when it is broken."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yingji.core.audit import verify_chain
from yingji.core.models import AuditLog


class Command(BaseCommand):
    help = "审计日志工具：verify 校验哈希链完整性"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"], help="verify：校验审计日志哈希链")

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditLog.objects.count()
        problems = verify_chain()
        if not problems:
            self.stdout.write(self.style.SUCCESS(f"审计日志完整：共 {total} 条，哈希链校验通过"))
            return
        self.stderr.write(self.style.ERROR(f"审计日志校验失败：发现 {len(problems)} 处问题"))
        for problem in problems:
            self.stderr.write(f"  - {problem.message}")
        sys.exit(1)
