"""Inspectors, teams and declared conflicts; the catalogue, the discretion standard and
the settings. Configuration of core's generic views."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.core.views.generic import (
    ChildDeleteView,
    ChildEditView,
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    SettingsEditView,
)
from yingji.enforcement.filtersets import (
    ConflictFilterSet,
    DiscretionStandardFilterSet,
    EnforcementItemFilterSet,
    InspectorFilterSet,
    TeamFilterSet,
)
from yingji.enforcement.forms import (
    ConflictForm,
    DiscretionBandForm,
    DiscretionStandardForm,
    EnforcementItemForm,
    InspectorForm,
    SettingsForm,
    TeamForm,
)
from yingji.enforcement.models import (
    Conflict,
    DiscretionBand,
    DiscretionStandard,
    EnforcementItem,
    EnforcementSettings,
    Inspector,
    Team,
)
from yingji.enforcement.services import people


def _certificate(i: Inspector) -> str:
    today = timezone.localdate()
    if not i.certificate_valid(today):
        return "已过期"
    left = (i.certificate_expires_on - today).days
    return f"有效（{left}天后到期）" if left <= 60 else "有效"


class InspectorListView(ObjectListView):
    model = Inspector
    title = "执法人员"
    filterset_class = InspectorFilterSet
    select_related = ("department", "region")
    columns = (
        Column("name", "姓名", link_to_detail=True, sortable=True),
        Column("certificate_number", "执法证号"),
        Column("certificate_expires_on", "有效期至", sortable=True),
        Column("certificate", "执法证", accessor=_certificate,
               badge=lambda i: "red" if not i.certificate_valid() else ""),
        Column("department", "所在单位", accessor="department.name"),
        Column("region", "执法区域", accessor="region.name"),
        Column("leave", "请假", accessor=lambda i: "请假中" if i.on_leave() else ""),
    )


class InspectorDetailView(ObjectDetailView):
    model = Inspector
    select_related = ("department", "region", "user")
    fields = ("name", "user", "certificate_number", "issuing_body", "certificate_expires_on",
              Column("certificate", "执法证状态", accessor=_certificate), "department", "region",
              "phone", "on_leave_from", "on_leave_until", "is_active",
              Column("teams", "所在小组", accessor=lambda i: "、".join(t.name for t in i.teams.all())),
              Column("conflicts", "回避企业", accessor=lambda i: "、".join(
                  c.enterprise.name for c in i.conflicts.select_related("enterprise"))))


class InspectorEditView(ObjectEditView):
    model = Inspector
    form_class = InspectorForm
    create_service = people.create_inspector
    update_service = people.update_inspector


class TeamListView(ObjectListView):
    model = Team
    title = "执法小组"
    filterset_class = TeamFilterSet
    select_related = ("department", "region", "leader")
    prefetch_related = ("members",)
    columns = (
        Column("name", "小组名称", link_to_detail=True),
        Column("leader", "组长", accessor="leader.name"),
        Column("members", "组员", accessor=lambda t: "、".join(m.name for m in t.members.all())),
        Column("region", "执法区域", accessor="region.name"),
    )


class TeamDetailView(ObjectDetailView):
    model = Team
    fields = ("name", "department", "region", "leader",
              Column("members", "组员", accessor=lambda t: "、".join(m.name for m in t.members.all())))


class TeamEditView(ObjectEditView):
    model = Team
    form_class = TeamForm
    create_service = people.create_team
    update_service = people.update_team


class ConflictListView(ObjectListView):
    model = Conflict
    title = "回避申报"
    filterset_class = ConflictFilterSet
    select_related = ("inspector", "enterprise")
    columns = (
        Column("inspector", "执法人员", accessor="inspector.name"),
        Column("enterprise", "企业", accessor="enterprise.name"),
        Column("reason", "回避事由"),
        Column("declared_on", "申报日期", sortable=True),
    )


class ConflictEditView(ObjectEditView):
    model = Conflict
    form_class = ConflictForm
    create_service = people.declare_conflict

    def success_url(self, obj: Any) -> str:
        return reverse("conflict_list")


class EnforcementItemListView(ObjectListView):
    model = EnforcementItem
    title = "执法事项清单"
    filterset_class = EnforcementItemFilterSet
    columns = (Column("code", "事项编码", link_to_detail=True), Column("name", "检查事项"),
               Column("legal_basis", "法律依据"), Column("department", "实施主体"))


class EnforcementItemDetailView(ObjectDetailView):
    model = EnforcementItem
    fields = ("code", "name", "legal_basis", "department", "industries", "sort_order")


class EnforcementItemEditView(ObjectEditView):
    model = EnforcementItem
    form_class = EnforcementItemForm


class DiscretionStandardListView(ObjectListView):
    model = DiscretionStandard
    title = "裁量基准"
    filterset_class = DiscretionStandardFilterSet
    columns = (Column("code", "编号", link_to_detail=True),
               Column("violation", "违法行为", link_to_detail=True),
               Column("penalty_basis", "处罚依据"), Column("kind", "裁量方式", accessor="get_kind_display"))


class DiscretionStandardDetailView(ObjectDetailView):
    model = DiscretionStandard
    extra_template = "enforcement/standard_panel.html"
    fields = ("code", "violation", "violated_basis", "penalty_basis", "kind", "person_liable", "item")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["bands"] = list(obj.bands.all())
        context["can_edit"] = self.request.user.has_perm("enforcement.change_discretionband")
        return context


class DiscretionStandardEditView(ObjectEditView):
    model = DiscretionStandard
    form_class = DiscretionStandardForm


class DiscretionBandEditView(ChildEditView):
    model = DiscretionBand
    form_class = DiscretionBandForm
    parent_field = "standard"


class DiscretionBandDeleteView(ChildDeleteView):
    model = DiscretionBand
    parent_field = "standard"


class EnforcementSettingsView(SettingsEditView):
    model = EnforcementSettings
    form_class = SettingsForm
