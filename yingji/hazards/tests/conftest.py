"""Fixtures of the hazard tests: a supervising department with its officer and leader
in 江岸区, a 武昌 supervisor, an enterprise with its account, images and documents."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yingji.core.models import Industry
from yingji.core.testing import JIANGAN, WUCHANG, WUHAN, actor_for, make_department, make_user, system
from yingji.enterprises import services as enterprise_services
from yingji.enterprises.tests.factories import WUCHANG_STREET, make_enterprise
from yingji.hazards.models import Hazard, HazardCategory, HazardGrade, HazardSource
from yingji.hazards.services import hazards

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n" + b"0" * 64


def png(name: str = "photo.png", size: int | None = None) -> SimpleUploadedFile:
    body = PNG if size is None else PNG + b"\x00" * (size - len(PNG))
    return SimpleUploadedFile(name, body, content_type="image/png")


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def bureau(db: Any) -> Any:
    return make_department("江岸区应急管理局", region_code=JIANGAN, kind="district_bureau")


@pytest.fixture
def city_bureau(db: Any) -> Any:
    return make_department("武汉市应急管理局", region_code=WUHAN, kind="bureau")


@pytest.fixture
def officer(bureau: Any) -> Any:
    return make_user("ja_officer", roles=["supervisor"], scope=JIANGAN, department=bureau,
                     real_name="王监管")


@pytest.fixture
def leader(bureau: Any) -> Any:
    return make_user("ja_leader", roles=["commander"], scope=JIANGAN, department=bureau,
                     real_name="李局长")


@pytest.fixture
def other_supervisor(db: Any) -> Any:
    return make_user("ja_other", roles=["supervisor"], scope=JIANGAN, real_name="赵监管")


@pytest.fixture
def wc_supervisor(db: Any) -> Any:
    return make_user("wc_sup", roles=["supervisor"], scope=WUCHANG)


@pytest.fixture
def enterprise(officer: Any, bureau: Any) -> Any:
    return make_enterprise(1, supervising_department=bureau, supervising_officer=officer)


@pytest.fixture
def other_enterprise(db: Any) -> Any:
    return make_enterprise(3, name="武汉测试机械有限公司", industry=Industry.INDUSTRY_TRADE)


@pytest.fixture
def wuchang_enterprise(db: Any) -> Any:
    return make_enterprise(2, street_code=WUCHANG_STREET)


@pytest.fixture
def owner(enterprise: Any) -> Any:
    user = make_user("qy_owner", roles=["enterprise"], scope=JIANGAN, real_name="陈安全")
    enterprise_services.add_member(enterprise, user, actor=system())
    return user


def hazard_data(enterprise: Any, **fields: Any) -> dict[str, Any]:
    return {"enterprise": enterprise, "title": "储罐区可燃气体报警器失效",
            "source": HazardSource.DEPARTMENT, "grade": HazardGrade.GENERAL,
            "category": HazardCategory.SITE_EQUIPMENT,
            "description": "2号储罐区可燃气体报警器未接入控制室，报警不能远传", **fields}


def in_days(days: float) -> Any:
    return timezone.now() + timedelta(days=days)


def assign_data(**fields: Any) -> dict[str, Any]:
    return {"responsible_name": "陈安全", "responsible_phone": "13800138000",
            "deadline": in_days(10), "measures": "更换报警器并接入控制室DCS", **fields}


COMPLETE_PLAN = {
    "status_and_cause": "液氯储罐区未设置应急处置设施，因改造未同步实施",
    "harm_analysis": "泄漏可能造成周边人员中毒，整改需停产15天",
    "goal": "设置事故氯气吸收装置", "methods": "新建碱液吸收塔并联锁",
    "funds_and_materials": "企业自筹120万元，设备已订购", "funds_amount": "120.00",
    "organisation": "总经理负责，设备部实施", "time_limit": "30日内完成并验收",
    "safety_measures": "停止装卸作业，编制专项应急预案并演练",
    "in_place_measures": True, "in_place_responsibility": True, "in_place_funds": True,
    "in_place_time": True, "in_place_plan": True,
}


@pytest.fixture
def hazard(enterprise: Any, officer: Any) -> Hazard:
    return hazards.create_hazard(hazard_data(enterprise), actor=actor_for(officer))


def add_role(user: Any, role: str) -> None:
    user.groups.add(Group.objects.get(name=role))
    user._role_codes = None


@pytest.fixture
def self_close_on(db: Any) -> Any:
    """The bureau allows 企业自行销号 of self-found general hazards."""
    from yingji.core.services.settings import save_settings
    from yingji.hazards.models import HazardSettings

    return save_settings(HazardSettings, {"enterprise_self_close": True}, actor=system())
