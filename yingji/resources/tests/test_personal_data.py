"""Experts' phones are personal data: ciphertext in the database, masked on the list, the
page and the export; the edit form keeps the stored phone when left empty."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from yingji.core.actor import Actor
from yingji.core.services.objects import create_object
from yingji.core.testing import client_for, region
from yingji.resources.models import Expert

pytestmark = pytest.mark.django_db


def test_expert_phones_are_ciphertext_and_masked(jiangan_officer: Any) -> None:
    expert = create_object(Expert, {"name": "李工", "region": region("420102000000"),
                                    "specialities": "危险化学品", "phone": "13500135000"},
                           actor=Actor.system("test"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM resources_expert WHERE id = %s", [expert.pk])
        assert cursor.fetchone()[0].startswith("sm4g:")
    client = client_for(jiangan_officer)
    for url in (reverse("expert_list"), reverse("expert_detail", args=[expert.pk]),
                reverse("expert_edit", args=[expert.pk])):
        html = client.get(url).content.decode()
        assert "135****5000" in html and "13500135000" not in html, url
    export = client.get(reverse("expert_list"), {"export": "xlsx"})
    cells = [str(c.value) for row in load_workbook(io.BytesIO(export.content)).active.iter_rows()
             for c in row if c.value]
    assert "135****5000" in cells and not any("13500135000" in c for c in cells)
