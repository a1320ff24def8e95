"""FilterSets of the annual assessment (one per model), for the lists, the API and the exports."""

from __future__ import annotations

import django_filters as filters

from yingji.core.filtersets import IdFilter, RegionCodeFilter, RegionScopedFilterMixin
from yingji.governance.models import (
    AssessmentResult,
    AssessmentScheme,
    CriterionScore,
    OversightKind,
    OversightRecord,
    SchemeState,
)


class AssessmentSchemeFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    year = filters.NumberFilter(label="考核年度")
    state = filters.ChoiceFilter(label="状态", choices=SchemeState.choices)
    region = RegionCodeFilter(label="考核区域", method="by_region")

    class Meta:
        model = AssessmentScheme
        fields = ["year", "state", "region"]


class AssessmentResultFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    scheme = IdFilter(label="考核方案", field_name="scheme_id")
    region = RegionCodeFilter(label="被考核区县", method="by_region")
    vetoed = filters.BooleanFilter(label="一票否决")

    class Meta:
        model = AssessmentResult
        fields = ["scheme", "region", "vetoed"]


class CriterionScoreFilterSet(filters.FilterSet):
    result = IdFilter(label="考核结果", field_name="result_id")

    class Meta:
        model = CriterionScore
        fields = ["result"]


class OversightRecordFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    kind = filters.ChoiceFilter(label="类型", choices=OversightKind.choices)
    region = RegionCodeFilter(label="区域", method="by_region")
    held_after = filters.DateFilter(label="日期起", field_name="held_on", lookup_expr="gte")
    held_before = filters.DateFilter(label="日期止", field_name="held_on", lookup_expr="lte")

    class Meta:
        model = OversightRecord
        fields = ["kind", "region", "held_after", "held_before"]
