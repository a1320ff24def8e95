"""One FilterSet per model, shared by list pages, the API and exports. None filters on
the reporter: staff outside the reward committee cannot narrow a list down to a person."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from yingji.core.filtersets import RegionCodeFilter, RegionScopedFilterMixin
from yingji.core.models import Industry
from yingji.tipoffs.models import Channel, Disposal, MatterKind, Outcome, Tipoff, TipoffReward
from yingji.tipoffs.workflow import REWARD_STATES, STATES


class TipoffFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """举报: number or content, place, channel, kind, state, outcome, overdue."""

    q = filters.CharFilter(label="编号、内容或单位", method="search")
    region = RegionCodeFilter(label="发生地区划", method="by_region")
    channel = filters.ChoiceFilter(label="举报渠道", choices=Channel.choices)
    kind = filters.ChoiceFilter(label="举报事项", choices=MatterKind.choices)
    state = filters.ChoiceFilter(label="状态", choices=list(STATES.items()))
    outcome = filters.ChoiceFilter(label="核查结果", choices=Outcome.choices)
    disposal = filters.ChoiceFilter(label="后续处理", choices=Disposal.choices)
    industry = filters.ChoiceFilter(label="行业类别", choices=Industry.choices)
    anonymous = filters.BooleanFilter(label="匿名举报")
    overdue = filters.BooleanFilter(label="核查超期", method="by_overdue")
    received_after = filters.DateFilter(label="接报日期起", field_name="received_at__date",
                                        lookup_expr="gte")
    received_before = filters.DateFilter(label="接报日期止", field_name="received_at__date",
                                         lookup_expr="lte")

    class Meta:
        model = Tipoff
        fields = ["q", "region", "channel", "kind", "state", "outcome", "disposal", "industry",
                  "anonymous", "overdue", "received_after", "received_before"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(number__icontains=value) | Q(description__contains=value)
                               | Q(enterprise_name__contains=value) | Q(address__contains=value))

    def by_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        late = Q(state="verifying", verify_due_at__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)


class TipoffRewardFilterSet(RegionScopedFilterMixin, filters.FilterSet):
    """举报奖励: report number, place, state."""

    q = filters.CharFilter(label="举报编号", field_name="tipoff__number", lookup_expr="icontains")
    region = RegionCodeFilter(label="发生地区划", method="by_region")
    state = filters.ChoiceFilter(label="状态", choices=list(REWARD_STATES.items()))
    kind = filters.ChoiceFilter(label="举报事项", choices=MatterKind.choices, field_name="tipoff__kind")

    class Meta:
        model = TipoffReward
        fields = ["q", "region", "state", "kind"]
