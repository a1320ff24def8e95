"""Serializers of the shared models. Read fields show codes plus display names;
writes are validated here and applied by services, never saved by a serializer."""

from __future__ import annotations

from typing import Any

from django.db.models import TextField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yingji.core.api.fields import PersonalDataField, RegionField, ScopedPrimaryKeyRelatedField
from yingji.core.fieldchecks import TEXT_MAX_LENGTH
from yingji.core.models import (
    ApiToken,
    AuditLog,
    Department,
    Industry,
    Notification,
    Region,
    User,
)
from yingji.core.personal.fields import PersonalField
from yingji.core.roles import ROLE_CHOICES, role_name
from yingji.core.scope import scope_of
from yingji.core.services.tokens import DEFAULT_EXPIRES_IN_DAYS, MAX_EXPIRES_IN_DAYS


class ModelSerializer(serializers.ModelSerializer):
    """ModelSerializer whose uniqueness errors name the fields in Chinese and whose
    free-text fields have the shared length limit."""

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[Any, dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, PersonalField):
            kwargs = {k: v for k, v in kwargs.items()
                      if k in ("required", "allow_blank", "allow_null", "label", "help_text",
                               "max_length", "read_only", "default")}
            return PersonalDataField, {**kwargs, "kind": model_field.kind}
        if isinstance(model_field, TextField) and "max_length" not in kwargs:
            kwargs["max_length"] = TEXT_MAX_LENGTH
        return field_class, kwargs

    def get_unique_together_validators(self) -> list[Any]:
        validators = super().get_unique_together_validators()
        model: Any = self.Meta.model
        meta = model._meta
        for validator in validators:
            labels = "、".join(str(meta.get_field(name).verbose_name) for name in validator.fields)
            validator.message = f"已存在{labels}相同的{meta.verbose_name}"
        return validators


class RegionSerializer(ModelSerializer):
    """An administrative division (read-only reference data)."""

    parent = serializers.CharField(  # type: ignore[assignment]
        source="parent_id", read_only=True, allow_null=True
    )
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "full_name", "level", "level_display", "parent", "prefix",
                  "longitude", "latitude"]
        read_only_fields = fields


class DepartmentSerializer(ModelSerializer):
    """An organisation unit; ``region`` is a division code inside the caller's scope."""

    region = RegionField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    parent = ScopedPrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Department.objects.all(), allow_null=True, required=False
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "name", "short_name", "kind", "kind_display", "parent", "region",
                  "region_name", "sector", "phone", "address", "sort_order", "is_active",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class RolesField(serializers.ListField):
    """Role codes of a user, read from the (prefetched) groups."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.ChoiceField(choices=ROLE_CHOICES))
        super().__init__(**kwargs)

    def get_attribute(self, instance: User) -> list[str]:
        return sorted(group.name for group in instance.groups.all())


@extend_schema_field({"type": "array", "items": {"type": "string", "enum": Industry.values},
                      "description": "行业范围（行业代码列表）；为空表示不限行业"})
class IndustriesField(serializers.ListField):
    """Industry codes narrowing a user's scope."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.ChoiceField(choices=Industry.choices))
        super().__init__(**kwargs)


