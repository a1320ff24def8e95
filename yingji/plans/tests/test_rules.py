"""The pure rules of plans: trigger conditions on an incident's facts, matching and its
reason in words, the tasks of a level and of a change of level, lifecycle dates, filing
materials, drill frequency, chain times and the AQ/T 9009 score."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from yingji.plans import rules
from yingji.plans.rules import ActionSpec, Condition, Facts, LevelSpec, PlanSpec

FIRE = Facts(category="accident", subtype="fire", deaths=3, trapped=2)
LEVELS = (LevelSpec("IV", (Condition("trapped", "1"),)),
          LevelSpec("III", (Condition("deaths", "3"), Condition("serious_injuries", "10"))),
          LevelSpec("II", (Condition("deaths", "10"),)))


def spec(key: int = 1, prefix: str = "420102", subtypes: frozenset[str] = frozenset({"fire"}),
         category: str = "accident", levels: tuple[LevelSpec, ...] = LEVELS, kind_rank: int = 5) -> PlanSpec:
    return PlanSpec(key, category, subtypes, prefix, levels, f"预案{key}", kind_rank)


def test_three_deaths_reach_level_three_with_the_reason_in_words() -> None:
    match = rules.match_plan(spec(), FIRE, "420102002000")
    assert match is not None and match.level == "III"
    assert match.reason == "死亡3人，达到Ⅲ级响应条件"


def test_the_highest_level_reached_wins_and_a_lower_count_gives_a_lower_level() -> None:
    assert rules.match_plan(spec(), Facts("accident", "fire", deaths=12), "420102002000").level == "II"
    low = rules.match_plan(spec(), Facts("accident", "fire", trapped=1), "420102002000")
    assert low is not None and low.level == "IV" and low.reason == "被困1人，达到Ⅳ级响应条件"


def test_nothing_reached_or_another_type_or_place_is_no_match() -> None:
    assert rules.match_plan(spec(), Facts("accident", "fire"), "420102002000") is None
    assert rules.match_plan(spec(), Facts("accident", "hazchem", deaths=5), "420102002000") is None
    assert rules.match_plan(spec(), FIRE, "420106001000") is None


def test_an_overall_plan_without_category_covers_every_type() -> None:
    overall = spec(prefix="4201", subtypes=frozenset(), category="")
    assert rules.match_plan(overall, Facts("natural", "geological", deaths=4), "420106001000").level == "III"


def test_grade_conditions_use_the_incident_grades() -> None:
    level = LevelSpec("III", (Condition("grade", "III"),))
    hit = rules.match_plan(spec(levels=(level,)), Facts("accident", "fire", grade="II"), "420102000000")
    assert hit is not None and hit.reason == "事件等级为重大，达到Ⅲ级响应条件"
    low = Facts("accident", "fire", grade="IV")
    assert rules.match_plan(spec(levels=(level,)), low, "420102000000") is None


def test_warning_and_alarm_levels_use_their_modules_levels() -> None:
    flood = LevelSpec("IV", (Condition("warning_level", "orange"),))
    facts = Facts("natural", "flood_drought", warning_level="red")
    hit = rules.match_plan(spec(subtypes=frozenset({"flood_drought"}), category="natural",
                                levels=(flood,)), facts, "420102000000")
    assert hit is not None and hit.reason == "发布红色（一级）预警，达到Ⅳ级响应条件"
    blue = Facts("natural", "flood_drought", warning_level="blue")
    assert rules.level_reached(flood, blue) is None
    alarm = LevelSpec("IV", (Condition("alarm_level", "hh"),))
    assert rules.level_reached(alarm, Facts(alarm_level="ll")) == ["监测低低报"]
    assert rules.level_reached(alarm, Facts(alarm_level="h")) is None


def test_require_all_needs_every_condition() -> None:
    both = LevelSpec("IV", (Condition("deaths", "1"), Condition("trapped", "5")), require_all=True)
    assert rules.level_reached(both, Facts(deaths=1, trapped=2)) is None
    assert rules.level_reached(both, Facts(deaths=1, trapped=5)) == ["死亡1人", "被困5人"]


def test_ranking_prefers_the_nearest_then_the_specific_plan() -> None:
    city = spec(1, prefix="4201")
    district = spec(2, prefix="420102")
    overall = spec(3, prefix="420102", subtypes=frozenset(), category="", kind_rank=6)
    ranked = rules.match_all([city, overall, district], FIRE, "420102002000")
    assert [m.key for m in ranked] == [2, 3, 1]


def test_condition_checks_give_field_messages() -> None:
    assert rules.check_condition("deaths", "三") == "“死亡人数”的阈值应为数字"
    assert rules.check_condition("grade", "V") is not None
    assert rules.check_condition("warning_level", "purple") is not None
    assert rules.check_condition("deaths", "3") is None
    assert rules.condition_text(Condition("loss_wan", "1000")) == "直接经济损失（万元）≥1000万元"


ACTIONS = [ActionSpec(1, "IV", "综合组", "先期处置", 30), ActionSpec(2, "III", "综合组", "成立指挥部", 60),
           ActionSpec(3, "III", "医疗组", "医疗救护", 30), ActionSpec(4, "II", "综合组", "请求增援", 60)]


def test_a_level_opens_its_actions_and_those_below() -> None:
    assert [a.key for a in rules.actions_for("III", ACTIONS)] == [1, 2, 3]
    assert [a.key for a in rules.actions_for("IV", ACTIONS)] == [1]


def test_raising_adds_and_lowering_closes() -> None:
    added, closed = rules.level_change("IV", "II", ACTIONS)
    assert [a.key for a in added] == [2, 3, 4] and closed == []
    added, closed = rules.level_change("II", "IV", ACTIONS)
    assert added == [] and closed == [2, 3, 4]


@given(st.sampled_from(["I", "II", "III", "IV"]), st.sampled_from(["I", "II", "III", "IV"]))
def test_a_change_then_back_restores_the_same_actions(a: str, b: str) -> None:
    added, closed = rules.level_change(a, b, ACTIONS)
    have = {x.key for x in rules.actions_for(a, ACTIONS)} | {x.key for x in added}
    assert have - set(closed) == {x.key for x in rules.actions_for(b, ACTIONS)}


def test_filing_materials_by_kind() -> None:
    assert rules.missing_materials("special", ["issue_document", "plan_text", "drafting_note"]) == []
    assert rules.missing_materials("ent_comprehensive", ["issue_document", "plan_text"]) == [
        "编制说明", "评审意见（专家意见）", "风险评估结果", "应急资源调查清单"]


def test_evaluation_and_drill_dates() -> None:
    assert rules.evaluation_due(date(2021, 3, 1), None, 3) == date(2024, 3, 1)
    assert rules.evaluation_due(date(2021, 3, 1), date(2023, 6, 1), 3) == date(2026, 6, 1)
    assert rules.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert rules.drill_due("ent_onsite", date(2025, 8, 31), None) == date(2026, 2, 28)
    assert rules.drill_due("special", None, date(2023, 1, 10)) == date(2026, 1, 10)
    assert rules.drill_due("overall", date(2025, 1, 1), None) is None


def test_chain_times_against_limits() -> None:
    t0 = datetime(2026, 5, 1, 9, 0)
    steps = rules.chain_times(t0, t0 + timedelta(minutes=42), t0 + timedelta(minutes=20),
                              t0 + timedelta(minutes=10), t0 + timedelta(minutes=85),
                              {"first_report": 60, "response": 15, "dispatch": 15, "arrival": 60})
    assert [(s.step, s.minutes, s.within) for s in steps] == [
        ("first_report", 42.0, True), ("response", 20.0, False), ("dispatch", 10.0, True),
        ("arrival", 75.0, False)]


def test_aqt9009_scores() -> None:
    full = {code: top for code, _, top in rules.AQT9009_ITEMS}
    assert rules.total_score(full) == 100 and rules.score_grade(100) == "优秀"
    assert rules.score_grade(Decimal("79.5")) == "合格" and rules.score_grade(59) == "不合格"
    errors = rules.check_scores({**full, "command": 16})
    assert errors == {"command": "得分应在0到15之间"}
