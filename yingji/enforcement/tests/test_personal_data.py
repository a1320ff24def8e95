"""Parties' ID numbers and inspectors' phones are personal data: ciphertext in the
database, plaintext to the services (documents), masked on the case's page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from yingji.core.testing import client_for
from yingji.enforcement.models import Case
from yingji.enforcement.tests.conftest import open_test_case

pytestmark = pytest.mark.django_db

ID = "42010219800101123X"


def test_the_partys_id_number_is_ciphertext_and_masked(bureau: Any) -> None:
    case = open_test_case(bureau, person_name="张三", person_id_number=ID)
    with connection.cursor() as cursor:
        cursor.execute("SELECT person_id_number FROM enforcement_case WHERE id = %s", [case.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("sm4g:") and ID not in stored
    assert Case.objects.get(pk=case.pk).person_id_number == ID
    page = client_for(bureau.inspector_user).get(reverse("case_detail", args=[case.pk])).content.decode()
    assert ID not in page
    if "责任人身份证号" in page:
        assert "420102********123X" in page
