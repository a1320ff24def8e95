"""The pure rules against 令第11号's periods and the commitment schedule."""

from __future__ import annotations

from datetime import date
from typing import Any

from yingji.credit import rules


def test_the_management_period_ends_three_years_to_the_day() -> None:
    assert rules.removal_day(date(2024, 3, 15), 3) == date(2027, 3, 15)
    assert rules.removal_day(date(2024, 2, 29), 3) == date(2027, 2, 28)  # no 29 February


def test_early_removal_waits_for_the_minimum_period_then_for_every_obligation() -> None:
    listed = date(2025, 1, 31)
    kwargs: dict[str, Any] = {"listed_on": listed, "min_months": 12, "penalty_paid": True, "rectified": True,
              "committed": True}
    assert "2026-01-31" in (rules.early_removal_refusal(today=date(2026, 1, 30), **kwargs) or "")
    assert rules.early_removal_refusal(today=date(2026, 1, 31), **kwargs) is None
    missing = rules.early_removal_refusal(today=date(2026, 6, 1), **{**kwargs, "rectified": False,
                                                                     "committed": False})
    assert missing == "提前移出须满足：违法行为已整改到位、已签署信用承诺书"


def test_removal_falls_due_on_the_day_not_before() -> None:
    assert not rules.due_to_remove(date(2026, 5, 2), date(2026, 5, 1))
    assert rules.due_to_remove(date(2026, 5, 2), date(2026, 5, 2))


def test_commitment_slots_by_frequency() -> None:
    monday, tuesday = date(2026, 12, 7), date(2026, 12, 8)
    assert rules.commitment_slots(rules.DAILY, 1, tuesday) == [0]
    assert rules.commitment_slots(rules.PER_SHIFT, 3, tuesday) == [1, 2, 3]
    assert rules.commitment_slots(rules.WEEKLY, 1, monday) == [0]
    assert rules.commitment_slots(rules.WEEKLY, 1, tuesday) == []
    assert rules.missing_slots(rules.PER_SHIFT, 3, tuesday, {1, 3}) == [2]


def test_a_listed_enterprise_is_inspected_more_often() -> None:
    assert rules.visits_with_uplift(2, False, 2, 4) == 2
    assert rules.visits_with_uplift(1, True, 2, 4) == 4
    assert rules.visits_with_uplift(3, True, 2, 4) == 6


def test_every_default_ground_cites_the_order() -> None:
    assert len({code for code, _, _ in rules.DEFAULT_GROUNDS}) == 8
    assert all("应急管理部令第11号" in article for _, _, article in rules.DEFAULT_GROUNDS)
