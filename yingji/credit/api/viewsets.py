"""API of the credit module: records, the list with its steps, early removal
applications with their review, commitments and plans in the caller's scope, written
through the services; the grounds read-only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from yingji.core.api.viewsets import ScopedReadOnlyViewSet, ServiceViewSet
from yingji.core.steps.api import step_action
from yingji.credit.api.serializers import (
    CommitmentPlanSerializer,
    CreditEventSerializer,
    DishonestyEntrySerializer,
    ListingGroundSerializer,
    RemovalApplicationSerializer,
    SafetyCommitmentSerializer,
)
from yingji.credit.filtersets import (
    CommitmentPlanFilterSet,
    CreditEventFilterSet,
    DishonestyEntryFilterSet,
    ListingGroundFilterSet,
    RemovalApplicationFilterSet,
    SafetyCommitmentFilterSet,
)
from yingji.credit.forms import ENTRY_STEPS, REPAIR_STEPS
from yingji.credit.models import (
    CommitmentPlan,
    CreditEvent,
    DishonestyEntry,
    ListingGround,
    RemovalApplication,
    SafetyCommitment,
)
from yingji.credit.services import commitments, listing, records

TAG = ["安全生产信用"]


@extend_schema(tags=TAG)
class CreditEventViewSet(ServiceViewSet):
    queryset = CreditEvent.objects.none()
    serializer_class = CreditEventSerializer
    filterset_class = CreditEventFilterSet
    ordering_fields = ["occurred_on", "kind", "id"]
    ordering = ["-occurred_on", "-id"]
    create_service = records.create_event
    update_service = records.update_event
    delete_service = records.delete_event


@extend_schema(tags=TAG)
class DishonestyEntryViewSet(ServiceViewSet):
    """The list; ``step``: notify, state (statement), decide (reply), withdraw (comment)."""

    queryset = DishonestyEntry.objects.none()
    serializer_class = DishonestyEntrySerializer
    filterset_class = DishonestyEntryFilterSet
    select_related = ("ground", "department")
    ordering_fields = ["listed_on", "remove_on", "state", "id"]
    ordering = ["-created_at", "-id"]
    http_method_names = ["get", "post", "head", "options"]
    extra_action_permissions = {"step": "view"}
    create_service = listing.propose_entry
    step = step_action(ENTRY_STEPS, "step", serializer=DishonestyEntrySerializer)


@extend_schema(tags=TAG)
class RemovalApplicationViewSet(ServiceViewSet):
    """Early removal applications; ``step``: approve, reject, revoke (comment)."""

    queryset = RemovalApplication.objects.none()
    serializer_class = RemovalApplicationSerializer
    filterset_class = RemovalApplicationFilterSet
    select_related = ("entry",)
    ordering_fields = ["applied_at", "state", "id"]
    ordering = ["-applied_at", "-id"]
    http_method_names = ["get", "post", "head", "options"]
    extra_action_permissions = {"step": "view"}
    create_service = listing.apply_early_removal
    step = step_action(REPAIR_STEPS, "step", serializer=RemovalApplicationSerializer)


@extend_schema(tags=TAG)
class SafetyCommitmentViewSet(ServiceViewSet):
    queryset = SafetyCommitment.objects.none()
    serializer_class = SafetyCommitmentSerializer
    filterset_class = SafetyCommitmentFilterSet
    ordering_fields = ["day", "signed_at", "id"]
    ordering = ["-day", "-id"]
    http_method_names = ["get", "post", "head", "options"]
    create_service = commitments.sign_commitment


@extend_schema(tags=TAG)
class CommitmentPlanViewSet(ServiceViewSet):
    queryset = CommitmentPlan.objects.none()
    serializer_class = CommitmentPlanSerializer
    filterset_class = CommitmentPlanFilterSet
    ordering_fields = ["enterprise", "id"]
    ordering = ["enterprise_id"]
    create_service = commitments.create_plan
    update_service = commitments.update_plan


@extend_schema(tags=TAG)
class ListingGroundViewSet(ScopedReadOnlyViewSet):
    queryset = ListingGround.objects.none()
    serializer_class = ListingGroundSerializer
    filterset_class = ListingGroundFilterSet
    ordering_fields = ["code", "id"]
    ordering = ["code"]
