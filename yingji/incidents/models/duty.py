"""Duty (值班值守): patterns, shifts with a leader and officers, swaps, handovers, the
duty log and the contact book."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.personal.fields import BlindIndexField, PersonalField
from yingji.core.scope import CityWideReference, ScopedManager, ScopedModelMixin
from yingji.core.workflow import WorkflowModel


class DutyPattern(CityWideReference, models.Model):
    """A staffing pattern such as "1+4+N" (带班领导 + 值班员 + 机动) and its shift length."""

    name = models.CharField("名称", max_length=60)
    formula = models.CharField("模式", max_length=20, help_text="如 1+4+N")
    shift_hours = models.PositiveIntegerField("每班时长（小时）", default=24)
    start_hour = models.PositiveIntegerField("交班时刻（时）", default=8)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "值班模式"
        verbose_name_plural = "值班模式"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.formula}）"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from yingji.incidents import rules

        try:
            rules.parse_pattern(self.formula)
        except ValueError as exc:
            raise ValidationError({"formula": str(exc)}) from exc
        if not 1 <= self.shift_hours <= 24 or 24 % self.shift_hours:
            raise ValidationError({"shift_hours": "每班时长应能整除24小时，如8、12、24"})
        if self.start_hour > 23:
            raise ValidationError({"start_hour": "交班时刻应在0到23时之间"})


class DutyShift(ScopedModelMixin, models.Model):
    """A shift of a duty office: from start to end, one or more leaders (带班领导) and
    officers (值班员). Nobody may hold two overlapping shifts."""

    scope_region_field: ClassVar[str] = "region"

    region = models.ForeignKey("core.Region", verbose_name="值班单位区划",
                               on_delete=models.PROTECT, related_name="+")
    pattern = models.ForeignKey(DutyPattern, verbose_name="值班模式", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    start = models.DateTimeField("开始时间", db_index=True)
    end = models.DateTimeField("结束时间")
    leaders = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="带班领导",
                                     related_name="+")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="值班员",
                                      related_name="+", blank=True)
    phone = models.CharField("值班电话", max_length=40, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "值班班次"
        verbose_name_plural = "值班班次"
        ordering = ["-start", "id"]

    def __str__(self) -> str:
        from django.utils import timezone

        start = timezone.localtime(self.start)
        return f"{start:%Y-%m-%d %H:%M}班"


class SwapRequest(ScopedModelMixin, WorkflowModel):
    """A request to hand one's place on a shift to someone else; a duty leader other
    than the requester approves. States: 待审批 → 已批准 / 已驳回."""

    scope_region_field: ClassVar[str] = "shift__region"

    shift = models.ForeignKey(DutyShift, verbose_name="班次", on_delete=models.CASCADE,
                              related_name="swaps")
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="换出人",
                                  on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="换入人",
                                on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("理由", max_length=200)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "换班申请"
        verbose_name_plural = "换班申请"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.shift}：{self.from_user.display_name}→{self.to_user.display_name}"


class Handover(ScopedModelMixin, models.Model):
    """交接班: from one shift to the next, with the open items carried over (open
    incidents and pending reports are listed automatically; notes add the rest)."""

    scope_region_field: ClassVar[str] = "from_shift__region"

    from_shift = models.ForeignKey(DutyShift, verbose_name="交班班次", on_delete=models.CASCADE,
                                   related_name="handovers_out")
    to_shift = models.ForeignKey(DutyShift, verbose_name="接班班次", on_delete=models.CASCADE,
                                 related_name="handovers_in")
    open_items = models.JSONField("移交事项", default=list)
    notes = models.TextField("交班说明", blank=True)
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="交班人", null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接班人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    handed_at = models.DateTimeField("交班时间")
    received_at = models.DateTimeField("接班确认时间", null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "交接班记录"
        verbose_name_plural = "交接班记录"
        ordering = ["-handed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_shift}→{self.to_shift}"


class DutyLog(ScopedModelMixin, models.Model):
    """An entry of the duty log (值班日志) of a shift."""

    scope_region_field: ClassVar[str] = "shift__region"

    shift = models.ForeignKey(DutyShift, verbose_name="班次", on_delete=models.CASCADE,
                              related_name="logs")
    time = models.DateTimeField("时间")
    content = models.TextField("内容")
    incident = models.ForeignKey("incidents.Incident", verbose_name="相关事件", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True,
                               on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager()

    class Meta:
        verbose_name = "值班日志"
        verbose_name_plural = "值班日志"
        ordering = ["-time", "-id"]

    def __str__(self) -> str:
        return self.content[:40]


class Contact(ScopedModelMixin, models.Model):
    """The duty contact book (通讯录): departments' duty phones and emergency contacts."""

    scope_region_field: ClassVar[str] = "region"

    region = models.ForeignKey("core.Region", verbose_name="所属区划", on_delete=models.PROTECT,
                               related_name="+")
    name = models.CharField("姓名/单位", max_length=60)
    organisation = models.CharField("单位", max_length=100, blank=True)
    position = models.CharField("职务", max_length=60, blank=True)
    category = models.CharField("类别", max_length=20, choices=[
        ("department", "成员单位值班室"), ("leader", "领导"), ("expert", "专家"),
        ("team", "救援队伍"), ("enterprise", "企业"), ("other", "其他")], default="department")
    phone = models.CharField("电话", max_length=40)
    mobile = PersonalField("手机", kind="phone", max_length=20, blank=True)
    mobile_index = BlindIndexField(source="mobile")
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "值班通讯录"
        verbose_name_plural = "值班通讯录"
        ordering = ["region", "category", "name"]

    def __str__(self) -> str:
        return self.name
