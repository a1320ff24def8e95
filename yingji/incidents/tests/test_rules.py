"""Pure rules against worked examples of 国务院令第493号 and the issue's figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yingji.incidents import rules

T0 = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(("deaths", "serious", "loss", "grade"), [
    (0, 0, 0, "IV"), (2, 9, 999, "IV"),          # all below the 较大 bounds
    (3, 0, 0, "III"), (0, 10, 0, "III"), (0, 0, 1000, "III"),  # "以上" includes the bound
    (9, 49, 4999.99, "III"),
    (10, 0, 0, "II"), (0, 50, 0, "II"), (0, 0, 5000, "II"), (29, 99, 9999, "II"),
    (30, 0, 0, "I"), (0, 100, 0, "I"), (0, 0, 10000, "I"),   # 1 亿 = 10000 万
    (1, 0, 12000, "I"),  # any one criterion reaches the grade
])
def test_grade_493_bounds(deaths: int, serious: int, loss: float, grade: str) -> None:
    assert rules.grade_493(deaths, serious, loss) == grade


@given(st.integers(0, 200), st.integers(0, 300), st.integers(0, 20000), st.integers(0, 50))
def test_grade_493_monotonic(deaths: int, serious: int, loss: int, more: int) -> None:
    """More casualties never give a lower grade."""
    before = rules.GRADE_RANK[rules.grade_493(deaths, serious, loss)]
    after = rules.GRADE_RANK[rules.grade_493(deaths + more, serious, loss)]
    assert after <= before


def test_criteria_take_the_highest_grade_reached() -> None:
    criteria = [rules.Criterion("I", "deaths", Decimal(30)), rules.Criterion("II", "deaths", Decimal(10)),
                rules.Criterion("III", "relocated", Decimal(5000))]
    assert rules.grade_by_criteria(criteria, rules.metric_values(deaths=12, relocated=6000)) == "II"
    assert rules.grade_by_criteria(criteria, rules.metric_values(deaths=1)) is None


def test_contradiction_names_the_rule_grade() -> None:
    assert rules.contradiction("IV", "III") == "所选等级“一般”低于按伤亡和损失计算的等级“较大”，请核实"
    assert "高于" in rules.contradiction("I", "IV")
    assert rules.contradiction("III", "III") == ""
    assert rules.contradiction(None, "III") == ""


def test_classification() -> None:
    assert rules.check_classification("accident", "fire") is None
    assert rules.check_classification("natural", "fire") == "“火灾事故”属于事故灾难，不属于自然灾害"
    assert "不在国家分类之内" in (rules.check_classification("accident", "xyz") or "")
    assert {c for c, _ in rules.CATEGORIES} == {s.category for s in rules.SUBTYPES}


def test_follow_up_window_is_7_days_for_road_and_fire_else_30() -> None:
    assert rules.follow_up_window("road_traffic") == 7
    assert rules.follow_up_window("fire") == 7
    assert rules.follow_up_window("production") == 30
    assert rules.follow_up_window("flood_drought") is None
    assert rules.needs_supplement("fire", T0, T0 + timedelta(days=7))
    assert not rules.needs_supplement("fire", T0, T0 + timedelta(days=7, seconds=1))
    assert rules.needs_supplement("hazchem", T0, T0 + timedelta(days=30))


def test_late_is_strictly_after_due() -> None:
    due = T0 + timedelta(hours=1)
    assert not rules.is_late(due, due)
    assert rules.is_late(due, due + timedelta(seconds=1))
    assert not rules.is_late(None, due)
    assert rules.countdown(due, T0) == (False, 3600)
    assert rules.countdown(due, due + timedelta(minutes=2)) == (True, 120)


def test_arrival_rate_counts_missing_arrivals_as_late() -> None:
    pairs = [(T0, T0 + timedelta(minutes=60)), (T0, T0 + timedelta(minutes=61)), (T0, None),
             (T0, T0 + timedelta(minutes=20))]
    assert rules.arrival_rate(pairs, 60) == 0.5
    assert rules.arrival_rate([], 60) is None


def test_duty_pattern_and_overlap() -> None:
    assert rules.parse_pattern("1+4+N") == rules.Pattern(1, 4, True)
    assert rules.parse_pattern(" 1 + 2 ") == rules.Pattern(1, 2, False)
    with pytest.raises(ValueError, match="格式不正确"):
        rules.parse_pattern("1-4")
    with pytest.raises(ValueError, match="至少需要1名带班领导"):
        rules.parse_pattern("0+4")
    end = T0 + timedelta(hours=24)
    assert not rules.overlaps(T0, end, end, end + timedelta(hours=24))  # back-to-back
    assert rules.overlaps(T0, end, end - timedelta(minutes=1), end + timedelta(hours=1))
    assert rules.staffing_shortfall(rules.Pattern(1, 4, True), 1, 2) == "值班员2人，少于4人"