class UserSerializer(ModelSerializer):
    """An account as administrators see it; ``password`` is the initial password
    (write-only, on creation only); the user must change it at first login."""

    roles = RolesField(required=False, help_text="角色代码列表")
    scope_region = RegionField(allow_null=True, required=False,
                               help_text="数据范围的区划代码；为空表示全国")
    scope_region_name = serializers.CharField(source="scope_region.name", read_only=True,
                                              default=None)
    scope_industries = IndustriesField(required=False)
    department = ScopedPrimaryKeyRelatedField(
        queryset=Department.objects.all(), allow_null=True, required=False
    )
    department_name = serializers.CharField(source="department.name", read_only=True,
                                            default=None)
    password = serializers.CharField(write_only=True, required=False,
                                     style={"input_type": "password"},
                                     help_text="初始密码（仅新建时填写）")
    is_locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "real_name", "phone", "email", "department",
                  "department_name", "position", "scope_region", "scope_region_name",
                  "scope_industries", "roles", "is_active", "password", "last_login",
                  "password_changed_at", "totp_enabled", "locked_until", "is_locked"]
        read_only_fields = ["id", "last_login", "password_changed_at", "totp_enabled",
                            "locked_until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields["username"].read_only = True
            self.fields["password"].read_only = True

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            errors = {}
            if not attrs.get("password"):
                errors["password"] = ["新建用户须设置初始密码"]
            if not attrs.get("roles"):
                errors["roles"] = ["请至少选择一个角色"]
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


class RoleSerializer(serializers.Serializer):
    """A role held by the caller."""

    code = serializers.CharField()
    name = serializers.CharField()


class ScopeRegionSerializer(serializers.Serializer):
    """The region at the top of a scope."""

    code = serializers.CharField()
    name = serializers.CharField()


class ScopeSerializer(serializers.Serializer):
    """The effective data scope (narrowed by the API token in use, if any)."""

    region = ScopeRegionSerializer(allow_null=True, help_text="为空表示全国")
    region_prefix = serializers.CharField(allow_null=True)
    industries = serializers.ListField(child=serializers.CharField(), allow_null=True)


class MeSerializer(ModelSerializer):
    """The caller: identity, roles, effective scope and security state (their own phone
    in clear: it is their own data)."""

    display_name = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)
    roles = serializers.SerializerMethodField()
    scope = serializers.SerializerMethodField()
    department_name = serializers.CharField(source="department.name", read_only=True,
                                            default=None)
    password_expires_at = serializers.SerializerMethodField()
    token = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "real_name", "display_name", "phone", "email",
                  "department", "department_name", "position", "roles", "scope",
                  "totp_enabled", "password_expires_at", "last_login", "token"]
        read_only_fields = fields

    @extend_schema_field(RoleSerializer(many=True))
    def get_roles(self, user: User) -> list[dict[str, str]]:
        return [{"code": code, "name": role_name(code)} for code in user.role_codes]

    @extend_schema_field(ScopeSerializer)
    def get_scope(self, user: User) -> dict[str, Any]:
        scope = scope_of(user)
        region = None
        if scope.region_prefix is not None:
            found = Region.objects.filter(prefix=scope.region_prefix).order_by("level").first()
            if found is not None:
                region = {"code": found.code, "name": found.name}
        return {
            "region": region,
            "region_prefix": scope.region_prefix,
            "industries": sorted(scope.industries) if scope.industries is not None else None,
        }

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_password_expires_at(self, user: User) -> str | None:
        expires = user.password_expires_at()
        return serializers.DateTimeField().to_representation(expires) if expires else None

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_token(self, user: User) -> dict[str, Any] | None:
        token = getattr(user, "active_token", None)
        if token is None:
            return None
        return {"name": token.name, "key_prefix": token.key_prefix,
                "read_only": token.read_only, "region": token.region_id}


class NotificationSerializer(ModelSerializer):
    """An in-app message to the caller."""

    level_display = serializers.CharField(source="get_level_display", read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "link", "level", "level_display", "object_type",
                  "object_id", "created_at", "read_at", "is_read"]
        read_only_fields = fields


class MarkAllReadSerializer(serializers.Serializer):
    """How many messages were marked read."""

    updated = serializers.IntegerField()


class AuditLogSerializer(ModelSerializer):
    """One entry of the tamper-evident change log."""

    action_display = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = AuditLog
        fields = ["id", "chain_index", "time", "actor_id", "actor_label", "action",
                  "action_display", "success", "object_type", "object_id", "object_repr",
                  "region_code", "ip", "request_id", "detail", "before", "after",
                  "prev_hash", "hash"]
        read_only_fields = fields


TOKEN_STATUS_CHOICES = [("active", "有效"), ("expired", "已过期"), ("revoked", "已吊销")]


class ApiTokenSerializer(ModelSerializer):
    """A token as its owner sees it later: the prefix only, never the secret."""

    region = RegionField(read_only=True, allow_null=True)
    region_name = serializers.CharField(source="region.name", read_only=True, default=None)
    status = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "name", "key_prefix", "region", "region_name", "read_only",
                  "expires_at", "revoked_at", "last_used_at", "created_at", "status"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=TOKEN_STATUS_CHOICES))
    def get_status(self, token: ApiToken) -> str:
        if token.revoked_at is not None:
            return "revoked"
        return "active" if token.is_usable() else "expired"


class ApiTokenIssuedSerializer(ApiTokenSerializer):
    """A freshly issued token with its key: the only time the key is shown."""

    key = serializers.SerializerMethodField(help_text="完整令牌，仅此一次显示，请妥善保存")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
        read_only_fields = fields

    def get_key(self, token: ApiToken) -> str:
        return str(self.context.get("key", ""))


class ApiTokenCreateSerializer(serializers.Serializer):
    """What the caller asks for when issuing a token."""

    name = serializers.CharField(max_length=80, help_text="用途，如“监测平台数据推送”")
    region = RegionField(allow_null=True, required=False,
                         help_text="限定区划代码，须在本人数据范围之内；为空则与本人相同")
    read_only = serializers.BooleanField(default=True)  # type: ignore[assignment]
    expires_in_days = serializers.IntegerField(
        min_value=1, max_value=MAX_EXPIRES_IN_DAYS, default=DEFAULT_EXPIRES_IN_DAYS
    )
