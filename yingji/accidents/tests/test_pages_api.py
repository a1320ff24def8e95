"""Pages and API of accidents, as their users see them."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.accidents.models import Accident
from yingji.accidents.services import accidents
from yingji.accidents.tests.conftest import accident_data, seen
from yingji.core.testing import actor_for, client_for, libreoffice_pdf


def test_detail_shows_the_investigation_and_offers_the_steps(accident: Accident, supervisor: Any) -> None:
    page = client_for(supervisor).get(reverse("accident_detail", args=[accident.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "县级人民政府" in text and "初次登记" in text
    for label in ("核定伤亡损失", "增加调查组成员", "提交调查报告"):
        assert label in text
    assert "登记批复" not in text  # not before the report, and not the staff's
    assert "提级调查</summary>" not in text and "挂牌督办</summary>" not in text  # the higher level's


def test_a_step_from_the_page_and_its_refusal(accident: Accident, supervisor: Any) -> None:
    client = client_for(supervisor)
    url = reverse("accident_step", args=[accident.pk])
    refused = client.post(url, {"name": "extend_report", "days": 70, "approved_by": "江岸区人民政府",
                                "reason": "需技术鉴定", "version": 0}, follow=True)
    assert "还可延长60日" in refused.content.decode()
    accident.refresh_from_db()
    assert accident.report_extension_days == 0
    done = client.post(url, {"name": "figures", "deaths": 3, "missing": 0, "serious_injuries": 0,
                             "minor_injuries": 1, "loss_wan": "120", "reason": "伤者死亡",
                             "version": 0}, follow=True)
    assert "核定伤亡损失已完成" in done.content.decode()
    accident.refresh_from_db()
    assert accident.grade == "III"
    bad = client.post(url, {"name": "figures", "deaths": -1, "reason": ""}, follow=True)
    assert "填写有误" in bad.content.decode()


def test_the_figures_step_starts_from_the_figures_on_record(accident: Accident, supervisor: Any) -> None:
    """核定伤亡损失 on the page shows the recorded figures: a person changes the one that
    moved (a death later) instead of typing all five again."""
    import re

    text = client_for(supervisor).get(reverse("accident_detail", args=[accident.pk])).content.decode()
    form = text.split('data-step="figures"')[1].split("</form>")[0]
    values = {name: value for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', form)}
    assert values["deaths"] == "1" and values["minor_injuries"] == "1"
    assert values["missing"] == "0" and values["serious_injuries"] == "0"
    assert values["loss_wan"] == "120.00"
    assert "reason" not in values  # the reason is the person's own


def test_a_step_with_no_row_to_choose_is_not_offered(accident: Accident, supervisor: Any) -> None:
    """移出调查组成员 without members could only fail: offered once there is one."""
    from yingji.accidents.services import investigation

    client = client_for(supervisor)
    url = reverse("accident_detail", args=[accident.pk])
    text = client.get(url).content.decode()
    assert 'data-step="team"' in text and 'data-step="remove_member"' not in text
    investigation.add_team_member(accident, actor=actor_for(supervisor), role="lead",
                                  name="江岸区应急管理局", expected_version=seen(accident))
    assert 'data-step="remove_member"' in client.get(url).content.decode()


def test_entry_form_reports_field_errors_in_chinese(supervisor: Any) -> None:
    response = client_for(supervisor).post(reverse("accident_add"), {"title": ""})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert not Accident.objects.exists()


def test_statistics_page_counts_and_compares(supervisor: Any, street: Any) -> None:
    now = timezone.now()
    actor = actor_for(supervisor)
    for days in (1, 2):
        accidents.create_accident(accident_data(street, occurred_at=now - timedelta(days=days)), actor=actor)
    accidents.create_accident(accident_data(street, occurred_at=now - timedelta(days=1),
                                            is_production=False, non_production_reason="illness"),
                              actor=actor)
    page = client_for(supervisor).get(reverse("accident_stats"))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="stat-accidents">2<' in text  # the non-production one is not counted
    assert 'data-testid="stat-deaths">2<' in text
    assert "大智街道" not in text.split("无生产安全事故街道（乡镇）</h3>")[1]


def test_statistics_page_queries_do_not_grow_with_the_data(supervisor: Any, street: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = actor_for(supervisor)
    client = client_for(supervisor)

    def count() -> int:
        client.get(reverse("accident_stats"))
        with CaptureQueriesContext(connection) as context:
            client.get(reverse("accident_stats"))
        return len(context)

    accidents.create_accident(accident_data(street), actor=actor)
    few = count()
    for days in range(3, 40, 3):
        accidents.create_accident(accident_data(street, occurred_at=timezone.now() - timedelta(days=days),
                                                industry="construction"), actor=actor)
    assert count() == few


def test_monthly_table_in_the_official_layout_opens_in_libreoffice(accident: Accident,
                                                                   supervisor: Any) -> None:
    from openpyxl import load_workbook

    from yingji.accidents.models import AccidentSettings
    from yingji.core.services.settings import save_settings
    from yingji.core.testing import system

    save_settings(AccidentSettings, {"statistics_table_no": "应急统1表",
                                     "statistics_approval_no": "国统制〔2026〕1号"}, actor=system())
    response = client_for(supervisor).get(reverse("accident_monthly_table"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet["A1"].value == "生产安全事故统计月报表"
    block = [sheet.cell(row=r, column=12).value for r in range(1, 5)]
    assert block == ["表　　号：应急统1表", "制定机关：应急管理部", "批准机关：国家统计局",
                     "批准文号：国统制〔2026〕1号"]
    assert "计量单位：起、人、万元" in sheet["A5"].value
    # Two heading rows merged over their figures, then 甲 and the column numbers.
    assert sheet.cell(row=6, column=2).value == "本月" and sheet.cell(row=6, column=6).value == "本年累计"
    assert "B6:E6" in {str(r) for r in sheet.merged_cells.ranges}
    assert [sheet.cell(row=7, column=c).value for c in (2, 3, 4, 5)] == [
        "起数", "死亡人数", "受伤人数", "直接经济损失（万元）"]
    assert sheet.cell(row=8, column=1).value == "甲" and sheet.cell(row=8, column=15).value == 14
    assert sheet.cell(row=9, column=1).value == "合计"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=9, values_only=True) if row[0]}
    # 本年累计: 1 accident, 1 dead, 1 injured, 120 万元 (the fixture's accident).
    assert rows["工贸"][5:9] == (1, 1, 1, 120) and rows["合计"][5:9] == (1, 1, 1, 120)
    assert any("单位负责人" in str(row[0]) for row in sheet.iter_rows(values_only=True) if row[0])
    assert libreoffice_pdf(content, ".xlsx").startswith(b"%PDF")


def test_api_create_and_step(supervisor: Any, street: Any) -> None:
    client = client_for(supervisor)
    payload = {**accident_data(street), "region": street.code,
               "occurred_at": (timezone.now() - timedelta(days=1)).isoformat(), "loss_wan": "80"}
    created = client.post("/api/v1/accidents/accidents/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["grade"] == "IV" and body["grade_changes"][0]["reason"] == "初次登记"
    step = client.post(f"/api/v1/accidents/accidents/{body['id']}/step/",
                       {"name": "team", "role": "lead", "unit": "", "version": 0},
                       content_type="application/json")
    assert step.status_code == 400  # the unit's name is missing
    step = client.post(f"/api/v1/accidents/accidents/{body['id']}/step/",
                       {"name": "extend_report", "days": 30, "approved_by": "江岸区人民政府",
                        "reason": "需技术鉴定", "version": 0}, content_type="application/json")
    assert step.status_code == 200 and step.json()["report_extension_days"] == 30
    assert step.json()["version"] == 1
    stale = client.post(f"/api/v1/accidents/accidents/{body['id']}/step/",
                        {"name": "extend_report", "days": 10, "approved_by": "江岸区人民政府",
                         "reason": "再延", "version": 0}, content_type="application/json")
    assert stale.status_code == 409
    refused = client.post(f"/api/v1/accidents/accidents/{body['id']}/step/",
                          {"name": "finding", "subject_kind": "person", "subject_name": "王某",
                           "responsibility": "未履行安全生产管理职责", "disposal": "discipline",
                           "version": 1}, content_type="application/json")
    assert refused.status_code == 409  # no report yet: findings come with it
    forbidden = client.post(f"/api/v1/accidents/accidents/{body['id']}/step/",
                            {"name": "reply", "version": 1}, content_type="application/json")
    assert forbidden.status_code == 403  # the 批复 is the government's, whatever the body


def test_typical_case_list_and_casebook_open(accident: Accident, supervisor: Any) -> None:
    from yingji.accidents.services import investigation

    investigation.mark_typical(accident, expected_version=seen(accident),
                               actor=actor_for(supervisor), typical=True,
                               lessons="冲压作业必须配置光电保护装置，严禁违章作业。")
    client = client_for(supervisor)
    page = client.get(reverse("accident_typical"))
    assert "冲压作业必须配置光电保护装置" in page.content.decode()
    word = client.get(reverse("accident_casebook"))
    assert word.status_code == 200
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "生产安全事故典型案例汇编" in text and accident.title in text and "警示教育要点" in text
    assert libreoffice_pdf(word.content, ".docx").startswith(b"%PDF")


def test_a_finding_is_recorded_from_the_page_and_the_api(accident: Accident, supervisor: Any) -> None:
    """登记责任认定 names a person or unit: its field is not the step's ``name``, which
    a person's name used to replace (the step was then unknown)."""
    from yingji.accidents.services import investigation

    actor = actor_for(supervisor)
    investigation.add_team_member(accident, actor=actor, expected_version=0, role="lead",
                                  name="江岸区应急管理局")
    investigation.submit_report(accident, actor=actor, expected_version=1,
                                submitted_on=timezone.localdate())
    client = client_for(supervisor)
    page = client.get(reverse("accident_detail", args=[accident.pk])).content.decode()
    assert 'name="subject_name"' in page
    done = client.post(reverse("accident_step", args=[accident.pk]), {
        "name": "finding", "subject_kind": "person", "subject_name": "张某", "position": "总经理",
        "responsibility": "未履行安全生产管理职责", "disposal": "discipline", "version": 2}, follow=True)
    assert "登记责任认定已完成" in done.content.decode()
    api = client.post(f"/api/v1/accidents/accidents/{accident.pk}/step/", {
        "name": "finding", "subject_kind": "person", "subject_name": "李某",
        "responsibility": "未督促落实隐患排查治理制度", "disposal": "organisation", "version": 3},
        content_type="application/json")
    assert api.status_code == 200, api.content
    assert sorted(accident.findings.values_list("name", flat=True)) == ["张某", "李某"]
