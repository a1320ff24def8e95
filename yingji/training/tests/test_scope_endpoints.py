"""Every page and API endpoint of the training module, for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, a supervisor of 江岸区 and one of
武昌区. The world's enterprise is in 江岸区."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from yingji.core.models import Region
from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN, WUCHANG, system
from yingji.core.testing_scope import (
    Action,
    Delete,
    Detail,
    Edit,
    List,
    Page,
    ScopeCase,
    World,
    city_wide_reference,
)
from yingji.enterprises.tests.factories import make_enterprise
from yingji.resources.tests.factories import team
from yingji.training.models import Course, Requirement, TrainingSettings
from yingji.training.services import courses, informants, teams
from yingji.training.tests.conftest import certificate, person

# The requirement table is read whole in every scope (CityWideReference).
READS: dict[str, Any] = {"inside_scope": JIANGAN, "outside_scope": WUCHANG, "outsider": 200,
                         "outsider_lists": True}
RELIEF = ("relief_section",)
DUTY = ("duty_officer",)


class TestTrainingScope(ScopeCase):
    apps = ("training",)
    roles = ("supervisor",)

    endpoints = {
        "certificate_import": Page(),
        "certificate_import_template": Page(),
        "training_coverage": Page(),
        **city_wide_reference("trainingsettings", page_actions=("edit",), api=False),
        **city_wide_reference("requirement", page_actions=("list", "add", "edit", "delete"), api=False),
        "requirement-list": List("requirement", **READS),
        "requirement-detail": Detail("requirement", **READS, write_methods=()),
        "certifiedperson_flag": Action("certifiedperson", post={}),
        "attendance_add": Page(),
        # The 灾害信息员 roster is kept by the 救灾科 (the supervisors have no access).
        **{name: check("informant", roles=RELIEF) for name, check in (
            ("informant_list", List), ("informant_detail", Detail), ("informant_edit", Edit),
            ("informant_delete", Delete), ("informant-list", List), ("informant-detail", Detail))},
        "informant_add": Page(roles=RELIEF),
        # Rescue teams' training is kept by the duty officers (who keep the resources).
        **{name: check(obj, roles=DUTY) for name, check, obj in (
            ("teamexercise_list", List, "teamexercise"), ("teamexercise_detail", Detail, "teamexercise"),
            ("teamexercise_edit", Edit, "teamexercise"), ("teamexercise_delete", Delete, "teamexercise"),
            ("teamexercise-list", List, "teamexercise"), ("teamexercise-detail", Detail, "teamexercise"),
            ("exerciserecord_edit", Edit, "exerciserecord"),
            ("exerciserecord_delete", Delete, "exerciserecord"),
            ("exerciserecord-list", List, "exerciserecord"),
            ("exerciserecord-detail", Detail, "exerciserecord"))},
        "teamexercise_record_all": Action("teamexercise", post={}, roles=DUTY),
        "teamexercise_add": Page(roles=DUTY),
        "exerciserecord_add": Page(roles=DUTY),
        "training_team_hours": Page(roles=DUTY),
        "informant_coverage": Page(roles=RELIEF),
    }

    def build(self, world: World) -> dict[str, Any]:
        enterprise = make_enterprise(71, name="范围测试化工有限公司")
        holder = person(enterprise, "范围测试电工")
        cert = certificate(holder, number="SCOPE-1")
        region = Region.objects.get(code=JIANGAN)
        course = create_object(Course, {"title": "范围测试课程", "mode": "online", "hours": Decimal(8),
                                        "organiser": "江岸区应急管理局", "region": region},
                               actor=system())
        today = timezone.localdate()
        session = courses.create_session({"course": course, "title": "范围测试班次", "starts_on": today,
                                          "ends_on": today, "hours": Decimal(8)}, actor=system())
        attendance = courses.record_attendance({"session": session, "person": holder,
                                                "hours": Decimal(8), "exam_score": Decimal(90)},
                                               actor=system())
        worker = courses.create_new_worker({"enterprise": enterprise, "worker_name": "范围测试新工",
                                            "hired_on": today}, actor=system())
        roster = informants.create_informant({
            "name": "范围测试信息员", "phone": "13900009999", "duty": "a",
            "region": Region.objects.get(code="420102002003")}, actor=system())
        squad = team(name="范围测试救援队", members="范围甲、范围乙")
        exercise = teams.create_exercise({"team": squad, "subject": "范围测试训练", "held_on": today,
                                          "hours": Decimal(8)}, actor=system())
        record = teams.record_member({"exercise": exercise, "member": "范围甲"}, actor=system())
        return {"teamexercise": exercise, "exerciserecord": record, "informant": roster,
                "certifiedperson": holder, "certificate": cert, "course": course,
                "trainingsession": session, "attendance": attendance, "newworkertraining": worker,
                "requirement": Requirement.objects.order_by("id").first(),
                "trainingsettings": TrainingSettings.current()}

    def marker(self, key: str, obj: Any) -> str:
        if key == "certificate":
            return obj.number
        if key == "certifiedperson":
            return obj.name
        if key == "attendance":
            return obj.person.name
        if key == "newworkertraining":
            return obj.worker_name
        if key == "teamexercise":
            return obj.subject
        if key == "exerciserecord":
            return obj.member
        if key == "informant":
            return obj.person.name
        if key == "requirement":
            return obj.source
        return super().marker(key, obj)
