"""Run every benchmark in turn (``make bench``)."""

from __future__ import annotations

from bench import hazards as hazards_bench
from bench import incidents, scope_query
from bench import monitoring as monitoring_bench
from bench import warnings as warnings_bench

if __name__ == "__main__":
    scope_query.main()
    incidents.main()
    warnings_bench.main()
    hazards_bench.main()
    monitoring_bench.main()
