"""Live updates of incident events over the Redis bus (scope-filtered as the SSE stream
filters them) and the duty pages."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from typing import Any

from asgiref.sync import async_to_sync
from django.utils import timezone

from yingji.core import live
from yingji.core.models import Region
from yingji.core.testing import JIANGAN, actor_for, client_for, make_user, redis_url
from yingji.incidents.models import DutyShift, Incident
from yingji.incidents.services import intake
from yingji.incidents.tests.conftest import incident_data


def test_incident_events_reach_subscribers_in_scope(officer: Any, street: Any,
                                                    django_capture_on_commit_callbacks: Any) -> None:
    bus = live.RedisBus(redis_url(), "yingji:test-incidents-live")
    live.set_bus(bus)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            intake.receive_incident(incident_data(street), actor=actor_for(officer))

        async def run() -> list[Any]:
            subscription = await bus.subscribe()
            await asyncio.sleep(0.05)
            # The commit callbacks publish, from another thread as a request would.
            worker = threading.Thread(target=lambda: [callback() for callback in callbacks])
            worker.start()
            got = [await subscription.next(timeout=5) for _ in range(3)]
            worker.join()
            await subscription.close()
            return got

        messages = async_to_sync(run)()
    finally:
        live.set_bus(None)
    summaries = [m["summary"] for m in messages if m]
    assert any(s.startswith("接报：江岸区某仓库火灾") for s in summaries)
    incident_message = next(m for m in messages if m and m["type"] == "incident.received")
    assert incident_message["object_type"] == "incidents.incident"
    assert live.visible_to(incident_message, officer.pk, "420102")
    assert not live.visible_to(incident_message, officer.pk, "420106")  # 武昌 does not see it


def test_shift_pages_refuse_overlap_with_a_message(leader: Any, officer: Any) -> None:
    client = client_for(leader)
    start = timezone.localtime() + timedelta(days=1)
    data = {"region": JIANGAN, "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M"),
            "leaders": [leader.pk], "officers": [officer.pk]}
    assert client.post("/duty/add/", data).status_code == 302
    again = client.post("/duty/add/", {**data, "start": (start + timedelta(hours=2)).strftime(
        "%Y-%m-%dT%H:%M")})
    assert again.status_code == 200
    assert "班次时间重叠" in again.content.decode()
    assert DutyShift.objects.count() == 1
    shift = DutyShift.objects.get()
    page = client.get(f"/duty/{shift.pk}/")
    assert page.status_code == 200 and "排班冲突被拒绝" in page.content.decode()
    other = make_user("wc_leader", roles=["duty_leader"], scope="420106000000")
    assert client_for(other).get(f"/duty/{shift.pk}/").status_code == 404
    log = client.post(f"/duty/{shift.pk}/action/", {"action": "log", "content": "设备检查正常"})
    assert log.status_code == 302 and shift.logs.count() == 1
    listing = client.get("/duty/")
    assert listing.status_code == 200 and leader.real_name in listing.content.decode()
    assert Region.objects.get(code=JIANGAN).name in listing.content.decode()
    assert Incident.objects.count() == 0
