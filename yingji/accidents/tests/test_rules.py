"""The pure rules at their boundaries (493号令, 安全生产法, GB 6441, the matcher)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from yingji.accidents import rules

LIMITS = rules.Limits()


@pytest.mark.parametrize(("deaths", "missing", "serious", "loss", "grade"), [
    (2, 0, 9, Decimal("999.99"), "IV"),
    (3, 0, 0, 0, "III"), (2, 1, 0, 0, "III"),  # the missing count with the dead
    (0, 0, 10, 0, "III"), (0, 0, 0, 1000, "III"),
    (9, 0, 49, Decimal("4999.99"), "III"),
    (10, 0, 0, 0, "II"), (0, 0, 50, 0, "II"), (0, 0, 0, 5000, "II"),
    (29, 0, 99, Decimal("9999.99"), "II"),
    (30, 0, 0, 0, "I"), (29, 1, 0, 0, "I"), (0, 0, 100, 0, "I"), (0, 0, 0, 10000, "I"),
])
def test_final_grade_at_every_bound_of_493_article_3(deaths: int, missing: int, serious: int,
                                                     loss: Decimal, grade: str) -> None:
    assert rules.final_grade(deaths, missing, serious, loss) == grade


def test_final_grade_is_the_incidents_rule_not_a_copy() -> None:
    from yingji.incidents import rules as incident_rules

    assert rules.grade_493 is incident_rules.grade_493


@pytest.mark.parametrize(("grade", "level"), [("I", "state"), ("II", "province"),
                                              ("III", "city"), ("IV", "county")])
def test_investigating_level_follows_the_grade(grade: str, level: str) -> None:
    assert rules.investigating_level(grade) == level


def test_escalation_must_go_above_the_grade_level() -> None:
    assert rules.escalation_problem("IV", "city") is None
    assert rules.escalation_problem("IV", "province") is None
    assert "不高于" in (rules.escalation_problem("IV", "county") or "")
    assert "不高于" in (rules.escalation_problem("III", "city") or "")
    assert rules.escalation_problem("I", "state") is not None
    assert rules.escalation_problem("IV", "moon") == "调查层级不在可选范围之内"


def test_unit_may_investigate_only_a_general_accident_without_casualties() -> None:
    assert rules.may_unit_investigate("IV", 0, 0, 0)
    assert not rules.may_unit_investigate("IV", 0, 0, 1)
    assert not rules.may_unit_investigate("III", 0, 0, 0)


def test_report_due_60_days_and_extension_at_most_60() -> None:
    assert rules.report_due(date(2026, 1, 1), LIMITS) == date(2026, 3, 2)
    assert rules.report_due(date(2026, 1, 1), LIMITS, 60) == date(2026, 5, 1)
    assert rules.report_extension_problem(60, 0, LIMITS) is None
    assert rules.report_extension_problem(30, 30, LIMITS) is None
    assert "还可延长29日" in (rules.report_extension_problem(30, 31, LIMITS) or "")
    assert rules.report_extension_problem(61, 0, LIMITS) is not None
    assert rules.report_extension_problem(0, 0, LIMITS) == "延长天数应为正整数"


def test_reply_due_15_days_or_30_for_especially_serious() -> None:
    received = date(2026, 3, 1)
    for grade in ("II", "III", "IV"):
        assert rules.reply_due(received, grade, LIMITS) == date(2026, 3, 16)
    assert rules.reply_due(received, "I", LIMITS) == date(2026, 3, 31)
    assert rules.reply_due(received, "I", LIMITS, 30) == date(2026, 4, 30)


def test_only_especially_serious_reply_may_be_extended_by_at_most_30() -> None:
    assert rules.reply_extension_problem("I", 30, 0, LIMITS) is None
    assert rules.reply_extension_problem("I", 1, 30, LIMITS) is not None
    assert "特别重大" in (rules.reply_extension_problem("II", 5, 0, LIMITS) or "")


def test_review_owed_for_larger_and_above_within_the_configured_window() -> None:
    assert [g for g in ("I", "II", "III", "IV") if rules.needs_review(g)] == ["I", "II", "III"]
    assert rules.review_due(date(2026, 1, 10), LIMITS) == date(2027, 1, 10)
    assert rules.review_due(date(2026, 1, 10), rules.Limits(review_days=180)) == date(2026, 7, 9)


def test_regrade_moves_the_level_up_only_within_the_follow_up_window() -> None:
    occurred = date(2026, 1, 1)
    assert rules.regrade_moves_up("IV", "III", occurred, date(2026, 1, 31), 30)
    assert not rules.regrade_moves_up("IV", "III", occurred, date(2026, 2, 1), 30)
    assert not rules.regrade_moves_up("IV", "III", occurred, date(2026, 1, 9), 7)
    assert not rules.regrade_moves_up("III", "IV", occurred, date(2026, 1, 2), 30)


def test_production_safety_determination_needs_its_reason() -> None:
    assert rules.production_safety_problem(True, "", "") == {}
    assert "non_production_reason" in rules.production_safety_problem(True, "illness", "")
    assert "non_production_reason" in rules.production_safety_problem(False, "", "")
    assert "non_production_reason" in rules.production_safety_problem(False, "x", "")
    assert "non_production_note" in rules.production_safety_problem(False, "other", " ")
    assert rules.production_safety_problem(False, "other", "雷击引发") == {}
    assert rules.production_safety_problem(False, "illness", "") == {}


def test_gb6441_has_twenty_categories_and_causes_are_checked() -> None:
    assert len(rules.CATEGORIES_6441) == 20
    assert dict(rules.CATEGORIES_6441)["19"] == "中毒和窒息"
    assert rules.check_causes(["unsafe_act", "training"]) is None
    assert "bogus" in (rules.check_causes(["bogus"]) or "")


def test_fines_of_the_work_safety_law() -> None:
    assert rules.unit_fine_range("IV") == (30, 100)
    assert rules.unit_fine_range("III") == (100, 200)
    assert rules.unit_fine_range("II") == (200, 1000)
    assert rules.unit_fine_range("I") == (1000, 2000)
    assert rules.unit_fine_range("I", especially_serious=True) == (2000, 10000)
    assert [rules.head_fine_share(g) for g in ("IV", "III", "II", "I")] == [40, 60, 80, 100]


def test_the_fine_tables_are_enforcements_discretion_standard(monkeypatch: pytest.MonkeyPatch) -> None:
    """One table (enforcement's): a change there is what accidents offers and checks."""
    from yingji.enforcement import rules as enforcement_rules

    monkeypatch.setitem(enforcement_rules.ACCIDENT_FINES, "general",
                        (Decimal("350000"), Decimal("1200000")))
    monkeypatch.setitem(enforcement_rules.PRINCIPAL_SHARES, "larger", Decimal("0.65"))
    assert rules.unit_fine_range("IV") == (35, 120)
    assert rules.unit_fine_range("IV", especially_serious=True) == (70, 600)
    assert rules.head_fine_share("III") == 65


def test_statistics_rules() -> None:
    assert rules.change_pct(90, 100) == -10.0
    assert rules.change_pct(5, 0) is None
    assert rules.double_decline(10, 5, 10, 5) is True
    assert rules.double_decline(11, 5, 10, 5) is False
    assert rules.double_decline(10, 6, 10, 5) is False
    assert rules.double_decline(1, 1, None, 5) is None
    assert rules.five_year_average({2021: 5, 2022: 4, 2023: 3, 2025: 3}, 2026) == 3.0


ACCIDENT = rules.Candidate(key=1, day=date(2026, 5, 10), credit_code="91420102MA4KXXXX1X",
                           unit_name="武汉某机械制造有限公司", persons=["王某", "李某"],
                           region_code="420102002000", address="工业路8号")


def test_a_list_row_matches_only_inside_the_date_window() -> None:
    row = rules.ListRow(day=date(2026, 5, 17), credit_code="91420102ma4kxxxx1x")
    assert rules.match_reasons(row, ACCIDENT, 7) == ["统一社会信用代码一致"]
    late = rules.ListRow(day=date(2026, 5, 18), credit_code="91420102MA4KXXXX1X")
    assert rules.match_reasons(late, ACCIDENT, 7) == []


def test_a_list_row_matches_by_unit_person_or_place() -> None:
    assert rules.match_reasons(rules.ListRow(day=date(2026, 5, 9), unit_name="某机械制造有限公司"),
                               ACCIDENT, 7) == ["单位名称一致"]
    assert rules.match_reasons(rules.ListRow(day=date(2026, 5, 9), person="李某"), ACCIDENT, 7) == [
        "人员姓名一致"]
    assert rules.match_reasons(rules.ListRow(day=date(2026, 5, 9), region_code="420102002000",
                                             address="大智街道工业路8号"), ACCIDENT, 7) == ["地点一致"]
    assert rules.match_reasons(rules.ListRow(day=date(2026, 5, 9), region_code="420106002000",
                                             address="工业路8号"), ACCIDENT, 7) == []
    assert rules.match_reasons(rules.ListRow(day=date(2026, 5, 9), person="张某"), ACCIDENT, 7) == []


def test_best_match_prefers_more_reasons_then_the_nearer_date() -> None:
    other = rules.Candidate(key=2, day=date(2026, 5, 12), credit_code="", unit_name="",
                            persons=["李某"], region_code="420102002000", address="")
    row = rules.ListRow(day=date(2026, 5, 12), person="李某")
    found = rules.best_match(row, [ACCIDENT, other], 7)
    assert found is not None and found[0].key == 2
    row2 = rules.ListRow(day=date(2026, 5, 12), person="李某", unit_name="武汉某机械制造有限公司")
    found2 = rules.best_match(row2, [ACCIDENT, other], 7)
    assert found2 is not None and found2[0].key == 1
    assert rules.best_match(rules.ListRow(day=date(2027, 1, 1), person="李某"), [ACCIDENT], 7) is None
