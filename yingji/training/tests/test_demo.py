"""The demo builder on a few 江岸区 enterprises: rolls with valid, expiring and expired
certificates and gaps, sessions with exams, 三级安全教育 records, all audited."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.demo.registry import DemoContext
from yingji.core.models import AuditLog
from yingji.core.testing import system
from yingji.enterprises.tests.factories import make_enterprise
from yingji.training.demo import build_training
from yingji.training.models import Attendance, Certificate, CertifiedPerson, NewWorkerTraining
from yingji.training.services import coverage

pytestmark = pytest.mark.django_db


def test_demo_builds_a_roll_with_gaps(db: Any) -> None:
    for n in range(1, 9):
        make_enterprise(100 + n, name=f"演示测试化工有限公司{n}", principal=f"负责人{n}",
                        safety_manager=f"安全员{n}")
    build_training(DemoContext(system(), 1, lambda text: None))
    people = CertifiedPerson.objects.all()
    assert people.count() >= 8 * 3
    report = coverage.coverage(people)
    assert 0 < report.total.covered < report.total.required  # some gaps, mostly covered
    assert Certificate.objects.count() > 20
    assert Attendance.objects.filter(passed=True).exists()
    assert NewWorkerTraining.objects.exists()
    assert AuditLog.objects.filter(object_type="training.certificate").count() == Certificate.objects.count()
    build_training(DemoContext(system(), 1, lambda text: None))  # a second run adds nothing
    assert CertifiedPerson.objects.count() == people.count()


def test_demo_roster_adopts_the_directory_and_leaves_gaps(db: Any) -> None:
    from yingji.core.models import Region
    from yingji.core.testing import JIANGAN, make_user
    from yingji.training.demo_informants import build_informants
    from yingji.training.models import Informant
    from yingji.training.services.informants import village_coverage
    from yingji.warnings.models import DutyRole, ResponsiblePerson
    from yingji.warnings.services import directory

    login = make_user("dz_informant", roles=["informant"], scope="420102002000")
    street = directory.create_person({"name": "街道信息员", "phone": "13900008888",
                                      "role": DutyRole.INFORMANT,
                                      "region": Region.objects.get(code="420102002000")},
                                     actor=system())
    build_informants(DemoContext(system(), 1, lambda text: None))
    assert Informant.objects.get(person=street).person.contact == login
    report = village_coverage(make_user("ja_relief_demo", roles=["relief_section"], scope=JIANGAN))
    assert 0 < report.total.covered < report.total.villages
    assert ResponsiblePerson.objects.count() == Informant.objects.count()  # one record each
    build_informants(DemoContext(system(), 1, lambda text: None))
    assert ResponsiblePerson.objects.count() == Informant.objects.count()


def test_demo_team_training_leaves_members_short_of_the_target(db: Any) -> None:
    from django.utils import timezone

    from yingji.resources.models import RescueTeam
    from yingji.resources.tests.factories import team
    from yingji.training.demo_teams import build_team_training
    from yingji.training.models import ExerciseRecord, TeamExercise
    from yingji.training.services.teams import team_hours

    team(headcount=30)
    build_team_training(DemoContext(system(), 1, lambda text: None))
    assert TeamExercise.objects.filter(kind="contest").exists()
    assert ExerciseRecord.objects.filter(rank=1).count() == 1
    [row] = team_hours(RescueTeam.objects.all(), timezone.localdate().year)
    assert row.trained > 0 and row.below_target  # the to-do: members short of the target
    count = TeamExercise.objects.count()
    build_team_training(DemoContext(system(), 1, lambda text: None))
    assert TeamExercise.objects.count() == count
