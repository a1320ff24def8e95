"""GB 18218-2018 identification (S = Σq/Q) and grading (R = α·Σβq/Q), worked by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yingji.enterprises import reference_data as data
from yingji.enterprises.rules import (
    CategoryRow,
    HazardInputError,
    NamedRow,
    SubstanceInput,
    alpha_for,
    assess_unit,
    check_quantity,
    grade_for,
    lookup_substance,
)

NAMED = {name: NamedRow(name, q, beta, cat) for name, _, _, q, beta, cat in data.SUBSTANCES}
CATS = {code: CategoryRow(code, q, beta) for code, _, q, beta in data.CATEGORIES}


def sub(name: str, q: float, categories: tuple[str, ...] = ()) -> SubstanceInput:
    return lookup_substance(name, q, NAMED, CATS, categories)


def test_single_substance_at_its_critical_quantity_is_a_major_hazard() -> None:
    # 氨 10 t: S = 10/10 = 1 ≥ 1; nobody within 500 m → α = 0.5; R = 0.5 × 2 × 1 = 1 → 四级.
    result = assess_unit([sub("氨", 10)], population=0)
    assert result.s == pytest.approx(1.0)
    assert result.is_major
    assert result.alpha == 0.5
    assert result.r == pytest.approx(1.0)
    assert result.grade == 4


def test_below_the_critical_quantity_is_not_a_major_hazard() -> None:
    result = assess_unit([sub("甲醇", 400)], population=200)
    assert result.s == pytest.approx(0.8)
    assert not result.is_major
    assert result.grade is None
    assert result.grade_name == "不构成重大危险源"


def test_mixture_sums_ratios_across_substances() -> None:
    # 甲醇 300/500 = 0.6 and 乙醇 250/500 = 0.5: neither alone, together S = 1.1.
    result = assess_unit([sub("甲醇", 300), sub("乙醇", 250)], population=10)
    assert result.s == pytest.approx(1.1)
    assert result.is_major
    # β = 1 (W5.3) for both, α = 1.0 → R = 1.1 → 四级.
    assert result.r == pytest.approx(1.1)
    assert result.grade == 4


def test_chlorine_and_ammonia_storage_worked_example() -> None:
    # 液氯 20 t (Q 5, β 4) + 液氨 30 t (Q 10, β 2), 120 people → α 2.0.
    # S = 4 + 3 = 7; R = 2.0 × (4×4 + 2×3) = 44 → 三级.
    result = assess_unit([sub("氯", 20), sub("氨", 30)], population=120)
    assert result.s == pytest.approx(7)
    assert result.r == pytest.approx(44)
    assert result.grade == 3
    assert [t.weighted for t in result.terms] == [pytest.approx(16), pytest.approx(6)]


def test_flammable_gas_takes_beta_from_its_category() -> None:
    # 液化石油气 500 t: Q 50 (表1), β 1.5 (表4 W2); 60 people → α 1.5; R = 1.5 × 15 = 22.5.
    result = assess_unit([sub("液化石油气（含丙烷、丁烷及其混合物）", 500)], population=60)
    assert result.terms[0].beta == 1.5
    assert result.r == pytest.approx(22.5)
    assert result.grade == 3


@pytest.mark.parametrize(("population", "alpha"), [
    (0, 0.5), (1, 1.0), (29, 1.0), (30, 1.2), (49, 1.2), (50, 1.5), (99, 1.5), (100, 2.0),
    (5000, 2.0),
])
def test_alpha_band_edges(population: int, alpha: float) -> None:
    assert alpha_for(population) == alpha


@pytest.mark.parametrize(("ammonia_t", "grade"), [
    (49.99, 4),  # R = 9.998
    (50, 3),     # R = 10 exactly → 三级
    (249.99, 3),
    (250, 2),    # R = 50 exactly → 二级
    (499.99, 2),
    (500, 1),    # R = 100 exactly → 一级
])
def test_grade_boundaries(ammonia_t: float, grade: int) -> None:
    # 氨: β 2, Q 10; 20 people → α 1.0; R = 2 × q / 10.
    assert assess_unit([sub("氨", ammonia_t)], population=20).grade == grade


def test_grade_cutoffs_directly() -> None:
    assert [grade_for(r) for r in (9.9999, 10, 49.9999, 50, 99.9999, 100)] == [4, 3, 3, 2, 2, 1]


def test_unnamed_substance_takes_the_smallest_critical_quantity_of_its_categories() -> None:
    # A liquid that is both 易燃液体 W5.3 (Q 1000) and 急性毒性 J4 (Q 50): Q 50, β 2.
    item = sub("某有机中间体", 100, ("W5.3", "J4"))
    assert (item.critical_quantity, item.beta) == (50, 2)
    assert "J4" in item.source


def test_unnamed_substance_without_category_is_refused() -> None:
    with pytest.raises(HazardInputError, match="请填写其危险性类别") as info:
        sub("某未知物质", 10)
    assert info.value.field == "category"


def test_unknown_category_is_refused() -> None:
    with pytest.raises(HazardInputError, match="未知的危险性类别"):
        sub("某物质", 10, ("W99",))


@pytest.mark.parametrize(("value", "reason"), [
    (-1, "不能为负数"), (float("nan"), "有限"), (1e9, "明显不合理"), ("10", "应为数字"),
])
def test_bad_quantities(value: object, reason: str) -> None:
    with pytest.raises(HazardInputError, match=reason):
        check_quantity(value)  # type: ignore[arg-type]


def test_negative_population_is_refused() -> None:
    with pytest.raises(HazardInputError, match="人数不能为负数"):
        alpha_for(-1)


@given(st.lists(st.floats(0, 1e5), min_size=1, max_size=5), st.integers(0, 500))
def test_r_is_alpha_times_weighted_sum_and_grade_only_when_major(
        quantities: list[float], population: int) -> None:
    items = [sub("氨", q) for q in quantities]
    result = assess_unit(items, population)
    assert result.r == pytest.approx(result.alpha * 2 * result.s)
    assert (result.grade is not None) == result.is_major


def test_reference_tables_hold_the_figures_of_the_regulations() -> None:
    assert NAMED["氯"].critical_quantity == 5 and NAMED["氯"].toxic_beta == 4
    assert NAMED["光气"].critical_quantity == 0.3 and NAMED["光气"].toxic_beta == 20
    assert NAMED["异氰酸甲酯"].critical_quantity == 0.75
    assert CATS["W5.4"].critical_quantity == 5000 and CATS["W5.1"].beta == 1.5
    toxic = {n: r.toxic_beta for n, r in NAMED.items() if r.toxic_beta}
    assert sorted(toxic.values()) == [2, 2, 2, 2, 3, 3, 4, 5, 5, 10, 10, 20, 20, 20]
