"""Disaster events: the list, the event's page (roll-up by level with the differences,
the response level, the 12-hour board, the steps), the 快报, the statistics table and
the map's data."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from yingji.core.documents import docx_response
from yingji.core.exports import xlsx_response
from yingji.core.scope import may, scope_of
from yingji.core.steps.views import StepView
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    TemplatePageView,
)
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.disasters import rules
from yingji.disasters.filtersets import DisasterEventFilterSet
from yingji.disasters.forms import EVENT_STEPS, EventForm, ResponseForm
from yingji.disasters.models import DisasterEvent, DisasterReport, Stage, TwelveHourCheck
from yingji.disasters.services import events, outputs, response, statistics_tables

STATE_BADGE = {"active": "red", "stable": "orange", "verified": "green", "closed": "secondary"}


class EventListView(RegionFilterWidgetMixin, ObjectListView):
    model = DisasterEvent
    title = "灾害事件"
    filterset_class = DisasterEventFilterSet
    select_related = ("region",)
    columns = (
        Column("title", "灾害名称", link_to_detail=True),
        Column("kind", "灾种", accessor="get_kind_display"),
        # One source with the response level: the grade the figures reach (初判 before).
        Column("grade", "等级", accessor=lambda e: assessment_of(e).grade_label),
        Column("region", "牵头区划", accessor="region.name"),
        Column("started_at", "发生时间", sortable=True),
        Column("state", "状态", accessor="get_state_display", badge=lambda e: STATE_BADGE.get(e.state, "")),
        Column("response", "救助响应", accessor=lambda e: rules.LEVEL_LABELS.get(e.response_level, "未启动")),
    )

    def build_rows(self, objects: Any) -> Any:
        objects = list(objects)
        found = response.assess_many(objects)
        for event in objects:
            setattr(event, "_assessment", found[event.pk])  # noqa: B010  (not a model field)
        return super().build_rows(objects)


def assessment_of(event: DisasterEvent) -> response.Assessment:
    """The event's assessment, computed once per request (a list page computes its
    page's in one go, ``assess_many``)."""
    found: response.Assessment | None = getattr(event, "_assessment", None)
    if found is None:
        found = response.assess(event)
        setattr(event, "_assessment", found)  # noqa: B010  (not a model field)
    return found


class EventDetailView(ObjectDetailView):
    model = DisasterEvent
    select_related = ("region", "created_by")
    extra_template = "disasters/event_panel.html"
    fields = (
        "title",
        "kind",
        Column("grade", "灾害等级", accessor=lambda e: assessment_of(e).grade_label),
        "grade",
        "region",
        Column("streets", "受灾街道（乡镇）", accessor=lambda e: [r.name for r in e.affected_regions.all()]),
        "started_at",
        "ended_at",
        "stabilised_at",
        "state",
        "description",
        Column("incidents", "关联突发事件", accessor=lambda e: [str(i) for i in e.incidents.all()]),
        "frozen_at",
        Column(
            "response", "救助应急响应", accessor=lambda e: rules.LEVEL_LABELS.get(e.response_level, "未启动")
        ),
        "response_started_at",
        "created_by",
    )

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        prefix = scope_of(user).region_prefix
        rows = outputs.rollup_rows(obj, prefix)
        context["rollup"] = rows
        streets = [r for r in rows if r.level == 4]
        context["chart_affected"] = {
            "title": "受灾人口（人）",
            "items": [{"name": r.name, "value": r.reported["affected"]} for r in streets],
        }
        context["chart_loss"] = {
            "title": "直接经济损失（万元）",
            "items": [{"name": r.name, "value": float(rules.direct_loss(r.reported))} for r in streets],
        }
        context["key_headers"] = outputs.KEY_HEADERS
        context["assessment"] = assessment_of(obj)
        context["checks"] = list(
            TwelveHourCheck.objects.restrict(user, "view")
            .filter(event=obj)
            .select_related("region")
            .prefetch_related("confirmations")
        )
        context["now"] = timezone.now()
        context["can_change"] = may(user, DisasterEvent, "change")
        context["can_decide"] = user.has_perm("disasters.decide_response")
        context["can_verify"] = user.has_perm("disasters.verify_disasterevent")
        context["response_form"] = ResponseForm(initial={"level": context["assessment"].level}, user=user)
        counts = DisasterReport.objects.restrict(user, "view").filter(event=obj)
        context["pending_review"] = counts.filter(state="submitted").count()
        context["pending_check"] = counts.filter(state="reviewed").count()
        context["decisions"] = list(obj.decisions.select_related("decided_by"))
        context["delete_url"] = None
        context["bulletins"] = linked_bulletins(obj, user)
        context["map_layers"] = [
            {
                "name": "受灾情况",
                "url": reverse("disasterevent_geojson", args=[obj.pk]),
                "color": "#e65100",
                "visible": True,
            }
        ]
        from yingji.ui.views.map import map_settings

        context["map"] = map_settings(user)
        return context


