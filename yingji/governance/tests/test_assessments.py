"""The annual assessment: 共性 and 个性 criteria (a 个性 one only for its district), the
self-assessment needing evidence and a reason for each point given up, the team's
score needing the reason of its deductions, the one-vote veto read from the accidents
module (a 较大 accident in 江岸区), the ranking and grade, the 通报, and the scope of a
district's 监管员."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, WUHAN, actor_for, make_user, region
from yingji.governance import rules_assessment as rules
from yingji.governance.models import AssessmentResult, CriterionScore, SchemeState
from yingji.governance.services import assessments
from yingji.governance.tests.test_progress import PNG

TZ = ZoneInfo("Asia/Shanghai")
YEAR = 2025


def _evidence() -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile("台账.png", PNG, content_type="image/png")]


@pytest.fixture
def scheme(office: Any) -> Any:
    actor = actor_for(office)
    scheme = assessments.create_scheme({
        "year": YEAR, "title": "2025年度各区安全生产工作考核方案", "region": region(WUHAN),
        "issuer": "武汉市安全生产委员会", "veto_code": "larger_accidents", "veto_limit": Decimal(0)},
        actor=actor)
    assessments.create_criterion({"scheme": scheme, "category": "common", "name": "隐患排查治理",
                                  "weight": Decimal(60), "rule": "重大隐患未按期整改每项扣5分"}, actor=actor)
    specific = assessments.create_criterion({
        "scheme": scheme, "category": "specific", "name": "危化品集中区整治", "weight": Decimal(40),
        "rule": "整治任务未完成每项扣10分"}, actor=actor)
    specific.districts.set([region(JIANGAN)])
    return scheme


def _score(scheme: Any, code: str, name: str) -> CriterionScore:
    return CriterionScore.objects.get(result__scheme=scheme, result__region_id=code, criterion__name=name)


@pytest.mark.django_db
def test_a_year_of_assessment(scheme: Any, office: Any, ja_staff: Any) -> None:
    from yingji.accidents.services import accidents
    from yingji.accidents.tests.conftest import accident_data

    office_actor = actor_for(office)
    with pytest.raises(ValidationError) as too_much:
        assessments.create_criterion({"scheme": scheme, "category": "common", "name": "超分", "weight": 1,
                                      "rule": "—"}, actor=office_actor)
    assert "100" in str(too_much.value)
    assessments.open_scheme(scheme, actor=office_actor)
    scheme.refresh_from_db()
    assert scheme.state == SchemeState.OPEN
    districts = Region.objects.filter(parent_id=WUHAN).count()
    assert AssessmentResult.objects.filter(scheme=scheme).count() == districts
    # The 个性 criterion is 江岸区's only.
    assert CriterionScore.objects.filter(result__scheme=scheme).count() == districts + 1
    ja_common = _score(scheme, JIANGAN, "隐患排查治理")
    ja_actor = actor_for(ja_staff)
    with pytest.raises(ValidationError) as no_evidence:
        assessments.self_assess(ja_common, actor=ja_actor, self_score=Decimal(60), self_note="")
    assert "evidence" in no_evidence.value.message_dict
    with pytest.raises(ValidationError) as no_reason:
        assessments.self_assess(ja_common, actor=ja_actor, self_score=Decimal(55), self_note="",
                                evidence=_evidence())
    assert "self_note" in no_reason.value.message_dict
    assessments.self_assess(ja_common, actor=ja_actor, self_score=Decimal(55), self_note="1项重大隐患逾期",
                            evidence=_evidence())
    # A 监管员 of 江岸区 cannot self-assess 武昌区 nor score as the team.
    with pytest.raises(Exception):  # noqa: B017  (ScopeViolation / PermissionDenied)
        assessments.self_assess(_score(scheme, WUCHANG, "隐患排查治理"), actor=ja_actor,
                                self_score=Decimal(60), self_note="", evidence=_evidence())
    with pytest.raises(PermissionDenied):
        assessments.team_score(ja_common, actor=ja_actor, team_score=Decimal(60), team_note="")
    with pytest.raises(ValidationError) as no_deduction_reason:
        assessments.team_score(ja_common, actor=office_actor, team_score=Decimal(50), team_note="")
    assert "team_note" in no_deduction_reason.value.message_dict
    with pytest.raises(ValidationError):
        assessments.publish(scheme, actor=office_actor)  # scores missing
    for score in CriterionScore.objects.filter(result__scheme=scheme).select_related("result", "criterion"):
        code = score.result.region_id
        value = {JIANGAN: 50, WUCHANG: 58}.get(code, 45) if score.criterion.weight == 60 else 38
        note = "" if value == score.criterion.weight else "按细则扣分"
        assessments.team_score(score, actor=office_actor, team_score=Decimal(value), team_note=note)
    # A 较大 accident (3 deaths) in 江岸区 in the year: one-vote veto.
    supervisor = make_user("ac_assess", roles=["supervisor"], scope=WUHAN)
    accidents.create_accident(accident_data(Region.objects.get(code=JIANGAN_STREET), deaths=3,
                                            occurred_at=datetime(YEAR, 5, 6, 10, tzinfo=TZ)),
                              actor=actor_for(supervisor))
    assessments.publish(scheme, actor=office_actor)
    results = {r.region_id: r for r in AssessmentResult.objects.filter(scheme=scheme)}
    ja, wc = results[JIANGAN], results[WUCHANG]
    assert (ja.team_total, ja.self_total, ja.vetoed, ja.veto_value) == (Decimal(88), Decimal(55), True, 1.0)
    assert ja.grade == rules.FAIL and ja.rank == districts  # vetoed: last whatever its score
    assert (wc.team_total, wc.vetoed, wc.grade, wc.rank) == (Decimal(58), False, rules.FAIL, 1)
    scheme.refresh_from_db()
    assert scheme.state == SchemeState.PUBLISHED and scheme.number == "考核〔2025〕1号"
    body = zipfile.ZipFile(io.BytesIO(assessments.bulletin(scheme, actor=office_actor))).read(
        "word/document.xml").decode()
    assert "江岸区" in body and "一票否决" in body and "考核〔2025〕1号" in body


def test_rules() -> None:
    assert rules.grade(Decimal(95), False) == rules.EXCELLENT
    assert rules.grade(Decimal(85), False) == rules.GOOD
    assert rules.grade(Decimal(60), False) == rules.PASS
    assert rules.grade(Decimal("59.5"), False) == rules.FAIL
    assert rules.grade(Decimal(99), True) == rules.FAIL
    assert rules.vetoed(1, 0) and not rules.vetoed(0, 0) and not rules.vetoed(None, 0)
    assert rules.deducted(Decimal(10), Decimal(15)) == 0
    ranked = rules.rank([("a", Decimal(90), False), ("b", Decimal(95), True), ("c", Decimal(90), False),
                         ("d", Decimal(80), False)])
    assert [(r.key, r.rank) for r in ranked] == [("a", 1), ("c", 1), ("d", 3), ("b", 4)]
