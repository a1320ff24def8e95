"""Fixtures of the governance tests: the city's 安委办, a supervisor of 江岸区 and one of
武昌区, and the Wuhan 2024 plan imported from its seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from yingji.core.testing import JIANGAN, WUCHANG, WUHAN, actor_for, make_user, region
from yingji.governance.models import WorkPlan
from yingji.governance.services.imports import import_plan

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.fixture
def office(db: Any) -> Any:
    return make_user("wh_aw", roles=["safety_office"], scope=WUHAN, real_name="市安委办")


@pytest.fixture
def ja_staff(db: Any) -> Any:
    return make_user("ja_gv", roles=["supervisor"], scope=JIANGAN, real_name="江岸监管员")


@pytest.fixture
def wc_staff(db: Any) -> Any:
    return make_user("wc_gv", roles=["supervisor"], scope=WUCHANG, real_name="武昌监管员")


def plan_data(**extra: Any) -> dict[str, Any]:
    return {"year": 2024, "title": "2024年全市应急管理工作要点", "issuer": "武汉市应急管理局",
            "doc_number": "武应急〔2024〕1号", "region": region(WUHAN), **extra}


@pytest.fixture
def plan(office: Any) -> WorkPlan:
    return import_plan(plan_data(), seed_text("wuhan_2024.txt"), actor=actor_for(office))
