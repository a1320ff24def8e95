"""Road graph: built from OpenStreetMap files, stored as numpy arrays, searched with
scipy.sparse.csgraph (Dijkstra with a limit, multi-source) and a KD-tree to snap
points to the nearest node. No Django imports: services pass paths and speeds in.

Edge weights are travel seconds: the way segment's great-circle length at the speed
of its ``highway`` class. One-way streets (``oneway=yes/-1``, motorways, roundabouts)
get one direction only; the reverse graph (for "time from every resource to this
point") is the transpose, built once on load.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from yingji.resources.rules import EARTH_RADIUS_M

# Free-flow urban speeds (km/h) by OSM highway class, after the design speeds of
# CJJ 37-2012 (城市道路工程设计规范: 快速路 60-100, 主干路 40-60, 次干路 30-50,
# 支路 20-40) taken at the low end for emergency driving in traffic. Editable in the
# RoadSpeed reference table; these are its defaults.
DEFAULT_SPEEDS_KMH: dict[str, float] = {
    "motorway": 80, "motorway_link": 40, "trunk": 60, "trunk_link": 35,
    "primary": 45, "primary_link": 30, "secondary": 35, "secondary_link": 25,
    "tertiary": 30, "tertiary_link": 20, "unclassified": 25, "residential": 20,
    "living_street": 10, "service": 15, "road": 20, "track": 10,
}
_ONEWAY_CLASSES = {"motorway"}
_PBF_MAGIC = b"OSMHeader"


class RoadFileError(ValueError):
    """A file that is not a usable OpenStreetMap extract; the message is Chinese."""


def check_osm_file(path: Path) -> str:
    """The OSM format of ``path`` ("pbf" or "xml"), or RoadFileError.

    Checks the content, not only the name: a PBF file starts with a BlobHeader of
    type "OSMHeader" (OSM PBF format spec); an XML file has an ``<osm`` root."""
    if not path.is_file():
        raise RoadFileError(f"文件不存在：{path}")
    with path.open("rb") as handle:
        head = handle.read(4096)
    if _PBF_MAGIC in head[:64]:
        return "pbf"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if (text.startswith(b"<?xml") or text.startswith(b"<osm")) and b"<osm" in text:
        return "xml"
    raise RoadFileError(
        f"“{path.name}”不是OpenStreetMap路网文件，请提供 .osm.pbf 或 .osm（XML）格式的数据")


@dataclass
class RoadGraph:
    """A directed road graph: node coordinates and a CSR matrix of travel seconds."""

    lon: np.ndarray
    lat: np.ndarray
    matrix: csr_matrix
    _reverse: csr_matrix | None = field(default=None, repr=False)
    _tree: cKDTree | None = field(default=None, repr=False)
    _lat0: float = field(default=0.0, repr=False)
    _max_speed: float | None = field(default=None, repr=False)

    @property
    def node_count(self) -> int:
        return int(self.lon.shape[0])

    @property
    def edge_count(self) -> int:
        return int(self.matrix.nnz)

    @property
    def reverse(self) -> csr_matrix:
        if self._reverse is None:
            self._reverse = self.matrix.transpose().tocsr()
        return self._reverse

    @property
    def max_speed_mps(self) -> float:
        """The fastest edge's speed (straight length over seconds): straight distance
        divided by it is a lower bound of any travel time on this graph."""
        if self._max_speed is None:
            coo = self.matrix.tocoo()
            p1, p2 = np.radians(self.lat[coo.row]), np.radians(self.lat[coo.col])
            dl = np.radians(self.lon[coo.col] - self.lon[coo.row])
            a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
            length = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))
            moving = coo.data > 0
            self._max_speed = float((length[moving] / coo.data[moving]).max()) if moving.any() else 1.0
        return self._max_speed

    def bounds(self) -> tuple[float, float, float, float]:
        return (float(self.lon.min()), float(self.lat.min()),
                float(self.lon.max()), float(self.lat.max()))

    # --- snapping --------------------------------------------------------------------

    def _project(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Local equirectangular metres: accurate to < 0.1 % across a city."""
        x = np.radians(lon) * math.cos(self._lat0) * EARTH_RADIUS_M
        y = np.radians(lat) * EARTH_RADIUS_M
        return np.column_stack([x, y])

    @property
    def tree(self) -> cKDTree:
        if self._tree is None:
            self._lat0 = math.radians(float(np.mean(self.lat))) if self.node_count else 0.0
            self._tree = cKDTree(self._project(self.lon, self.lat))
        return self._tree

    def snap(self, lon: Sequence[float] | np.ndarray,
             lat: Sequence[float] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nearest node of each point and the straight distance to it (metres)."""
        tree = self.tree
        points = self._project(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        dist, idx = tree.query(points)
        return np.asarray(idx, dtype=np.int64), np.asarray(dist, dtype=float)

    # --- searching ---------------------------------------------------------------------

    def times_from(self, sources: int | Sequence[int] | np.ndarray,
                   limit: float = np.inf) -> np.ndarray:
        """Seconds from the nearest of ``sources`` to every node (inf beyond ``limit``)."""
        return _search(self.matrix, sources, limit)

    def times_to(self, targets: int | Sequence[int] | np.ndarray,
                 limit: float = np.inf) -> np.ndarray:
        """Seconds from every node to the nearest of ``targets`` (the reverse graph)."""
        return _search(self.reverse, targets, limit)

    def nearest(self, target: int, candidates: np.ndarray, k: int,
                first_limit: float = 600.0) -> list[tuple[int, float]]:
        """The ``k`` candidate nodes (indices into ``candidates``) quickest to reach
        ``target``, as (candidate index, seconds). Searches the reverse graph with a
        limit that doubles until ``k`` are found, so a dense city stops early."""
        if len(candidates) == 0 or k <= 0:
            return []
        limit = first_limit
        while True:
            times = self.times_to(target, limit)[candidates]
            reached = np.flatnonzero(np.isfinite(times))
            if len(reached) >= k or not np.isfinite(limit):
                break
            limit = limit * 4 if limit < 86_400 else np.inf
        order = reached[np.argsort(times[reached], kind="stable")][:k]
        return [(int(i), float(times[i])) for i in order]

    # --- storage -----------------------------------------------------------------------

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, lon=self.lon, lat=self.lat, indptr=self.matrix.indptr,
                            indices=self.matrix.indices, data=self.matrix.data)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> RoadGraph:
        with np.load(path) as arrays:
            n = arrays["lon"].shape[0]
            matrix = csr_matrix((arrays["data"], arrays["indices"], arrays["indptr"]), shape=(n, n))
            return cls(lon=arrays["lon"], lat=arrays["lat"], matrix=matrix)


def _search(matrix: csr_matrix, sources: Any, limit: float) -> np.ndarray:
    multi = not isinstance(sources, int | np.integer)
    result = dijkstra(matrix, directed=True, indices=sources, limit=limit,
                      min_only=multi)
    return np.asarray(result, dtype=float)


# --- building ------------------------------------------------------------------------


def _oneway(tags: Mapping[str, str], highway: str) -> int:
    """1 forward only, -1 backward only, 0 both ways (OSM wiki: Key:oneway)."""
    value = tags.get("oneway", "")
    if value in ("yes", "true", "1"):
        return 1
    if value == "-1" or value == "reverse":
        return -1
    if value == "no":
        return 0
    if highway in _ONEWAY_CLASSES or tags.get("junction") in ("roundabout", "circular"):
        return 1
    return 0


def build_from_osm(path: Path, speeds_kmh: Mapping[str, float] | None = None) -> RoadGraph:
    """Read the drivable ways of an OSM file (.osm.pbf or .osm XML) into a RoadGraph.

    Ways whose ``highway`` class has no speed (footways, cycleways, paths) and ways
    tagged ``access=no/private`` are left out; ``maxspeed`` in km/h caps the class
    speed when it is lower."""
    import osmium

    check_osm_file(path)
    speeds = dict(DEFAULT_SPEEDS_KMH if speeds_kmh is None else speeds_kmh)
    node_index: dict[int, int] = {}
    lons: list[float] = []
    lats: list[float] = []
    rows: list[int] = []
    cols: list[int] = []
    secs: list[float] = []

    def index_of(ref: int, lon: float, lat: float) -> int:
        idx = node_index.get(ref)
        if idx is None:
            idx = node_index[ref] = len(lons)
            lons.append(lon)
            lats.append(lat)
        return idx

    class Handler(osmium.SimpleHandler):
        def way(self, way: Any) -> None:
            tags = way.tags
            highway = tags.get("highway")
            speed = speeds.get(highway or "")
            if not speed or tags.get("access") in ("no", "private") or tags.get("area") == "yes":
                return
            maxspeed = tags.get("maxspeed", "")
            if maxspeed.isdigit() and 0 < int(maxspeed) < speed:
                speed = float(maxspeed)
            direction = _oneway(tags, highway)
            previous: tuple[int, float, float] | None = None
            for node in way.nodes:
                if not node.location.valid():
                    previous = None
                    continue
                lon, lat = node.location.lon, node.location.lat
                idx = index_of(node.ref, lon, lat)
                if previous is not None and previous[0] != idx:
                    length = _haversine(previous[1], previous[2], lon, lat)
                    seconds = length / (speed / 3.6)
                    if direction >= 0:
                        rows.append(previous[0]); cols.append(idx); secs.append(seconds)  # noqa: E702
                    if direction <= 0:
                        rows.append(idx); cols.append(previous[0]); secs.append(seconds)  # noqa: E702
                previous = (idx, lon, lat)

    try:
        Handler().apply_file(str(path), locations=True)
    except RuntimeError as exc:
        raise RoadFileError(f"无法读取OpenStreetMap文件“{path.name}”：文件已损坏或格式不符") from exc
    if not rows:
        raise RoadFileError(f"“{path.name}”中没有可通行的道路（highway）")
    return from_edges(np.array(lons), np.array(lats), np.array(rows), np.array(cols),
                      np.array(secs))


def from_edges(lon: np.ndarray, lat: np.ndarray, rows: np.ndarray, cols: np.ndarray,
               seconds: np.ndarray) -> RoadGraph:
    """A RoadGraph from edge lists; parallel edges keep the quickest."""
    n = len(lon)
    order = np.lexsort((seconds, cols, rows))
    rows, cols, seconds = rows[order], cols[order], seconds[order]
    keep = np.ones(len(rows), dtype=bool)
    keep[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    matrix = csr_matrix((seconds[keep].astype(np.float64), (rows[keep], cols[keep])), shape=(n, n))
    return RoadGraph(lon=np.asarray(lon, dtype=float), lat=np.asarray(lat, dtype=float),
                     matrix=matrix)


def _haversine(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def grid_graph(rows: int, cols: int, *, origin: tuple[float, float] = (114.0, 30.3),
               spacing_m: float = 100.0, speed_kmh: float = 30.0,
               arterial_every: int = 10, arterial_kmh: float = 50.0) -> RoadGraph:
    """A deterministic synthetic city: a two-way street grid with faster arterials
    every ``arterial_every`` lines. For scale tests and the dispatch benchmark."""
    lon0, lat0 = origin
    dlat = math.degrees(spacing_m / EARTH_RADIUS_M)
    dlon = dlat / math.cos(math.radians(lat0))
    r, c = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    lon = (lon0 + c * dlon).ravel()
    lat = (lat0 + r * dlat).ravel()
    ids = np.arange(rows * cols).reshape(rows, cols)
    slow, fast = spacing_m / (speed_kmh / 3.6), spacing_m / (arterial_kmh / 3.6)
    h_src, h_dst = ids[:, :-1].ravel(), ids[:, 1:].ravel()
    h_sec = np.where((r[:, :-1] % arterial_every) == 0, fast, slow).ravel()
    v_src, v_dst = ids[:-1, :].ravel(), ids[1:, :].ravel()
    v_sec = np.where((c[:-1, :] % arterial_every) == 0, fast, slow).ravel()
    src = np.concatenate([h_src, h_dst, v_src, v_dst])
    dst = np.concatenate([h_dst, h_src, v_dst, v_src])
    sec = np.concatenate([h_sec, h_sec, v_sec, v_sec])
    return from_edges(lon, lat, src, dst, sec)
