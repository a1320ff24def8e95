"""The reward rules of 安监总财〔2018〕19号 and the bureau's own table."""

from __future__ import annotations

from decimal import Decimal

from yingji.tipoffs import rules

TABLE = rules.RewardTable()


def propose(**kwargs: object) -> rules.Proposal:
    values: dict[str, object] = {"kind": rules.MAJOR_HAZARD, "outcome": rules.TRUE, "real_name": True,
                                 "first_valid": True}
    values.update(kwargs)
    return rules.propose(TABLE, **values)  # type: ignore[arg-type]


def test_fine_share_with_minimum_and_maximum() -> None:
    assert propose(fine=Decimal("100000")).amount == Decimal("15000")
    assert propose(fine=Decimal("10000")).amount == Decimal("3000")  # 1,500 → the minimum
    assert propose(fine=Decimal("5000000")).amount == Decimal("300000")  # 750,000 → the maximum
    assert "第九条" in propose(fine=Decimal("100000")).basis


def test_no_fine_gets_the_no_fine_minimum() -> None:
    found = propose(kind=rules.ILLEGAL, fine=None)
    assert found.amount == Decimal("3000")
    assert "无罚没款" in found.basis


def test_concealment_per_death_by_grade_capped() -> None:
    assert propose(kind=rules.CONCEALMENT, concealed_deaths=2, grade="larger").amount == Decimal("80000")
    assert propose(kind=rules.CONCEALMENT, concealed_deaths=9, grade="severe").amount == Decimal("300000")
    assert propose(kind=rules.CONCEALMENT, concealed_deaths=0, grade="general").amount is None


def test_insider_uplift_only_when_the_bureau_sets_one() -> None:
    assert propose(fine=Decimal("100000"), insider=True).amount == Decimal("15000")
    table = rules.RewardTable(insider_uplift=Decimal("0.2"))
    found = rules.propose(table, kind=rules.MAJOR_HAZARD, outcome=rules.TRUE, real_name=True,
                          first_valid=True, insider=True, fine=Decimal("100000"))
    assert found.amount == Decimal("18000")
    assert "内部人员举报上浮20%" in found.basis
    capped = rules.propose(table, kind=rules.MAJOR_HAZARD, outcome=rules.TRUE, real_name=True,
                           first_valid=True, insider=True, fine=Decimal("3000000"))
    assert capped.amount == Decimal("300000")


def test_partly_true_share() -> None:
    table = rules.RewardTable(partly_share=Decimal("0.5"))
    found = rules.propose(table, kind=rules.MAJOR_HAZARD, outcome=rules.PARTLY, real_name=True,
                          first_valid=True, fine=Decimal("100000"))
    assert found.amount == Decimal("7500")


def test_no_reward_when_false_anonymous_not_first_or_out_of_range() -> None:
    assert propose(outcome=rules.FALSE).amount is None
    assert propose(real_name=False).amount is None
    assert "最先举报人" in propose(first_valid=False).basis
    assert propose(kind=rules.GENERAL_HAZARD).amount is None


def test_receipt_number_and_limits() -> None:
    assert rules.receipt_number(2026, 123) == "JB2026000123"
    assert rules.within_limit(4, 5) and not rules.within_limit(5, 5) and rules.within_limit(99, 0)
    assert rules.public_outcome(rules.TRUE, "重大事故隐患", "江岸区") == \
        "江岸区群众举报重大事故隐患，经核查属实，已依法处理"
