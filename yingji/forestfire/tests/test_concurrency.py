"""Eight duty officers entering the same region's day at once (PostgreSQL, real threads
and connections): one record and one warning; the others are told it is entered."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, actor_for
from yingji.flood.tests.test_concurrency import _race, pg_only
from yingji.forestfire.models import FireDanger
from yingji.forestfire.services import danger
from yingji.forestfire.tests.conftest import dry_day
from yingji.warnings.models import Bulletin


@pg_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_entries_of_one_day_record_once(officer: Any) -> None:
    region = Region.objects.get(code=JIANGAN)
    outcomes = _race(lambda: danger.record_danger({"region": region, "day": date(2026, 3, 20),
                                                   **dry_day()}, actor=actor_for(officer)))
    assert outcomes.count("ok") == 1
    assert all("已录入" in o for o in outcomes if o != "ok")
    assert FireDanger.objects.count() == 1
    assert Bulletin.objects.filter(warning_type__code="forest_fire").count() == 1
