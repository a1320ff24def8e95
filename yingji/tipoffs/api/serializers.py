"""Serializers of the public reporting module (writes go through the steps). The
reporter is ``reporter`` (``identity.reporter_label``): the committee reads the person,
everyone else a masked label; ``insider`` is null outside the committee."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from yingji.core.api.serializers import ModelSerializer
from yingji.tipoffs import identity
from yingji.tipoffs.models import Tipoff, TipoffReward, TipoffVote


def _user(serializer: serializers.BaseSerializer[Any]) -> Any:
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class TipoffSerializer(ModelSerializer):
    reporter = serializers.SerializerMethodField(help_text="举报人（奖励委员会以外显示为身份保密）")
    insider = serializers.SerializerMethodField(help_text="内部人员举报（仅奖励委员会可见，其他为null）")
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = Tipoff
        fields = ["id", "number", "channel", "kind", "description", "region", "address", "longitude",
                  "latitude", "enterprise", "enterprise_name", "industry", "anonymous", "insider",
                  "reporter", "received_at", "state", "state_label", "version", "reason", "original",
                  "department", "assigned_at", "verify_due_at", "outcome", "findings", "verified_at",
                  "disposal", "hazard", "inspection", "fine_amount", "concealed_deaths",
                  "accident_grade", "reply", "replied_at"]
        read_only_fields = fields

    def get_reporter(self, obj: Tipoff) -> str:
        return identity.reporter_label(obj, _user(self))

    def get_insider(self, obj: Tipoff) -> bool | None:
        return obj.insider if identity.sees_reporter(_user(self)) else None


class TipoffVoteSerializer(ModelSerializer):
    class Meta:
        model = TipoffVote
        fields = ["id", "member", "vote", "amount", "comment", "at"]
        read_only_fields = fields


class TipoffRewardSerializer(ModelSerializer):
    state_label = serializers.CharField(read_only=True)
    tipoff_number = serializers.CharField(source="tipoff.number", read_only=True)
    reporter = serializers.SerializerMethodField(help_text="举报人（奖励委员会以外显示为身份保密）")

    class Meta:
        model = TipoffReward
        fields = ["id", "tipoff", "tipoff_number", "reporter", "proposed_amount", "basis", "amount",
                  "state", "state_label", "version", "decision_note", "decided_at", "voucher",
                  "paid_on"]
        read_only_fields = fields

    def get_reporter(self, obj: TipoffReward) -> str:
        return identity.reporter_label(obj.tipoff, _user(self))
