"""``yingji audit verify|anchor|rotate-key``: check the keyed chain and its anchors (exit 1
when broken), export a signed anchor, rotate the audit key."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yingji.core import audit, audit_keys
from yingji.core.actor import Actor
from yingji.core.audit import verify_chain
from yingji.core.audit_anchor import export_anchor
from yingji.core.models import AuditLog


class Command(BaseCommand):
    help = "审计日志工具：verify 校验哈希链与锚点；anchor 导出签名的链尾锚点；rotate-key 轮换审计密钥"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "anchor", "rotate_key"],
                            help="verify：校验；anchor：导出锚点；rotate-key：轮换密钥")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "anchor":
            line = export_anchor()
            self.stdout.write(f"已导出锚点：第{line['index']}条" if line else "审计日志为空，未导出锚点")
            return
        if options["action"] == "rotate_key":
            key_id = audit_keys.rotate()
            audit.record(audit.AuditAction.UPDATE, actor=Actor.system("audit-key"),
                         detail=f"轮换审计密钥，新密钥编号 {key_id}")
            self.stdout.write(f"已轮换审计密钥：{key_id}")
            return
        total = AuditLog.objects.count()
        problems = verify_chain()
        if not problems:
            self.stdout.write(self.style.SUCCESS(f"审计日志完整：共 {total} 条，哈希链校验通过"))
            return
        self.stderr.write(self.style.ERROR(f"审计日志校验失败：发现 {len(problems)} 处问题"))
        for problem in problems:
            self.stderr.write(f"  - {problem.message}")
        sys.exit(1)
