"""The pure rules: consistency of figures, the lowered-figure rule, registers, the
response level at each boundary, ID numbers and masking."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from yingji.disasters import rules

NATIONAL = {
    "I": (200, 2_000_000, 300_000, 100_000),
    "II": (100, 1_000_000, 200_000, 70_000),
    "III": (50, 500_000, 100_000, 30_000),
    "IV": (20, 100_000, 10_000, 3_000),
}
TABLE = [
    rules.Threshold(level, indicator, Decimal(value), f"{level}:{indicator}")
    for level, values in NATIONAL.items()
    for indicator, value in zip(
        ("dead_missing", "relocated_needing", "houses_rooms", "houses_households"), values, strict=True
    )
]


def test_damaged_crops_may_not_exceed_affected_and_lost_not_damaged() -> None:
    assert rules.figure_problems({"crop_affected": 10, "crop_damaged": 10, "crop_lost": 10}) == {}
    problems = rules.figure_problems({"crop_affected": 10, "crop_damaged": 11, "crop_lost": 12})
    assert problems["crop_damaged"] == "农作物成灾面积不能大于受灾面积"
    assert problems["crop_lost"] == "农作物绝收面积不能大于成灾面积"


def test_relocated_people_are_among_the_affected() -> None:
    assert "relocated" in rules.figure_problems({"affected": 5, "relocated": 6})
    assert rules.figure_problems({"affected": 6, "relocated": 6, "needing_aid": 6}) == {}


def test_a_household_has_at_least_one_room() -> None:
    assert "collapsed_rooms" in rules.figure_problems({"collapsed_households": 3, "collapsed_rooms": 2})
    assert "severe_households" in rules.figure_problems({"severe_rooms": 2})
    assert rules.figure_problems({"severe_rooms": 2, "severe_households": 2}) == {}


def test_a_lower_followup_figure_needs_a_reason() -> None:
    previous = {"affected": 100, "deaths": 1}
    assert (
        rules.lowered_problem({"affected": 90, "deaths": 1}, previous, "")
        == "受灾人口低于上次报送数，请填写核减原因"
    )
    assert rules.lowered_problem({"affected": 90, "deaths": 1}, previous, "重复统计核减") is None
    assert rules.lowered_problem({"affected": 100, "deaths": 2}, previous, "") is None
    assert rules.lowered_problem({"affected": 1}, None, "") is None


def test_registers_must_equal_the_figures() -> None:
    figures = {"deaths": 2, "missing": 1, "collapsed_households": 1}
    assert rules.register_problems(figures, dead=2, missing=1, households={"collapsed": 1}) == []
    problems = rules.register_problems(figures, dead=1, missing=1, households={"severe": 1})
    assert problems == [
        "死亡人员名单1人，与报送的因灾死亡2人不一致",
        "倒塌房屋台账0户，与报送的1户不一致",
        "严重损坏房屋台账1户，与报送的0户不一致",
    ]


def test_direct_loss_is_the_sum_of_the_sectors() -> None:
    assert rules.direct_loss({"loss_agriculture": Decimal("1.5"), "loss_other": 2}) == Decimal("3.5")


@pytest.mark.parametrize(("level", "values"), NATIONAL.items())
def test_each_response_threshold_is_reached_at_its_bound_and_not_below(
    level: str, values: tuple[int, ...]
) -> None:
    for indicator, bound in zip(
        ("dead_missing", "relocated_needing", "houses_rooms", "houses_households"), values, strict=True
    ):
        at, reached = rules.assess_response({indicator: Decimal(bound)}, TABLE)
        assert at == level, (indicator, bound)
        assert reached[0].text == f"{level}:{indicator}"
        below, _ = rules.assess_response({indicator: Decimal(bound - 1)}, TABLE)
        lower = rules.LEVEL_ORDER[rules.LEVEL_ORDER.index(level) + 1] if level != "IV" else None
        assert below == lower, (indicator, bound - 1)


def test_the_highest_level_of_any_indicator_wins() -> None:
    values = rules.response_values(
        {"deaths": 15, "missing": 5, "relocated": 600_000, "needing_aid": 0, "collapsed_rooms": 10}
    )
    level, reached = rules.assess_response(values, TABLE)
    assert level == "III"
    by = {r.indicator: r.level for r in reached}
    assert by["dead_missing"] == "IV" and by["relocated_needing"] == "III"
    assert by["houses_rooms"] is None


def test_id_number_check_character() -> None:
    assert rules.id_number_problem("11010519491231002X") is None
    assert rules.id_number_problem("110105194912310021") == "身份证号码校验位不正确"
    assert rules.id_number_problem("1101051949") == "身份证号码应为18位（最后一位可为X）"


def test_twelve_hour_status() -> None:
    due = datetime(2026, 7, 1, 12, tzinfo=UTC)
    before, after = datetime(2026, 7, 1, 11, tzinfo=UTC), datetime(2026, 7, 1, 13, tzinfo=UTC)
    assert rules.twelve_hour_status(due, before, 2, None) == "open"
    assert rules.twelve_hour_status(due, after, 4, None) == "overdue"
    assert rules.twelve_hour_status(due, after, 5, before) == "done"
    assert rules.twelve_hour_status(due, after, 5, after) == "late_done"


@pytest.mark.django_db
def test_the_default_national_table_reaches_each_level_at_its_bound_and_not_below() -> None:
    """The table the migrations load (the one the leader's assessment uses), boundary by
    boundary: at the bound the level is reached, one below it is the next level down."""
    from yingji.disasters.services.response import thresholds

    table = thresholds("national")
    assert len(table) == 24
    bounds = {(r.level, r.indicator): r.minimum for r in table}
    assert bounds["I", "dead_missing"] == 200 and bounds["I", "relocated_needing"] == 2_000_000
    assert bounds["I", "houses_rooms"] == 300_000 and bounds["I", "houses_households"] == 100_000
    assert bounds["I", "drought_aid"] == 4_000_000 and bounds["I", "drought_share"] == 30
    assert bounds["IV", "dead_missing"] == 20 and bounds["IV", "houses_households"] == 3_000
    for (level, indicator), bound in bounds.items():
        at, _ = rules.assess_response({indicator: bound}, table)
        assert at == level, (level, indicator)
        below, _ = rules.assess_response({indicator: bound - 1}, table)
        lower = rules.LEVEL_ORDER[rules.LEVEL_ORDER.index(level) + 1] if level != "IV" else None
        assert below == lower, (level, indicator)
    texts = {r.level: r.text for r in table if r.indicator == "dead_missing"}
    assert "2016" not in texts["I"] and "沿用2016年预案" in texts["II"]
