"""Endpoints of the shared models: regions, departments, users, the caller, messages,
audit log and the caller's API tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yingji.core.api.permissions import OwnDataPermission, SessionOnlyPermission
from yingji.core.api.serializers import (
    ApiTokenCreateSerializer,
    ApiTokenIssuedSerializer,
    ApiTokenSerializer,
    AuditLogSerializer,
    DepartmentSerializer,
    MarkAllReadSerializer,
    MeSerializer,
    NotificationSerializer,
    RegionSerializer,
    UserSerializer,
)
from yingji.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, actor_of
from yingji.core.filtersets import (
    AuditLogFilterSet,
    DepartmentFilterSet,
    NotificationFilterSet,
    RegionFilterSet,
    UserFilterSet,
)
from yingji.core.models import ApiToken, AuditLog, Department, Notification, Region, User
from yingji.core.rules import RegionCodeError, normalize_region_code
from yingji.core.scope import may
from yingji.core.services import notifications as notification_services
from yingji.core.services import tokens as token_services
from yingji.core.services.users import create_user, update_user


def caller(request: Request) -> User:
    """The signed-in user of a request that passed an authenticated-only permission."""
    user = request.user
    assert isinstance(user, User)
    return user


@extend_schema(tags=["行政区划"])
class RegionViewSet(viewsets.ReadOnlyModelViewSet[Region]):
    """Administrative divisions (行政区划), looked up by code; ``4201`` means
    420100000000. Shared reference data, readable by every role with the view
    permission."""

    queryset = Region.objects.none()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    ordering_fields = ["code", "name", "level"]
    ordering = ["code"]

    def get_queryset(self) -> QuerySet[Region]:
        if not may(self.request.user, Region, "view"):
            return Region.objects.none()
        return Region.objects.all()

    def get_object(self) -> Region:
        raw = str(self.kwargs.get(self.lookup_field, ""))
        try:
            code = normalize_region_code(raw)
        except RegionCodeError as exc:
            raise serializers.ValidationError({"code": [str(exc)]}) from exc
        self.kwargs[self.lookup_field] = code
        return super().get_object()


@extend_schema(tags=["组织机构"])
class DepartmentViewSet(ScopedModelViewSet):
    """Organisation units (组织机构) inside the caller's scope."""

    queryset = Department.objects.none()
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet
    select_related = ("region", "parent")
    ordering_fields = ["name", "region", "sort_order", "created_at", "updated_at", "id"]
    ordering = ["region", "sort_order", "id"]


@extend_schema(tags=["用户管理"])
class UserViewSet(ScopedModelViewSet):
    """Accounts inside the caller's scope (administrators). Users are never deleted,
    only disabled (``is_active``); roles are a list of role codes."""

    queryset = User.objects.none()
    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    select_related = ("scope_region", "department")
    prefetch_related = ("groups",)
    ordering_fields = ["username", "real_name", "last_login", "id"]
    ordering = ["username"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        roles = data.pop("roles", [])
        password = data.pop("password")
        serializer.instance = create_user(
            data, roles=roles, password=password, actor=actor_of(self.request)
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        assert isinstance(serializer.instance, User)
        data = dict(serializer.validated_data)
        roles = data.pop("roles", None)
        serializer.instance = update_user(
            serializer.instance, data, roles=roles, actor=actor_of(self.request)
        )


@extend_schema(tags=["当前用户"])
class MeView(APIView):
    """The caller: identity, roles, effective data scope, security state."""

    permission_classes = [OwnDataPermission]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user, context={"request": request}).data)


@extend_schema(tags=["站内消息"])
@extend_schema_view(
    mark_read=extend_schema(request=None, responses=NotificationSerializer),
    mark_all_read=extend_schema(request=None, responses=MarkAllReadSerializer),
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet[Notification]):
    """The caller's own in-app messages (站内消息); nobody reads another's."""

    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    permission_classes = [OwnDataPermission]
    filterset_class = NotificationFilterSet
    ordering_fields = ["created_at", "level", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(recipient=caller(self.request))

    @action(detail=True, methods=["post"], url_path="mark-read")
    def mark_read(self, request: Request, pk: str | None = None) -> Response:
        note = notification_services.mark_read(self.get_object(), actor=actor_of(request))
        return Response(self.get_serializer(note).data)

    @action(detail=False, methods=["post"], url_path="mark-all-read")
    def mark_all_read(self, request: Request) -> Response:
        count = notification_services.mark_all_read(actor=actor_of(request))
        return Response({"updated": count})


@extend_schema(tags=["审计日志"])
class AuditLogViewSet(ScopedReadOnlyViewSet):
    """The change log (审计日志), read-only, for auditors, inside their scope."""

    queryset = AuditLog.objects.none()
    serializer_class = AuditLogSerializer
    filterset_class = AuditLogFilterSet
    ordering_fields = ["chain_index", "time", "action", "actor_label"]
    ordering = ["-chain_index"]


@extend_schema(tags=["接口令牌"])
@extend_schema_view(
    create=extend_schema(request=ApiTokenCreateSerializer,
                         responses={201: ApiTokenIssuedSerializer}),
    revoke=extend_schema(request=None, responses=ApiTokenSerializer),
    destroy=extend_schema(description="吊销令牌（与 revoke 相同，记录保留）"),
)
class ApiTokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet[ApiToken]):
    """The caller's own API tokens for system-to-system calls. Creating returns the
    key once; later only its prefix is shown. Managed from a signed-in session only,
    never with a token."""

    queryset = ApiToken.objects.none()
    serializer_class = ApiTokenSerializer
    permission_classes = [SessionOnlyPermission]
    filterset_class = None
    ordering_fields = ["created_at", "expires_at", "name"]
    ordering = ["-created_at"]

    def get_queryset(self) -> QuerySet[ApiToken]:
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=caller(self.request)).select_related("region")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = ApiTokenCreateSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        data = form.validated_data
        token, key = token_services.issue_token(
            caller(request),
            data["name"], data.get("region"), data["read_only"], data["expires_in_days"],
            actor=actor_of(request),
        )
        body = ApiTokenIssuedSerializer(token, context={"request": request, "key": key}).data
        return Response(body, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        token_services.revoke_token(self.get_object(), actor=actor_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        token = token_services.revoke_token(self.get_object(), actor=actor_of(request))
        return Response(ApiTokenSerializer(token, context={"request": request}).data)


__all__ = [
    "ApiTokenViewSet", "AuditLogViewSet", "DepartmentViewSet", "MeView",
    "NotificationViewSet", "RegionViewSet", "UserViewSet",
]
