"""API of the public reporting module: reports and rewards in the caller's scope (read)
and their steps (the same table as the pages)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema

from yingji.core.api.viewsets import ScopedReadOnlyViewSet
from yingji.core.steps.api import step_action
from yingji.tipoffs import identity
from yingji.tipoffs.api.serializers import TipoffRewardSerializer, TipoffSerializer
from yingji.tipoffs.filtersets import TipoffFilterSet, TipoffRewardFilterSet
from yingji.tipoffs.models import Tipoff, TipoffReward
from yingji.tipoffs.steps import REWARD_STEPS, TIPOFF_STEPS

TAG = ["举报与奖励"]


@extend_schema(tags=TAG)
class TipoffViewSet(ScopedReadOnlyViewSet):
    queryset = Tipoff.objects.none()
    serializer_class = TipoffSerializer
    filterset_class = TipoffFilterSet
    ordering_fields = ["received_at", "verify_due_at", "number", "id"]
    ordering = ["-received_at", "-id"]
    extra_action_permissions = {"step": "view"}  # each step's own permission decides
    step = step_action(TIPOFF_STEPS, "step", serializer=TipoffSerializer, component="TipoffStep")

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        if identity.sees_reporter(self.request.user):
            queryset = queryset.select_related("reporter")
        return queryset


@extend_schema(tags=TAG)
class TipoffRewardViewSet(ScopedReadOnlyViewSet):
    queryset = TipoffReward.objects.none()
    serializer_class = TipoffRewardSerializer
    filterset_class = TipoffRewardFilterSet
    ordering_fields = ["created_at", "proposed_amount", "amount", "paid_on", "id"]
    ordering = ["-created_at", "-id"]
    extra_action_permissions = {"step": "view"}
    step = step_action(REWARD_STEPS, "step", serializer=TipoffRewardSerializer,
                       component="TipoffRewardStep")

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("tipoff")
