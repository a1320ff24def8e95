"""The pipeline behind the HTTP door: storage, duplicates, flags, dead letters, errors."""

import json

import pytest
from django.test import Client

from yingji.monitoring.models import DeadLetter, MinuteAggregate, PointState, Reading
from yingji.monitoring.models.readings import ReadingFlag
from yingji.monitoring.tests.factories import batch, now, setup_site

pytestmark = pytest.mark.django_db


def post(site, readings, token=None, **extra):
    body = json.dumps({"readings": readings, **extra})
    return Client().post(f"/api/v1/monitoring/ingest/{site['source'].code}/", body,
                         content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token or site['token']}")


def test_batch_is_stored_with_aggregates_and_state():
    site = setup_site()
    t = now() - 120
    readings = [{"point": "LT-101", "value": 3.0 + i / 10, "ts": t + i * 10} for i in range(6)]
    readings.append({"point": "TT-101", "value": 25.5, "unit": "℃", "ts": t})
    response = post(site, readings)
    assert response.status_code == 200, response.content
    assert response.json() == {"accepted": 7, "duplicates": 0, "rejected": [], "alarms": 0}
    assert Reading.objects.filter(point=site["level"]).count() == 6
    aggs = MinuteAggregate.objects.filter(point=site["level"])
    assert sum(a.count for a in aggs) == 6
    assert min(a.min_value for a in aggs) == 3.0 and max(a.max_value for a in aggs) == 3.5
    state = PointState.objects.get(point=site["level"])
    assert state.last_value == 3.5 and state.last_ts.timestamp() == pytest.approx(t + 50)
    site["source"].refresh_from_db()
    assert site["source"].last_seen_at is not None


def test_duplicates_are_ignored_within_and_across_batches():
    site = setup_site()
    t = now()
    twice = {"point": "LT-101", "value": 3.0, "ts": t}
    first = post(site, [twice, dict(twice)])
    assert first.json()["accepted"] == 1 and first.json()["duplicates"] == 1
    second = post(site, [{"point": "LT-101", "value": 4.0, "ts": t}])
    assert second.json()["accepted"] == 0 and second.json()["duplicates"] == 1
    assert Reading.objects.filter(point=site["level"]).count() == 1
    assert MinuteAggregate.objects.get(point=site["level"]).count == 1


def test_out_of_range_is_flagged():
    site = setup_site()
    post(site, [{"point": "LT-101", "value": 11.0, "ts": now()}])
    assert Reading.objects.get(point=site["level"]).flag == ReadingFlag.OUT_OF_RANGE


def test_bad_readings_are_rejected_with_reasons_and_good_ones_kept():
    site = setup_site()
    t = now()
    response = post(site, [
        {"point": "LT-101", "value": 3.0, "ts": t},
        {"point": "NOPE", "value": 1, "ts": t},
        {"point": "LT-101", "value": 3.0, "unit": "cm", "ts": t + 1},
        {"point": "LT-101", "value": "abc", "ts": t + 2},
        {"point": "LT-101", "value": 3.0, "ts": t + 86400},
    ])
    body = response.json()
    assert response.status_code == 200
    assert body["accepted"] == 1
    assert [r["code"] for r in body["rejected"]] == ["unknown_point", "wrong_unit", "not_numeric",
                                                     "future_timestamp"]
    assert all(r["reason"] for r in body["rejected"])
    assert set(DeadLetter.objects.values_list("reason_code", flat=True)) == {
        "unknown_point", "wrong_unit", "not_numeric", "future_timestamp"}
    assert DeadLetter.objects.filter(enterprise=site["enterprise"]).count() == 4


