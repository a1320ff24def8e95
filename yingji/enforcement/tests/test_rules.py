"""The rules, one test (or a few) per article they cite."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from yingji.enforcement import rules, rules_draw

W = Decimal("10000")


def test_article_60_decision_within_90_calendar_days_of_filing() -> None:
    assert rules.decision_due(date(2026, 1, 5)) == date(2026, 4, 5)
    assert rules.decision_due(date(2026, 1, 5), 30) == date(2026, 5, 5)
    with pytest.raises(ValueError):
        rules.decision_due(date(2026, 1, 5), -1)


def test_article_85_two_three_five_seven_days_are_working_days_others_calendar() -> None:
    assert [rules.period_unit(n) for n in (2, 3, 5, 7)] == ["workdays"] * 4
    assert rules.period_unit(15) == "days"
    assert rules.period_unit(90) == "days"


def test_extension_needs_positive_days_within_the_maximum() -> None:
    assert rules.extension_problem(0, 0, 30) == "延长天数须大于0"
    assert rules.extension_problem(20, 0, 30) is None
    assert "不得超过30日" in (rules.extension_problem(20, 15, 30) or "")


def test_article_72_late_surcharge_three_percent_a_day_capped_at_the_fine() -> None:
    assert rules.late_surcharge(Decimal("10000"), 0) == 0
    assert rules.late_surcharge(Decimal("10000"), 2) == Decimal("600")
    assert rules.late_surcharge(Decimal("10000"), 40) == Decimal("10000")


def test_article_36_limitation_two_years_five_for_life_and_health() -> None:
    assert rules.limitation_expired(date(2023, 1, 1), date(2025, 1, 2), life_safety=False)
    assert not rules.limitation_expired(date(2023, 1, 1), date(2025, 1, 1), life_safety=False)
    assert not rules.limitation_expired(date(2023, 1, 1), date(2027, 6, 1), life_safety=True)
    assert rules.limitation_expired(date(2020, 2, 29), date(2022, 3, 1), life_safety=False)


def test_article_63_hearing_for_larger_fines_or_suspension() -> None:
    kw = {"unit_threshold": 5 * W, "person_threshold": 2 * W}
    assert not rules.hearing_required(unit_fine=49999 * Decimal(1), person_fine=Decimal(0),
                                      measures=[], **kw)
    assert rules.hearing_required(unit_fine=5 * W, person_fine=Decimal(0), measures=[], **kw)
    assert rules.hearing_required(unit_fine=Decimal(0), person_fine=2 * W, measures=[], **kw)
    assert rules.hearing_required(unit_fine=Decimal(0), person_fine=Decimal(0),
                                  measures=["suspend"], **kw)
    assert not rules.hearing_required(unit_fine=Decimal(0), person_fine=Decimal(0),
                                      measures=["warning"], **kw)


def test_article_58_legal_review_for_major_outside_range_or_heard_cases() -> None:
    assert not rules.legal_review_required(is_major=False, outside_range=False, hearing_held=False)
    for flag in ("is_major", "outside_range", "hearing_held"):
        args = {"is_major": False, "outside_range": False, "hearing_held": False, flag: True}
        assert rules.legal_review_required(**args)


def test_article_57_major_case_by_amount_measure_or_flag() -> None:
    assert rules.is_major_case(total_fine=10 * W, measures=[], major_threshold=10 * W)
    assert not rules.is_major_case(total_fine=9 * W, measures=[], major_threshold=10 * W)
    assert rules.is_major_case(total_fine=Decimal(0), measures=["revoke_licence"],
                               major_threshold=10 * W)
    assert rules.is_major_case(total_fine=Decimal(0), measures=[], major_threshold=10 * W,
                               flagged=True)


def test_article_33_first_offence_needs_first_violation_and_correction() -> None:
    ok: dict[str, Any] = {"first_offence": True, "corrected": True, "harm": False,
                          "earlier_violations": 0}
    assert rules.no_penalty_problem("first_offence", **ok) is None
    assert "2次违法记录" in (rules.no_penalty_problem(
        "first_offence", **{**ok, "earlier_violations": 2}) or "")
    assert rules.no_penalty_problem("first_offence", **{**ok, "corrected": False})
    assert rules.no_penalty_problem("minor_corrected", **{**ok, "harm": True})
    assert rules.no_penalty_problem("no_fault", **ok) is None
    assert rules.no_penalty_problem("whatever", **ok) == "请选择不予处罚的法定理由"


def test_bands_proposed_from_the_facts() -> None:
    assert rules.propose_band(rules.Facts(first_offence=True, corrected=True)) == "minor"
    assert rules.propose_band(rules.Facts()) == "general"
    assert rules.propose_band(rules.Facts(refused_to_correct=True)) == "serious"
    assert rules.propose_band(rules.Facts(harm=True, repeated=True)) == "severe"
    assert rules.propose_band(rules.Facts(accident=True)) == "severe"


def test_article_114_accident_fines_by_grade_and_two_to_five_times() -> None:
    assert rules.accident_fine_range("general") == (30 * W, 100 * W)
    assert rules.accident_fine_range("larger") == (100 * W, 200 * W)
    assert rules.accident_fine_range("major") == (200 * W, 1000 * W)
    assert rules.accident_fine_range("extra") == (1000 * W, 2000 * W)
    assert rules.accident_fine_range("general", especially_serious=True) == (60 * W, 500 * W)


def test_article_95_principal_fine_share_of_last_years_income() -> None:
    income = Decimal("300000")
    assert rules.principal_fine("general", income) == Decimal("120000")
    assert rules.principal_fine("larger", income) == Decimal("180000")
    assert rules.principal_fine("major", income) == Decimal("240000")
    assert rules.principal_fine("extra", income) == income


def test_outside_range() -> None:
    span = (Decimal(1000), Decimal(5000))
    assert not rules.outside_range(Decimal(1000), span)
    assert rules.outside_range(Decimal(999), span)
    assert rules.outside_range(Decimal(5001), span)
    assert not rules.outside_range(Decimal(99999), None)


def test_document_number() -> None:
    assert rules.document_number("武江应急", "罚", 2026, 12) == "武江应急罚〔2026〕12号"


def test_plan_expected_visits_and_behind() -> None:
    assert rules.expected_by_month(12, 6) == 6
    assert rules.expected_by_month(4, 2) == 0
    assert rules.expected_by_month(4, 12) == 4
    assert rules.behind_plan(4, 0, 3)
    assert not rules.behind_plan(4, 1, 3)


def _pool(n: int = 50, people: int = 10) -> rules_draw.DrawInput:
    return rules_draw.DrawInput(enterprises=list(range(1, n + 1)),
                           inspectors=list(range(100, 100 + people)),
                           conflicts={1: frozenset({100, 101})}, supervising={2: 102},
                           recent={3: frozenset({103})})


def test_draw_is_reproducible_from_its_seed() -> None:
    a = rules_draw.draw(_pool(), seed=42, count=20)
    b = rules_draw.draw(_pool(), seed=42, count=20)
    c = rules_draw.draw(_pool(), seed=43, count=20)
    assert a == b
    assert a != c
    assert len(a.picks) == 20
    assert all(len(set(team)) == 2 for team in a.picks.values())


def test_draw_excludes_conflicts_supervising_officer_and_recent_visitors() -> None:
    for seed in range(30):
        result = rules_draw.draw(_pool(5, 6), seed=seed, count=5, team_size=3)
        assert not {100, 101} & set(result.picks.get(1, ()))
        assert 102 not in result.picks.get(2, ())
        assert 103 not in result.picks.get(3, ())


def test_draw_reports_enterprises_no_team_can_be_formed_for() -> None:
    data = rules_draw.DrawInput(enterprises=[1, 2], inspectors=[100, 101, 102],
                           conflicts={1: frozenset({100, 101})}, supervising={}, recent={})
    result = rules_draw.draw(data, seed=1, count=2)
    assert result.unstaffed == (1,)
    assert set(result.picks) == {2}
    with pytest.raises(ValueError):
        rules_draw.draw(data, seed=1, count=1, team_size=1)


def test_certificate_valid_through_its_expiry_day() -> None:
    assert rules_draw.certificate_valid(date(2026, 3, 1), date(2026, 3, 1))
    assert not rules_draw.certificate_valid(date(2026, 3, 1), date(2026, 3, 2))
    assert not rules_draw.certificate_valid(None, date(2026, 3, 2))
    assert rules.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert rules.months_before(date(2026, 1, 15), 6) == date(2025, 7, 15)


def _decision_problem(notified: rules.Penalty, decided: rules.Penalty, **kw: Any) -> str | None:
    args: dict[str, Any] = {"hearing_notified": False, "major_reviewed": False,
                            "unit_threshold": 5 * W, "person_threshold": 2 * W,
                            "major_threshold": 10 * W, **kw}
    return rules.decision_problem(notified, decided, **args)


def test_articles_44_45_63_a_decision_never_heavier_than_the_notice() -> None:
    told = rules.Penalty(Decimal("30000"), Decimal("5000"), frozenset({"warning"}))
    assert _decision_problem(told, told) is None
    assert _decision_problem(told, rules.Penalty(Decimal("20000"), Decimal("0"), frozenset())) is None
    higher = _decision_problem(told, rules.Penalty(Decimal("30001"), Decimal("5000"), frozenset({"warning"})))
    assert higher is not None and "重新告知" in higher and "单位罚款" in higher
    added = _decision_problem(told, rules.Penalty(Decimal("30000"), Decimal("5000"),
                                                  frozenset({"warning", "suspend"})))
    assert added is not None and "处罚种类" in added
    # 第六十三条: the threshold reached without the hearing notice (a lowered threshold).
    at_threshold = _decision_problem(told, told, unit_threshold=Decimal("30000"))
    assert at_threshold is not None and "听证" in at_threshold
    assert _decision_problem(told, told, unit_threshold=Decimal("30000"), hearing_notified=True) is None
    major = _decision_problem(told, told, major_threshold=Decimal("35000"))
    assert major is not None and "集体讨论" in major


def test_coercion_law_article_54_and_69_the_urge_before_the_court() -> None:
    # 第六十九条: ten days or less are working days; a longer period is in calendar days.
    assert rules.URGE_DAYS == 10 and rules.coercion_period_unit(10) == "workdays"
    assert rules.coercion_period_unit(30) == "days"
    due = date(2026, 3, 16)
    assert rules.urge_problem(payment_due=due, today=due, urged=False) is not None
    assert rules.urge_problem(payment_due=due, today=due + timedelta(days=1), urged=False) is None
    again = rules.urge_problem(payment_due=due, today=due + timedelta(days=9), urged=True)
    assert again is not None and "重复" in again
    served = date(2026, 3, 1)
    after_suit = date(2026, 9, 10)
    never_urged = rules.court_application_problem(served_on=served, payment_due=due, today=after_suit)
    assert never_urged is not None and "第五十四条" in never_urged
    waiting = rules.court_application_problem(served_on=served, payment_due=due, today=after_suit,
                                              urge_due=after_suit)
    assert waiting is not None and "十个工作日" in waiting
    assert rules.court_application_problem(served_on=served, payment_due=due, today=after_suit,
                                           urge_due=after_suit - timedelta(days=1)) is None


def test_article_64_the_hearing_notice_seven_working_days_ahead() -> None:
    earliest = date(2026, 10, 12)
    assert rules.HEARING_NOTICE_DAYS == 7 and rules.period_unit(7) == "workdays"
    too_soon = rules.hearing_date_problem(date(2026, 10, 9), earliest)
    assert too_soon is not None and "2026-10-12" in too_soon and "第六十四条" in too_soon
    assert rules.hearing_date_problem(earliest, earliest) is None
