"""Coverage by enterprise, industry and district with the gaps; the Excel import of a
certificate roll from a real .xlsx with its per-row report."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from yingji.core.imports import report_workbook, run_import, template_workbook
from yingji.core.testing import actor_for, client_for, system
from yingji.training.models import Certificate, CertifiedPerson
from yingji.training.services import coverage
from yingji.training.services.imports import roll_import_spec
from yingji.training.tests.conftest import certificate, person

pytestmark = pytest.mark.django_db


def test_coverage_counts_people_on_duty_with_a_usable_certificate(
        enterprise: Any, wc_enterprise: Any) -> None:
    today = timezone.localdate()
    certificate(person(enterprise, "甲"), number="A1")
    certificate(person(enterprise, "乙"), number="A2", until=today - timedelta(days=1),
                issued=today - timedelta(days=100))
    person(enterprise, "丙")  # none at all
    person(enterprise, "丁", on_duty=False)  # not on duty: does not count
    certificate(person(wc_enterprise, "戊"), number="B1")
    report = coverage.coverage(CertifiedPerson.objects.all())
    assert (report.total.required, report.total.covered, report.total.percent) == (4, 2, 50.0)
    by_district = {t.label: (t.required, t.covered) for t in report.by_district}
    assert by_district == {"江岸区": (3, 1), "武昌区": (1, 1)}
    by_industry = {t.label: t.percent for t in report.by_industry}
    assert by_industry == {"危险化学品": 33.3, "工贸": 100.0}
    assert report.by_enterprise[0].label == enterprise.name  # lowest first
    assert sorted(p.name for p in report.gap_people(report.gap_ids)) == ["丙", "乙"]


def test_coverage_page_shows_only_the_scope(enterprise: Any, wc_enterprise: Any,
                                            wc_supervisor: Any) -> None:
    person(enterprise, "江岸某")
    person(wc_enterprise, "武昌某")
    page = client_for(wc_supervisor).get("/training/coverage/").content.decode()
    assert "武昌某" in page and "江岸某" not in page


def _roll(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["统一社会信用代码*", "姓名*", "身份证号", "岗位类别*", "作业类别", "证书类别*",
                  "证书编号*", "发证机关*", "初领日期", "有效期至*", "在岗"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_import_a_roll_with_a_row_report(enterprise: Any, wc_enterprise: Any,
                                         ja_supervisor: Any) -> None:
    today = timezone.localdate()
    code = enterprise.credit_code
    content = _roll([
        [code, "王建国", "", "主要负责人", "", "主要负责人安全生产知识和管理能力考核合格证", "Z001",
         "武汉市应急管理局", today - timedelta(days=100), today + timedelta(days=900), "是"],
        [code, "赵电工", "420102199001011234", "特种作业人员", "电工作业", "特种作业操作证", "T9001",
         "湖北省应急管理厅", "2025-01-05", "2031-01-04", ""],
        [code, "钱焊工", "", "特种作业人员", "", "特种作业操作证", "T9002", "湖北省应急管理厅",
         "2025-01-05", "2031-01-04", ""],  # no work type
        [code, "孙某", "", "主要负责人", "", "特种作业操作证", "T9003", "湖北省应急管理厅",
         "2025-01-05", "2024-01-04", ""],  # valid until before issue, and no work type
        ["91420102MA0000000X", "李某", "", "主要负责人", "", "安全培训合格证明", "P1", "某局", "",
         "2030-01-01", ""],  # unknown enterprise
        [wc_enterprise.credit_code, "周某", "", "主要负责人", "", "安全培训合格证明", "P2", "某局", "",
         "2030-01-01", ""],  # another district's enterprise
        [code, "吴某", "", "队长", "", "安全培训合格证明", "P3", "某局", "", "明年", ""],
    ])
    result = run_import(roll_import_spec(), content, actor=actor_for(ja_supervisor))
    assert (result.total, result.created, result.updated, result.failed) == (7, 2, 0, 5)
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert reasons[(4, "作业类别")] == "特种作业人员须填写作业类别"
    assert reasons[(5, "有效期至")] == "有效期至须晚于初领日期"
    assert reasons[(6, "统一社会信用代码")] == "未找到统一社会信用代码为91420102MA0000000X的企业"
    assert reasons[(7, "统一社会信用代码")] == f"企业{wc_enterprise.name}不在您的数据范围内"
    assert reasons[(8, "岗位类别")].startswith("“队长”不是可选值")
    assert reasons[(8, "有效期至")].startswith("日期格式不正确")
    # Nothing of a refused row is left behind, not even its person.
    assert sorted(CertifiedPerson.objects.values_list("name", flat=True)) == ["王建国", "赵电工"]
    electrician = CertifiedPerson.objects.get(name="赵电工")
    assert electrician.id_number == "420102199001011234"
    assert Certificate.objects.get(number="T9001").review_due_on is not None
    report: Any = load_workbook(io.BytesIO(report_workbook(result))).active
    assert [c.value for c in report[1]] == ["行号", "列", "原因"]
    # Importing again after a renewal updates the certificate of the same person.
    again = _roll([[code, "赵电工", "420102199001011234", "特种作业人员", "电工作业", "特种作业操作证",
                    "T9001", "湖北省应急管理厅", "2025-01-05", "2031-06-30", ""]])
    second = run_import(roll_import_spec(), again, actor=actor_for(ja_supervisor))
    assert (second.created, second.updated, second.failed) == (0, 1, 0)
    assert str(Certificate.objects.get(number="T9001").valid_until) == "2031-06-30"
    assert CertifiedPerson.objects.filter(name="赵电工").count() == 1


def test_import_page_and_template(enterprise: Any, ja_supervisor: Any) -> None:
    client = client_for(ja_supervisor)
    template = client.get("/training/certificates/import/template.xlsx")
    assert template.status_code == 200
    sheet: Any = load_workbook(io.BytesIO(template.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["统一社会信用代码*", "姓名*"]
    assert template_workbook(roll_import_spec())
    content = _roll([[enterprise.credit_code, "郑某", "", "安全生产管理人员", "",
                      "安全生产管理人员安全生产知识和管理能力考核合格证", "M1", "武汉市应急管理局",
                      "", "2029-01-01", ""]])
    page = client.post("/training/certificates/import/",
                       {"file": io.BytesIO(content)}, format="multipart")
    assert page.status_code == 200
    assert Certificate.objects.filter(number="M1").exists()
    assert system()  # the import ran as the user, not the system


def test_coverage_page_pages_the_gap_list(enterprise: Any, ja_supervisor: Any) -> None:
    for i in range(55):
        person(enterprise, f"缺证{i:02d}")
    client = client_for(ja_supervisor)
    first = client.get("/training/coverage/").content.decode()
    assert "共55条，第1/2页" in first and "缺证00" in first and "缺证54" not in first
    second = client.get("/training/coverage/?gpage=2").content.decode()
    assert "缺证54" in second and "缺证00" not in second and "第2/2页" in second
