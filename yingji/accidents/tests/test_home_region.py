"""The deployment's own region comes from its configuration (``YINGJI_HOME_REGION``),
not from Wuhan's codes: a Qingdao deployment's statistics and unscoped imports."""

from __future__ import annotations

import io
from typing import Any

from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from yingji.accidents.services import crosscheck
from yingji.core.models import Region, RegionLevel
from yingji.core.testing import client_for, make_user, system

SHINAN = "370202000000"  # 青岛市市南区


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["日期", "单位名称", "统一社会信用代码", "人员姓名", "区划代码", "地点", "情况摘要"])
    sheet.append(["2026-01-05", "青岛某物流有限公司", "", "张某", SHINAN, "香港中路1号", "工伤认定申请"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@override_settings(HOME_REGION="370202")
def test_a_nationwide_user_sees_the_home_districts_streets(db: Any) -> None:
    user = make_user("cn_sg", roles=["supervisor"], scope=None)
    page = client_for(user).get(reverse("accident_stats"))
    assert page.status_code == 200
    data = page.context["data"]
    streets = set(Region.objects.subtree("370202").filter(level=RegionLevel.TOWN)
                  .values_list("name", flat=True))
    assert streets and set(data.quiet_streets) == streets
    assert data.streets_total == len(streets)


@override_settings(HOME_REGION="370202")
def test_an_unscoped_import_belongs_to_the_home_region(db: Any) -> None:
    batch, result = crosscheck.import_list("injury", "市南区人社局", _workbook(), actor=system())
    assert batch.region_id == SHINAN
    assert result.created == 1
