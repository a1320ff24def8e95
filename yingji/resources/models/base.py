"""Shared parts of the resource models: a located, region-scoped resource."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from yingji.core.scope import CityWideReference, ScopedModelMixin
from yingji.resources.rules import CoordinateError, check_coordinates


class LocatedResource(ScopedModelMixin, models.Model):
    """A resource with a name, a region (its data scope), an address and a point."""

    name = models.CharField("名称", max_length=120)
    region = models.ForeignKey("core.Region", verbose_name="所属区划", on_delete=models.PROTECT,
                               related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    longitude = models.FloatField("经度", null=True, blank=True)
    latitude = models.FloatField("纬度", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True
        ordering: ClassVar[list[str]] = ["region_id", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        try:
            check_coordinates(self.longitude, self.latitude)
        except CoordinateError as exc:
            raise ValidationError({"longitude": str(exc)}) from exc

    @property
    def point(self) -> tuple[float, float] | None:
        if self.longitude is None or self.latitude is None:
            return None
        return (self.longitude, self.latitude)


# Kept under its first name: migrations refer to it.
Unscoped = CityWideReference


def split_list(text: str) -> list[str]:
    """A 、/,/;-separated list typed by a person, cleaned."""
    for sep in (",", "，", ";", "；", " "):
        text = text.replace(sep, "、")
    return [part.strip() for part in text.split("、") if part.strip()]


__all__: list[Any] = ["LocatedResource", "Unscoped", "split_list"]
