"""Phone numbers and coordinates that people type are checked on every model, with a
Chinese message on the field, all problems at once, and nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from yingji.core.models import Department
from yingji.core.rules import coordinate_problem, phone_problem
from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN, client_for, make_user, region, system
from yingji.core.tests.test_pages_departments import form_data
from yingji.core.tests.workflowapp.models import Ticket


@pytest.mark.parametrize("good", [
    "13912345678", "+86 13912345678", "027-85123456", "02785123456", "(027)85123456",
    "0712-2345678", "027-85123456-801", "027-85123456转801", "12350", "110", "400-810-8888",
    "027-119", "027-12121",
])
def test_usable_numbers_pass(good: str) -> None:
    assert phone_problem(good) is None


@pytest.mark.parametrize("bad", ["12", "82000002", "1391234567", "23912345678", "abc", "027-1"])
def test_unusable_numbers_are_refused_in_chinese(bad: str) -> None:
    assert "电话号码格式不正确" in (phone_problem(bad) or "")


def test_a_number_for_text_messages_must_be_a_mobile() -> None:
    assert phone_problem("13912345678", mobile_only=True) is None
    assert phone_problem("027-85123456", mobile_only=True) == "请填写11位手机号码（如 13912345678）"


@given(st.from_regex(r"^1[3-9][0-9]{9}$", fullmatch=True))
def test_every_mainland_mobile_passes_both_checks(number: str) -> None:
    assert phone_problem(number) is None and phone_problem(number, mobile_only=True) is None


@pytest.mark.parametrize(("axis", "value", "ok"), [
    ("longitude", 114.3, True), ("longitude", 30.6, False), ("longitude", 141.0, False),
    ("longitude", -114.3, False), ("latitude", 30.6, True), ("latitude", 114.3, False),
    ("latitude", 0.0, False),
])
def test_coordinates_must_lie_in_china(axis: str, value: float, ok: bool) -> None:
    assert (coordinate_problem(value, axis=axis) is None) is ok


@pytest.mark.django_db
def test_a_model_reports_every_bad_field_at_once_and_saves_nothing() -> None:
    data: dict[str, Any] = {"name": "江岸区值班室", "kind": "office", "region": region(JIANGAN),
                            "phone": "12"}
    with pytest.raises(ValidationError) as exc:
        create_object(Department, {**data, "name": ""}, actor=system())
    assert set(exc.value.message_dict) == {"name", "phone"}
    assert "电话号码格式不正确" in exc.value.message_dict["phone"][0]
    assert not Department.objects.filter(phone="12").exists()


@pytest.mark.django_db
def test_coordinates_outside_china_are_refused_on_the_model() -> None:
    ticket = Ticket(title="x", region=region(JIANGAN), state="registered",
                    longitude=30.6, latitude=114.3)  # swapped
    with pytest.raises(ValidationError) as exc:
        ticket.full_clean()
    assert set(exc.value.message_dict) == {"longitude", "latitude"}
    ticket.longitude, ticket.latitude = 114.3, 30.6
    ticket.full_clean()


@pytest.mark.django_db
def test_the_page_shows_the_phone_problem_on_its_field() -> None:
    admin = make_user("fc_admin", roles=["admin"], scope="4201")
    response = client_for(admin).post(reverse("department_add"), form_data(phone="8888"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "电话号码格式不正确" in form.errors["phone"][0]
    assert not Department.objects.filter(phone="8888").exists()


@pytest.mark.django_db
def test_the_api_names_the_field_and_free_text_has_a_limit() -> None:
    admin = make_user("fc_api_admin", roles=["admin"], scope="4201")
    client = client_for(admin)
    response = client.post("/api/v1/departments/", {
        "name": "江岸区值班室", "kind": "office", "region": JIANGAN, "phone": "8888"},
        content_type="application/json")
    assert response.status_code == 400
    assert "电话号码格式不正确" in response.json()["error"]["fields"]["phone"][0]
