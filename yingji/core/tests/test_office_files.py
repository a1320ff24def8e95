"""Generated spreadsheets open in LibreOffice: the generic list export, an import
template and an import report (row-level errors)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yingji.core.imports import (
    ImportColumn,
    ImportResult,
    ImportSpec,
    RowError,
    report_workbook,
    template_workbook,
)
from yingji.core.testing import client_for, libreoffice_pdf, make_user

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_list_export_opens_in_libreoffice() -> None:
    admin = make_user("office_admin", roles=["admin"])
    response = client_for(admin).get(reverse("department_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert libreoffice_pdf(response.content, ".xlsx").startswith(b"%PDF")


def test_import_template_and_report_open_in_libreoffice() -> None:
    spec = ImportSpec(title="测试导入", columns=(ImportColumn("name", "名称", required=True),),
                      save_row=lambda row, actor: True)
    assert libreoffice_pdf(template_workbook(spec), ".xlsx").startswith(b"%PDF")
    report = report_workbook(ImportResult(total=1, errors=[RowError(3, "名称", "必填")]))
    assert libreoffice_pdf(report, ".xlsx").startswith(b"%PDF")


def test_a_broken_document_is_caught() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<broken")
    with pytest.raises(AssertionError, match="LibreOffice could not open"):
        libreoffice_pdf(buffer.getvalue(), ".docx")
