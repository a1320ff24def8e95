"""Dead letters and data sources (creating one answers its token once) over the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedReadOnlyViewSet, actor_of
from yingji.enterprises.models import Enterprise
from yingji.monitoring.filtersets import DataSourceFilterSet, DeadLetterFilterSet
from yingji.monitoring.models import DataSource, DeadLetter
from yingji.monitoring.services import sources


class DeadLetterSerializer(ModelSerializer):
    class Meta:
        model = DeadLetter
        fields = ["id", "received_at", "door", "enterprise", "source_code", "topic", "reason_code", "reason",
                  "payload"]


class DataSourceSerializer(ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())

    class Meta:
        model = DataSource
        fields = ["id", "enterprise", "code", "name", "token_prefix", "active", "last_seen_at", "created_at"]
        # A source starts enabled (create_source takes no switch; the page disables one).
        read_only_fields = ["token_prefix", "active", "last_seen_at", "created_at"]


class DataSourceCreatedSerializer(DataSourceSerializer):
    """A new source with its token, answered this once (only the hash is kept)."""

    token = serializers.CharField(read_only=True, help_text="数据源令牌（只显示这一次）")

    class Meta(DataSourceSerializer.Meta):
        fields = [*DataSourceSerializer.Meta.fields, "token"]


class DeadLetterViewSet(ScopedReadOnlyViewSet):
    queryset = DeadLetter.objects.none()
    serializer_class = DeadLetterSerializer
    filterset_class = DeadLetterFilterSet
    ordering_fields = ["received_at"]
    ordering = ["-received_at", "-id"]


class DataSourceViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Data sources; creating one answers the token once (only its hash is kept)."""

    queryset = DataSource.objects.none()
    serializer_class = DataSourceSerializer
    filterset_class = DataSourceFilterSet
    ordering_fields = ["code", "last_seen_at"]
    ordering = ["code"]

    @extend_schema(responses={201: DataSourceCreatedSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source, token = sources.create_source(actor=actor_of(request), **serializer.validated_data)
        return Response({**DataSourceSerializer(source).data, "token": token}, status=201)

    @extend_schema(request=None, summary="更换令牌", responses=inline_serializer(
        "RotatedToken", {"token": serializers.CharField(help_text="新令牌（只显示这一次）")}))
    @action(detail=True, methods=["post"], url_path="rotate-token")
    def rotate_token(self, request: Request, pk: str | None = None) -> Response:
        source = self.get_object()
        return Response({"token": sources.rotate_token(source, actor=actor_of(request))})
