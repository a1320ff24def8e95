"""The generated report opens in LibreOffice, not only in python-docx."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.testing import actor_for, libreoffice_pdf
from yingji.incidents.models import Incident
from yingji.incidents.services import reports

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_report_word_document_opens_in_libreoffice(incident: Incident, leader: Any) -> None:
    report = reports.submit_report(incident.reports.get(), actor=actor_for(leader),
                                   content="首报正文\n第一段")
    version = report.versions.order_by("number").last()
    assert version is not None
    assert libreoffice_pdf(reports.docx_bytes(version), ".docx").startswith(b"%PDF")
