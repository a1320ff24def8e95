"""Configuration tables: readable by duty roles, changed only by leaders with city-wide
scope, validated with Chinese messages; a change takes effect on the next incident."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from yingji.core.testing import actor_for, client_for, make_user
from yingji.incidents.models import DutyPattern, ReportRule
from yingji.incidents.services import intake
from yingji.incidents.tests.conftest import incident_data


def test_report_limits_changed_from_city_scope_only(leader: Any, officer: Any, street: Any) -> None:
    city_leader = make_user("wh_leader_cfg", roles=["duty_leader"], scope="420100000000")
    rule = ReportRule.objects.get(grade="IV", category="")
    data = {"grade": "IV", "category": "", "first_minutes": "90", "followup_hours": "24",
            "final_hours": "72", "report_to": "市应急管理局", "source": "本地规定"}
    url = f"/incidents/settings/report-rules/{rule.pk}/edit/"
    assert client_for(officer).get(url).status_code == 403  # officers read, leaders change
    assert client_for(officer).get("/incidents/settings/report-rules/").status_code == 200
    # 江岸区 leader: a district scope may not write city-wide reference data (403 at the
    # door since the tables are CityWideReference; it was a form error before).
    assert client_for(leader).post(url, data).status_code == 403
    assert client_for(city_leader).post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.first_minutes == 90
    incident = intake.receive_incident(incident_data(street), actor=actor_for(officer))
    assert incident.reports.get().due_at == incident.received_at + timedelta(minutes=90)
    bad = client_for(city_leader).post(url, {**data, "first_minutes": "0"})
    assert "各项时限应大于0" in bad.content.decode()


def test_pattern_and_checklist_validation(db: Any) -> None:
    city_leader = make_user("wh_leader_cfg2", roles=["duty_leader"], scope="420100000000")
    client = client_for(city_leader)
    bad = client.post("/incidents/settings/patterns/add/", {"name": "错误", "formula": "1-4",
                                                             "shift_hours": "7", "start_hour": "8"})
    assert "格式不正确" in bad.content.decode()
    assert not DutyPattern.objects.filter(name="错误").exists()
    api = client.post("/api/v1/incidents/checklists/", {
        "name": "测试清单", "category": "accident", "subtype": "fire",
        "items": "核实情况｜值班室｜半小时"}, content_type="application/json")
    assert api.status_code == 400 and "应为分钟数" in str(api.json())
