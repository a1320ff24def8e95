"""会商研判: the report's figures read through the registry for the session's region and
period (a hand-counted case of hazards), the Word file with its native charts (opened
by LibreOffice), the analyst's draft kept across a regeneration, issuing, follow-up
tasks as nodes with deadlines, the scheduled drafts, and the pure period rules."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from yingji.core.actor import Actor
from yingji.core.models import Deadline
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUHAN, actor_for, libreoffice_pdf, make_user, region
from yingji.governance import rules
from yingji.governance.models import Consultation, Node, WorkPlan
from yingji.governance.services import consultation_report, consultations

TZ = ZoneInfo("Asia/Shanghai")
WUCHANG_STREET = "420106001000"


def _hazard(street: str, found: datetime, closed: datetime | None = None) -> Any:
    from yingji.hazards.models import Hazard

    return Hazard.objects.create(region_id=street, title="测试隐患", source="department", grade="general",
                                 category="site_equipment", description="测试", found_at=found,
                                 state="closed" if closed else "rectifying", closed_at=closed,
                                 closed_on_time=True if closed else None)


def _data(**extra: Any) -> dict[str, Any]:
    return {"kind": "monthly", "title": "江岸区2025年3月安全生产形势研判", "region": region(JIANGAN),
            "period_start": date(2025, 3, 1), "period_end": date(2025, 3, 31),
            "participants": "区应急局、区住建局、区消防救援大队", "conclusions": "", **extra}


@pytest.fixture
def ja_office(db: Any) -> Any:
    return make_user("ja_aw", roles=["safety_office"], scope=JIANGAN, real_name="江岸区安委办")


def _part(consultation: Consultation, key: str) -> dict[str, Any]:
    return next(p for p in consultation.sections if p["key"] == key)


def _figure(consultation: Consultation, code: str) -> dict[str, Any]:
    return next(i for p in consultation.sections for i in p["indicators"] if i["code"] == code)


@pytest.mark.django_db
def test_the_report_reads_the_region_and_period(ja_office: Any) -> None:
    # 江岸区: March 4 hazards found, 3 closed (75%); February 2 found, 1 closed (50%);
    # a 武昌区 hazard in March counts for nobody here.
    for day, closed in ((2, True), (5, True), (9, True), (20, False)):
        _hazard(JIANGAN_STREET, datetime(2025, 3, day, 10, tzinfo=TZ),
                datetime(2025, 3, day + 2, 10, tzinfo=TZ) if closed else None)
    _hazard(JIANGAN_STREET, datetime(2025, 2, 3, tzinfo=TZ), datetime(2025, 2, 6, tzinfo=TZ))
    _hazard(JIANGAN_STREET, datetime(2025, 2, 4, tzinfo=TZ))
    _hazard(WUCHANG_STREET, datetime(2025, 3, 4, tzinfo=TZ))
    consultation = consultations.create_consultation(_data(), actor=actor_for(ja_office))
    assert [p["key"] for p in consultation.sections] == [
        "accidents", "major_hazards", "warnings", "incidents", "weather", "resources"]
    closure = _figure(consultation, "hazard_closure")
    assert (closure["value"], closure["part"], closure["whole"], closure["previous"]) == (75.0, 3, 4, 50.0)
    assert closure["change"] == "较上期上升25个百分点"
    # The trend reaches back six months and ends with March.
    assert _part(consultation, "accidents")["months"] == [
        "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03"]
    assert closure["trend"][-2:] == [50.0, 75.0]
    assert "隐患整改销号率75%（3/4）" in _part(consultation, "accidents")["text"]
    assert closure["districts"] == []  # a district's report compares no districts


@pytest.mark.django_db
def test_the_word_report_has_native_charts_and_opens(office: Any) -> None:
    _hazard(JIANGAN_STREET, datetime(2025, 3, 2, tzinfo=TZ), datetime(2025, 3, 3, tzinfo=TZ))
    data = _data(region=region(WUHAN), title="武汉市2025年3月安全生产形势研判报告")
    consultation = consultations.create_consultation(data, actor=actor_for(office))
    content = consultation_report.report_file(consultation, actor=actor_for(office))
    package = zipfile.ZipFile(io.BytesIO(content))
    charts = [n for n in package.namelist() if n.startswith("word/charts/chart")]
    assert len(charts) >= 6  # each part with figures: its trend and its districts
    chart = package.read(charts[0]).decode()
    assert "逐月趋势" in chart and "c:numCache" in chart
    body = package.read("word/document.xml").decode()
    assert "征求意见稿" in body and "生产安全事故和隐患排查治理" in body and "江岸区" in package.read(
        next(n for n in charts if "各区县" in package.read(n).decode())).decode()
    assert libreoffice_pdf(content, ".docx").startswith(b"%PDF")


@pytest.mark.django_db
def test_the_analysts_draft_survives_a_regeneration_and_is_frozen_once_issued(ja_office: Any) -> None:
    leader = make_user("ja_leader", roles=["duty_leader"], scope=JIANGAN)
    actor = actor_for(ja_office)
    consultation = consultations.create_consultation(_data(), actor=actor)
    consultation = consultations.edit_report(consultation, actor=actor, summary="总体平稳，局部风险上升。",
                                             texts={"accidents": "事故起数持平，隐患销号率上升。"})
    consultation = consultations.generate(consultation, actor=actor)
    assert _part(consultation, "accidents")["text"] == "事故起数持平，隐患销号率上升。"
    assert consultation.summary == "总体平稳，局部风险上升。"
    with pytest.raises(ValidationError) as refused:
        consultations.issue(consultation, actor=actor_for(leader))
    assert "会商结论" in str(refused.value)
    consultation = consultations.update_consultation(consultation, {"conclusions": "加强汛前检查。"},
                                                     actor=actor)
    issued = consultations.issue(consultation, actor=actor_for(leader))
    assert issued.number == rules.consultation_number(issued.issued_at.astimezone(TZ).year, 1)
    with pytest.raises(ValidationError):
        consultations.edit_report(issued, actor=actor, summary="改", texts={})
    body = consultation_report.report_document(issued).paragraphs
    assert any(issued.number in p.text for p in body)
    assert not any("征求意见稿" in p.text for p in body)


@pytest.mark.django_db
def test_a_supervisor_may_not_issue(ja_office: Any, ja_staff: Any) -> None:
    consultation = consultations.create_consultation(_data(conclusions="结论"), actor=actor_for(ja_office))
    with pytest.raises(Exception):  # noqa: B017  (PermissionDenied from the kit)
        consultations.issue(consultation, actor=actor_for(ja_staff))
    consultation.refresh_from_db()
    assert consultation.is_draft and not consultation.number


@pytest.mark.django_db
def test_follow_up_tasks_are_nodes_with_deadlines(ja_office: Any, ja_staff: Any) -> None:
    actor = actor_for(ja_office)
    consultation = consultations.create_consultation(_data(), actor=actor)
    due = date.today().replace(year=date.today().year + 1)
    first = consultations.add_follow_up(consultation, actor=actor, title="开展燃气专项检查", due=due,
                                        owner=ja_staff)
    second = consultations.add_follow_up(consultation, actor=actor, title="排查地下空间", due=due,
                                         owner=ja_staff)
    consultation.refresh_from_db()
    assert first.item_id == second.item_id == consultation.item_id
    plan = WorkPlan.objects.get(items=consultation.item)
    assert plan.title == "2025年会商研判议定事项" and plan.item_count == 1
    assert consultation.item.label == "（一）" and consultation.item.title == consultation.title
    assert Deadline.objects.filter(object_id=str(first.pk), kind="governance-node").exists()
    with pytest.raises(ValidationError):
        consultations.add_follow_up(consultation, actor=actor, title="过期", due=date(2020, 1, 1),
                                    owner=ja_staff)
    assert Node.objects.filter(item=consultation.item).count() == 2


@pytest.mark.django_db
def test_bad_periods_are_refused(ja_office: Any) -> None:
    actor = actor_for(ja_office)
    with pytest.raises(ValidationError) as refused:
        consultations.create_consultation(_data(period_end=date(2025, 2, 1)), actor=actor)
    assert "period_end" in refused.value.message_dict
    with pytest.raises(ValidationError):
        consultations.create_consultation(_data(period_end=date.today().replace(year=date.today().year + 1)),
                                          actor=actor)
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_scheduled_drafts(office: Any, ja_office: Any) -> None:
    # 武汉市 has a city 安委办 (the ``office`` fixture); 江岸区's office gets none (a district).
    made = consultations.produce_scheduled_drafts(date(2025, 4, 1))
    assert sorted((c.kind, c.period_start, c.period_end) for c in made) == [
        ("monthly", date(2025, 3, 1), date(2025, 3, 31)),
        ("quarterly", date(2025, 1, 1), date(2025, 3, 31))]
    assert all(c.auto and c.is_draft and c.region_id == WUHAN and c.sections for c in made)
    assert made[0].title.startswith("武汉市")
    assert consultations.produce_scheduled_drafts(date(2025, 4, 1)) == []  # once per period
    assert consultations.produce_scheduled_drafts(date(2025, 4, 2)) == []  # not the 1st
    assert len(consultations.produce_scheduled_drafts(date(2025, 5, 1))) == 1  # monthly only
    assert Consultation.objects.count() == 3


@pytest.mark.django_db
def test_the_job_runs_the_schedule(monkeypatch: Any) -> None:
    from yingji.governance import jobs
    from yingji.governance.services import consultations as service

    calls: list[Any] = []

    def produce(actor: Actor) -> list[object]:
        calls.append(actor)
        return [object(), object()]

    monkeypatch.setattr(service, "produce_scheduled_drafts", produce)
    assert jobs.scheduled_consultation_drafts.call_local() == 2
    assert isinstance(calls[0], Actor) and calls[0].is_system


def test_period_rules() -> None:
    assert rules.previous_month(date(2025, 1, 15)) == (date(2024, 12, 1), date(2024, 12, 31))
    assert rules.previous_quarter(date(2025, 4, 1)) == (date(2025, 1, 1), date(2025, 3, 31))
    assert rules.previous_quarter(date(2025, 2, 10)) == (date(2024, 10, 1), date(2024, 12, 31))
    before = rules.preceding_period
    assert before(date(2025, 3, 1), date(2025, 3, 31)) == (date(2025, 2, 1), date(2025, 2, 28))
    assert before(date(2025, 1, 1), date(2025, 3, 31)) == (date(2024, 10, 1), date(2024, 12, 31))
    assert before(date(2025, 3, 10), date(2025, 3, 16)) == (date(2025, 3, 3), date(2025, 3, 9))
    assert rules.scheduled_periods(date(2025, 3, 2)) == []
    assert rules.change_text(3, 2, "起") == "较上期上升1起（+50.0%）"
    assert rules.change_text(40.0, 42.5, "%") == "较上期下降2.5个百分点"
    assert rules.change_text(1, 1, "起") == "与上期持平"
    assert rules.change_text(1, None, "起") == "上期无可比数据"
    assert rules.change_text(2, 0, "起") == "较上期上升2起"
    assert [rules.chinese_number(n) for n in (1, 10, 13, 20, 27)] == ["一", "十", "十三", "二十", "二十七"]
    assert rules.month_starts(date(2025, 1, 1), date(2025, 3, 31), at_least=2) == [
        date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]


@pytest.mark.django_db
def test_the_pages_record_edit_and_download(ja_office: Any, ja_staff: Any) -> None:
    from django.urls import reverse

    from yingji.core.testing import client_for

    client = client_for(ja_office)
    form = {"kind": "flood", "title": "江岸区汛期专题会商", "region": JIANGAN, "period_start": "2025-06-01",
            "period_end": "2025-05-01", "participants": "区防指成员单位"}
    bad = client.post(reverse("consultation_add"), form)
    assert bad.status_code in (200, 400) and "研判期止不能早于研判期起" in bad.content.decode()
    assert not Consultation.objects.exists()
    done = client.post(reverse("consultation_add"), {**form, "period_end": "2025-06-30"}, follow=True)
    consultation = Consultation.objects.get()
    assert done.status_code == 200 and consultation.sections
    page = client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()
    assert page.count('data-testid="consultation-part"') == 6 and 'data-chart="governance-lines"' in page
    texts = {f"text_{p['key']}": f"{p['title']}：研判意见" for p in consultation.sections}
    client.post(reverse("consultation_step", args=[consultation.pk]),
                {"name": "edit", "summary": "汛期风险较高", **texts})
    consultation.refresh_from_db()
    assert consultation.summary == "汛期风险较高"
    assert _part(consultation, "weather")["text"] == "气象灾害风险：研判意见"
    download = client.get(reverse("consultation_report", args=[consultation.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "汛期风险较高" in zipfile.ZipFile(io.BytesIO(download.content)).read("word/document.xml").decode()
    # A supervisor reads the session but its page offers no edit and its steps are refused.
    staff = client_for(ja_staff)
    assert 'data-testid="report-edit"' not in staff.get(
        reverse("consultation_detail", args=[consultation.pk])).content.decode()
    staff.post(reverse("consultation_step", args=[consultation.pk]), {"name": "edit", "summary": "改"})
    consultation.refresh_from_db()
    assert consultation.summary == "汛期风险较高"
