"""The pure rules against their sources' cases."""

from __future__ import annotations

from datetime import date

from yingji.training import rules


def table() -> dict[tuple[str, str], str]:
    return {(r.industry, r.post): r.kind for r in rules.default_requirements(["hazchem", "other"])}


def test_high_risk_principals_need_the_assessment_certificate_others_training() -> None:
    lookup = table()
    # 安全生产法 第二十七条第二款: 危险物品 units' 主要负责人 pass the assessment.
    assert rules.required_kind(lookup, "hazchem", rules.PRINCIPAL) == rules.PRINCIPAL_CERT
    assert rules.required_kind(lookup, "hazchem", rules.SAFETY_MANAGER) == rules.MANAGER_CERT
    # Other industries: the training certificate (总局令第3号 第六条).
    assert rules.required_kind(lookup, "other", rules.PRINCIPAL) == rules.TRAINING_CERT
    # 第三十条: special operators in every industry.
    assert rules.required_kind(lookup, "other", rules.SPECIAL_OPERATOR) == rules.SPECIAL_OPERATION
    assert rules.required_kind({}, "other", rules.PRINCIPAL) == ""


def test_review_every_three_years_from_issue_or_last_review() -> None:
    # 总局令第30号 第二十一条: 每3年复审1次; validity 6 years (第十九条).
    issued = date(2022, 3, 1)
    assert rules.review_due(rules.SPECIAL_OPERATION, issued, None, date(2028, 2, 29), 3) == date(2025, 3, 1)
    assert rules.review_due(rules.SPECIAL_OPERATION, issued, date(2025, 3, 1), date(2028, 2, 29),
                            3) is None  # the next one would fall at the end of validity
    assert rules.review_due(rules.PRINCIPAL_CERT, issued, None, date(2025, 2, 28), 3) is None
    assert rules.add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)


def test_status_by_validity_review_and_the_60_day_window() -> None:
    today = date(2026, 12, 4)
    far = date(2030, 1, 1)
    assert rules.certificate_status(today, far, None, 60) == rules.VALID
    assert rules.certificate_status(today, date(2027, 1, 20), None, 60) == rules.EXPIRING
    assert rules.certificate_status(today, far, date(2027, 1, 1), 60) == rules.REVIEW_DUE
    assert rules.certificate_status(today, far, date(2026, 12, 1), 60) == rules.REVIEW_OVERDUE
    assert rules.certificate_status(today, date(2026, 12, 3), None, 60) == rules.EXPIRED
    assert rules.certificate_status(today, today, None, 60) == rules.EXPIRING  # valid through the day
    assert not rules.usable(rules.REVIEW_OVERDUE) and rules.usable(rules.EXPIRING)


def test_coverage_percent() -> None:
    assert rules.coverage_percent(0, 0) == 100.0
    assert rules.coverage_percent(3, 2) == 66.7


def test_new_worker_hours_and_levels() -> None:
    # 总局令第3号 第十三条: 24 学时, 72 in the high-risk industries; 第十二条: three levels.
    assert rules.new_worker_hours("industry_trade") == 24
    assert rules.new_worker_hours("hazchem") == 72
    levels = {"厂（公司）级": 8, "车间（工段）级": 8, "班组级": 8}
    assert rules.new_worker_problems("industry_trade", levels) == []
    assert rules.new_worker_problems("hazchem", levels) == ["岗前培训24学时，少于规定的72学时"]
    assert rules.new_worker_problems("other", {**levels, "班组级": 0})[0] == "缺少班组级教育"
