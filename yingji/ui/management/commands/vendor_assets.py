"""``yingji vendor-assets``: copy the npm front-end files into static files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from yingji.ui.vendor import ASSETS, MissingAssets, copy_assets


class Command(BaseCommand):
    help = "把 npm 安装的前端依赖复制到静态文件目录"

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            where = copy_assets()
        except MissingAssets as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已复制 {len(ASSETS)} 项前端依赖到 {where}")
