"""Set up Django on a throw-away benchmark database and time things."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any


def setup_django() -> Any:
    """Configure Django and create a fresh test database (SQLite file or PostgreSQL)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings")
    os.environ.setdefault("YINGJI_DEBUG", "1")
    import django

    django.setup()
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    # As the served process does (asgi.py): the start-up heap out of the collector's passes.
    from yingji.core.heap import freeze_startup_heap

    freeze_startup_heap()
    return connection


def teardown_django(connection: Any) -> None:
    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Median wall time in seconds over ``repeat`` runs, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def report(title: str, rows: list[tuple[str, str]]) -> None:
    print(f"\n## {title}")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
