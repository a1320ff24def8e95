"""Services: enterprise validation, GB 18218 recomputation, risk roll-up, audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from yingji.core.models import AuditLog, Industry
from yingji.core.services.objects import ScopeViolation
from yingji.core.testing import JIANGAN, WUCHANG, actor_for, make_user, system
from yingji.enterprises import services
from yingji.enterprises.models import (
    AlphaBand,
    Enterprise,
    HazardCategory,
    HazardSubstance,
    MajorHazardSubstance,
    RiskBand,
)
from yingji.enterprises.tests.factories import (
    WUCHANG_STREET,
    credit_code,
    make_enterprise,
    make_unit,
    street,
)

pytestmark = pytest.mark.django_db


def base(n: int = 1, **fields: Any) -> dict[str, Any]:
    return {"name": f"测试企业{n}", "credit_code": credit_code(n), "industry": Industry.HAZCHEM,
            "region": street(), "address": "测试路", "longitude": 114.30, "latitude": 30.60,
            **fields}


def test_create_enterprise_is_audited_and_normalises_the_code() -> None:
    data = base(credit_code=credit_code(7).lower())
    enterprise = services.create_enterprise(data, actor=system())
    assert enterprise.credit_code == credit_code(7)
    assert AuditLog.objects.filter(object_type="enterprises.enterprise",
                                   object_id=str(enterprise.pk), action="create").exists()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"credit_code": "91420102000000001X"}, "credit_code", "校验位不正确"),
    ({"credit_code": "123"}, "credit_code", "应为18位"),
    ({"longitude": 116.40, "latitude": 39.90}, "longitude", "不在所属区划内"),
    ({"longitude": 200.0}, "longitude", "经度应在73至136之间"),
    ({"latitude": None}, "latitude", "经度和纬度须同时填写"),
    ({"sub_industry": "metallurgy"}, "sub_industry", "行业细类与行业类别不一致"),
])
def test_bad_enterprise_input_names_the_field_and_saves_nothing(
        changes: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        services.create_enterprise(base(**changes), actor=system())
    assert message in " ".join(info.value.message_dict[field])
    assert not Enterprise.objects.exists()


def test_region_must_be_a_street() -> None:
    from yingji.core.testing import region

    with pytest.raises(ValidationError) as info:
        services.create_enterprise(base(region=region(JIANGAN)), actor=system())
    assert "街道" in info.value.message_dict["region"][0]


def test_duplicate_credit_code_names_the_holder() -> None:
    make_enterprise(1)
    with pytest.raises(ValidationError) as info:
        services.create_enterprise(base(1, name="另一家"), actor=system())
    assert "已登记（武汉测试化工有限公司1）" in info.value.message_dict["credit_code"][0]


def test_district_supervisor_cannot_create_outside_scope() -> None:
    supervisor = make_user("ja_sup", roles=["supervisor"], scope=JIANGAN)
    with pytest.raises(ScopeViolation):
        services.create_enterprise(
            base(region=street(WUCHANG_STREET), longitude=114.32, latitude=30.55),
            actor=actor_for(supervisor))
    assert not Enterprise.objects.exists()


def test_upsert_is_idempotent_by_credit_code() -> None:
    first, created = services.upsert_enterprise(base(3), actor=system())
    again, created_again = services.upsert_enterprise(base(3, name="改名后的企业"), actor=system())
    assert created and not created_again
    assert first.pk == again.pk
    assert Enterprise.objects.get().name == "改名后的企业"


def test_unit_assessment_is_stored_with_its_working_and_rolls_up() -> None:
    enterprise = make_enterprise()
    # 液氯 20 t + 液氨 30 t, 120 people: S 7, R 44 → 三级 (see the rules tests).
    unit = make_unit(enterprise, [("氯", 20), ("氨", 30)], population=120)
    assert unit.is_major and unit.grade == 3
    assert unit.s_value == pytest.approx(7) and unit.r_value == pytest.approx(44)
    assert [t["name"] for t in unit.working["terms"]] == ["氯", "氨"]
    assert unit.working["alpha"] == 2.0
    source = unit.source
    source.refresh_from_db()
    enterprise.refresh_from_db()
    assert source.grade == 3
    assert enterprise.major_hazard_grade == 3
    assert enterprise.risk_colour == "yellow"


def test_changing_a_quantity_recomputes_unit_source_and_enterprise() -> None:
    enterprise = make_enterprise()
    unit = make_unit(enterprise, [("氨", 30)], population=120)  # R = 2·2·3 = 12 → 三级
    item = MajorHazardSubstance.objects.get(unit=unit)
    services.update_substance(item, {"quantity": 300}, actor=system())  # R = 120 → 一级
    unit.refresh_from_db()
    enterprise.refresh_from_db()
    assert unit.grade == 1 and enterprise.major_hazard_grade == 1
    assert enterprise.risk_colour == "red"
    services.delete_substance(MajorHazardSubstance.objects.get(unit=unit), actor=system())
    unit.refresh_from_db()
    enterprise.refresh_from_db()
    assert not unit.is_major and enterprise.major_hazard_grade is None
    assert enterprise.risk_colour == ""


def test_changing_the_population_of_the_source_regrades_its_units() -> None:
    enterprise = make_enterprise()
    unit = make_unit(enterprise, [("氨", 250)], population=20)  # α 1 → R 50 → 二级
    services.update_major_hazard(unit.source, {"population_500m": 0}, actor=system())
    unit.refresh_from_db()
    assert unit.alpha == 0.5 and unit.grade == 3  # R 25


def test_edited_reference_tables_are_used() -> None:
    AlphaBand.objects.filter(min_population=1).update(alpha=1.1)
    enterprise = make_enterprise()
    unit = make_unit(enterprise, [("氨", 50)], population=20)
    assert unit.r_value == pytest.approx(11)


def test_unnamed_substance_without_category_is_refused_whole() -> None:
    enterprise = make_enterprise()
    unit = make_unit(enterprise, [("氨", 30)])
    with pytest.raises(ValidationError) as info:
        services.create_substance({"unit": unit, "name": "某新型中间体", "quantity": 5},
                                  actor=system())
    assert "请选择其危险性类别" in info.value.message_dict["categories"][0]
    with pytest.raises(ValidationError) as info:
        services.create_substance({"unit": unit, "substance": HazardSubstance.objects.get(
            name="苯"), "quantity": -3}, actor=system())
    assert "不能为负数" in info.value.message_dict["quantity"][0]
    assert MajorHazardSubstance.objects.filter(unit=unit).count() == 1


def test_unnamed_substance_with_categories_is_graded_by_table_two() -> None:
    enterprise = make_enterprise()
    unit = make_unit(enterprise, [])
    services.create_substance({"unit": unit, "name": "某有机中间体", "quantity": 100,
                               "categories": list(HazardCategory.objects.filter(
                                   code__in=["W5.3", "J4"]))}, actor=system())
    unit.refresh_from_db()
    assert unit.s_value == pytest.approx(2)  # 100 / 50 (J4)
    assert unit.working["terms"][0]["beta"] == 2


def test_risk_points_roll_up_with_the_major_hazard() -> None:
    enterprise = make_enterprise()
    point = services.create_risk_point({"enterprise": enterprise, "name": "装卸区", "method": "lec",
                                        "lec_l": 3, "lec_e": 6, "lec_c": 7}, actor=system())
    assert (point.score, point.colour) == (126, "yellow")
    enterprise.refresh_from_db()
    assert enterprise.risk_colour == "yellow"
    services.update_risk_point(point, {"lec_c": 40}, actor=system())  # 720 → red
    enterprise.refresh_from_db()
    assert enterprise.risk_colour == "red"
    services.update_risk_point(point, {"method": "ls", "ls_l": 1, "ls_s": 2}, actor=system())
    enterprise.refresh_from_db()
    assert enterprise.risk_colour == "blue"
    make_unit(enterprise, [("氨", 500)], population=20)  # 一级 → red
    enterprise.refresh_from_db()
    assert enterprise.risk_colour == "red"


def test_configured_ls_cutoffs_apply() -> None:
    RiskBand.objects.filter(method="ls", colour="red").update(minimum=15)
    enterprise = make_enterprise()
    point = services.create_risk_point({"enterprise": enterprise, "name": "反应釜", "method": "ls",
                                        "ls_l": 3, "ls_s": 5}, actor=system())
    assert point.colour == "red"


def test_bad_lec_value_is_a_field_error() -> None:
    enterprise = make_enterprise()
    with pytest.raises(ValidationError) as info:
        services.create_risk_point({"enterprise": enterprise, "name": "x", "method": "lec",
                                    "lec_l": 5, "lec_e": 6, "lec_c": 7}, actor=system())
    assert "只能取" in info.value.message_dict["lec_l"][0]


def test_grade_substances_without_saving() -> None:
    result = services.grade_substances([services.GradeEntry("氯", 20),
                                        services.GradeEntry("氨", 30)], population=120)
    assert result.grade == 3
    with pytest.raises(ValidationError) as info:
        services.grade_substances([services.GradeEntry("氨", -1),
                                   services.GradeEntry("某物", 1)], population=0)
    fields = info.value.message_dict
    assert "不能为负数" in fields["substances[0].quantity"][0]
    assert "危险性类别" in fields["substances[1].category"][0]


def test_enterprise_user_edits_own_file_but_not_supervisor_fields() -> None:
    enterprise = make_enterprise()
    other = make_enterprise(2)
    owner = make_user("qy", roles=["enterprise"], scope=JIANGAN)
    services.add_member(enterprise, owner, actor=system())
    actor = actor_for(owner)
    services.update_enterprise(enterprise, {"employee_count": 80}, actor=actor)
    enterprise.refresh_from_db()
    assert enterprise.employee_count == 80
    with pytest.raises(ValidationError) as info:
        services.update_enterprise(enterprise, {"credit_code": credit_code(9)}, actor=actor)
    assert "企业用户不能修改" in info.value.message_dict["credit_code"][0]
    with pytest.raises(ScopeViolation):
        services.update_enterprise(other, {"employee_count": 1}, actor=actor)
    assert set(Enterprise.objects.restrict(owner, "view")) == {enterprise}


def test_wuchang_user_does_not_see_jiangan() -> None:
    make_enterprise()
    wuchang = make_user("wc_sup", roles=["supervisor"], scope=WUCHANG)
    assert not Enterprise.objects.restrict(wuchang, "view").exists()
