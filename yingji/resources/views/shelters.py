"""Pages of shelters and communities' population figures."""

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
from yingji.resources.models import CommunityProfile, Shelter
from yingji.resources.services.analysis import NO_POINT
from yingji.resources.views.common import REGION


class ShelterListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "shelter"
    model = Shelter
    filterset_class = fs.ShelterFilterSet
    select_related = ("region",)
    columns = (Column("name", "名称", sortable=True, link_to_detail=True),
               Column("shelter_class", "类别"), Column("shelter_type", "类型"),
               Column("capacity", "容纳人数", sortable=True),
               Column("effective_area_m2", "有效面积（平方米）"), Column("status", "状态"),
               REGION, Column("address", "地址"))


class ShelterDetailView(ObjectDetailView):
    model = Shelter
    select_related = ("region",)
    fields = ("name", "region", "address", "longitude", "latitude", "shelter_class",
              "shelter_type", "area_m2", "effective_area_m2", "capacity", "facilities",
              "equipment", "status", "manager", "phone",
              Column("communities", "服务社区",
                     accessor=lambda s: [c.name for c in s.communities.all()]))


class ShelterEditView(ObjectEditView):
    model = Shelter
    form_class = rf.ShelterForm


class ShelterDeleteView(ObjectDeleteView):
    model = Shelter


class CommunityProfileListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "communityprofile"
    model = CommunityProfile
    filterset_class = fs.CommunityProfileFilterSet
    select_related = ("region",)
    columns = (Column("region", "社区（村）", accessor="region.name", link_to_detail=True),
               Column("code", "区划代码", accessor="region_id"),
               Column("population", "常住人口", sortable=True), Column("households", "户数"),
               Column("point", "坐标", accessor=lambda p: point_text(p.longitude, p.latitude),
                      export=False))


def point_text(longitude: float | None, latitude: float | None) -> str:
    """A point as the pages show it; 无坐标 when either half is missing (such a
    community is left out of coverage and evacuation until a point is entered)."""
    if longitude is None or latitude is None:
        return NO_POINT
    return f"{longitude:.5f}，{latitude:.5f}"


class CommunityProfileDetailView(ObjectDetailView):
    model = CommunityProfile
    select_related = ("region",)


class CommunityProfileEditView(ObjectEditView):
    model = CommunityProfile
    form_class = rf.CommunityProfileForm
