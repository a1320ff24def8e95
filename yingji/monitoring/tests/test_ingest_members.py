"""Ingest members report their figures to the database while they run (real Mosquitto),
and ``/metrics`` on the web shows every member, up or silent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from yingji.monitoring.models import IngestMember, Reading
from yingji.monitoring.tests.factories import batch, now, setup_site
from yingji.monitoring.tests.mqtt_helpers import ConsumerThread, Publisher, mqtt_url, unique_root, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def samples(name: str) -> dict[tuple[tuple[str, str], ...], float]:
    text = Client().get("/metrics").content.decode()
    return {tuple(sorted(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples if s.name == name}


def test_members_report_their_totals_and_a_silent_one_is_down(tmp_path):
    url, root = mqtt_url(), unique_root()
    site = setup_site()
    code, token = site["source"].code, site["token"]
    # GW-1 is in slot 8: member 0 of 2 takes it.
    consumer = ConsumerThread(url, root, tmp_path, client_id="ingest-a", member=(0, 2)).start()
    publisher = Publisher(url, root)
    t = now() - 3000
    try:
        for k in range(4):
            publisher.publish(code, batch(code, token, [{"point": "LT-101", "value": 3.0, "ts": t + k}]))
        assert wait_until(lambda: Reading.objects.count() == 4)
    finally:
        publisher.close()
        consumer.stop()  # the last report is written on the way out
    row = IngestMember.objects.get(client_id="ingest-a")
    assert (row.member, row.messages, row.readings_stored) == ("0/2", 4, 4)
    IngestMember.objects.create(client_id="ingest-b", member="1/2", host="h2", pid=7,
                                started_at=timezone.now() - timedelta(hours=2),
                                reported_at=timezone.now() - timedelta(minutes=5), messages=9)
    up = samples("yingji_ingest_member_up")
    assert up[(("client", "ingest-a"), ("member", "0/2"))] == 1
    assert up[(("client", "ingest-b"), ("member", "1/2"))] == 0
    stored = samples("yingji_ingest_readings_stored_total")
    assert stored[(("client", "ingest-a"), ("member", "0/2"))] == 4
    age = samples("yingji_ingest_newest_reading_age_seconds")[()]
    assert 3000 <= age < 3600  # the newest reading was stamped about 3,000 s ago
