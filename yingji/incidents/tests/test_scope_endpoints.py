"""Every page and API endpoint of duty and incidents, for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, a duty leader of 江岸区 and one of 武昌区
(the configuration: a city-wide leader writes it, a district one reads)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from yingji.core.models import Region
from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, make_user
from yingji.core.testing_scope import Action, Detail, List, Page, ScopeCase, World, city_wide_reference
from yingji.incidents.models import (
    ChecklistTemplate,
    Contact,
    DutyPattern,
    GradeCriterion,
    IncidentSettings,
    ReportRule,
)
from yingji.incidents.services import dispatch, duty, intake, reports, response, review, teams
from yingji.incidents.tests.conftest import incident_data
from yingji.resources.tests.factories import team

RESCUE = ("rescue",)
TASK = {"title": "范围测试处置任务", "due_at": "2030-01-01T08:00", "department_name": "大智街道"}


class TestIncidentScope(ScopeCase):
    apps = ("incidents",)
    roles = ("duty_leader",)

    endpoints = {
        "incident_action": Action("incident"),
        "incident_command": Page(),
        "incident_command_geojson": List("incident"),
        "incident_stats": Page(),
        "incident_grade_preview": Page(query="category=accident&subtype=fire&deaths=1"),
        "incident-statistics": Page(),
        "report_docx": Detail("reportversion"),
        "inforeport-docx": Detail("inforeport", kwargs=lambda w: {
            "pk": w["inforeport"].pk, "number": w["reportversion"].number}),
        # Actions whose body is validated before the object is looked up: sent valid, so
        # that the scope alone refuses the outsider.
        "incident-grade": Action("incident", post={"grade": "III"}),
        "incident-report": Action("incident", post={"kind": "followup", "content": "范围测试续报"}),
        "incident-respond": Action("incident", post={"level": "III"}),
        "incident-dispatch-resource": Action("incident", post=lambda w: {
            "resource_kind": "team", "resource_id": w["spare_team"].pk}),
        "incident-add-task": Action("incident", post=TASK),
        "finding-add-task": Action("finding", post=TASK),
        "dispatchorder-step": Action("dispatchorder", post={"step": "depart"}),
        "responsetask-step": Action("responsetask", post={"step": "start"}),
        # A rescue team's account (救援队伍工作台): its scope is its own team, so the outsider
        # is the account of another team (武昌区); the duty room's users are unpermitted.
        "team_workbench": Page(roles=RESCUE),
        "team_status": Action("team", roles=RESCUE, post={"status": "resting"}),
        "dispatchorder_detail": Detail("dispatchorder", roles=RESCUE),
        "dispatchorder_step": Action("dispatchorder", roles=RESCUE, post=lambda w: {
            "step": "accept", "version": w["dispatchorder"].version}),
        "dutyshift_roster": Page(),
        "dutyshift_action": Action("dutyshift"),
        **city_wide_reference("gradecriterion"),
        **city_wide_reference("reportrule"),
        **city_wide_reference("checklisttemplate"),
        **city_wide_reference("dutypattern"),
        **city_wide_reference("incidentsettings"),
    }

    def build(self, world: World) -> dict[str, Any]:
        leader = world.permitted()
        actor = actor_for(leader)
        street = Region.objects.get(code=JIANGAN_STREET)
        incident = intake.receive_incident(incident_data(street, title="范围测试仓库火灾"), actor=actor)
        first = incident.reports.order_by("pk").first()
        assert first is not None
        reports.submit_report(first, actor=actor, content="范围测试首报")
        incident = response.start_response(incident, "IV", actor=actor)
        crew = team("范围测试消防站", longitude=114.2920, latitude=30.5910)
        spare = team("范围测试备勤消防站", longitude=114.2930, latitude=30.5920)
        teams.link_team_account(world.permitted(RESCUE), crew, actor=actor)
        teams.link_team_account(world.outsider(RESCUE), spare, actor=actor)
        order = dispatch.dispatch(incident, "team", crew.pk, actor=actor)
        closed = intake.receive_incident(incident_data(street, title="范围测试已结事件"), actor=actor)
        closed = response.close_incident(closed, actor=actor, comment="范围测试处置完毕")
        written = review.create_review(closed, {"summary": "范围测试复盘"}, actor=actor, findings=[{
            "problem": "范围测试消防通道被占用", "responsible_unit": "大智街道",
            "due_date": date.today() + timedelta(days=30)}])
        officers = [make_user(f"scope_in_{n}", roles=["duty_officer"], scope=JIANGAN,
                              real_name=f"范围测试值班员{n}") for n in range(3)]
        start = timezone.now() + timedelta(days=3)
        shift = duty.create_shift({"region": Region.objects.get(code=JIANGAN), "start": start,
                                   "end": start + timedelta(hours=24), "leaders": [leader],
                                   "officers": officers[:2]}, actor=actor).shift
        swap = duty.request_swap(shift, from_user=officers[0], to_user=officers[2], reason="范围测试调班",
                                 actor=actor_for(officers[0]))
        log = duty.add_log(shift, "范围测试值班日志", actor=actor)
        first.refresh_from_db()
        return {
            "incident": incident,
            "team": crew,
            "spare_team": spare,
            "inforeport": first,
            "reportversion": first.versions.order_by("number").first(),
            "dispatchorder": order,
            "responsetask": incident.tasks.order_by("pk").first(),
            "finding": written.findings.get(),
            "dutyshift": shift,
            "swaprequest": swap,
            "dutylog": log,
            "contact": create_object(Contact, {
                "region": Region.objects.get(code=JIANGAN), "name": "范围测试联络员",
                "category": Contact._meta.get_field("category").choices[0][0],  # type: ignore[index]
                "phone": "027-82800000"}, actor=actor),
            "gradecriterion": GradeCriterion.objects.order_by("pk").first(),
            "reportrule": ReportRule.objects.order_by("pk").first(),
            "checklisttemplate": ChecklistTemplate.objects.order_by("pk").first(),
            "dutypattern": DutyPattern.objects.order_by("pk").first(),
            "incidentsettings": IncidentSettings.current(),
        }

    def marker(self, key: str, obj: Any) -> str:
        markers = {"incident": lambda: obj.title, "inforeport": lambda: obj.incident.title,
                   "dispatchorder": lambda: obj.incident.title, "responsetask": lambda: obj.title,
                   "finding": lambda: obj.problem, "swaprequest": lambda: obj.reason,
                   "dutylog": lambda: obj.content, "contact": lambda: obj.name,
                   "dutyshift": lambda: "范围测试值班员0"}
        return markers[key]() if key in markers else super().marker(key, obj)
