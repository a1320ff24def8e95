"""Live events: in-process and Redis buses, scope filtering, the SSE endpoint."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient

from yingji.core import live
from yingji.core.models import Department
from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN, WUCHANG, actor_for, redis_url, region


def test_visibility_follows_scope_and_recipient() -> None:
    jiangan = {"type": "x", "region": JIANGAN}
    assert live.visible_to(jiangan, 1, "420102")
    assert live.visible_to(jiangan, 1, "4201")
    assert not live.visible_to(jiangan, 1, "420106")
    assert live.visible_to(jiangan, 1, None)
    assert live.visible_to({"type": "notification", "user": 7}, 7, "420106")
    assert not live.visible_to({"type": "notification", "user": 7}, 8, None)
    assert not live.visible_to({"type": "x", "region": ""}, 1, "4201")


def test_visibility_follows_industry_and_owner_limits() -> None:
    alarm = {"type": "alarm.raised", "region": "420102002000", "industry": "hazchem",
             "owner": 5}
    assert live.visible_to(alarm, 1, "420102", industries=frozenset({"hazchem"}))
    assert not live.visible_to(alarm, 1, "420102", industries=frozenset({"mining"}))
    # An enterprise account sees its own enterprise's events, none of its neighbours'.
    assert live.visible_to(alarm, 1, "420102", owners=frozenset({5}))
    assert not live.visible_to(alarm, 1, "420102", owners=frozenset({6}))
    assert not live.visible_to({"type": "x", "region": "420102002000"}, 1, "420102",
                               owners=frozenset({5}))
    assert live.visible_to({"type": "notification", "user": 1}, 1, "420102", owners=frozenset())


def _receive(bus: live.MemoryBus | live.RedisBus, messages: list[dict[str, Any]]) -> list[Any]:
    async def run() -> list[Any]:
        subscription = await bus.subscribe()
        await asyncio.sleep(0.05)
        # Publish from another thread, as a worker or a sync view would.
        publisher = threading.Thread(target=lambda: [bus.publish(m) for m in messages])
        publisher.start()
        received: list[Any] = []
        for _ in messages:
            received.append(await subscription.next(timeout=3))
        publisher.join()
        await subscription.close()
        return received

    return async_to_sync(run)()


def test_memory_bus_delivers_across_threads() -> None:
    bus = live.MemoryBus()
    got = _receive(bus, [{"n": 1}, {"n": 2}])
    assert got == [{"n": 1}, {"n": 2}]
    assert bus.subscriber_count == 0


def test_redis_bus_delivers_between_clients() -> None:
    bus = live.RedisBus(redis_url(), "yingji:test-events")
    got = _receive(bus, [{"type": "t", "summary": "江岸区"}, {"type": "t", "n": 2}])
    assert got == [{"type": "t", "summary": "江岸区"}, {"type": "t", "n": 2}]


@pytest.fixture
def published() -> list[dict[str, Any]]:
    """What services publish on the live bus from now on."""
    seen: list[dict[str, Any]] = []

    class Recorder(live.MemoryBus):
        def publish(self, message: dict[str, Any]) -> int:
            seen.append(message)
            return 0

    live.set_bus(Recorder())
    return seen


@pytest.mark.django_db
def test_service_events_are_published_after_commit(city_admin, published) -> None:
    seen = published
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        create_object(Department, {"name": "江岸区应急管理局", "kind": "district_bureau",
                                   "region": region(JIANGAN)}, actor=actor_for(city_admin))
    assert [m["type"] for m in seen] == ["department.created"]
    assert seen[0]["region"] == JIANGAN and "江岸区应急管理局" in seen[0]["summary"]


@pytest.mark.django_db
def test_events_carry_the_industry_so_industry_limited_staff_see_only_theirs(city_admin, published) -> None:
    from django.test import TestCase

    from yingji.enterprises.tests.factories import make_enterprise

    seen = published
    with TestCase.captureOnCommitCallbacks(execute=True):
        enterprise = make_enterprise(1)
    event = next(m for m in seen if m["object_id"] == str(enterprise.pk))
    assert event["industry"] == enterprise.industry
    assert live.visible_to(event, 1, None, industries=frozenset({enterprise.industry}))
    assert not live.visible_to(event, 1, None, industries=frozenset({"none-of-these"}))


@pytest.mark.django_db
def test_sse_stream_sends_only_events_in_the_users_scope(duty_officer) -> None:
    async def run() -> list[dict[str, Any]]:
        client = AsyncClient()
        await client.aforce_login(duty_officer)
        response = await client.get("/events/stream?keepalive=0.2")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/event-stream"
        chunks = response.streaming_content.__aiter__()
        assert b"connected" in await chunks.__anext__()
        live.publish({"type": "demo", "region": WUCHANG, "summary": "武昌区事件"})
        live.publish({"type": "demo", "region": JIANGAN, "summary": "江岸区事件"})
        live.publish({"type": "notification", "user": duty_officer.pk, "title": "给我的"})
        received: list[dict[str, Any]] = []
        while len(received) < 2:
            chunk = await asyncio.wait_for(chunks.__anext__(), 3)
            if chunk.startswith(b"data: "):
                received.append(json.loads(chunk[6:].decode()))
        await chunks.aclose()
        return received

    received = async_to_sync(run)()
    assert [m.get("summary") or m.get("title") for m in received] == ["江岸区事件", "给我的"]


@pytest.mark.django_db
def test_sse_stream_refuses_anonymous(client) -> None:
    response = client.get("/events/stream")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "未登录"
