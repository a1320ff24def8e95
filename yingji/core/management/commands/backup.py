"""``yingji backup <folder>``: the database, media files and audit anchors, with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yingji.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "备份数据库、附件和审计锚点到一个新目录（含校验清单）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="备份目录（不存在或为空）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = create_backup(Path(options["folder"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(rows for rows, _ in manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"备份完成：{len(manifest['tables'])}张表、{rows}行，附件{len(manifest['media'])}个，"
            f"审计锚点文件{len(manifest['anchors'])}个 → {options['folder']}"))
