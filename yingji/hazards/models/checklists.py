"""Self-inspection (企业自查): check lists per industry (排查清单) and the inspections
enterprises run with them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.models import Industry
from yingji.core.scope import CityWideReference, ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin
from yingji.hazards.models.hazards import HazardCategory


class Checklist(CityWideReference, models.Model):
    """排查清单: a named list of check items for an industry (blank = every industry).
    Reference data edited by city-wide supervisors; enterprises run it."""

    name = models.CharField("清单名称", max_length=120, unique=True)
    industry = models.CharField("适用行业", max_length=20, choices=Industry.choices, blank=True,
                                help_text="为空表示适用于所有行业")
    description = models.TextField("说明", blank=True)
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "排查清单"
        verbose_name_plural = "排查清单"
        ordering = ["industry", "name"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(CityWideReference, models.Model):
    """One check item: what to check, the basis (法规标准依据), the hazard category and
    whether a failed check is a major hazard (重大事故隐患判定标准)."""

    checklist = models.ForeignKey(Checklist, verbose_name="排查清单", on_delete=models.CASCADE,
                                  related_name="items")
    order = models.PositiveIntegerField("序号", default=0)
    content = models.CharField("检查内容", max_length=300)
    basis = models.CharField("依据", max_length=300, blank=True)
    category = models.CharField("隐患类别", max_length=30, choices=HazardCategory.choices)
    major_if_failed = models.BooleanField("不符合即为重大隐患", default=False)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "检查项"
        verbose_name_plural = "检查项"
        ordering = ["checklist_id", "order", "id"]

    def __str__(self) -> str:
        return self.content


class SelfInspection(EnterpriseScopedMixin, models.Model):
    """One self-inspection run by an enterprise with a check list; every failed item
    became a hazard (source 企业自查)."""

    enterprise_path: ClassVar[str] = "enterprise"
    scope_region_field: ClassVar[str] = "enterprise__region"
    scope_industry_field: ClassVar[str | None] = "enterprise__industry"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="self_inspections")
    checklist = models.ForeignKey(Checklist, verbose_name="排查清单", on_delete=models.PROTECT,
                                  related_name="+")
    inspected_at = models.DateTimeField("排查时间")
    inspector_name = models.CharField("排查人", max_length=60)
    inspected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报账号", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField("备注", blank=True)
    item_count = models.PositiveIntegerField("检查项数", default=0)
    failed_count = models.PositiveIntegerField("发现隐患数", default=0)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "企业自查"
        verbose_name_plural = "企业自查"
        ordering = ["-inspected_at", "-id"]
        indexes = [models.Index(fields=["enterprise", "inspected_at"],
                                name="selfinspection_ent_idx")]

    def __str__(self) -> str:
        return f"{self.checklist} {self.inspected_at:%Y-%m-%d}"


class SelfInspectionResult(EnterpriseScopedMixin, models.Model):
    """The answer to one check item; a failed item links to the hazard it raised."""

    enterprise_path: ClassVar[str] = "inspection__enterprise"
    scope_region_field: ClassVar[str] = "inspection__enterprise__region"

    inspection = models.ForeignKey(SelfInspection, verbose_name="自查", on_delete=models.CASCADE,
                                   related_name="results")
    item = models.ForeignKey(ChecklistItem, verbose_name="检查项", on_delete=models.PROTECT,
                             related_name="+")
    passed = models.BooleanField("符合")
    note = models.CharField("说明", max_length=300, blank=True)
    hazard = models.ForeignKey("hazards.Hazard", verbose_name="隐患", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "自查结果"
        verbose_name_plural = "自查结果"
        ordering = ["inspection_id", "item__order", "id"]

    def __str__(self) -> str:
        return f"{self.item_id}:{'符合' if self.passed else '不符合'}"
