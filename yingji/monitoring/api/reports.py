"""Access rate, the rules document and the enterprises' live colours over the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yingji.core.api.viewsets import ScopedGenericViewSet, actor_of
from yingji.core.scope import may
from yingji.enterprises.models import Enterprise
from yingji.monitoring.models import Alarm, MeasurementPoint, RuleConfig
from yingji.monitoring.services import analytics, rule_config


def _access_row_fields() -> dict[str, serializers.Field]:
    def rate() -> serializers.FloatField:
        return serializers.FloatField(allow_null=True, help_text="0至1，无测点时为空")

    return {
        "key": serializers.JSONField(allow_null=True, help_text="企业编号或区县代码，合计为空"),
        "label": serializers.CharField(), "points": serializers.IntegerField(),
        "reporting": serializers.IntegerField(), "offline_now": serializers.IntegerField(),
        "access_rate": rate(), "online_rate": rate(), "current_online_rate": rate(),
        "meets_target": serializers.BooleanField()}


_ACCESS_ROW = type(inline_serializer("AccessRateRow", _access_row_fields()))


class AccessRateViewSet(ScopedGenericViewSet):
    """接入率 / 在线率 / 达标 per enterprise or county for a day, and the scope's total."""

    queryset = MeasurementPoint.objects.none()
    pagination_class = None  # one answer: the rows of the day and their total
    answers_one_object = True  # read by core.api.schema
    filter_backends: list[Any] = []

    @extend_schema(summary="接入率与在线率", parameters=[
        OpenApiParameter("day", OpenApiTypes.DATE, description="日期（默认今天）"),
        OpenApiParameter("by", str, enum=["enterprise", "region"], description="按企业或按区县（默认企业）"),
    ], responses=inline_serializer("AccessRates", {
        "day": serializers.DateField(), "by": serializers.ChoiceField(choices=["enterprise", "region"]),
        "target": serializers.FloatField(), "total": _ACCESS_ROW(),
        "results": _ACCESS_ROW(many=True)}))
    def list(self, request: Request) -> Response:
        try:
            day = date.fromisoformat(request.query_params.get("day") or timezone.localdate().isoformat())
        except ValueError as exc:
            raise ApiValidationError({"day": ["日期格式应为YYYY-MM-DD"]}) from exc
        by = request.query_params.get("by", "enterprise")
        if by not in ("enterprise", "region"):
            raise ApiValidationError({"by": ["应为enterprise或region"]})
        rows = analytics.access_rates(self.get_queryset(), day, by)
        total = analytics.access_total(rows)
        return Response({"day": day.isoformat(), "by": by, "target": total.target,
                         "total": _access_row(total), "results": [_access_row(r) for r in rows]})


def _access_row(r: analytics.AccessRow) -> dict[str, object]:
    return {"key": r.key, "label": r.label, "points": r.points, "reporting": r.reporting,
            "offline_now": r.offline_now, "access_rate": r.access_rate, "online_rate": r.online_rate,
            "current_online_rate": r.current_online_rate, "meets_target": r.meets_target}


class RulesDocumentView(APIView):
    """GET: the rules document (JSON); POST: import one (all or nothing)."""

    queryset = RuleConfig.objects.none()

    @extend_schema(summary="导出规则文档", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        if not may(request.user, RuleConfig, "view"):
            raise exceptions.PermissionDenied()
        return Response(rule_config.export_rules(actor=actor_of(request)))

    @extend_schema(summary="导入规则文档（全部或不导入）", request=OpenApiTypes.OBJECT,
                   responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        try:
            result = rule_config.import_rules(request.data, actor=actor_of(request))
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from exc
        except ValidationError as exc:
            raise ApiValidationError(exc.message_dict) from exc
        return Response(result)


@extend_schema(summary="企业动态风险颜色", responses=inline_serializer("LiveColours", {
    "results": serializers.ListField(child=serializers.DictField())}))
@api_view(["GET"])
def live_colours(request: Request) -> Response:
    if not may(request.user, Enterprise, "view") or not may(request.user, Alarm, "view"):
        return Response({"error": {"code": "permission_denied", "message": "您没有执行此操作的权限"}},
                        status=403 if request.user.is_authenticated else 401)
    return Response({"results": analytics.live_colours(Enterprise.objects.restrict(request.user, "view"))})
