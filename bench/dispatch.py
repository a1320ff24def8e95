"""Dispatch analysis at city scale: nearest-10 resources by travel time among 5,000
resources on a road graph of 102,400 nodes, compared in the same run with a networkx
Dijkstra baseline on the same graph; rescue-circle coverage for 100 stations.

The graph is a deterministic synthetic city (``routing.grid_graph``: a 320×320 street
grid, 400 m blocks, arterials every 10th line), 128 km across, placed over Wuhan so the
service path can use the real districts and communities of the test database.

Run: ``.venv/bin/python -m bench.dispatch [queries]`` (SQLite by default; set
YINGJI_DATABASE_URL for PostgreSQL).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bench.harness import report, setup_django, teardown_django

SIDE = 320
SPACING_M = 400.0
ORIGIN = (113.75, 29.98)
RESOURCES = 5000
STATIONS = 100
SEED = 7


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in milliseconds."""
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return statistics.median(ordered) * 1000, pick(0.95), pick(0.99)


def sample(fn: Callable[[int], Any], queries: list[int]) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        fn(query)
        times.append(time.perf_counter() - started)
    return times


def fmt(samples: list[float]) -> str:
    p50, p95, p99 = percentiles(samples)
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms ({len(samples)} queries)"


def main(queries: int = 300) -> None:
    from yingji.resources import routing

    rng = random.Random(SEED)
    started = time.perf_counter()
    graph = routing.grid_graph(SIDE, SIDE, origin=ORIGIN, spacing_m=SPACING_M, speed_kmh=30,
                               arterial_every=10, arterial_kmh=50)
    build_s = time.perf_counter() - started
    graph.tree  # noqa: B018 - build the KD-tree outside the timed queries
    resource_nodes = np.array(rng.sample(range(graph.node_count), RESOURCES))
    targets = [rng.randrange(graph.node_count) for _ in range(queries)]

    def csgraph_nearest(target: int) -> list[tuple[int, float]]:
        return graph.nearest(target, resource_nodes, 10)

    def csgraph_full(target: int) -> list[int]:
        times = graph.times_to(target)[resource_nodes]
        return list(np.argsort(times)[:10])

    nx_graph = _networkx_graph(graph)
    resource_set = {int(n): i for i, n in enumerate(resource_nodes)}

    def networkx_nearest(target: int) -> list[tuple[int, float]]:
        """The same expanding-limit strategy with networkx's Dijkstra (reverse graph)."""
        import networkx as nx

        limit = 600.0
        while True:
            lengths = nx.single_source_dijkstra_path_length(nx_graph, target, cutoff=limit,
                                                            weight="weight")
            found = sorted((t, resource_set[n]) for n, t in lengths.items() if n in resource_set)
            if len(found) >= 10 or len(lengths) == graph.node_count:
                return [(i, t) for t, i in found[:10]]
            limit *= 4

    # Same answers from both implementations on a few queries.
    for target in targets[:5]:
        ours = [round(t, 6) for _, t in csgraph_nearest(target)]
        theirs = [round(t, 6) for _, t in networkx_nearest(target)]
        assert ours == theirs, (target, ours, theirs)

    def networkx_full(target: int) -> list[int]:
        import networkx as nx

        lengths = nx.single_source_dijkstra_path_length(nx_graph, target, weight="weight")
        return sorted(resource_set, key=lambda n: lengths.get(n, float("inf")))[:10]

    ours = sample(csgraph_nearest, targets)
    full = sample(csgraph_full, targets[:100])
    baseline = sample(networkx_nearest, targets[: max(20, queries // 10)])
    naive = sample(networkx_full, targets[:10])
    ratio = statistics.median(baseline) / statistics.median(ours)
    report(f"nearest-10 among {RESOURCES} resources, graph {graph.node_count} nodes / "
           f"{graph.edge_count} edges", [
        ("graph build (grid)", f"{build_s * 1000:.0f} ms"),
        ("scipy csgraph, expanding limit", fmt(ours)),
        ("scipy csgraph, no limit", fmt(full)),
        ("networkx Dijkstra, expanding limit", fmt(baseline)),
        ("networkx Dijkstra, no limit", fmt(naive)),
        ("median speed-up over networkx", f"{ratio:.0f}×"),
    ])
    service_figures(graph, queries)


def _networkx_graph(graph: Any) -> Any:
    """The reverse graph as a networkx DiGraph (time from each node to the target)."""
    import networkx as nx

    reverse = graph.reverse.tocoo()
    nx_graph = nx.DiGraph()
    nx_graph.add_nodes_from(range(graph.node_count))
    nx_graph.add_weighted_edges_from(zip(reverse.row.tolist(), reverse.col.tolist(),
                                         reverse.data.tolist(), strict=True))
    return nx_graph


def connection_vendor() -> str:
    from django.db import connection

    return str(connection.vendor)


def service_figures(graph: Any, queries: int) -> None:
    """The services on a database: nearest (5,000 teams loaded from the DB each call)
    and the rescue circle of 100 stations over Wuhan's communities."""
    connection = setup_django()
    try:
        _service_figures(graph, queries)
    finally:
        teardown_django(connection)


def _service_figures(graph: Any, queries: int) -> None:
    from django.conf import settings
    from django.utils import timezone

    from yingji.core.actor import Actor
    from yingji.core.models import Region, User
    from yingji.core.services.regions import import_regions
    from yingji.resources.models import RescueTeam, RoadNetwork
    from yingji.resources.services import analysis
    from yingji.resources.services.roads import _CACHE

    rng = random.Random(SEED + 1)
    import_regions(["4201"], actor=Actor.system("bench"))
    settings.VAR_DIR = Path(tempfile.mkdtemp(prefix="yingji-bench-"))
    graph.save(settings.VAR_DIR / "roads" / "grid.npz")
    b = graph.bounds()
    RoadNetwork.objects.create(name="合成网格", source_name="grid", file_name="grid.npz",
                               node_count=graph.node_count, edge_count=graph.edge_count,
                               min_lon=b[0], min_lat=b[1], max_lon=b[2], max_lat=b[3],
                               imported_at=timezone.now())
    _CACHE.clear()
    districts = list(Region.objects.filter(level=3, code__startswith="4201"))
    nodes = rng.sample(range(graph.node_count), RESOURCES)
    RescueTeam.objects.bulk_create([
        RescueTeam(name=f"队伍{i}", region=districts[i % len(districts)], kind="fire",
                   longitude=float(graph.lon[n]), latitude=float(graph.lat[n]))
        for i, n in enumerate(nodes)])
    user = User.objects.create_superuser("bench", password="x")
    points = [(float(graph.lon[n]), float(graph.lat[n]))
              for n in rng.sample(range(graph.node_count), max(20, queries // 5))]
    # The first call loads the graph file and builds the KD-tree (once per process).
    started = time.perf_counter()
    analysis.nearest_resources(user, points[0][0], points[0][1], types=["team"], limit=10)
    cold = time.perf_counter() - started
    timings = []
    for lon, lat in points:
        started = time.perf_counter()
        analysis.nearest_resources(user, lon, lat, types=["team"], limit=10)
        timings.append(time.perf_counter() - started)
    # Keep 100 stations for the coverage run.
    keep = list(RescueTeam.objects.order_by("id").values_list("id", flat=True)[:STATIONS])
    RescueTeam.objects.exclude(id__in=keep).delete()
    coverage_times = []
    result = None
    for _ in range(3):
        started = time.perf_counter()
        result = analysis.rescue_circle(user, minutes=15, suggest=3)
        coverage_times.append(time.perf_counter() - started)
    assert result is not None
    communities = result.communities
    report(f"services on the database ({connection_vendor()})", [
        ("nearest_resources, first call (loads the graph)", f"{cold * 1000:.0f} ms"),
        ("nearest_resources, 5,000 teams", fmt(timings)),
        (f"rescue_circle, {STATIONS} stations, 15 min, 3 suggestions",
         f"median {statistics.median(coverage_times):.2f} s over 3 runs; "
         f"{communities[0]}/{communities[1]} communities covered"),
    ])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
