"""Signal criteria of 中国气象局令第16号 at their boundaries; levels; phone masking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yingji.warnings import rules
from yingji.warnings.rules import DEFAULT_CRITERIA as C
from yingji.warnings.rules import GUST_FORCE, MAX_TEMP_C, RAIN_MM, WIND_FORCE, Readings


def rain(**hours: float) -> Readings:
    return Readings({RAIN_MM: {int(k[1:]): v for k, v in hours.items()}})


@pytest.mark.parametrize(("readings", "level"), [
    (rain(h12=49.9), None),
    (rain(h12=50), "blue"),
    (rain(h6=50), "yellow"),
    (rain(h3=49.9, h6=49.9, h12=80), "blue"),
    (rain(h3=50), "orange"),
    (rain(h3=99.9), "orange"),
    (rain(h3=100), "red"),
    (rain(h1=100), "red"),  # a 1 h total counts for the 3 h window too
    (rain(h24=300), None),  # outside every window of the signal
])
def test_rainstorm_boundaries(readings: Readings, level: str | None) -> None:
    assert rules.signal_level("rainstorm", readings, C) == level


@pytest.mark.parametrize(("mean", "gust", "hours", "level"), [
    (5.9, 7.9, 24, None), (6, 0, 24, "blue"), (0, 8, 24, "blue"), (8, 0, 24, "yellow"),
    (0, 10, 24, "yellow"), (10, 0, 24, "yellow"), (10, 0, 12, "orange"), (0, 12, 12, "orange"),
    (12, 0, 12, "orange"), (12, 0, 6, "red"), (0, 14, 6, "red"), (0, 13.9, 6, "orange"),
])
def test_typhoon_mean_or_gust(mean: float, gust: float, hours: int, level: str | None) -> None:
    readings = Readings({WIND_FORCE: {hours: mean}, GUST_FORCE: {hours: gust}})
    assert rules.signal_level("typhoon", readings, C) == level


@pytest.mark.parametrize(("mean", "gust", "hours", "level"), [
    (5, 6.9, 24, None), (0, 7, 24, "blue"), (8, 0, 12, "yellow"), (0, 9, 12, "yellow"),
    (0, 11, 6, "orange"), (10, 0, 6, "orange"), (12, 0, 6, "red"), (0, 13, 6, "red"),
    (0, 13, 12, "yellow"),
])
def test_gale(mean: float, gust: float, hours: int, level: str | None) -> None:
    readings = Readings({WIND_FORCE: {hours: mean}, GUST_FORCE: {hours: gust}})
    assert rules.signal_level("gale", readings, C) == level


@pytest.mark.parametrize(("days", "peak", "level"), [
    ([35, 35, 34.9], None, None), ([34, 35, 35, 35], None, "yellow"), ([35, 35], None, None),
    ([], 37, "orange"), ([], 36.9, None), ([35, 35, 35], 39.9, "orange"), ([], 40, "red"),
])
def test_heat(days: list[float], peak: float | None, level: str | None) -> None:
    values = {MAX_TEMP_C: {24: peak}} if peak is not None else {}
    assert rules.signal_level("heat", Readings(values, days), C) == level


def test_evaluate_reports_every_hazard_raised() -> None:
    readings = Readings({RAIN_MM: {3: 60}, GUST_FORCE: {6: 11}})
    # the typhoon criteria also hold on the wind alone; the feed says whether a typhoon is near
    assert rules.evaluate(readings, C) == {"rainstorm": "orange", "gale": "orange", "typhoon": "yellow"}


def test_levels_and_labels() -> None:
    assert rules.is_higher("red", "orange") and not rules.is_higher("blue", "yellow")
    assert rules.level_label("red") == "红色（一级）" and rules.level_label("purple") == "purple"
    assert not rules.is_level("purple")
    assert C[0].describe() == "12小时内累计降雨量（毫米） ≥ 50"


@given(st.floats(min_value=0, max_value=500), st.floats(min_value=0, max_value=500))
def test_more_rain_never_lowers_the_level(a: float, extra: float) -> None:
    low = rules.signal_level("rainstorm", rain(h3=a), C)
    high = rules.signal_level("rainstorm", rain(h3=a + extra), C)
    rank: dict[str | None, int] = {None: 9}
    rank.update(rules.LEVEL_RANKS)
    assert rank[high] <= rank[low]


