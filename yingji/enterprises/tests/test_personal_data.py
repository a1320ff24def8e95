"""Enterprises' persons' phones are personal data: ciphertext in the database, masked on
the list, the enterprise's page (and its major hazard sources' responsible persons) and in
the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from yingji.core.testing import client_for, system
from yingji.enterprises import services
from yingji.enterprises.tests.factories import make_enterprise

pytestmark = pytest.mark.django_db


def test_enterprise_phones_are_ciphertext_and_masked(ja_supervisor: Any) -> None:
    enterprise = make_enterprise(7, principal_phone="13300133000", safety_manager_phone="13300133001")
    services.create_major_hazard({"enterprise": enterprise, "name": "罐区", "main_person": "周主任",
                                  "main_person_phone": "13300133002"}, actor=system())
    with connection.cursor() as cursor:
        cursor.execute("SELECT principal_phone FROM enterprises_enterprise WHERE id = %s", [enterprise.pk])
        assert cursor.fetchone()[0].startswith("sm4g:")
    client = client_for(ja_supervisor)
    listing = client.get(reverse("enterprise_list")).content.decode()
    assert "133****3000" in listing and "13300133000" not in listing
    page = client.get(reverse("enterprise_detail", args=[enterprise.pk])).content.decode()
    assert "133****3001" in page and "133****3002" in page
    assert not any(p in page for p in ("13300133000", "13300133001", "13300133002"))
    api = client.get(f"/api/v1/enterprises/{enterprise.pk}/")
    assert api.status_code == 200 and api.json()["principal_phone"] == "133****3000"
