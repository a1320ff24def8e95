"""Inspectors (执法人员) with their 执法证, teams (执法小组) and declared conflicts (回避)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from yingji.core.personal.fields import PersonalField
from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.enforcement import rules_draw


class Inspector(ScopedModelMixin, models.Model):
    """A law-enforcement officer: the account, the 执法证 (number, issuing body, expiry:
    an expired certificate is never drawn and cannot sign a document), the unit, and
    leave (请假/外出) during which the officer is not drawn."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="账号", null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="inspector")
    name = models.CharField("姓名", max_length=40)
    certificate_number = models.CharField("执法证号", max_length=40, unique=True)
    issuing_body = models.CharField("发证机关", max_length=80, default="湖北省人民政府")
    certificate_expires_on = models.DateField("执法证有效期至", db_index=True)
    department = models.ForeignKey("core.Department", verbose_name="所在单位",
                                   on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("core.Region", verbose_name="执法区域", on_delete=models.PROTECT,
                               related_name="+")
    phone = PersonalField("联系电话", kind="phone", max_length=20, blank=True)
    on_leave_from = models.DateField("请假开始", null=True, blank=True)
    on_leave_until = models.DateField("请假结束", null=True, blank=True)
    is_active = models.BooleanField("在岗", default=True)
    # The day the expiry reminder job last claimed this inspector (one reminder a day,
    # however often the job runs).
    certificate_reminded_on = models.DateField("执法证到期提醒日", null=True, blank=True,
                                               editable=False)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["region", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def certificate_valid(self, on: date | None = None) -> bool:
        return rules_draw.certificate_valid(self.certificate_expires_on, on or timezone.localdate())

    def on_leave(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        return (self.on_leave_from is not None and self.on_leave_until is not None
                and self.on_leave_from <= day <= self.on_leave_until)


class Team(ScopedModelMixin, models.Model):
    """A standing inspection team (执法小组) of at least two certified inspectors."""

    name = models.CharField("小组名称", max_length=60)
    department = models.ForeignKey("core.Department", verbose_name="所在单位",
                                   on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("core.Region", verbose_name="执法区域", on_delete=models.PROTECT,
                               related_name="+")
    leader = models.ForeignKey(Inspector, verbose_name="组长", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    members = models.ManyToManyField(Inspector, verbose_name="组员", related_name="teams")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "执法小组"
        verbose_name_plural = "执法小组"
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return self.name


class Conflict(ScopedModelMixin, models.Model):
    """A declared conflict of interest (回避, 行政处罚法 第四十三条): the inspector is never
    drawn for, nor assigned to, this enterprise."""

    scope_region_field: ClassVar[str] = "inspector__region"

    inspector = models.ForeignKey(Inspector, verbose_name="执法人员", on_delete=models.CASCADE,
                                  related_name="conflicts")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("回避事由", max_length=200)
    declared_on = models.DateField("申报日期", default=timezone.localdate)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "回避申报"
        verbose_name_plural = "回避申报"
        ordering = ["-declared_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["inspector", "enterprise"],
                                               name="enforcement_conflict_unique")]

    def __str__(self) -> str:
        return f"{self.inspector}回避{self.enterprise}"
