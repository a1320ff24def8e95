"""Money as the bureau writes it (core.money and the ui filters): thousand separators,
two decimals, 元 — the same on a page as in a Word document."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template

from yingji.core.money import quantity, yuan


def test_amounts_have_thousand_separators_two_decimals_and_the_unit() -> None:
    assert yuan(Decimal("12500")) == "12,500.00元"
    assert yuan("1234567.5") == "1,234,567.50元"
    assert yuan(Decimal("12500"), unit=False) == "12,500.00"
    assert yuan(Decimal("200000"), places=0) == "200,000元"
    assert yuan(None) == "" and yuan("") == ""
    assert quantity(Decimal("3000.00")) == "3,000" and quantity(Decimal("12.50")) == "12.5"


def test_the_template_filters_write_the_same_text() -> None:
    page = Template("{% load ui %}{{ a|yuan }} {{ a|amount }} {{ b|amount:0 }}").render(
        Context({"a": Decimal("12500"), "b": Decimal("3000000")})
    )
    assert page == "12,500.00元 12,500.00 3,000,000"
