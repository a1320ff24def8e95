"""The inspection pool read service (双随机 pool, annual plan): the right enterprises, in
id order, read from the pool index alone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.core.models import Industry
from yingji.core.testing import system
from yingji.enterprises import services
from yingji.enterprises.models import EnterpriseStatus
from yingji.enterprises.tests.factories import WUCHANG_STREET, make_enterprise

pytestmark = pytest.mark.django_db


def test_pool_selects_operating_enterprises_of_the_region_in_id_order() -> None:
    firms = [make_enterprise(n) for n in (3, 1, 2)]
    closed = make_enterprise(4)
    services.update_enterprise(closed, {"status": EnterpriseStatus.CLOSED}, actor=system())
    other = make_enterprise(5, street_code=WUCHANG_STREET)
    trade = make_enterprise(6, industry=Industry.INDUSTRY_TRADE)
    pool = services.inspection_pool(firms[0].region.code[:6])
    assert pool.ids == sorted([f.pk for f in firms] + [trade.pk])
    assert closed.pk not in pool.ids and other.pk not in pool.ids
    assert pool.officers == [None] * len(pool.ids)
    assert pool.class_codes == [""] * len(pool.ids)
    only = services.inspection_pool(firms[0].region.code[:6], industry=Industry.INDUSTRY_TRADE)
    assert only.ids == [trade.pk]
    assert [r.id for r in pool.rows()] == pool.ids


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_pool_is_read_from_the_covering_index_not_the_wide_rows() -> None:
    make_enterprise(1)
    for prefix in ("4201", "420102"):
        with CaptureQueriesContext(connection) as queries:
            services.inspection_pool(prefix)
        sql = next(q["sql"] for q in queries.captured_queries
                   if "enterprises_enterprise" in q["sql"])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "COVERING INDEX enterprise_pool_idx" in plan, plan
