"""Callers' phones and the contact book's mobiles are personal data: ciphertext in the
database, masked on the incident's page and in the API, the mobile found by the whole
number through its blind index; 查看 reveals one, audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from yingji.core.models import AuditLog, Region
from yingji.core.models.audit import AuditAction
from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN, actor_for, client_for
from yingji.incidents.models import Contact, Incident

pytestmark = pytest.mark.django_db


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_the_callers_phone_is_ciphertext_and_masked(officer: Any, incident: Incident) -> None:
    stored = raw("incidents_incident", "caller_phone", incident.pk)
    assert stored.startswith("sm4g:") and "13800000000" not in stored
    assert Incident.objects.get(pk=incident.pk).caller_phone == "13800000000"
    client = client_for(officer)
    page = client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
    assert "138****0000" in page and "13800000000" not in page
    api = client.get(f"/api/v1/incidents/incidents/{incident.pk}/").json()
    assert api["caller_phone"] == "138****0000"
    answer = client.post(reverse("personal_reveal"), {
        "model": "incidents.incident", "pk": incident.pk, "field": "caller_phone"})
    assert answer.status_code == 200 and "13800000000" in answer.content.decode()
    assert AuditLog.objects.filter(action=AuditAction.REVEAL, object_id=str(incident.pk),
                                   object_type="incidents.incident").count() == 1


def test_an_outsider_cannot_reveal_the_callers_phone(outsider: Any, incident: Incident) -> None:
    answer = client_for(outsider).post(reverse("personal_reveal"), {
        "model": "incidents.incident", "pk": incident.pk, "field": "caller_phone"})
    assert answer.status_code == 404 and "13800000000" not in answer.content.decode()
    assert AuditLog.objects.filter(action=AuditAction.DENIED, actor_id=outsider.pk,
                                   object_type="incidents.incident").exists()


def test_the_contact_book_finds_a_mobile_by_the_whole_number(officer: Any) -> None:
    contact = create_object(Contact, {
        "region": Region.objects.get(code=JIANGAN), "name": "王主任", "category": "leader",
        "phone": "027-82800001", "mobile": "13600000001"}, actor=actor_for(officer))
    assert raw("incidents_contact", "mobile", contact.pk).startswith("sm4g:")
    client = client_for(officer)
    found = client.get(reverse("contact_list"), {"q": "13600000001"}).content.decode()
    # (The search box echoes what was typed; the table shows the mask.)
    assert "王主任" in found and "<td>136****0001</td>" in found
    assert "<td>13600000001" not in found
    assert "王主任" not in client.get(reverse("contact_list"), {"q": "1360000"}).content.decode()
