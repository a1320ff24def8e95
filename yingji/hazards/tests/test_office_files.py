"""The digital hazard ledger export opens in LibreOffice."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.testing import client_for, libreoffice_pdf

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_ledger_export_opens_in_libreoffice(officer: Any, hazard: Any) -> None:
    response = client_for(officer).get("/hazards/?export=xlsx")
    assert response.status_code == 200
    assert libreoffice_pdf(response.content, ".xlsx").startswith(b"%PDF")
