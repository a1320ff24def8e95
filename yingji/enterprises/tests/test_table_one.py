"""GB 18218-2018 表1 complete (85 entries), substances entered by name, alias, trade
name or CAS number, the 表2 fallback with its reason, and R as shown (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from yingji.core.testing import client_for, system
from yingji.enterprises import reference_data as data
from yingji.enterprises import services
from yingji.enterprises.models import HazardCategory, HazardSubstance, MajorHazardSubstance
from yingji.enterprises.rules import (
    CategoryRow,
    NamedRow,
    SubstanceIndex,
    assess_unit,
    lookup_substance,
    normalize_cas,
    round_half_even,
    split_aliases,
    split_cas,
)
from yingji.enterprises.tests.factories import make_enterprise, make_unit

ROWS = [NamedRow(name, q, beta, cat, split_aliases(aliases), split_cas(cas))
        for name, aliases, cas, q, beta, cat in data.SUBSTANCES]
INDEX = SubstanceIndex(ROWS)
CATS = {code: CategoryRow(code, q, beta) for code, _, q, beta in data.CATEGORIES}


# --- the table as data ------------------------------------------------------------------


def test_table_one_has_the_standards_85_entries_with_valid_figures() -> None:
    names = [row[0] for row in data.SUBSTANCES]
    assert len(names) == 85 == len(set(names))
    categories = {code for code, *_ in data.CATEGORIES}
    for name, _aliases, cas, q, toxic_beta, category in data.SUBSTANCES:
        assert q > 0, name
        assert (toxic_beta is None) != (category is None), name  # β from 表3 or from 表4
        assert category is None or category in categories, name
        assert all(normalize_cas(number) for number in split_cas(cas)), name  # check digits


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "cas", "q"), [
    # A sample of the entries the first release lacked, as the standard gives them.
    ("二氟化氧", "7783-41-7", 1), ("氟", "7782-41-4", 1), ("甲醛（含量>90%）", "50-00-0", 5),
    ("砷化氢", "7784-42-1", 1), ("丙烯醛", "107-02-8", 20), ("叠氮化铅", "13424-46-9", 0.5),
    ("雷汞", "628-86-4", 0.5), ("过乙酸", "79-21-0", 10), ("戊硼烷", "19624-22-7", 1),
    ("硝酸胍", "506-93-4", 50),
])
def test_the_completed_entries_are_in_the_database(name: str, cas: str, q: float) -> None:
    row = HazardSubstance.objects.get(name=name)
    assert (row.cas, row.critical_quantity) == (cas, q)


@pytest.mark.django_db
def test_the_database_holds_the_whole_table() -> None:
    assert HazardSubstance.objects.count() == 85
    ordered = list(HazardSubstance.objects.values_list("name", flat=True))
    assert ordered[:3] == ["氨", "二氟化氧", "二氧化氮"] and ordered[-1] == "钠"  # 序号 order


def test_regulation_notes_figures_are_kept() -> None:
    shipped = {row[0]: row[3] for row in data.SUBSTANCES}
    for name, q in (("氨", 10), ("氯", 5), ("光气", 0.3), ("异氰酸甲酯", 0.75), ("硝酸钾", 1000),
                    ("甲烷、天然气", 50), ("汽油（含乙醇汽油、甲醇汽油）", 200), ("烷基铝", 1)):
        assert shipped[name] == q


# --- resolving what the user typed --------------------------------------------------------


@pytest.mark.parametrize(("typed", "entry"), [
    ("氨", "氨"), ("液氨", "氨"), ("氨气", "氨"), ("液氯", "氯"), ("碳酰氯", "光气"),
    ("TDI", "甲苯二异氰酸酯"), ("tdi", "甲苯二异氰酸酯"), ("ＴＤＩ", "甲苯二异氰酸酯"),
    ("LPG", "液化石油气（含丙烷、丁烷及其混合物）"), ("丙烷", "液化石油气（含丙烷、丁烷及其混合物）"),
    ("天然气", "甲烷、天然气"), ("LNG", "甲烷、天然气"), ("甲烷，天然气", "甲烷、天然气"),
    ("氧气", "氧（压缩的或液化的）"), ("酒精", "乙醇"), ("碳化钙", "电石"), ("黄磷", "白磷"),
    ("梯恩梯", "2,4,6-三硝基甲苯"), ("环氧氯丙烷", "1-氯-2,3-环氧丙烷"), ("胂", "砷化氢"),
    ("2-丙烯腈", "丙烯腈"), ("氯化氢（无水）", "氯化氢（无水）"), ("氯化氢(无水)", "氯化氢（无水）"),
    ("一氧化碳", "煤气（CO，CO和H2、CH4的混合物等）"),
    ("7664-41-7", "氨"), ("７６６４－４１－７", "氨"), ("74-98-6", "液化石油气（含丙烷、丁烷及其混合物）"),
    ("8006-14-2", "甲烷、天然气"),
])
def test_a_name_alias_trade_name_or_cas_number_resolves(typed: str, entry: str) -> None:
    found = INDEX.resolve(typed)
    assert found.row is not None and found.row.name == entry, found.reason
    if typed != entry:
        assert f"对应表1“{entry}”" in found.note


def test_the_cas_field_alone_resolves_and_a_conflict_resolves_to_nothing() -> None:
    assert INDEX.resolve("", cas="7782-50-5").row.name == "氯"
    assert INDEX.resolve("液氯", cas="7782-50-5").row.name == "氯"
    conflict = INDEX.resolve("液氯", cas="7664-41-7")
    assert conflict.row is None and "请核对" in conflict.reason
    bad = INDEX.resolve("", cas="7664-41-8")  # wrong check digit
    assert bad.row is None and "校验位" in bad.reason


@pytest.mark.parametrize(("typed", "count"), [("硝化棉", 5), ("硝酸铵", 2), ("9004-70-0", 6),
                                              ("6484-52-2", 2)])
def test_a_name_shared_by_several_entries_names_them(typed: str, count: int) -> None:
    found = INDEX.resolve(typed)
    assert found.row is None and len(found.candidates) == count
    assert "请选择具体条目" in found.reason


def test_a_name_that_resolves_to_nothing_falls_back_to_table_two_with_the_reason() -> None:
    term = lookup_substance("某新型中间体", 100, INDEX, CATS, ("W5.3",))
    assert (term.critical_quantity, term.beta, term.entry) == (1000, 1, "")
    assert "不在GB 18218-2018表1中" in term.note and "按表2类别W5.3计" in term.note
    with pytest.raises(ValueError, match="请填写其危险性类别"):
        lookup_substance("某新型中间体", 100, INDEX, CATS)


def test_an_alias_takes_the_entrys_q_and_beta() -> None:
    term = lookup_substance("液氨", 30, INDEX, CATS)
    assert (term.name, term.entry, term.critical_quantity, term.beta) == ("液氨", "氨", 10, 2)
    assert term.source == "表1、表3"


# --- R as the standard's figures are shown ----------------------------------------------


def test_r_and_s_are_served_without_float_noise() -> None:
    # 氨 30 t + 氢 8 t at α 2: R = 2·(2·3 + 1.5·1.6) = 16.8, and 1.5·1.6 in floats is
    # 2.4000000000000004.
    result = assess_unit([lookup_substance("氨", 30, INDEX, CATS),
                          lookup_substance("氢", 8, INDEX, CATS)], population=150)
    working = result.as_dict()
    assert working["r"] == 16.8 and working["s"] == 4.6
    assert [t["weighted"] for t in working["terms"]] == [6.0, 2.4]
    assert round_half_even(2.675, 2) == 2.68 and round_half_even(0.125, 2) == 0.12
    # A huge quantity (the schema run posted one) rounds too, instead of a 500.
    assert round_half_even(1.5e300, 4) == 1.5e300 and round_half_even(1.7e308, 1) == 1.7e308


def test_grading_compares_the_full_value_not_the_shown_one() -> None:
    # R = 49.996 is shown as 50.00 but is below 50: 三级 (GB/T 8170 全数值比较法).
    q = 49.996 / 2 / 2 * 10  # 氨: β 2, α 2
    result = assess_unit([lookup_substance("氨", q, INDEX, CATS)], population=150)
    assert result.r_shown == 50.0 and result.grade == 3


# --- through the services, the API and the page ----------------------------------------


@pytest.mark.django_db
def test_a_substance_entered_by_an_alias_is_stored_against_its_entry() -> None:
    unit = make_unit(make_enterprise(), [])
    item = services.create_substance({"unit": unit, "name": "液氨", "quantity": 30},
                                     actor=system())
    assert item.substance is not None and item.substance.name == "氨"
    assert str(item) == "液氨（表1：氨）"
    unit.refresh_from_db()
    term = unit.working["terms"][0]
    assert (term["name"], term["entry"], term["beta"]) == ("液氨", "氨", 2)
    by_cas = services.create_substance({"unit": unit, "cas": "7782-50-5", "quantity": 5},
                                       actor=system())
    assert by_cas.substance.name == "氯"


@pytest.mark.django_db
def test_an_ambiguous_name_is_refused_with_the_candidates() -> None:
    unit = make_unit(make_enterprise(), [])
    with pytest.raises(ValidationError) as info:
        services.create_substance({"unit": unit, "name": "硝酸铵", "quantity": 10},
                                  actor=system())
    assert "硝酸铵（含可燃物≤0.2%）" in info.value.message_dict["substance"][0]
    assert not MajorHazardSubstance.objects.filter(unit=unit).exists()


@pytest.mark.django_db
def test_an_unknown_name_with_categories_records_why_table_two_applied() -> None:
    unit = make_unit(make_enterprise(), [])
    services.create_substance({"unit": unit, "name": "某有机中间体", "quantity": 100,
                               "categories": [HazardCategory.objects.get(code="W5.3")]},
                              actor=system())
    unit.refresh_from_db()
    assert "不在GB 18218-2018表1中" in unit.working["terms"][0]["note"]


@pytest.mark.django_db
def test_the_grade_endpoint_resolves_and_rounds(ja_supervisor: Any) -> None:
    body = {"population_500m": 150, "substances": [
        {"name": "液氨", "quantity": 30}, {"cas": "1333-74-0", "quantity": 8},
        {"name": "某中间体", "quantity": 100, "categories": ["W5.3"]}]}
    response = client_for(ja_supervisor).post("/api/v1/major-hazards/grade/", body,
                                              content_type="application/json")
    assert response.status_code == 200, response.json()
    result = response.json()
    assert [t["entry"] for t in result["terms"]] == ["氨", "氢", ""]
    assert "别名“液氨”" in result["terms"][0]["note"]
    assert "按表2类别W5.3计" in result["terms"][2]["note"]
    assert result["r"] == 17.0  # 2·(6 + 2.4 + 0.1)
    assert "2.4000000000000004" not in response.content.decode()
    missing = client_for(ja_supervisor).post("/api/v1/major-hazards/grade/", {
        "population_500m": 1, "substances": [{"quantity": 1}]}, content_type="application/json")
    assert missing.status_code == 400


@pytest.mark.django_db
def test_the_file_page_shows_which_entry_a_substance_resolved_to(ja_supervisor: Any) -> None:
    enterprise = make_enterprise()
    unit = make_unit(enterprise, [])
    services.create_substance({"unit": unit, "name": "液氨", "quantity": 30}, actor=system())
    page = client_for(ja_supervisor).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "液氨" in page and "→ 表1：氨" in page
