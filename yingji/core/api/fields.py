"""Serializer fields shared by every module's API: region codes, scoped relations and
personal data."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yingji.core import masking
from yingji.core.models import Region
from yingji.core.rules import RegionCodeError, normalize_region_code


@extend_schema_field(OpenApiTypes.STR)
class RegionField(serializers.RelatedField):
    """A region given and shown as its code; 2, 4, 6, 9 or 12 digits are accepted
    (``4201`` means 420100000000), malformed and unknown codes get Chinese errors."""

    default_error_messages = {
        "region_not_found": "行政区划不存在：{code}",
        "region_type": "行政区划代码应为数字字符串",
    }

    def __init__(self, **kwargs: Any) -> None:
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Region.objects.all())
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        return True

    def to_internal_value(self, data: Any) -> Region:
        if isinstance(data, bool) or not isinstance(data, (str, int)):
            self.fail("region_type")
        try:
            code = normalize_region_code(str(data))
        except RegionCodeError as exc:
            raise serializers.ValidationError(str(exc), code="region_code") from exc
        queryset = self.get_queryset()
        region = queryset.filter(code=code).first() if queryset is not None else None
        if not isinstance(region, Region):
            self.fail("region_not_found", code=code)
        return region

    def to_representation(self, value: Any) -> str:
        return str(value.pk)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A relation to a scoped model: only rows the caller may view can be chosen, so
    an id outside the scope reads as "does not exist", like a 404."""

    def get_queryset(self) -> QuerySet[Model]:
        queryset: Any = super().get_queryset()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return queryset.restrict(user, "view")


@extend_schema_field(OpenApiTypes.STR)
class PersonalDataField(serializers.CharField):
    """A personal field (``core.personal``) in the API: always answered masked (the
    clear value only through ``POST /api/v1/personal-data/reveal/``, audited); on write
    the mask sent back unchanged means "keep the stored value"."""

    def __init__(self, *, kind: str = "phone", **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return masking.mask(self.kind, str(value or ""))

    def to_internal_value(self, data: Any) -> str:
        instance = getattr(self.parent, "instance", None)
        if isinstance(data, str) and "*" in data and isinstance(instance, Model):
            current = str(getattr(instance, str(self.source), "") or "")
            if current and data.strip() == masking.mask(self.kind, current):
                raise serializers.SkipField()
        return str(super().to_internal_value(data))
