"""Staff pages of the warnings app: bulletins (list, detail with the workflow buttons,
versions and CAP, edit of drafts), the 叫应 board, and the responsible-person directory.
Thin: writes go through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from yingji.core.scope import may
from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    restricted,
)
from yingji.core.views.imports import ImportPageView, ImportTemplateView
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.ui.views.map import map_settings
from yingji.warnings import cap
from yingji.warnings.filtersets import BulletinFilterSet, ResponsiblePersonFilterSet
from yingji.warnings.forms import BulletinForm, ResponsiblePersonForm, TransitionForm
from yingji.warnings.imports import person_import_spec
from yingji.warnings.models import Bulletin, Level, ResponsiblePerson
from yingji.warnings.services import board, bulletins, directory
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
              "measures", "issuer", "source", "ack_within_minutes", "published_at", "identifier")

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

    def render(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        context["map"] = map_settings(self.request.user)  # the polygon is drawn on it
        return super().render(template, context, status)

    def form_data(self, form: forms.ModelForm[Any]) -> dict[str, Any]:
        data = super().form_data(form)
        data["target_regions"] = form.cleaned_data.get("target_codes") or []
        return data

    def perform_create(self, form: forms.ModelForm[Any]) -> Any:
        return bulletins.create_bulletin(self.form_data(form), actor=self.actor)

    def perform_update(self, obj: Any, form: forms.ModelForm[Any]) -> Any:
        return bulletins.update_bulletin(obj, self.form_data(form), actor=self.actor)


class BulletinDeleteView(ObjectDeleteView):
    model = Bulletin

    def perform_delete(self, obj: Any) -> None:
        if obj.state != "draft":
            raise ValidationError("只能删除草稿；已发布的预警请解除")
        super().perform_delete(obj)


class BulletinTransitionView(PageView):
    """POST one workflow step from the detail page's buttons."""

    model = Bulletin
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        bulletin = get_object_or_404(restricted(self, "change"), pk=pk)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "提交的数据不完整，请刷新页面后重试")
            return redirect("bulletin_detail", pk=pk)
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        name, version = data.pop("name"), data.pop("version")
        try:
            done = bulletins.fire(bulletin, name, actor=self.actor, data=data,
                                  expected_version=version)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"{BULLETIN_FLOW.transition(name).label}完成："
                                      f"{BULLETIN_FLOW.label(done.state)}")
        return redirect("bulletin_detail", pk=pk)


class BulletinBoardView(PageView):
    """The live 叫应 board of a bulletin (the page polls its own fragment)."""

    model = Bulletin

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        bulletin = get_object_or_404(restricted(self, "view"), pk=pk)
        context = {"bulletin": bulletin, "board": board.board(bulletin),
                   "title": f"叫应情况：{bulletin.title}",
                   "detail_url": reverse("bulletin_detail", args=[pk])}
        if request.headers.get("HX-Request"):
            return self.render("warnings/board_table.html", context)
        return self.render("warnings/board.html", context)


class BulletinCapView(PageView):
    """The bulletin as CAP 1.2 XML (drafts too, for staff)."""

    model = Bulletin

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        bulletin = get_object_or_404(restricted(self, "view"), pk=pk)
        response = HttpResponse(cap.to_cap(bulletin), content_type="application/cap+xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{bulletin.identifier}.xml"'
        return response


class ResponsiblePersonListView(RegionFilterWidgetMixin, ObjectListView):
    """责任人名录: filter by region, role, tier, hazard type; Excel export."""

    model = ResponsiblePerson
    filterset_class = ResponsiblePersonFilterSet
    select_related = ("region",)
    toolbar_template = "warnings/people_toolbar.html"
    columns = (
        Column("name", "姓名", link_to_detail=True, sortable=True),
        Column("role", "责任类别", accessor="get_role_display"),
        Column("tier", "层级", accessor="get_tier_display"),
        Column("region", "责任区域", accessor="region.name"),
        Column("phone", "手机号"),
        Column("position", "职务"),
        Column("published", "公布", accessor=lambda p: "是" if p.published else "否"),
    )


class ResponsiblePersonDetailView(ObjectDetailView):
    model = ResponsiblePerson
    select_related = ("region",)
    fields = ("name", "phone", "email", "region", "role", "tier",
              Column("hazards", "负责灾种", accessor=lambda p: "、".join(
                  t.name for t in p.hazard_types.all()) or "全部"),
              "position", "organisation", "published", "active")


class ResponsiblePersonEditView(ObjectEditView):
    model = ResponsiblePerson
    form_class = ResponsiblePersonForm

    def perform_create(self, form: forms.ModelForm[Any]) -> Any:
        return directory.create_person(self.form_data(form), actor=self.actor)

    def perform_update(self, obj: Any, form: forms.ModelForm[Any]) -> Any:
        return directory.update_person(obj, self.form_data(form), actor=self.actor)


class ResponsiblePersonDeleteView(ObjectDeleteView):
    model = ResponsiblePerson

    def perform_delete(self, obj: Any) -> None:
        directory.delete_person(obj, actor=self.actor)


class ResponsiblePersonImportView(ImportPageView):
    """批量导入责任人: upload an .xlsx, see the row-level report."""

    model = ResponsiblePerson
    title = "批量导入责任人"
    spec_factory = staticmethod(person_import_spec)
    help_text = "按手机号、区划和责任类别识别责任人：已存在的更新，不存在的新增，可重复导入。"
    template_route = "responsibleperson_import_template"
    back_route = "responsibleperson_list"


class ResponsiblePersonImportTemplateView(ImportTemplateView):
    """The directory import template (.xlsx)."""

    model = ResponsiblePerson
    spec_factory = staticmethod(person_import_spec)
    filename = "责任人名录导入模板.xlsx"
