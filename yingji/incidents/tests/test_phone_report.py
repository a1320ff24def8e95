"""Issue 16 item 7: the 首报 in two steps, the telephone report and the written report,
each with its own limit, record and late flag; existing incidents migrate cleanly."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from yingji.core.models import Deadline
from yingji.core.testing import actor_for, client_for
from yingji.incidents import rules
from yingji.incidents.models import ReportRule
from yingji.incidents.services import intake, reports
from yingji.incidents.tests.conftest import incident_data


def test_the_rule_carries_both_limits() -> None:
    received = timezone.now()
    larger = rules.DEFAULT_LIMITS["III"]
    assert rules.phone_report_due(received, larger) == received + timedelta(minutes=30)
    assert rules.first_report_due(received, larger) == received + timedelta(minutes=60)
    assert rules.phone_report_due(received, rules.DEFAULT_LIMITS["IV"]) is None
    assert rules.phone_limit_problem(None, 60) is None
    assert rules.phone_limit_problem(60, 60) is None
    assert rules.phone_limit_problem(61, 60) == "电话报告时限不能长于书面首报时限"
    assert rules.phone_limit_problem(0, 60) == "电话报告时限应大于0"


def test_reference_rules_have_the_phone_limit(db: Any) -> None:
    limits = dict(ReportRule.objects.filter(category="").values_list("grade", "phone_minutes"))
    assert limits == {"I": 30, "II": 30, "III": 30, "IV": None}


def test_a_larger_incident_owes_a_phone_report_with_its_own_deadline(officer: Any, street: Any) -> None:
    incident = intake.receive_incident(incident_data(street, deaths=3), actor=actor_for(officer))
    first = incident.reports.get(kind="first")
    assert first.phone_due_at == incident.received_at + timedelta(minutes=30)
    assert first.due_at == incident.received_at + timedelta(minutes=60)
    phone = Deadline.objects.get(kind=f"report-{first.pk}-phone", closed_at__isnull=True)
    assert phone.due_at == first.phone_due_at
    late_at = incident.received_at + timedelta(minutes=41)
    done = reports.record_phone_report(first, actor=actor_for(officer), phoned_to="市应急局总值班室张三",
                                       at=min(late_at, timezone.now()))
    assert done.phoned_by == officer and done.phoned_to == "市应急局总值班室张三"
    assert done.phone_late is (late_at <= timezone.now())
    phone.refresh_from_db()
    assert phone.closed_at is not None
    assert done.status == "pending"  # the written report is still owed, on its own limit
    with pytest.raises(ValidationError):
        reports.record_phone_report(done, actor=actor_for(officer), phoned_to="再报一次")


def test_late_phone_report_is_marked_with_minutes(officer: Any, street: Any) -> None:
    incident = intake.receive_incident(incident_data(
        street, deaths=3, received_at=timezone.now() - timedelta(minutes=50)), actor=actor_for(officer))
    first = incident.reports.get(kind="first")
    done = reports.record_phone_report(first, actor=actor_for(officer), phoned_to="市应急局值班室")
    assert done.phone_late and 19 <= done.phone_late_minutes <= 21


def test_a_general_incident_has_no_phone_step(incident: Any, officer: Any) -> None:
    first = incident.reports.get(kind="first")
    assert first.phone_due_at is None
    assert not Deadline.objects.filter(kind=f"report-{first.pk}-phone").exists()


def test_phone_report_needs_its_addressee(officer: Any, street: Any) -> None:
    incident = intake.receive_incident(incident_data(street, deaths=3), actor=actor_for(officer))
    first = incident.reports.get(kind="first")
    with pytest.raises(ValidationError) as refused:
        reports.record_phone_report(first, actor=actor_for(officer), phoned_to=" ")
    assert "phoned_to" in refused.value.message_dict
    first.refresh_from_db()
    assert first.phoned_at is None


def test_the_incident_page_records_the_phone_report(officer: Any, street: Any) -> None:
    incident = intake.receive_incident(incident_data(street, deaths=3), actor=actor_for(officer))
    first = incident.reports.get(kind="first")
    client = client_for(officer)
    page = client.get(reverse("incident_detail", args=[incident.pk]))
    assert "登记电话报告" in page.content.decode()
    client.post(reverse("incident_action", args=[incident.pk]),
                {"action": "phone", "report": first.pk, "phoned_to": "市应急局值班室李四"})
    first.refresh_from_db()
    assert first.phoned_to == "市应急局值班室李四"
    api = client.post(f"/api/v1/incidents/reports/{first.pk}/phone/", {"phoned_to": "再次"},
                      content_type="application/json")
    assert api.status_code == 400


def test_existing_reports_migrate_without_a_phone_step(db: Any) -> None:
    migration = import_module("yingji.incidents.migrations.0006_two_step_first_report")
    ReportRule.objects.filter(grade="III", category="").update(phone_minutes=None)
    ReportRule.objects.create(grade="II", category="accident", first_minutes=20, followup_hours=12,
                              final_hours=24)
    migration.phone_defaults(django_apps, None)
    assert ReportRule.objects.get(grade="III", category="").phone_minutes == 30
    # A rule whose written limit is shorter than the default phone limit is left alone.
    assert ReportRule.objects.get(grade="II", category="accident").phone_minutes is None
