"""核定伤亡损失 moves the grade only up (a death found later regrades the accident up);
figures that would lower it are refused unless declared a correction with its reason,
at every grade boundary of 493 第三条."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from yingji.accidents.models import Accident
from yingji.accidents.services import accidents
from yingji.accidents.tests.conftest import accident_data, seen
from yingji.core.testing import actor_for, client_for

ZERO = {"deaths": 0, "missing": 0, "serious_injuries": 0, "loss_wan": Decimal("10")}
# (figure, value just below the bound, the bound, grade below, grade at the bound):
# deaths 3/10/30, serious injuries 10/50/100, loss 1000万/5000万/1亿 (in 万元).
BOUNDARIES = [
    ("deaths", 2, 3, "IV", "III"), ("deaths", 9, 10, "III", "II"), ("deaths", 29, 30, "II", "I"),
    ("serious_injuries", 9, 10, "IV", "III"), ("serious_injuries", 49, 50, "III", "II"),
    ("serious_injuries", 99, 100, "II", "I"),
    ("loss_wan", Decimal("999.99"), Decimal("1000"), "IV", "III"),
    ("loss_wan", Decimal("4999.99"), Decimal("5000"), "III", "II"),
    ("loss_wan", Decimal("9999.99"), Decimal("10000"), "II", "I"),
]


def _at(street: Any, supervisor: Any, **figures: Any) -> Accident:
    return accidents.create_accident(accident_data(street, **{**ZERO, **figures}),
                                     actor=actor_for(supervisor))


@pytest.mark.parametrize(("figure", "below", "bound", "low", "high"), BOUNDARIES)
def test_a_later_figure_at_the_bound_regrades_up(street: Any, supervisor: Any, figure: str,
                                                 below: Any, bound: Any, low: str, high: str) -> None:
    accident = _at(street, supervisor, **{figure: below})
    assert accident.grade == low
    change = accidents.change_figures(accident, expected_version=seen(accident), actor=actor_for(supervisor),
                                      reason="伤者经抢救无效死亡，核定", **{figure: bound})
    accident.refresh_from_db()
    assert (change.old_grade, change.new_grade, change.correction) == (low, high, False)
    assert accident.grade == high


@pytest.mark.parametrize(("figure", "below", "bound", "low", "high"), BOUNDARIES)
def test_figures_below_the_bound_need_an_explicit_correction(street: Any, supervisor: Any, figure: str,
                                                             below: Any, bound: Any, low: str,
                                                             high: str) -> None:
    accident = _at(street, supervisor, **{figure: bound})
    assert accident.grade == high
    level = accident.investigating_level
    with pytest.raises(ValidationError) as caught:
        accidents.change_figures(accident, expected_version=seen(accident),
                                 actor=actor_for(supervisor), reason="重新核定",
                                 **{figure: below})
    assert "更正错误数字" in caught.value.message_dict["correction"][0]
    accident.refresh_from_db()
    assert accident.grade == high and getattr(accident, figure) == bound
    assert accident.grade_changes.count() == 1
    change = accidents.change_figures(accident, expected_version=seen(accident),
                                      actor=actor_for(supervisor), correction=True,
                                      reason="统计错误：失踪人员已找到", **{figure: below})
    accident.refresh_from_db()
    assert (change.old_grade, change.new_grade, change.correction) == (high, low, True)
    assert accident.grade == low
    assert accident.investigating_level == level  # a correction never hands the investigation down


def test_a_rise_within_the_grade_needs_no_correction(street: Any, supervisor: Any) -> None:
    accident = _at(street, supervisor, deaths=3)
    change = accidents.change_figures(accident, expected_version=seen(accident),
                                      actor=actor_for(supervisor), reason="核减轻伤人数",
                                      minor_injuries=0, deaths=4)
    assert change.new_grade == "III" and not change.correction


def test_the_page_refuses_a_silent_downgrade_and_takes_a_declared_correction(
        street: Any, supervisor: Any) -> None:
    accident = _at(street, supervisor, deaths=3)
    client = client_for(supervisor)
    url = reverse("accident_step", args=[accident.pk])
    figures = {"name": "figures", "deaths": 2, "missing": 0, "serious_injuries": 0,
               "minor_injuries": 0, "loss_wan": "10", "reason": "重新核定", "version": 0}
    refused = client.post(url, figures, follow=True)
    assert "降为一般" in refused.content.decode()
    accident.refresh_from_db()
    assert accident.grade == "III"
    client.post(url, {**figures, "correction": "on", "reason": "一人系重复统计"}, follow=True)
    accident.refresh_from_db()
    assert accident.grade == "IV"
    page = client.get(reverse("accident_detail", args=[accident.pk])).content.decode()
    assert "一人系重复统计" in page and "更正" in page
