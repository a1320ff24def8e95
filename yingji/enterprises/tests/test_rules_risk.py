"""LEC, the LS matrix and the enterprise's roll-up colour."""

from __future__ import annotations

import pytest

from yingji.enterprises.rules import (
    DEFAULT_LEC_BANDS,
    HazardInputError,
    ScoreBand,
    band_for,
    check_coordinates,
    distance_km,
    enterprise_colour,
    lec,
    ls_matrix,
)


@pytest.mark.parametrize(("l", "e", "c", "d", "level", "colour"), [
    (6, 6, 15, 540, "极其危险", "red"),
    (3, 6, 15, 270, "高度危险", "orange"),
    (3, 6, 7, 126, "显著危险", "yellow"),
    (1, 6, 7, 42, "一般危险", "blue"),
    (0.5, 3, 3, 4.5, "稍有危险", "blue"),
])
def test_lec_worked_examples(l: float, e: float, c: float, d: float, level: str,  # noqa: E741
                             colour: str) -> None:
    score = lec(l, e, c)
    assert score.score == pytest.approx(d)
    assert (score.level, score.colour) == (level, colour)


@pytest.mark.parametrize(("d", "colour"), [
    (320.0001, "red"), (320, "orange"), (160, "orange"), (159.99, "yellow"), (70, "yellow"),
    (69.99, "blue"), (20, "blue"), (0.1, "blue"),
])
def test_lec_band_edges(d: float, colour: str) -> None:
    assert band_for(d, DEFAULT_LEC_BANDS).colour == colour


def test_lec_refuses_values_outside_the_scales() -> None:
    with pytest.raises(HazardInputError, match="L（事故发生的可能性）只能取"):
        lec(5, 6, 15)
    with pytest.raises(HazardInputError, match="C（发生事故产生的后果）"):
        lec(6, 6, 50)


@pytest.mark.parametrize(("l", "s", "colour"), [
    (4, 5, "red"), (5, 5, "red"), (3, 3, "orange"), (4, 4, "orange"), (2, 4, "yellow"),
    (2, 2, "yellow"), (1, 3, "blue"),
])
def test_ls_matrix_default_cutoffs(l: int, s: int, colour: str) -> None:  # noqa: E741
    assert ls_matrix(l, s).colour == colour


def test_ls_matrix_with_configured_cutoffs() -> None:
    strict = (ScoreBand(15, True, "重大风险", "red"), ScoreBand(1, True, "低风险", "blue"))
    assert ls_matrix(3, 5, strict).colour == "red"
    assert ls_matrix(2, 5, strict).colour == "blue"


def test_ls_matrix_refuses_out_of_range() -> None:
    with pytest.raises(HazardInputError, match="S（严重性）应为1至5的整数"):
        ls_matrix(3, 6)


@pytest.mark.parametrize(("points", "grade", "colour"), [
    ([], None, ""),
    (["blue", "yellow", ""], None, "yellow"),
    (["blue"], 2, "orange"),
    (["red"], 4, "red"),
    ([], 1, "red"),
    ([], 4, "blue"),
])
def test_enterprise_roll_up(points: list[str], grade: int | None, colour: str) -> None:
    assert enterprise_colour(points, grade) == colour


def test_distance_and_coordinate_extent() -> None:
    # 武汉 江岸区 to 武昌区 centroids are a few km apart.
    assert 3 < distance_km(114.30, 30.60, 114.32, 30.55) < 7
    with pytest.raises(HazardInputError, match="经度"):
        check_coordinates(30.6, 114.3)
