"""The annual plan with its progress, and the 双随机 draws: run one, its result, the
re-run check, publication and the Excel export of the picks."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from yingji.core.forms import apply_errors
from yingji.core.models import Industry
from yingji.core.scope import may
from yingji.core.views.actions import refusal_text
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
)
from yingji.enforcement.filtersets import AnnualPlanFilterSet, DrawFilterSet, DrawPickFilterSet
from yingji.enforcement.forms import AnnualPlanForm
from yingji.enforcement.forms_draws import DrawForm
from yingji.enforcement.models import AnnualPlan, Campaign, Draw, DrawPick, Inspection
from yingji.enforcement.services import campaigns, draws, plans


class AnnualPlanListView(ObjectListView):
    model = AnnualPlan
    title = "年度执法计划"
    filterset_class = AnnualPlanFilterSet
    select_related = ("department", "region")
    columns = (Column("year", "年度", sortable=True), Column("title", "计划名称", link_to_detail=True),
               Column("department", "执法部门", accessor="department.name"),
               Column("targets", "重点企业数", accessor=lambda p: p.targets.count()),
               Column("approved", "已审定"))


class AnnualPlanDetailView(ObjectDetailView):
    """One plan: planned versus done by month, team and district; key enterprises behind;
    its special campaigns with their progress."""

    model = AnnualPlan
    extra_template = "enforcement/plan_panel.html"
    fields = ("year", "title", "department", "region", "random_share", "approved")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["progress"] = plans.progress(obj)
        context["campaign_progress"] = campaigns.plan_progress(obj)
        context["can_add_campaign"] = may(self.request.user, Campaign, "add")
        return context


class AnnualPlanEditView(ObjectEditView):
    model = AnnualPlan
    form_class = AnnualPlanForm
    create_service = plans.create_plan


class DrawListView(ObjectListView):
    model = Draw
    title = "双随机抽查"
    filterset_class = DrawFilterSet
    select_related = ("department", "region")
    toolbar_template = "enforcement/draw_toolbar.html"
    columns = (Column("title", "抽查名称", link_to_detail=True),
               Column("region", "抽查区域", accessor="region.name"),
               Column("pool", "名录库企业数", accessor=lambda d: len(d.enterprise_pool)),
               Column("count", "抽取数"),
               Column("drawn_at", "抽取时间", sortable=True),
               Column("published_at", "公开时间", accessor=lambda d: d.published_at or "未公开",
                      badge=lambda d: "" if d.published_at else "orange"))


class DrawDetailView(ObjectDetailView):
    """A draw: its rules, pools, seed, result (with the re-run check) and publication."""

    model = Draw
    select_related = ("department", "region", "plan", "drawn_by")
    extra_template = "enforcement/draw_panel.html"
    fields = ("title", "department", "region", "plan",
              Column("industry", "行业", accessor=lambda d: dict(Industry.choices).get(
                  d.industry, "全部行业")),
              Column("supervision_class", "监管类别", accessor=lambda d: f"{d.supervision_class}类"
                     if d.supervision_class else "全部类别"),
              "count", "team_size", "seed", "drawn_at", "drawn_by", "publish_due", "published_at")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        ex = obj.exclusions
        context.update({
            "picks": list(obj.picks.select_related("enterprise")
                          .prefetch_related("inspectors", "inspections")[:200]),
            "can_inspect": may(self.request.user, Inspection, "add"),
            "verified": draws.verify(obj),
            "pool_size": len(obj.enterprise_pool), "inspector_size": len(obj.inspector_pool),
            "excluded": {"请假或外出": len(ex.get("leave", [])),
                         "执法证无效或过期": len(ex.get("certificate", [])),
                         "申报回避": len(ex.get("conflicts", [])),
                         "本企业监管责任人": draws.supervised_count(obj),
                         f"近{ex.get('months', '')}个月检查过该企业": sum(
                             len(v) for v in ex.get("recent", {}).values())},
            "unstaffed": len(obj.result.get("unstaffed", [])),
            "can_publish": obj.published_at is None and self.request.user.has_perm(
                "enforcement.change_draw"),
            "overdue": obj.published_at is None and obj.publish_due is not None
            and obj.publish_due < timezone.now(),
        })
        return context


class DrawAddView(PageView):
    """Run a draw (the form, then the service)."""

    model = Draw
    action = "add"
    title = "新建双随机抽查"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._render(DrawForm(user=request.user))

    def _render(self, form: DrawForm) -> HttpResponse:
        return self.render("ui/generic/object_edit.html", {
            "view": self, "form": form, "object": None, "title": self.title,
            "pretitle": "双随机抽查", "cancel_url": reverse("draw_list")})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = DrawForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                draw = draws.run_draw(dict(form.cleaned_data), actor=self.actor)
            except ValidationError as exc:
                apply_errors(form, exc)
            except PermissionDenied as exc:
                messages.error(request, refusal_text(exc))
            else:
                messages.success(request, f"已完成抽取：{draw.title}")
                return redirect("draw_detail", pk=draw.pk)
        return self._render(form)


class DrawPublishView(ObjectActionView):
    model = Draw
    success_message = "抽查结果已公开"

    def perform(self, obj: Draw, data: dict[str, Any]) -> Any:
        return draws.publish_draw(obj, actor=self.actor)


class DrawPickListView(ObjectListView):
    """The drawn enterprises and their teams (Excel export of a draw's result)."""

    model = DrawPick
    title = "抽查结果"
    filterset_class = DrawPickFilterSet
    select_related = ("enterprise", "draw", "enterprise__region")
    prefetch_related = ("inspectors",)
    columns = (Column("draw", "抽查名称", accessor="draw.title"),
               Column("order", "序号"),
               Column("enterprise", "企业", accessor="enterprise.name",
                      link=lambda p: reverse("enterprise_detail", args=[p.enterprise_id])),
               Column("credit", "统一社会信用代码", accessor="enterprise.credit_code"),
               Column("street", "街道", accessor="enterprise.region.name"),
               Column("team", "执法人员", accessor=lambda p: "、".join(i.name for i in p.inspectors.all())))
