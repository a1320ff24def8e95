"""``yingji restore <folder>``: load a backup into the configured, empty database, media
folder and anchor folder, prove it equal to its manifest and verify the audit chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from yingji.core.audit import verify_chain
from yingji.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "从备份目录恢复到空数据库（恢复后逐表校验并校验审计链）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="yingji backup 生成的目录")

    def handle(self, *args: Any, **options: Any) -> None:
        connection.close()  # the file or database is written from outside Django
        try:
            result = restore_backup(Path(options["folder"]), database=dict(connection.settings_dict),
                                    media_root=Path(settings.MEDIA_ROOT),
                                    anchor_dir=Path(settings.AUDIT_ANCHOR_DIR))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        problems = verify_chain()
        if problems:
            raise CommandError("恢复完成，但审计链校验失败：" + "；".join(p.message for p in problems[:5]))
        self.stdout.write(self.style.SUCCESS(
            f"恢复完成并校验一致：{result['tables']}张表、{result['rows']}行，附件{result['media']}个，"
            f"审计链至第{(result['audit_head'] or {}).get('index', 0)}条校验通过"))
