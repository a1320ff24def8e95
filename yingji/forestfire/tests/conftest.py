"""Fixtures of the forest fire tests: 江岸区's duty officer and 武昌区's (out of scope)."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.testing import JIANGAN, WUCHANG, make_user


@pytest.fixture
def officer(db: Any) -> Any:
    return make_user("ja_fire", roles=["duty_officer"], scope=JIANGAN, real_name="江岸值班员")


@pytest.fixture
def outsider(db: Any) -> Any:
    return make_user("wc_fire", roles=["duty_officer"], scope=WUCHANG, real_name="武昌值班员")


def dry_day(**extra: Any) -> dict[str, Any]:
    """Inputs of a dry, windy spring day: 20 + 16 + 35 + 25 = 96, 五级."""
    return {"source": "computed", "max_temp": 26.0, "min_humidity": 30, "dry_days": 7,
            "max_wind": 5, "rain_mm": 0, **extra}
