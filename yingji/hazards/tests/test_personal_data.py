"""Reporters' and responsible persons' phones are personal data: ciphertext in the
database, masked on the hazard's page and in the API, revealed one at a time, audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from yingji.core.models import AuditLog
from yingji.core.models.audit import AuditAction
from yingji.core.testing import actor_for, client_for
from yingji.hazards.models import Hazard
from yingji.hazards.services import hazards
from yingji.hazards.tests.conftest import hazard_data

pytestmark = pytest.mark.django_db


def test_the_reporters_phone_is_ciphertext_masked_and_revealed_with_audit(
        enterprise: Any, officer: Any) -> None:
    hazard = hazards.create_hazard(hazard_data(enterprise, reporter_name="匿名群众",
                                               reporter_phone="13700137000"),
                                   actor=actor_for(officer))
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_phone FROM hazards_hazard WHERE id = %s", [hazard.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("sm4g:") and "13700137000" not in stored
    assert Hazard.objects.get(pk=hazard.pk).reporter_phone == "13700137000"
    client = client_for(officer)
    page = client.get(reverse("hazard_detail", args=[hazard.pk])).content.decode()
    assert "137****7000" in page and "13700137000" not in page
    assert client.get(f"/api/v1/hazards/hazards/{hazard.pk}/").json()["reporter_phone"] == "137****7000"
    answer = client.post("/api/v1/personal-data/reveal/", {
        "model": "hazards.hazard", "pk": str(hazard.pk), "field": "reporter_phone"},
        content_type="application/json")
    assert answer.status_code == 200 and answer.json()["value"] == "13700137000"
    entry = AuditLog.objects.get(action=AuditAction.REVEAL, object_type="hazards.hazard")
    assert "举报人电话" in entry.detail and "13700137000" not in str(entry.after or "")


def test_an_out_of_scope_supervisor_gets_a_404(enterprise: Any, officer: Any,
                                              wc_supervisor: Any) -> None:
    hazard = hazards.create_hazard(hazard_data(enterprise, reporter_phone="13700137001"),
                                   actor=actor_for(officer))
    answer = client_for(wc_supervisor).post("/api/v1/personal-data/reveal/", {
        "model": "hazards.hazard", "pk": str(hazard.pk), "field": "reporter_phone"},
        content_type="application/json")
    assert answer.status_code == 404
    assert AuditLog.objects.filter(action=AuditAction.DENIED, actor_id=wc_supervisor.pk).exists()
