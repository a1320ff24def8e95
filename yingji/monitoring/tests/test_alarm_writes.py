"""What an alarm writes: one audit entry and one event, the live payload, a storm's audit
appended in one step (the chain still verifies), and the one-way import path."""

import ast
from pathlib import Path

import pytest

from yingji.core import live
from yingji.core.audit import verify_chain
from yingji.core.models import AuditLog, Deadline, DomainEvent, Notification
from yingji.core.testing import JIANGAN, make_user
from yingji.enterprises.models import EnterpriseMember
from yingji.monitoring.ingest.pipeline import Incoming, Pipeline
from yingji.monitoring.models import Alarm
from yingji.monitoring.tests.factories import batch, make_point, now, setup_site

pytestmark = pytest.mark.django_db
APP = Path(__file__).resolve().parents[1]


@pytest.fixture
def published(monkeypatch):
    messages: list[dict] = []
    monkeypatch.setattr(live, "publish_many", lambda many: messages.extend(many))
    monkeypatch.setattr(live, "publish", lambda one: messages.append(one))
    return messages


def alarm_rows(alarm: Alarm) -> tuple[list[AuditLog], list[DomainEvent]]:
    entries = list(AuditLog.objects.filter(object_type="monitoring.alarm", object_id=str(alarm.pk)))
    happened = list(DomainEvent.objects.filter(object_type="monitoring.alarm", object_id=str(alarm.pk)))
    return entries, happened


def test_a_new_alarm_writes_one_audit_entry_and_one_event_carrying_what_the_feed_shows(
        published, django_capture_on_commit_callbacks):
    site = setup_site()
    member = make_user("ent_user", roles=("enterprise",), scope=JIANGAN)
    EnterpriseMember.objects.create(enterprise=site["enterprise"], user=member)
    t = now() - 60
    with django_capture_on_commit_callbacks(execute=True):
        Pipeline().process([Incoming(raw=batch(site["source"].code, site["token"], [
            {"point": "LT-101", "value": v, "ts": t + i} for i, v in enumerate([9.5, 9.6, 9.7])]),
            door="http")])
    alarm = Alarm.objects.get(point=site["level"])
    entries, happened = alarm_rows(alarm)
    assert [e.action for e in entries] == ["create"]
    assert (entries[0].after or {})["state"] == "pushed" and "签收时限" in entries[0].detail
    assert [e.event_type for e in happened] == ["alarm.raised"]
    # Pushed and given its deadline in the same step.
    assert alarm.state == "pushed" and alarm.pushed_at is not None
    assert Deadline.objects.filter(object_id=str(alarm.pk), kind="alarm_ack", responsible=member).count() == 1
    assert Notification.objects.filter(recipient=member, object_id=str(alarm.pk)).count() == 1
    raised = [m for m in published if m.get("type") == "alarm.raised"]
    assert len(raised) == 1
    assert raised[0]["screen"] == {
        **raised[0]["screen"], "id": alarm.pk, "enterprise_name": site["enterprise"].name, "severity": 1,
        "severity_display": "一级（紧急）", "message": alarm.message, "last_at": alarm.last_at.isoformat()}
    assert raised[0]["region"] == site["enterprise"].region_id and raised[0]["owner"] == site["enterprise"].pk


def test_a_storm_appends_its_audit_in_one_step_and_the_chain_verifies():
    site = setup_site()
    for i in range(40):
        make_point(site["object"], f"LX-{i:02d}", rule_overrides={
            "debounce_count": 1, "debounce_seconds": 0, "rate_pct_per_min": None, "stuck_minutes": None})
    t = now() - 60
    readings = [{"point": f"LX-{i:02d}", "value": 9.5, "ts": t} for i in range(40)]
    head_updates = []

    def count_head_updates(execute, sql, params, many, context):
        if "core_auditchainhead" in sql and sql.lstrip().upper().startswith("UPDATE"):
            head_updates.append(sql)
        return execute(sql, params, many, context)

    from django.db import connection

    with connection.execute_wrapper(count_head_updates):
        result = Pipeline().process([Incoming(raw=batch(site["source"].code, site["token"], readings),
                                              door="http")])
    assert result.alarms_raised == 41  # 40 points and the object's combination alarm
    assert len(head_updates) == 1  # the chain's head moved once for the whole batch
    assert AuditLog.objects.filter(object_type="monitoring.alarm", action="create").count() == 41
    assert verify_chain() == []
    # Back to normal: 40 recoveries and the combination's, again one step.
    head_updates.clear()
    with connection.execute_wrapper(count_head_updates):
        Pipeline().process([Incoming(raw=batch(site["source"].code, site["token"], [
            {**r, "value": 5.0, "ts": t + 10} for r in readings]), door="http")])
    assert len(head_updates) == 1
    assert Alarm.objects.filter(recovered_at__isnull=False).count() == 41
    assert verify_chain() == []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_the_ingest_path_runs_one_way():
    evaluation = _imports(APP / "ingest" / "evaluation.py")
    assert not {m for m in evaluation if m.startswith(("yingji.monitoring.services",
                                                       "yingji.monitoring.ingest.pipeline"))}
    types = _imports(APP / "ingest" / "types.py")
    assert not {m for m in types if m.startswith((
        "yingji.monitoring.services", "yingji.monitoring.ingest.pipeline",
        "yingji.monitoring.ingest.evaluation",
        "django"))}
    alarms = _imports(APP / "services" / "alarms.py")
    assert not {m for m in alarms if m.startswith(("yingji.monitoring.ingest.pipeline",
                                                   "yingji.monitoring.ingest.evaluation"))}
    assert not {m for m in _imports(APP / "rules.py") if m.startswith("django")}
