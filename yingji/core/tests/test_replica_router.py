"""The replica router's decisions (core.replica); the real streaming replica is in
test_replica.py."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.test import RequestFactory

from yingji.core import replica
from yingji.core.models import Region

ROUTER = replica.ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica, "configured", lambda: True)


def _request(method: str = "get") -> Any:
    request = getattr(RequestFactory(), method)("/")
    request.session = SessionStore()
    return request


def test_without_a_replica_every_read_stays_on_the_primary() -> None:
    with replica.replica_reads(_request()) as used:
        assert used is False
        assert ROUTER.db_for_read(Region) is None


@pytest.mark.django_db
def test_marked_reads_go_to_the_replica_but_not_inside_a_primary_transaction(with_replica: None) -> None:
    assert ROUTER.db_for_read(Region) is None  # an unmarked page
    with replica.replica_reads(_request()) as used:
        assert used and ROUTER.db_for_read(Region) == replica.REPLICA
        assert ROUTER.db_for_write(Region) is None
        with transaction.atomic():  # a service that reads then writes (the audit chain)
            assert ROUTER.db_for_read(Region) is None
        assert ROUTER.db_for_read(Region) == replica.REPLICA
    assert ROUTER.db_for_read(Region) is None
    assert ROUTER.allow_migrate("default", "core") and not ROUTER.allow_migrate(replica.REPLICA, "core")


def test_an_unsafe_request_pins_its_session_to_the_primary_for_a_while(
        with_replica: None, settings: Any) -> None:
    settings.REPLICA_PIN_SECONDS = 5
    middleware = replica.ReplicaPinMiddleware(lambda request: None)  # type: ignore[arg-type, return-value]
    reader = _request("get")
    middleware(reader)
    assert not replica.pinned(reader)
    writer = _request("post")
    middleware(writer)
    assert replica.pinned(writer)
    with replica.replica_reads(writer) as used:
        assert used is False and ROUTER.db_for_read(Region) is None
    writer.session[replica.PIN_KEY] = time.time() - 1  # the pin has run out
    with replica.replica_reads(writer) as used:
        assert used is True