def test_wrong_credentials_and_malformed_payloads_are_json_errors():
    site = setup_site()
    client = Client()
    url = f"/api/v1/monitoring/ingest/{site['source'].code}/"
    good = json.dumps({"readings": [{"point": "LT-101", "value": 1.0, "ts": now()}]})
    response = client.post(url, good, content_type="application/json", HTTP_AUTHORIZATION="Bearer wrong")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_credentials"
    response = client.post(url, good, content_type="application/json")
    assert response.status_code == 401
    response = client.post(url, "{oops", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {site['token']}")
    assert response.status_code == 400 and response.json()["error"]["code"] == "malformed"
    # The gateway was known by its credentials: its enterprise sees its broken message.
    broken = DeadLetter.objects.get(reason_code="malformed")
    assert broken.enterprise_id == site["enterprise"].pk and broken.region_code
    response = client.post(url, "{oops", content_type="application/json", HTTP_AUTHORIZATION="Bearer wrong")
    assert response.status_code == 401  # credentials first: a stranger learns nothing of the payload
    # another enterprise's token does not open this source
    other = setup_site(2)
    response = client.post(url, good, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {other['token']}")
    assert response.status_code == 401
    assert Reading.objects.count() == 0
    assert DeadLetter.objects.filter(reason_code="bad_credentials").count() == 4
    assert not DeadLetter.objects.filter(reason_code="bad_credentials", enterprise__isnull=False).exists()


def test_oversized_payload(settings):
    from yingji.monitoring.ingest.pipeline import reset_registry
    from yingji.monitoring.models import MonitoringSettings

    site = setup_site()
    MonitoringSettings.objects.update_or_create(pk=1, defaults={"max_payload_bytes": 500})
    reset_registry()
    readings = [{"point": "LT-101", "value": 1.0, "ts": now() - i} for i in range(30)]
    response = post(site, readings)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "oversized"
    assert Reading.objects.count() == 0


def test_pipeline_batch_of_several_messages():
    from yingji.monitoring.ingest.pipeline import Incoming, Pipeline

    site = setup_site()
    t = now()
    good = batch(site["source"].code, site["token"], [{"point": "LT-101", "value": 2.0, "ts": t}])
    bad = batch(site["source"].code, "nope", [{"point": "LT-101", "value": 2.0, "ts": t + 1}])
    result = Pipeline().process([Incoming(good, "mqtt", "t/x"), Incoming(b"\xff\xfe", "mqtt", "t/y"),
                                 Incoming(bad, "mqtt", "t/z")])
    assert result.stored == 1
    assert [m.error.code if m.error else None for m in result.messages] == [None, "malformed",
                                                                             "bad_credentials"]
    assert DeadLetter.objects.filter(door="mqtt").count() == 2


def test_postgresql_readings_go_to_day_partitions():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("partitions exist on PostgreSQL only")
    site = setup_site()
    t = now()
    post(site, [{"point": "LT-101", "value": 3.0, "ts": t},
                {"point": "LT-101", "value": 3.1, "ts": t - 86400}])
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = 'monitoring_reading'")
        assert cursor.fetchone()[0] == "p"
        cursor.execute("SELECT tableoid::regclass::text FROM monitoring_reading ORDER BY ts")
        names = [r[0] for r in cursor.fetchall()]
    assert len(names) == 2 and names[0] != names[1]
    assert all(n.startswith("monitoring_reading_p") for n in names)


def test_retention_drops_old_readings():
    from datetime import timedelta

    from django.utils import timezone

    from yingji.monitoring.models import MonitoringSettings
    from yingji.monitoring.services.checks import apply_retention

    site = setup_site()
    MonitoringSettings.objects.update_or_create(pk=1, defaults={"retention_days": 1})
    t = now()
    post(site, [{"point": "LT-101", "value": 3.0, "ts": t},
                {"point": "LT-101", "value": 3.1, "ts": t - 50 * 3600}])
    apply_retention(timezone.now())
    assert Reading.objects.count() == 1
    apply_retention(timezone.now() + timedelta(days=3))
    assert Reading.objects.count() == 0


def test_whole_message_and_reading_by_reading_checks_store_the_same():
    """A message with ISO times takes the per-reading path, one with epoch seconds the
    whole-message path; the stored rows and flags are the same."""
    from datetime import UTC, datetime

    site = setup_site()
    t = round(now()) - 300
    values = [3.0, 10.5, -0.25, 7.125]  # 10.5 and -0.25 are out of range
    numeric = [{"point": "LT-101", "value": v, "ts": t + i + 0.5} for i, v in enumerate(values)]
    iso = [{"point": "TT-101", "value": v, "unit": "℃",
            "ts": datetime.fromtimestamp(t + i + 0.5, UTC).isoformat()} for i, v in enumerate(values)]
    assert post(site, numeric).json()["accepted"] == 4
    assert post(site, iso).json()["accepted"] == 4

    def rows(point):
        return [(r.ts, r.value) for r in Reading.objects.filter(point=point).order_by("ts")]

    assert rows(site["level"]) == rows(site["temp"])
    flags = list(Reading.objects.filter(point=site["level"]).order_by("ts").values_list("flag", flat=True))
    assert flags == [0, 1, 1, 0]


def test_numbers_beyond_any_float_are_rejected_not_fatal():
    site = setup_site()
    body = ('{"readings": [{"point": "LT-101", "value": 1' + "0" * 400 + ', "ts": %s},'
            '{"point": "LT-101", "value": 2.0, "ts": %s}]}') % (now() - 2, now() - 1)
    response = Client().post(f"/api/v1/monitoring/ingest/{site['source'].code}/", body,
                             content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {site['token']}")
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == 1
    assert response.json()["rejected"][0]["code"] == "not_a_number"


def test_a_reading_written_behind_the_pipeline_is_a_duplicate_not_an_error():
    """Readings later than a point's state are COPYed without a duplicate check; one
    already there (written by something else) sends the batch through the checked path."""
    from yingji.monitoring.ingest.store import to_dt

    site = setup_site()
    t = now() - 100
    post(site, [{"point": "LT-101", "value": 3.0, "ts": t}])
    Reading.objects.create(point=site["level"], ts=to_dt(round((t + 10) * 1_000_000)), value=9.9)
    response = post(site, [{"point": "LT-101", "value": 3.1, "ts": t + 10},
                           {"point": "LT-101", "value": 3.2, "ts": t + 20}])
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == 1 and response.json()["duplicates"] == 1
    assert Reading.objects.filter(point=site["level"]).count() == 3
    assert PointState.objects.get(point=site["level"]).last_value == 3.2


def test_small_batches_create_no_staging_tables():
    """An HTTP request (a fresh connection each) of a few readings passes its rows as array
    parameters; only big batches stage them in temporary tables."""
    from django.db import connection

    from yingji.monitoring.ingest.store import SMALL

    if connection.vendor != "postgresql":
        pytest.skip("staging tables exist on PostgreSQL only")

    def staging_tables():
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname FROM pg_class WHERE relpersistence = 't' "
                           "AND relname LIKE 'monitoring%%stage' AND pg_table_is_visible(oid)")
            return {name for (name,) in cursor.fetchall()}

    site = setup_site()
    t = now() - 3000
    assert post(site, [{"point": "LT-101", "value": 3.0, "ts": t + i} for i in range(20)]).status_code == 200
    assert staging_tables() == set()
    many = [{"point": "LT-101", "value": 3.0, "ts": t - 1000 + i} for i in range(SMALL + 10)]  # late: checked
    assert post(site, many).json()["accepted"] == SMALL + 10
    assert staging_tables() == {"monitoring_reading_stage"}
    assert Reading.objects.filter(point=site["level"]).count() == 20 + SMALL + 10
