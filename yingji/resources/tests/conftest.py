"""Users of the resources tests: keepers of the registry (duty officers, commander)
at city and district level, a reader, and a user without resource permissions."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.testing import JIANGAN, WUCHANG, WUHAN, make_user


@pytest.fixture
def commander(db: Any) -> Any:
    return make_user("res_commander", roles=["commander"], scope=WUHAN, real_name="市指挥长")


@pytest.fixture
def jiangan_officer(db: Any) -> Any:
    return make_user("res_jiangan", roles=["duty_officer"], scope=JIANGAN, real_name="江岸值班员")


@pytest.fixture
def wuchang_officer(db: Any) -> Any:
    return make_user("res_wuchang", roles=["duty_officer"], scope=WUCHANG, real_name="武昌值班员")


@pytest.fixture
def unpermitted(db: Any) -> Any:
    return make_user("res_auditor", roles=["auditor"], scope=WUHAN, real_name="审计员")
