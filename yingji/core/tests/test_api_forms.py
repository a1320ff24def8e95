"""core.api.forms: an API body checked by a page form gives the form's field messages."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from yingji.core.api.forms import checked, form_data, request_values


class DutyForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=4, error_messages={"required": "请填写姓名"})
    shift = forms.IntegerField(label="班次", min_value=1)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("name") == "无名":
            raise forms.ValidationError("姓名不能是“无名”")
        return data


def json_request(body: dict[str, object]) -> Request:
    return Request(APIRequestFactory().post("/", body, format="json"), parsers=[JSONParser()])


def test_an_invalid_body_is_a_field_level_error_in_chinese() -> None:
    with pytest.raises(ValidationError) as refused:
        checked(DutyForm, json_request({"shift": 0}))
    detail: Any = refused.value.detail
    assert detail["name"] == ["请填写姓名"]
    assert "1" in str(detail["shift"][0])


def test_a_form_wide_error_goes_under_the_non_field_key() -> None:
    with pytest.raises(ValidationError) as refused:
        form_data(DutyForm(data={"name": "无名", "shift": 2}))
    detail: Any = refused.value.detail
    assert detail["non_field_errors"] == ["姓名不能是“无名”"]


def test_a_valid_body_gives_the_cleaned_values() -> None:
    assert checked(DutyForm, json_request({"name": "张三", "shift": "3"})) == {"name": "张三", "shift": 3}


def test_a_form_encoded_body_keeps_repeated_keys_as_lists() -> None:
    raw = APIRequestFactory().post("/", {"team": ["1", "2"], "name": "x"})
    values = request_values(Request(raw, parsers=[FormParser(), MultiPartParser()]))
    assert values == {"team": ["1", "2"], "name": "x"}
