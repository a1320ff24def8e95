"""Road network import and the active graph of this process."""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission
from yingji.resources import routing
from yingji.resources.models import RoadNetwork, RoadSpeed


def roads_dir() -> Path:
    return Path(settings.VAR_DIR) / "roads"


def speeds() -> dict[str, float]:
    """Speeds by highway class from the editable reference table."""
    return {row.highway: float(row.speed_kmh) for row in RoadSpeed.objects.all()}


def import_road_network(path: Path, *, name: str = "", actor: Actor) -> RoadNetwork:
    """Build the graph of an OSM file, store it under var/roads/ and make it active.

    The graph is built before the transaction (it can take a while on a city file);
    a file that is not OSM is refused with RoadFileError's Chinese message."""
    check_permission(actor, RoadNetwork, "add")
    try:
        graph = routing.build_from_osm(path, speeds())
    except routing.RoadFileError as exc:
        raise ValidationError(str(exc)) from exc
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    file_name = f"network-{stamp}.npz"
    graph.save(roads_dir() / file_name)
    with transaction.atomic():
        RoadNetwork.objects.filter(is_active=True).update(is_active=False)
        min_lon, min_lat, max_lon, max_lat = graph.bounds()
        network = RoadNetwork.objects.create(
            name=name or path.name, source_name=path.name, file_name=file_name,
            node_count=graph.node_count, edge_count=graph.edge_count, min_lon=min_lon,
            min_lat=min_lat, max_lon=max_lon, max_lat=max_lat, is_active=True,
            imported_at=timezone.now(), imported_by=actor.user)
        audit.record(audit.AuditAction.CREATE, actor=actor, obj=network,
                     after=audit.snapshot(network),
                     detail=f"导入路网{path.name}：{graph.node_count}个节点，{graph.edge_count}条路段")
        events.emit("roadnetwork.imported", actor=actor, obj=network,
                    summary=f"导入路网：{network.name}（{graph.node_count}个节点）")
    _CACHE.clear()
    return network


class _GraphCache:
    """The active graph, loaded once per process and reloaded when another becomes active."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: str | None = None
        self._graph: routing.RoadGraph | None = None

    def clear(self) -> None:
        with self._lock:
            self._key, self._graph = None, None

    def get(self) -> tuple[RoadNetwork, routing.RoadGraph] | None:
        network = RoadNetwork.objects.filter(is_active=True).order_by("-imported_at", "-id").first()
        if network is None:
            return None
        path = roads_dir() / network.file_name
        if not path.exists():
            return None
        with self._lock:
            if self._key != network.file_name or self._graph is None:
                self._graph = routing.RoadGraph.load(path)
                self._key = network.file_name
            return network, self._graph


_CACHE = _GraphCache()


def active_graph() -> tuple[RoadNetwork, routing.RoadGraph] | None:
    """The active network and its graph, or None when no road network is loaded."""
    return _CACHE.get()
