"""Self-inspection from check lists: failed items become hazards (major when the item
says so), every item must be answered, coverage for supervisors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from yingji.core.testing import actor_for, client_for
from yingji.hazards.models import Checklist, Hazard, SelfInspection
from yingji.hazards.services import inspections
from yingji.hazards.services.inspections import Answer

pytestmark = pytest.mark.django_db


def _hazchem() -> Checklist:
    return Checklist.objects.get(name="危险化学品企业重大隐患排查清单")


def test_default_checklists_are_loaded_with_major_items() -> None:
    checklist = _hazchem()
    items = list(checklist.items.all())
    assert len(items) == 16 and sum(i.major_if_failed for i in items) == 13
    assert "第12项" in items[6].basis


def test_checklists_apply_by_industry(enterprise, other_enterprise) -> None:
    names = {c.name for c in inspections.checklists_for(enterprise)}
    assert names == {"危险化学品企业重大隐患排查清单", "通用安全生产检查清单"}
    assert "粉尘涉爆企业重大隐患排查清单" in {c.name for c in inspections.checklists_for(other_enterprise)}


def test_failed_items_become_hazards(enterprise, owner) -> None:
    checklist = _hazchem()
    items = list(checklist.items.all())
    answers = [Answer(i.pk, True) for i in items]
    answers[6] = Answer(items[6].pk, False, "罐区东侧可燃气体探测器失效")
    answers[13] = Answer(items[13].pk, False, "2号车间消防通道堆放货物")
    done = inspections.run_self_inspection(enterprise, checklist, answers, actor=actor_for(owner),
                                           inspector_name="陈安全")
    assert (done.item_count, done.failed_count) == (16, 2)
    found = {h.check_item_id: h for h in Hazard.objects.filter(enterprise=enterprise)}
    assert found[items[6].pk].grade == "major" and found[items[6].pk].source == "self_check"
    assert found[items[13].pk].grade == "general"
    assert found[items[6].pk].description == "罐区东侧可燃气体探测器失效"
    assert done.results.filter(hazard__isnull=False).count() == 2


def test_incomplete_or_unexplained_answers_are_refused(enterprise, owner, other_enterprise) -> None:
    checklist = _hazchem()
    items = list(checklist.items.all())
    with pytest.raises(ValidationError, match="未填写第16项"):
        inspections.run_self_inspection(enterprise, checklist,
                                        [Answer(i.pk, True) for i in items[:-1]],
                                        actor=actor_for(owner), inspector_name="陈安全")
    answers = [Answer(i.pk, True) for i in items]
    answers[0] = Answer(items[0].pk, False, "")
    with pytest.raises(ValidationError, match="不符合项须说明具体情况：第1项"):
        inspections.run_self_inspection(enterprise, checklist, answers, actor=actor_for(owner),
                                        inspector_name="陈安全")
    dust = Checklist.objects.get(name="粉尘涉爆企业重大隐患排查清单")
    with pytest.raises(ValidationError, match="不适用于本企业"):
        inspections.run_self_inspection(enterprise, dust, [Answer(i.pk, True) for i in dust.items.all()],
                                        actor=actor_for(owner), inspector_name="陈安全")
    assert not SelfInspection.objects.exists() and not Hazard.objects.exists()


def test_enterprise_user_cannot_inspect_another_enterprise(owner, other_enterprise) -> None:
    checklist = Checklist.objects.get(name="通用安全生产检查清单")
    with pytest.raises(ValidationError, match="超出您的数据范围"):
        inspections.run_self_inspection(
            other_enterprise, checklist, [Answer(i.pk, True) for i in checklist.items.all()],
            actor=actor_for(owner), inspector_name="陈安全")


def test_run_page_and_coverage(enterprise, owner, officer, other_enterprise) -> None:
    checklist = Checklist.objects.get(name="通用安全生产检查清单")
    client = client_for(owner)
    page = client.get(f"/hazards/self-inspections/run/{enterprise.pk}/?checklist={checklist.pk}")
    assert page.status_code == 200 and "先通风、再检测、后作业" in page.content.decode()
    data = {"checklist": checklist.pk, "inspector_name": "陈安全",
            "inspected_at": "2026-01-05T09:30"}
    items = list(checklist.items.all())
    for item in items:
        data[f"item_{item.pk}"] = "1"
    data[f"item_{items[4].pk}"] = "0"
    data[f"note_{items[4].pk}"] = "疏散指示灯损坏"
    response = client.post(f"/hazards/self-inspections/run/{enterprise.pk}/", data)
    assert response.status_code == 302
    assert Hazard.objects.get(enterprise=enterprise).description == "疏散指示灯损坏"
    assert client.get(f"/hazards/self-inspections/run/{other_enterprise.pk}/").status_code == 404
    coverage = client_for(officer).get("/hazards/self-inspections/coverage/?days=365").content.decode()
    assert "1 / 2家企业开展了自查" in coverage and "从未自查" in coverage
