"""补录 from a 瞒报 verification task: the accident form starts from the row (date, unit,
credit code, place, person), the record goes back to the task for its verdict, and a
confirmed concealment stays on the accident (its page, later corrections)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.accidents.models import Accident, AccidentSource, CrossCheckRow, RowStatus
from yingji.accidents.services import accidents, crosscheck
from yingji.accidents.tests.conftest import seen
from yingji.accidents.tests.test_crosscheck import workbook
from yingji.core.testing import actor_for, client_for

DAY = timezone.localdate() - timedelta(days=6)


def _task(user: Any, street: str = "420102002000") -> CrossCheckRow:
    batch, _ = crosscheck.import_list("injury", "武汉市人社局工伤保险处", workbook(
        [[DAY, "武汉江城钢构安装有限公司", "91420102MA4K00001X", "周某", street, "大智街道工业路12号",
          "高处作业时坠落致腰椎骨折"]]), actor=actor_for(user))
    return batch.rows.get()


def _form_values(page: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'name="([a-z_0-9]+)"[^>]*?value="([^"]*)"', page))


def test_the_entry_form_starts_from_the_row(supervisor: Any) -> None:
    task = _task(supervisor)
    client = client_for(supervisor)
    detail = client.get(reverse("crosscheckrow_detail", args=[task.pk])).content.decode()
    link = reverse("accident_add") + f"?row={task.pk}"
    assert f'href="{link}"' in detail
    page = client.get(link).content.decode()
    values = _form_values(page)
    assert values["occurred_at"] == f"{DAY:%Y-%m-%d}T08:00"
    assert values["unit_name"] == "武汉江城钢构安装有限公司"
    assert values["credit_code"] == "91420102MA4K00001X"
    assert values["address"] == "大智街道工业路12号" and values["victims"] == "周某"
    assert "高处作业时坠落致腰椎骨折" in page  # the summary opens the description


def _post(client: Any, task: CrossCheckRow, **extra: Any) -> Any:
    data = {"title": "武汉江城钢构安装有限公司高处坠落事故", "occurred_at": f"{DAY:%Y-%m-%d}T08:00",
            "region": "420102002000", "address": "大智街道工业路12号",
            "unit_name": "武汉江城钢构安装有限公司", "credit_code": "91420102MA4K00001X",
            "industry": "construction", "subtype": "construction", "is_production": "on",
            "deaths": 0, "missing": 0, "serious_injuries": 1, "minor_injuries": 0, "loss_wan": "35",
            "victims": "周某", "category_6441": "09", "description": "高处作业时坠落", **extra}
    return client.post(reverse("accident_add") + f"?row={task.pk}", data)


def test_entered_then_verified_as_concealed_and_kept(supervisor: Any) -> None:
    task = _task(supervisor)
    client = client_for(supervisor)
    saved = _post(client, task)
    accident = Accident.objects.get()
    assert accident.source == AccidentSource.CROSSCHECK and accident.serious_injuries == 1
    back = reverse("crosscheckrow_detail", args=[task.pk]) + f"?accident={accident.pk}"
    assert saved.status_code == 302 and saved["Location"] == back
    page = client.get(back).content.decode()
    assert f'<option value="{accident.pk}" selected>' in page
    task.refresh_from_db()
    assert task.status == RowStatus.PENDING  # the verdict is the officer's
    client.post(reverse("crosscheckrow_verify", args=[task.pk]), {
        "verdict": "concealed", "accident": accident.pk, "note": "企业未按规定报告",
        "concealed_by": "武汉江城钢构安装有限公司法定代表人吴某"})
    accidents.update_accident(accident, {"address": "大智街道工业路12号3栋"}, expected_version=seen(accident),
                              actor=actor_for(supervisor))
    accidents.change_figures(accident, expected_version=seen(accident),
                             actor=actor_for(supervisor), reason="伤者经抢救无效死亡",
                             deaths=1, serious_injuries=0)
    accident.refresh_from_db()
    assert accident.concealed and accident.concealed_by == "武汉江城钢构安装有限公司法定代表人吴某"
    detail = client.get(reverse("accident_detail", args=[accident.pk])).content.decode()
    assert "经核查属瞒报（瞒报单位和人员：武汉江城钢构安装有限公司法定代表人吴某）" in detail


def test_bad_entry_changes_nothing(supervisor: Any) -> None:
    task = _task(supervisor)
    page = _post(client_for(supervisor), task, title="", unit_name="")
    assert page.status_code == 200 and "保存未成功" in page.content.decode()
    assert not Accident.objects.exists()
    task.refresh_from_db()
    assert task.status == RowStatus.PENDING


def test_another_districts_row_is_not_found(supervisor: Any, outsider: Any) -> None:
    task = _task(outsider, street="420106001000")
    client = client_for(supervisor)
    assert client.get(reverse("accident_add") + f"?row={task.pk}").status_code == 404
    assert _post(client, task).status_code == 404
    assert not Accident.objects.exists()


def test_a_verified_row_enters_nothing(supervisor: Any) -> None:
    task = _task(supervisor)
    crosscheck.verify_row(task, actor=actor_for(supervisor), verdict="not_accident",
                          note="经核实为家中摔伤，非生产经营活动")
    page = _post(client_for(supervisor), task)
    assert "该核查记录已有结论" in page.content.decode()
    assert not Accident.objects.exists()
