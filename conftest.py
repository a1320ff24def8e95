"""Project-wide pytest fixtures.

The test database is loaded once per session with the real divisions of Wuhan (4201)
and one Qingdao district, from the packaged datasets, as ``yingji import-regions``
loads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from yingji.core import live

# Generation speed depends on the machine's load (CI shares two cores); the properties
# do not, so no time-based health check or deadline may fail a run.
settings.register_profile("yingji", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("yingji")

TEST_REGION_PREFIXES = ["4201", "370202"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    from django.db import connection

    from yingji.core.actor import Actor
    from yingji.core.models import Region
    from yingji.core.services.regions import import_regions

    with django_db_blocker.unblock():
        if not Region.objects.filter(code="420102000000").exists():
            import_regions(TEST_REGION_PREFIXES, actor=Actor.system("test-setup"))
        # Transactional tests (live server, SSE) end with a flush, which the append-only
        # triggers refuse; the test database runs without them and the tests of the
        # triggers install them inside their own transaction (see audit_guard).
        audit_guard(False)
        # Flushed transactional tests marked serialized_rollback get the regions back.
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield


def audit_guard(enabled: bool) -> None:
    """Install or remove the audit log's append-only triggers (migration 0002)."""
    import importlib

    from django.db import connection

    migration = importlib.import_module("yingji.core.migrations.0002_audit_append_only")
    pg = connection.vendor == "postgresql"
    if enabled:
        statements = migration.PG_UP if pg else migration.SQLITE_UP
    else:
        statements = migration.PG_DOWN if pg else migration.SQLITE_DOWN
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture
def asgi_server(transactional_db: Any) -> Iterator[Any]:
    """The project under uvicorn in a thread (``core.testing_asgi``): live pages stream."""
    from yingji.core.testing_asgi import serving

    yield from serving()


@pytest.fixture
def live_bus() -> Iterator[None]:
    from yingji.core.testing_asgi import chosen_bus

    yield from chosen_bus()


@pytest.fixture(autouse=True)
def _forget_reading_partitions() -> None:
    """A test whose on-commit callbacks ran inside its rolled-back transaction leaves the
    ingest's memory of day partitions (PostgreSQL) claiming ones that were rolled back."""
    from yingji.monitoring.ingest.store import forget_partitions

    forget_partitions()


@pytest.fixture(autouse=True)
def _audit_anchors_of_this_test(settings: Any, tmp_path: Any) -> None:
    # Anchors are files outside the database: one test's must not judge another's chain.
    settings.AUDIT_ANCHOR_DIR = str(tmp_path / "audit-anchors")


@pytest.fixture(autouse=True)
def _fresh_live_bus() -> Iterator[None]:
    live.set_bus(live.MemoryBus())
    yield
    live.set_bus(None)


@pytest.fixture
def city_admin(db: Any) -> Any:
    from yingji.core.testing import WUHAN, make_user

    return make_user("city_admin", roles=["admin"], scope=WUHAN, real_name="市管理员")


@pytest.fixture
def district_admin(db: Any) -> Any:
    from yingji.core.testing import JIANGAN, make_user

    return make_user("jiangan_admin", roles=["admin"], scope=JIANGAN, real_name="江岸管理员")


@pytest.fixture
def other_district_admin(db: Any) -> Any:
    from yingji.core.testing import WUCHANG, make_user

    return make_user("wuchang_admin", roles=["admin"], scope=WUCHANG, real_name="武昌管理员")


@pytest.fixture
def auditor(db: Any) -> Any:
    from yingji.core.testing import WUHAN, make_user

    return make_user("city_auditor", roles=["auditor"], scope=WUHAN, real_name="审计员")


@pytest.fixture
def duty_officer(db: Any) -> Any:
    from yingji.core.testing import JIANGAN, make_user

    return make_user("jiangan_duty", roles=["duty_officer"], scope=JIANGAN, real_name="江岸值班员")
