"""The licence list: scoped, filtered by validity, exported."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from yingji.core.testing import client_for, system
from yingji.enterprises import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def licences(jiangan_enterprise: Any, wuchang_enterprise: Any) -> None:
    today = timezone.localdate()
    for enterprise, number, days in ((jiangan_enterprise, "JA-OLD", -3),
                                     (jiangan_enterprise, "JA-SOON", 10),
                                     (jiangan_enterprise, "JA-OK", 400),
                                     (jiangan_enterprise, "JA-TODAY", 0),
                                     (wuchang_enterprise, "WC-SOON", 5)):
        services.create_licence({"enterprise": enterprise, "kind": "hazchem_trade",
                                 "number": number, "expires_on": today + timedelta(days=days)},
                                actor=system())


def test_list_shows_state_and_filters_by_validity(ja_supervisor: Any, licences: None) -> None:
    client = client_for(ja_supervisor)
    page = client.get(reverse("licence_list")).content.decode()
    assert "JA-OLD" in page and "已过期" in page and "10天后到期" in page and "今天到期" in page
    assert 'type="date"' in page and 'name="enterprise"' in page and "全部区划" in page
    assert "WC-SOON" not in page  # another district
    soon = client.get(reverse("licence_list"), {"validity": "soon"}).content.decode()
    assert "JA-SOON" in soon and "JA-OLD" not in soon and "JA-OK" not in soon


def test_export_is_scoped(wc_supervisor: Any, licences: None) -> None:
    response = client_for(wc_supervisor).get(reverse("licence_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    numbers = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "WC-SOON" in numbers and not any(str(n).startswith("JA-") for n in numbers)
