"""Copy the front-end packages installed by npm into static files (no CDN, no bundler)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# (package file or folder under node_modules, destination under static/vendor)
ASSETS = [
    ("@tabler/core/dist/css/tabler.min.css", "tabler/tabler.min.css"),
    ("@tabler/core/dist/js/tabler.min.js", "tabler/tabler.min.js"),
    ("htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"),
    ("leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet/dist/images", "leaflet/images"),
    ("echarts/dist/echarts.min.js", "echarts/echarts.min.js"),
]


class Command(BaseCommand):
    help = "把 npm 安装的前端依赖复制到静态文件目录"

    def handle(self, *args: Any, **options: Any) -> None:
        source_root = Path(settings.PROJECT_DIR) / "node_modules"
        target_root = Path(settings.BASE_DIR) / "ui" / "static" / "vendor"
        missing = [src for src, _ in ASSETS if not (source_root / src).exists()]
        if missing:
            raise CommandError(f"缺少前端依赖（请先运行 npm ci）：{', '.join(missing)}")
        for src, dest in ASSETS:
            source, target = source_root / src, target_root / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target)
        self.stdout.write(f"已复制 {len(ASSETS)} 项前端依赖到 {target_root}")
