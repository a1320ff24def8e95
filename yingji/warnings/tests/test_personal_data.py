"""The warnings directory's phones are personal data: ciphertext in the database, masked
on the list, the detail page, the export, the API and the public directory; found by the
whole number through the blind index; revealed one at a time by 查看, audited."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from yingji.core.models import AuditLog
from yingji.core.models.audit import AuditAction
from yingji.core.testing import JIANGAN, client_for, make_user
from yingji.warnings.models import ResponsiblePerson

pytestmark = pytest.mark.django_db


def test_directory_phones_are_ciphertext_and_masked_everywhere(officer: Any,
                                                               people: dict[str, Any]) -> None:
    county = people["county"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_index FROM warnings_responsibleperson WHERE id = %s",
                       [county.pk])
        stored, index = cursor.fetchone()
    assert stored.startswith("sm4g:") and "13900000001" not in stored and len(index) == 64
    assert ResponsiblePerson.objects.get(pk=county.pk).phone == "13900000001"
    client = client_for(officer)
    listing = client.get(reverse("responsibleperson_list")).content.decode()
    assert "139****0001" in listing and "13900000001" not in listing
    detail = client.get(reverse("responsibleperson_detail", args=[county.pk])).content.decode()
    assert "139****0001" in detail and "13900000001" not in detail and "查看" in detail
    export = client.get(reverse("responsibleperson_list"), {"export": "xlsx"})
    cells = [str(c.value) for row in load_workbook(io.BytesIO(export.content)).active.iter_rows()
             for c in row if c.value]
    assert "139****0001" in cells and not any("13900000001" in c for c in cells)
    api = client.get(f"/api/v1/warnings/people/{county.pk}/")
    assert api.status_code == 200 and api.json()["phone"] == "139****0001"


def test_the_list_finds_a_person_by_the_whole_phone(officer: Any, people: dict[str, Any]) -> None:
    client = client_for(officer)
    found = client.get(reverse("responsibleperson_list"), {"q": "13900000002"}).content.decode()
    assert "钱主任" in found and "赵县长" not in found
    partial = client.get(reverse("responsibleperson_list"), {"q": "1390000"}).content.decode()
    assert "钱主任" not in partial


def test_a_reveal_shows_the_phone_and_is_audited(officer: Any, people: dict[str, Any]) -> None:
    county = people["county"]
    answer = client_for(officer).post(reverse("personal_reveal"), {
        "model": "warnings.responsibleperson", "pk": county.pk, "field": "phone"},
        HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and "13900000001" in answer.content.decode()
    entry = AuditLog.objects.get(action=AuditAction.REVEAL, object_type="warnings.responsibleperson")
    assert entry.object_id == str(county.pk) and entry.actor_id == officer.pk


def test_a_user_without_the_permission_sees_no_reveal_button(people: dict[str, Any]) -> None:
    legal = make_user("jiangan_legal", roles=["legal_reviewer"], scope=JIANGAN)
    county = people["county"]
    html = client_for(legal).get(reverse("responsibleperson_detail", args=[county.pk])).content.decode()
    assert "139****0001" in html and reverse("personal_reveal") not in html
