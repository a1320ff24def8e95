"""``year_param``: the year of a statistics query, a Chinese 400 for the API or this year
with a message for a page, never a server error on ``?year=1`` or ``?year=10000``."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from yingji.core.filtersets import YearField, year_param

THIS_YEAR = timezone.localdate().year


def _get(query: str) -> object:
    return RequestFactory().get("/stats/" + query)


def test_an_absent_or_valid_year_is_taken() -> None:
    assert year_param(_get("")) == (THIS_YEAR, "")
    assert year_param(_get("?year=2024")) == (2024, "")
    assert year_param(_get("?y=2023"), "y") == (2023, "")


@pytest.mark.parametrize("raw", ["1", "10000", "-5", "2026.5", "abc", "99999999999999999999"])
def test_a_page_falls_back_to_this_year_with_a_message(raw: str) -> None:
    year, message = year_param(_get(f"?year={raw}"))
    assert year == THIS_YEAR
    assert message.startswith(f"年度“{raw[:8]}”无效，应为2000年至{THIS_YEAR + 1}年")
    assert message.endswith("已显示本年")


def test_the_api_refuses_on_the_field() -> None:
    with pytest.raises(ValidationError) as err:
        year_param(_get("?year=10000"), api=True)
    assert "年度" in err.value.message_dict["year"][0]
    with pytest.raises(ValidationError):
        year_param(_get(f"?year={THIS_YEAR}"), api=True, last=THIS_YEAR - 1)


def test_the_year_field_gives_chinese_errors() -> None:
    field = YearField()
    with pytest.raises(ValidationError) as err:
        field.clean("1")
    assert "不能早于2000年" in err.value.messages[0]
    assert field.clean("2025") == 2025
