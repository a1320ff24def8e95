"""One FilterSet per model, shared by the list pages, the API and the exports."""

from __future__ import annotations

import django_filters as filters

from yingji.core.filtersets import RegionCodeFilter, RegionScopedFilterMixin
from yingji.forestfire import rules
from yingji.forestfire.models import DangerSource, FireDanger


class FireDangerFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    region = RegionCodeFilter(label="区域", method="by_region")
    level = filters.ChoiceFilter(label="火险等级", choices=rules.LEVELS)
    min_level = filters.NumberFilter(label="火险等级不低于", field_name="level", lookup_expr="gte")
    source = filters.ChoiceFilter(label="来源", choices=DangerSource.choices)
    after = filters.DateFilter(label="日期起", field_name="day", lookup_expr="gte")
    before = filters.DateFilter(label="日期止", field_name="day", lookup_expr="lte")

    class Meta:
        model = FireDanger
        fields = ["region", "level", "min_level", "source", "after", "before"]