def linked_bulletins(event: DisasterEvent, user: Any) -> list[dict[str, Any]]:
    """The issued warnings the event came with, each linked to its page (warnings' read
    service decides which page the viewer may open)."""
    from yingji.warnings.services.for_events import linked_rows

    return linked_rows(event.bulletins.values("pk"), user)


class EventEditView(ObjectEditView):
    model = DisasterEvent
    form_class = EventForm
    create_service = events.create_event
    update_service = events.update_event


class EventStepView(StepView):
    """灾情稳定 / 完成核报: the page's buttons post the step's ``name``
    (``forms.EVENT_STEPS``); the services decide and refuse in Chinese."""

    model = DisasterEvent
    steps = EVENT_STEPS


class EventResponseView(ObjectActionView):
    model = DisasterEvent
    action = "view"
    permission = "disasters.decide_response"
    form_class = ResponseForm
    success_message = "已记录启动救助应急响应的决定"

    def form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        response.start_response(
            obj,
            level=data["level"],
            comment=data.get("comment") or "",
            actor=self.actor,
            plan=data.get("plan"),
        )
        return obj


class EventFileView(PageView):
    """灾情快报 (Word) or the statistics table (Excel) of one event."""

    model = DisasterEvent
    kind = "brief"

    def get(self, request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> HttpResponse:
        event = get_object_or_404(DisasterEvent.objects.restrict(request.user, "view"), pk=pk)
        rows = outputs.rollup_rows(event, scope_of(request.user).region_prefix)
        stamp = f"{timezone.localtime():%Y%m%d%H%M}"
        if self.kind == "brief":
            return docx_response(outputs.brief_docx(event, rows), f"{event.title}灾情快报-{stamp}.docx")
        stage = request.GET.get("stage", Stage.REPORTED)
        stage = stage if stage in Stage.values else Stage.REPORTED
        return xlsx_response(
            statistics_tables.statistics_workbook(event, rows, stage),
            f"{event.title}自然灾害情况统计表-{stamp}.xlsx",
        )


def event_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    """The map's data: districts' polygons and streets' points with their figures."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "请先登录"}, status=401)
    if not may(request.user, DisasterEvent, "view"):
        return JsonResponse({"detail": "您没有访问此数据的权限"}, status=403)
    event = get_object_or_404(DisasterEvent.objects.restrict(request.user, "view"), pk=pk)
    from yingji.ui.boundaries import region_shapes

    return JsonResponse(outputs.map_features(event, scope_of(request.user).region_prefix, region_shapes()))


class BoardView(TemplatePageView):
    """领导看板: the open events with their totals, response level and 12-hour status."""

    model = DisasterEvent
    title = "灾情总览"
    template_name = "disasters/board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        prefix = scope_of(user).region_prefix
        items = []
        for event in (
            DisasterEvent.objects.restrict(user, "view")
            .filter(state__in=("active", "stable", "verified"))
            .select_related("region")[:10]
        ):
            rows = outputs.rollup_rows(event, prefix)
            top = rows[0] if rows else None
            checks = TwelveHourCheck.objects.restrict(user, "view").filter(event=event)
            items.append(
                {
                    "event": event,
                    "top": top,
                    "assessment": assessment_of(event),
                    "started": rules.LEVEL_LABELS.get(event.response_level, ""),
                    "checks": checks.count(),
                    "checks_done": checks.exclude(completed_at=None).count(),
                }
            )
        return {"items": items, "key_headers": outputs.KEY_HEADERS}
