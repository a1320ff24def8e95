"""HTTP feed of monitoring readings (token auth): readings that cross the signal
criteria become draft bulletins for review. Until a monitoring module exists, rain,
wind and temperature stations post here."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.viewsets import actor_of
from yingji.core.scope import may
from yingji.warnings.models import Bulletin
from yingji.warnings.services.autodraft import draft_from_readings, parse_station

MAX_STATIONS = 5000


@extend_schema(tags=["预警发布"], request=dict, responses=dict)
@api_view(["POST"])
def readings(request: Request) -> Response:
    """POST {"stations": [{"station", "region", "rain_mm": {"3": 62.5}, "wind_force",
    "gust_force", "max_temp_c", "daily_max_temp": [..], "hazards": [..]}]} → drafts."""
    if not may(request.user, Bulletin, "add"):
        raise PermissionDenied("您没有生成预警草稿的权限")
    payload: Any = request.data
    items = payload.get("stations") if isinstance(payload, dict) else None
    if not isinstance(items, list) or not items:
        raise ValidationError({"stations": ["请提供站点观测数据列表（stations）"]})
    if len(items) > MAX_STATIONS:
        raise ValidationError({"stations": [f"一次最多提交{MAX_STATIONS}个站点"]})
    stations = []
    for index, item in enumerate(items, start=1):
        try:
            stations.append(parse_station(item))
        except ValueError as exc:
            raise ValidationError({"stations": [f"第{index}个站点：{exc}"]}) from exc
    result = draft_from_readings(stations, actor=actor_of(request))
    return Response({"drafted": [{"id": b.pk, "title": b.title, "level": b.level,
                                  "targets": sorted(r.code for r in b.target_regions.all())}
                                 for b in result.created],
                     "skipped": result.skipped}, status=201 if result.created else 200)
