"""``/metrics``: the Prometheus text format (read back with prometheus_client's own
parser), the figures against the database, and who may read them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from yingji.core import metrics
from yingji.core.metrics import Family
from yingji.core.models import Deadline, Delivery, Notification, User
from yingji.core.testing import client_for

pytestmark = pytest.mark.django_db


def scrape(client: Client | None = None, **extra: Any) -> dict[str, list[tuple[dict[str, str], float]]]:
    response = (client or Client()).get("/metrics", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    found: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found.setdefault(sample.name, []).append((dict(sample.labels), sample.value))
    return found


def value(figures: dict[str, list[tuple[dict[str, str], float]]], name: str, **labels: str) -> float | None:
    for found, number in figures.get(name, []):
        if all(found.get(k) == v for k, v in labels.items()):
            return number
    return None


def test_requests_are_counted_by_route_and_timed(duty_officer: User) -> None:
    metrics.REQUESTS.reset()
    client = client_for(duty_officer)
    for _ in range(3):
        assert client.get("/notifications/").status_code == 200
    assert client.get("/api/v1/regions/").status_code == 200
    figures = scrape()
    assert value(figures, "yingji_http_requests_total", route="notification_list", status="2xx",
                 method="GET") == 3
    assert value(figures, "yingji_http_requests_total", route="region-list", status="2xx") == 1
    # Every page request falls in the +Inf bucket; the count matches the requests served.
    assert value(figures, "yingji_http_request_duration_seconds_count", kind="page") == 3
    assert value(figures, "yingji_http_request_duration_seconds_bucket", kind="page", le="+Inf") == 3
    assert value(figures, "yingji_http_request_duration_seconds_count", kind="api") == 1


def test_deliveries_deadlines_and_the_queue_match_the_database(duty_officer: User) -> None:
    note = Notification.objects.create(recipient=duty_officer, title="测试")
    long_ago = timezone.now() - timedelta(minutes=30)
    Delivery.objects.bulk_create(
        [Delivery(notification=note, channel="sms", status="sent") for _ in range(4)]
        + [Delivery(notification=note, channel="sms", status="pending", next_attempt_at=long_ago)]
        + [Delivery(notification=note, channel="wecom", status="failed", next_attempt_at=timezone.now())])
    kind = ContentType.objects.get_for_model(User)
    Deadline.objects.create(content_type=kind, object_id="1", kind="t", title="逾期",
                            due_at=timezone.now() - timedelta(hours=1))
    Deadline.objects.create(content_type=kind, object_id="2", kind="t", title="未到期",
                            due_at=timezone.now() + timedelta(hours=1))
    Deadline.objects.create(content_type=kind, object_id="3", kind="t", title="已完成",
                            due_at=timezone.now() - timedelta(hours=1), closed_at=timezone.now())
    figures = scrape()
    assert value(figures, "yingji_deliveries", channel="sms", status="sent") == 4
    assert value(figures, "yingji_deliveries", channel="sms", status="pending") == 1
    assert value(figures, "yingji_deliveries", channel="wecom", status="failed") == 1
    assert value(figures, "yingji_deliveries_stuck") == 1  # only the one due half an hour ago
    assert value(figures, "yingji_deadlines_open", state="overdue") == 1
    assert value(figures, "yingji_deadlines_open", state="running") == 1
    assert value(figures, "yingji_job_queue", state="pending") is not None


def test_a_broken_source_is_named_and_the_rest_still_answer() -> None:
    def broken() -> list[metrics.Sample]:
        raise RuntimeError("source down")

    metrics.register(Family("yingji_test_broken", "A source that fails", "gauge", broken))
    try:
        figures = scrape()
    finally:
        metrics._FAMILIES.pop("yingji_test_broken")
    assert value(figures, "yingji_metric_errors", family="yingji_test_broken") == 1
    assert value(figures, "yingji_deadlines_open", state="overdue") == 0


def test_label_values_are_escaped() -> None:
    metrics.register(Family("yingji_test_labels", "Labels with quotes", "gauge",
                            lambda: [({"name": 'a "quoted"\\ \n name'}, 2.5)]))
    try:
        figures = scrape()
    finally:
        metrics._FAMILIES.pop("yingji_test_labels")
    assert figures["yingji_test_labels"] == [({"name": 'a "quoted"\\ \n name'}, 2.5)]


def test_only_the_allowed_addresses_or_the_token_read_the_figures(settings: Any) -> None:
    settings.METRICS_ALLOW = ["10.1.0.0/16"]
    settings.METRICS_TOKEN = "s3cret-token"
    refused = Client().get("/metrics", REMOTE_ADDR="192.0.2.7")
    assert refused.status_code == 403 and b"yingji_" not in refused.content
    assert "未获准" in refused.content.decode()
    wrong = Client().get("/metrics", REMOTE_ADDR="192.0.2.7", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 403
    assert "yingji_deliveries_stuck" in scrape(REMOTE_ADDR="10.1.4.2")
    bearer = "Bearer s3cret-token"
    assert "yingji_deliveries_stuck" in scrape(REMOTE_ADDR="192.0.2.7", HTTP_AUTHORIZATION=bearer)
    # A forged X-Forwarded-For is not believed without a trusted proxy.
    forged = Client().get("/metrics", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="10.1.4.2")
    assert forged.status_code == 403


def test_the_default_allows_this_machine_only(settings: Any) -> None:
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert Client().get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 403
