"""API field errors, the enterprise's own roll only, and the person's page."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.testing import client_for
from yingji.hazards.models import Hazard
from yingji.training.models import Certificate
from yingji.training.tests.conftest import person

pytestmark = pytest.mark.django_db


def test_api_answers_field_errors_in_chinese_and_saves_nothing(enterprise: Any,
                                                               ja_supervisor: Any) -> None:
    holder = person(enterprise)
    client = client_for(ja_supervisor)
    answer = client.post("/api/v1/training/certificates/", {
        "person": holder.pk, "kind": "special_operation", "number": "X1", "issuer": "厅",
        "issued_on": "2025-01-01", "valid_until": "2024-01-01"}, content_type="application/json")
    assert answer.status_code == 400
    fields = answer.json()["error"]["fields"]
    assert fields["valid_until"] == ["有效期至须晚于初领日期"]
    assert fields["work_type"] == ["特种作业操作证须填写作业类别"]
    assert not Certificate.objects.exists()
    good = client.post("/api/v1/training/certificates/", {
        "person": holder.pk, "kind": "special_operation", "work_type": "electrical", "number": "X1",
        "issuer": "湖北省应急管理厅", "issued_on": "2025-01-01", "valid_until": "2031-01-01"},
        content_type="application/json")
    assert good.status_code == 201, good.content
    assert good.json()["review_due_on"] == "2028-01-01"


def test_enterprise_account_sees_only_its_own_people(enterprise: Any, wc_enterprise: Any,
                                                     owner: Any) -> None:
    from yingji.enterprises.tests.factories import make_enterprise

    neighbour = make_enterprise(3, name="大智邻居化工有限公司")  # same street, not the owner's
    person(enterprise, "本企业电工")
    person(neighbour, "邻居电工")
    client = client_for(owner)
    names = [r["name"] for r in client.get("/api/v1/training/people/").json()["results"]]
    assert names == ["本企业电工"]
    page = client.get("/training/people/").content.decode()
    assert "本企业电工" in page and "邻居电工" not in page
    other = person(neighbour, "邻居焊工", work_type="welding")
    assert client.get(f"/training/people/{other.pk}/").status_code == 404


def test_person_page_registers_the_hazard(enterprise: Any, ja_supervisor: Any) -> None:
    holder = person(enterprise)
    client = client_for(ja_supervisor)
    page = client.get(f"/training/people/{holder.pk}/").content.decode()
    assert "登记为隐患" in page and "未持证" in page
    answer = client.post(f"/training/people/{holder.pk}/flag/")
    assert answer.status_code == 302
    hazard = Hazard.objects.get()
    page = client.get(f"/training/people/{holder.pk}/").content.decode()
    assert hazard.number in page and f"/training/people/{holder.pk}/flag/" not in page


def test_workbench_counts_expiring_certificates_and_gaps_in_scope(
        enterprise: Any, ja_supervisor: Any, wc_supervisor: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from yingji.training.tests.conftest import certificate
    from yingji.training.workbench import training_todos

    certificate(person(enterprise, "将到期"), until=timezone.localdate() + timedelta(days=10))
    person(enterprise, "无证")
    labels = [t.label for t in training_todos(ja_supervisor)]
    assert labels == ["1本资格证书即将到期", "1名三项岗位人员应持证未持有效证书"]
    assert training_todos(wc_supervisor) == []
