"""API of the annual plan (with its progress), its special campaigns and their tasks, and
the 双随机 draws (run, verify, publish)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.viewsets import ScopedGenericViewSet, ServiceViewSet, actor_of
from yingji.enforcement.api.serializers import (
    AnnualPlanSerializer,
    CampaignQuotaSerializer,
    CampaignSerializer,
    DrawSerializer,
)
from yingji.enforcement.filtersets import (
    AnnualPlanFilterSet,
    CampaignFilterSet,
    CampaignQuotaFilterSet,
    DrawFilterSet,
)
from yingji.enforcement.forms_draws import DrawForm
from yingji.enforcement.models import AnnualPlan, Campaign, CampaignQuota, Draw
from yingji.enforcement.services import campaigns, draws, plans


@extend_schema(tags=["安全生产执法"])
class AnnualPlanViewSet(ServiceViewSet):
    """Annual plans in scope; ``progress`` gives planned versus done."""

    queryset = AnnualPlan.objects.none()
    serializer_class = AnnualPlanSerializer
    filterset_class = AnnualPlanFilterSet
    ordering_fields = ["year", "id"]
    ordering = ["-year", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    extra_action_permissions = {"progress": "view"}
    create_service = plans.create_plan

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        p = plans.progress(self.get_object())
        return Response({
            "month": p.month, "planned": p.planned, "done": p.done,
            "by_month": [{"month": m, "expected": e, "done": d} for m, e, d in p.by_month],
            "by_team": [{"team": k, "expected": e, "done": d} for k, e, d in p.by_team],
            "by_district": [{"district": k, "expected": e, "done": d} for k, e, d in p.by_district],
            "behind": [{"enterprise": t.enterprise_id, "name": t.enterprise.name, "expected": e,
                        "done": d} for t, e, d in p.behind]})


@extend_schema(tags=["安全生产执法"])
class CampaignViewSet(ServiceViewSet):
    """Special campaigns of the plans in scope with their tasks; ``progress`` gives
    planned versus done per district and team."""

    queryset = Campaign.objects.none()
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    select_related = ("plan", "region")
    ordering_fields = ["starts_on", "id"]
    ordering = ["starts_on", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    extra_action_permissions = {"progress": "view"}
    create_service = campaigns.create_campaign
    update_service = campaigns.update_campaign

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        p = campaigns.progress(self.get_object())
        return Response({"planned": p.planned, "done": p.done, "unplanned": p.unplanned,
                         "rows": [{"label": k, "planned": e, "done": d} for k, e, d in p.rows]})


@extend_schema(tags=["安全生产执法"])
class CampaignQuotaViewSet(ServiceViewSet):
    """The campaigns' tasks (planned inspections per district and team) in scope."""

    queryset = CampaignQuota.objects.none()
    serializer_class = CampaignQuotaSerializer
    filterset_class = CampaignQuotaFilterSet
    select_related = ("campaign", "region", "team")
    ordering = ["campaign", "id"]
    create_service = campaigns.create_quota
    update_service = campaigns.update_quota


@extend_schema(tags=["安全生产执法"])
class DrawViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Draws in scope. POST runs one (the page's form fields); ``verify`` re-runs it from
    the stored seed and snapshot; ``publish`` makes it public."""

    queryset = Draw.objects.none()
    serializer_class = DrawSerializer
    filterset_class = DrawFilterSet
    ordering_fields = ["drawn_at", "id"]
    ordering = ["-drawn_at", "-id"]
    extra_action_permissions = {"verify": "view", "publish": "change", "run": "add"}

    @extend_schema(request=OpenApiTypes.OBJECT, responses=DrawSerializer,
                   description="title, department, region, count, plan, industry, "
                               "supervision_class, team_size")
    @action(detail=False, methods=["post"])
    def run(self, request: Request) -> Response:
        form = DrawForm(data=request.data, user=request.user)
        if not form.is_valid():
            raise ApiValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        draw = draws.run_draw(dict(form.cleaned_data), actor=actor_of(request))
        return Response(DrawSerializer(draw).data, status=201)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        draw = self.get_object()
        return Response({"seed": draw.seed, "reproduced": draws.verify(draw)})

    @extend_schema(request=None, responses=DrawSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        return Response(DrawSerializer(draws.publish_draw(self.get_object(),
                                                          actor=actor_of(request))).data)
