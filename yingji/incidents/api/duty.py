"""Duty: shifts (overlaps refused), swaps, the duty log and the contact book."""

from __future__ import annotations

from typing import Any

from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import RegionField
from yingji.core.api.forms import checked, form_data
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, actor_of
from yingji.core.models import User
from yingji.incidents import filtersets
from yingji.incidents.forms import SWAP_DECISIONS, DecisionForm, LogForm
from yingji.incidents.models import Contact, DutyLog, DutyShift, SwapRequest
from yingji.incidents.services import duty
from yingji.incidents.workflow import SWAP_FLOW


class DutyShiftSerializer(ModelSerializer):
    region = RegionField()
    leaders = serializers.PrimaryKeyRelatedField(many=True, queryset=User.objects.filter(
        is_active=True))
    officers = serializers.PrimaryKeyRelatedField(many=True, required=False,
                                                  queryset=User.objects.filter(is_active=True))

    class Meta:
        model = DutyShift
        fields = ["id", "region", "pattern", "start", "end", "leaders", "officers", "phone", "note"]


class DutyShiftViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Shifts; creating one refuses overlaps (400 with the people and times)."""

    queryset = DutyShift.objects.none()
    serializer_class = DutyShiftSerializer
    filterset_class = filtersets.DutyShiftFilterSet
    prefetch_related = ("leaders", "officers")
    ordering_fields = ["start"]
    ordering = ["-start"]

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = duty.create_shift(dict(serializer.validated_data),
                                                actor=actor_of(self.request)).shift

    @action(detail=True, methods=["post"])
    def log(self, request: Request, pk: str) -> Response:
        data = checked(LogForm, request)
        entry = duty.add_log(self.get_object(), data["content"], actor=actor_of(request))
        return Response({"id": entry.pk}, status=201)


class SwapRequestSerializer(ModelSerializer):
    state_display = serializers.SerializerMethodField()

    class Meta:
        model = SwapRequest
        fields = ["id", "shift", "from_user", "to_user", "reason", "state", "state_display",
                  "version", "created_at"]
        read_only_fields = ["id", "state", "version", "created_at"]

    def get_state_display(self, obj: SwapRequest) -> str:
        return SWAP_FLOW.label(obj.state)


class SwapRequestViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = SwapRequest.objects.none()
    serializer_class = SwapRequestSerializer
    filterset_class = filtersets.SwapRequestFilterSet
    ordering = ["-created_at"]

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = duty.request_swap(data["shift"], from_user=data["from_user"],
                                                to_user=data["to_user"], reason=data["reason"],
                                                actor=actor_of(self.request))

    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        # ``approve`` (true/false) as before, or ``decision`` as the page sends it.
        approve = request.data.get("approve") in (True, "true", "1", 1)
        data = form_data(DecisionForm({
            "decision": request.data.get("decision") or ("approve" if approve else "reject"),
            "comment": request.data.get("comment", "")}))
        swap = SWAP_DECISIONS[data["decision"]](self.get_object(), data, actor=actor_of(request))
        return Response(SwapRequestSerializer(swap).data)


class DutyLogSerializer(ModelSerializer):
    class Meta:
        model = DutyLog
        fields = ["id", "shift", "time", "content", "incident", "author"]
        read_only_fields = fields


class DutyLogViewSet(ScopedReadOnlyViewSet):
    queryset = DutyLog.objects.none()
    serializer_class = DutyLogSerializer
    filterset_class = filtersets.DutyLogFilterSet
    ordering = ["-time"]


class ContactSerializer(ModelSerializer):
    region = RegionField()

    class Meta:
        model = Contact
        fields = ["id", "region", "name", "organisation", "position", "category", "phone",
                  "mobile", "note"]


class ContactViewSet(ScopedModelViewSet):
    queryset = Contact.objects.none()
    serializer_class = ContactSerializer
    filterset_class = filtersets.ContactFilterSet
    ordering_fields = ["name"]
    ordering = ["name"]

