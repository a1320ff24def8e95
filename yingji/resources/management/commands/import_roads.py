"""``yingji import-roads FILE``: build the routable road graph from an OSM file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yingji.core.actor import Actor
from yingji.resources.services.roads import import_road_network


class Command(BaseCommand):
    """Import a .osm.pbf or .osm (XML) extract as the active road network."""

    help = "导入OpenStreetMap路网（.osm.pbf 或 .osm），按道路等级设置通行速度"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="OpenStreetMap 文件（.osm.pbf 或 .osm）")
        parser.add_argument("--name", default="", help="路网名称（默认文件名）")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            network = import_road_network(path, name=options["name"],
                                          actor=Actor.system("import-roads"))
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"已导入路网“{network.name}”：{network.node_count}个节点，{network.edge_count}条路段，"
            f"范围 经度{network.min_lon:.4f}～{network.max_lon:.4f}，"
            f"纬度{network.min_lat:.4f}～{network.max_lat:.4f}"))
