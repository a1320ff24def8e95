"""Pages of rescue teams and their equipment."""

from __future__ import annotations

from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.resources import filtersets as fs
from yingji.resources import forms as rf
from yingji.resources.models import Equipment, RescueTeam
from yingji.resources.views.common import REGION


class RescueTeamListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "rescueteam"
    model = RescueTeam
    filterset_class = fs.RescueTeamFilterSet
    select_related = ("region",)
    columns = (Column("name", "队伍名称", sortable=True, link_to_detail=True),
               Column("kind", "类型"), REGION, Column("headcount", "人数", sortable=True),
               Column("capabilities", "救援能力"), Column("status", "状态"),
               Column("duty_phone", "值班电话"), Column("longitude", "经度", export=True),
               Column("latitude", "纬度"))


class RescueTeamDetailView(ObjectDetailView):
    model = RescueTeam
    select_related = ("region",)


class RescueTeamEditView(ObjectEditView):
    model = RescueTeam
    form_class = rf.RescueTeamForm


class RescueTeamDeleteView(ObjectDeleteView):
    model = RescueTeam


class EquipmentListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "equipment"
    model = Equipment
    filterset_class = fs.EquipmentFilterSet
    select_related = ("region", "team", "warehouse")
    columns = (Column("name", "装备名称", sortable=True, link_to_detail=True),
               Column("category", "类别"), Column("model_spec", "规格型号"),
               Column("quantity", "数量"), Column("unit", "单位"), Column("status", "状态"),
               Column("team", "所属队伍", accessor="team.name"),
               Column("warehouse", "存放仓库", accessor="warehouse.name"), REGION)


class EquipmentDetailView(ObjectDetailView):
    model = Equipment
    select_related = ("region", "team", "warehouse")


class EquipmentEditView(ObjectEditView):
    model = Equipment
    form_class = rf.EquipmentForm


class EquipmentDeleteView(ObjectDeleteView):
    model = Equipment
