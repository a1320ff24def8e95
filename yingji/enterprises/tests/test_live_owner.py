"""The live stream: events of an enterprise's rows carry the enterprise, and an
enterprise account is limited to its own enterprises (staff are not)."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core import live
from yingji.core.events import owner_of
from yingji.core.scope import scope_of
from yingji.enterprises.models import Licence

pytestmark = pytest.mark.django_db


def test_owner_limits_follow_membership(owner: Any, ja_supervisor: Any, jiangan_enterprise: Any,
                                        wuchang_enterprise: Any) -> None:
    assert live.owners_of(scope_of(owner)) == frozenset({jiangan_enterprise.pk})
    assert live.owners_of(scope_of(ja_supervisor)) is None
    assert owner_of(jiangan_enterprise) == jiangan_enterprise.pk
    licence = Licence(enterprise=wuchang_enterprise, kind="other", number="X",
                      expires_on="2030-01-01")
    assert owner_of(licence) == wuchang_enterprise.pk


def test_events_of_enterprise_rows_carry_the_owner(jiangan_enterprise: Any,
                                                   django_capture_on_commit_callbacks: Any) -> None:
    from yingji.core.testing import system
    from yingji.enterprises import services

    published: list[dict[str, Any]] = []

    class Recording(live.MemoryBus):
        def publish(self, message: dict[str, Any]) -> int:
            published.append(message)
            return super().publish(message)

    live.set_bus(Recording())
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.update_enterprise(jiangan_enterprise, {"employee_count": 77}, actor=system())
    finally:
        live.set_bus(None)
    assert published and all(m["owner"] == jiangan_enterprise.pk for m in published)
