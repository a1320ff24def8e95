"""瞒报 cross-checks: a list imported from Excel is matched row by row; unmatched rows
become the district's tasks with a deadline; a verified concealment is recorded."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from yingji.accidents.models import Accident, CrossCheckRow, RowStatus
from yingji.accidents.services import crosscheck
from yingji.core.models import Deadline
from yingji.core.testing import actor_for, client_for, libreoffice_pdf

HEADER = ["日期*", "单位名称", "统一社会信用代码", "人员姓名", "区划代码*", "地点", "情况摘要"]


def workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_matches_reports_and_opens_tasks(accident: Accident, supervisor: Any) -> None:
    day = timezone.localdate(accident.occurred_at)
    content = workbook([
        [day + timedelta(days=1), "", "91420102MA4KXXXX1X", "", "420102002000", "", "工伤认定申请"],
        [day, "", "", "李某", "420102000000", "", "住院"],
        [day, "武汉某物流有限公司", "", "赵某", "420102002000", "某路1号", "叉车压伤"],
        [day + timedelta(days=400), "某公司", "", "", "420102002000", "", "日期在未来"],
        [day, "", "", "", "420102002000", "", "三项都没填"],
        [day, "某公司", "", "", "999999", "", "区划不存在"],
    ])
    batch, result = crosscheck.import_list("injury", "江岸区人社局", content, actor=actor_for(supervisor))
    assert (result.total, result.created, result.failed) == (6, 3, 3)
    assert {e.reason for e in result.errors} >= {"日期不能晚于今天", "区划代码999999000000不存在"}
    assert (batch.rows_total, batch.rows_matched, batch.rows_unmatched) == (3, 2, 1)
    matched = list(batch.rows.filter(status=RowStatus.MATCHED).order_by("line"))
    assert matched[0].accident_id == accident.pk and matched[0].match_reasons == "统一社会信用代码一致"
    assert matched[1].match_reasons == "人员姓名一致"
    task = batch.rows.get(status=RowStatus.PENDING)
    assert task.due == timezone.localdate() + timedelta(days=15)
    assert Deadline.objects.filter(object_id=str(task.pk), kind=crosscheck.VERIFY,
                                   closed_at__isnull=True).exists()


def test_outside_the_scope_rows_are_refused(supervisor: Any, outsider: Any) -> None:
    content = workbook([[timezone.localdate(), "某公司", "", "", "420102002000", "", ""]])
    _, result = crosscheck.import_list("fire", "武昌消防", content, actor=actor_for(outsider))
    assert result.failed == 1 and not CrossCheckRow.objects.exists()


def test_verified_concealment_is_recorded_on_the_accident(accident: Accident, supervisor: Any) -> None:
    day = timezone.localdate(accident.occurred_at)
    batch, _ = crosscheck.import_list("hospital", "市第一医院", workbook(
        [[day, "武汉某物流有限公司", "", "赵某", "420102002000", "", "叉车压伤"]]),
        actor=actor_for(supervisor))
    task = batch.rows.get()
    with pytest.raises(ValidationError) as refused:
        crosscheck.verify_row(task, actor=actor_for(supervisor), verdict="concealed", accident=accident)
    assert "concealed_by" in refused.value.message_dict
    crosscheck.verify_row(task, actor=actor_for(supervisor), verdict="concealed", accident=accident,
                          concealed_by="武汉某物流有限公司法定代表人张某")
    accident.refresh_from_db()
    task.refresh_from_db()
    assert accident.concealed and accident.concealed_by == "武汉某物流有限公司法定代表人张某"
    assert task.status == RowStatus.VERIFIED and task.accident_id == accident.pk
    assert not Deadline.objects.filter(object_id=str(task.pk), kind=crosscheck.VERIFY,
                                       closed_at__isnull=True).exists()
    with pytest.raises(ValidationError):
        crosscheck.verify_row(task, actor=actor_for(supervisor), verdict="not_accident", note="重复")


def test_not_an_accident_needs_the_reason(supervisor: Any) -> None:
    batch, _ = crosscheck.import_list("complaint", "12345热线", workbook(
        [[timezone.localdate(), "某公司", "", "", "420102002000", "", "投诉"]]), actor=actor_for(supervisor))
    task = batch.rows.get()
    with pytest.raises(ValidationError):
        crosscheck.verify_row(task, actor=actor_for(supervisor), verdict="not_accident", note="")
    done = crosscheck.verify_row(task, actor=actor_for(supervisor), verdict="not_accident",
                                 note="经核实为居民家中摔伤，非生产经营活动")
    assert done.verdict == "not_accident" and done.accident_id is None


def test_import_page_template_and_verify_page(accident: Accident, supervisor: Any) -> None:
    client = client_for(supervisor)
    template = client.get(reverse("crosscheck_template"))
    assert template.status_code == 200
    assert libreoffice_pdf(template.content, ".xlsx").startswith(b"%PDF")
    upload = io.BytesIO(workbook([[timezone.localdate(), "某公司", "", "钱某", "420102002000", "", "摔伤"]]))
    upload.name = "list.xlsx"
    page = client.post(reverse("crosscheck_import"), {"kind": "injury", "source_name": "江岸区人社局",
                                                      "file": upload})
    assert page.status_code == 200 and "转核查任务 <strong class=\"text-danger\">1" in page.content.decode()
    task = CrossCheckRow.objects.get()
    detail = client.get(reverse("crosscheckrow_detail", args=[task.pk]))
    assert "保存核查结论" in detail.content.decode()
    done = client.post(reverse("crosscheckrow_verify", args=[task.pk]),
                       {"verdict": "recorded", "accident": accident.pk}, follow=True)
    assert "核查结论已保存" in done.content.decode()
    task.refresh_from_db()
    assert task.verdict == "recorded"


def test_the_menus_task_list_leads_to_the_lists_and_the_import(supervisor: Any, outsider: Any) -> None:
    """瞒报核查 in the menu opens the tasks; the imported lists and the import are reached
    from there (they had no way in), for those who may import."""
    page = client_for(supervisor).get(reverse("crosscheckrow_list")).content.decode()
    assert f'href="{reverse("crosscheck_import")}"' in page
    assert f'href="{reverse("crosscheckbatch_list")}"' in page
    from yingji.core.testing import make_user

    reader = make_user("ja_duty_cc", roles=["duty_officer"], scope="420102000000")
    tasks = client_for(reader).get(reverse("crosscheckrow_list")).content.decode()
    assert f'href="{reverse("crosscheck_import")}"' not in tasks


def test_a_refused_verdict_changes_nothing_and_says_why(supervisor: Any) -> None:
    batch, _ = crosscheck.import_list("complaint", "12345热线", workbook(
        [[timezone.localdate(), "某公司", "", "", "420102002000", "", "投诉"]]), actor=actor_for(supervisor))
    task = batch.rows.get()
    page = client_for(supervisor).post(reverse("crosscheckrow_verify", args=[task.pk]),
                                       {"verdict": "not_accident", "note": ""}, follow=True)
    assert page.redirect_chain[-1][0] == reverse("crosscheckrow_detail", args=[task.pk])
    task.refresh_from_db()
    assert task.verdict == "" and task.status == "pending"
    assert "核查结论已保存" not in page.content.decode()
