"""Staff pages of the bulletins: list, detail with the workflow buttons, versions and
CAP, edit of drafts, and the 叫应 board. Thin: writes go through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from yingji.core.models import Notification
from yingji.core.personal.reveal import may_reveal
from yingji.core.scope import may
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    restricted,
)
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.ui.views.map import map_settings
from yingji.warnings import cap, steps
from yingji.warnings.filtersets import BulletinFilterSet
from yingji.warnings.forms import BulletinForm, PhoneAckForm
from yingji.warnings.models import Bulletin, Level
from yingji.warnings.services import board, bulletins
from yingji.warnings.steps import StepForm
from yingji.warnings.workflow import BULLETIN_FLOW

LEVEL_BADGE = {"red": "red", "orange": "orange", "yellow": "yellow", "blue": "blue"}


def _state(obj: Bulletin) -> str:
    return BULLETIN_FLOW.label(obj.state)


class BulletinListView(RegionFilterWidgetMixin, ObjectListView):
    """预警信息 list: filter by region, type, level and state; Excel export."""

    model = Bulletin
    filterset_class = BulletinFilterSet
    select_related = ("warning_type", "region")
    toolbar_template = "warnings/bulletin_toolbar.html"
    columns = (
        Column("title", "标题", link_to_detail=True),
        Column("warning_type", "预警类型", accessor="warning_type.name"),
        Column("level", "级别", accessor="get_level_display", sortable=True, order_field="level",
               badge=lambda b: LEVEL_BADGE.get(b.level, "")),
        Column("region", "发布区域", accessor="region.name"),
        Column("state", "状态", accessor=_state, sortable=True, order_field="state"),
        Column("expires_at", "失效时间", sortable=True),
        Column("issuer", "发布单位"),
    )


class BulletinDetailView(ObjectDetailView):
    """One bulletin: fields, workflow buttons, versions, CAP, link to the board."""

    model = Bulletin
    select_related = ("warning_type", "region")
    extra_template = "warnings/bulletin_panel.html"
    fields = ("title", "warning_type", "level", "region",
              Column("targets", "预警区域", accessor=lambda b: "、".join(
                  r.name for r in b.target_regions.all()) or "（全部发布区域）"),
              Column("state", "状态", accessor=_state), "effective_at", "expires_at", "content",
              "measures", "issuer", "source", "ack_within_minutes", "published_at")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        actor = self.actor
        context["transitions"] = BULLETIN_FLOW.available(obj, actor) if may(
            self.request.user, Bulletin, "change") else []
        context["levels"] = Level.choices
        context["versions"] = list(obj.versions.all())
        if obj.state != "draft":
            context["edit_url"] = None
            context["delete_url"] = None
        return context


class BulletinEditView(ObjectEditView):
    """Create or edit a draft bulletin."""

    model = Bulletin
    form_class = BulletinForm
    template_name = "warnings/bulletin_edit.html"
    create_service = staticmethod(bulletins.create_bulletin)
    update_service = staticmethod(bulletins.update_bulletin)

    def render(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        context["map"] = map_settings(self.request.user)  # the polygon is drawn on it
        return super().render(template, context, status)

    def form_data(self, form: forms.ModelForm[Any]) -> dict[str, Any]:
        data = super().form_data(form)
        data["target_regions"] = form.cleaned_data.get("target_codes") or []
        return data


class BulletinDeleteView(ObjectDeleteView):
    """Delete a draft (a bulletin that went out is lifted instead)."""

    model = Bulletin
    delete_service = staticmethod(bulletins.delete_bulletin)


class BulletinTransitionView(ObjectActionView):
    """POST one workflow step from the detail page's buttons: ``StepForm`` checks the
    named step's inputs, its service performs it."""

    model = Bulletin
    form_class = StepForm
    invalid_message = "提交的数据不完整，请刷新页面后重试"
    step_label = ""

    def form_kwargs(self, obj: Bulletin) -> dict[str, Any]:
        return {"version_required": True}  # the page always says which version it showed

    def perform(self, obj: Bulletin, data: dict[str, Any]) -> Bulletin:
        self.step_label = BULLETIN_FLOW.transition(data["name"]).label
        return steps.run(obj, data, actor=self.actor)

    def get_success_message(self, obj: Bulletin, result: Any) -> str:
        return f"{self.step_label}完成：{BULLETIN_FLOW.label(obj.state)}"


class BulletinBoardView(PageView):
    """The live 叫应 board of a bulletin (the page polls its own fragment)."""

    model = Bulletin

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        bulletin = get_object_or_404(restricted(self, "view"), pk=pk)
        context = {"bulletin": bulletin, "board": board.board(bulletin),
                   "title": f"叫应情况：{bulletin.title}",
                   "detail_url": reverse("bulletin_detail", args=[pk]),
                   "may_record": may(request.user, Bulletin, "change"),
                   "may_reveal": may_reveal(request.user)}
        if request.headers.get("HX-Request"):
            return self.render("warnings/board_table.html", context)
        return self.render("warnings/board.html", context)


class BulletinPhoneAckView(ObjectActionView):
    """Record on the board that a silent recipient answered by telephone."""

    model = Bulletin
    form_class = PhoneAckForm
    invalid_message = "电话叫应登记有误"

    def perform(self, obj: Bulletin, data: dict[str, Any]) -> Notification:
        return board.record_phone_ack(obj, actor=self.actor, **data)

    def get_success_message(self, obj: Any, result: Notification) -> str:
        return f"已登记{result.recipient.display_name}的电话叫应"

    def success_url(self, obj: Any) -> str:
        return reverse("bulletin_board", args=[self.kwargs["pk"]])


class BulletinCapView(PageView):
    """The bulletin as CAP 1.2 XML (drafts too, for staff)."""

    model = Bulletin

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        bulletin = get_object_or_404(restricted(self, "view"), pk=pk)
        response = HttpResponse(cap.to_cap(bulletin), content_type="application/cap+xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{bulletin.identifier}.xml"'
        return response
