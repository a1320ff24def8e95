"""Tracked evacuation (转移避险): a point's transfer task, one entry per household to move
and the reports of the responsible person (moved to which shelter, refused, not found).
The database holds the two promises: one open task per point, and one 'moved' report
per household of a task, whatever the number of phones reporting at once."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.flood import rules


class TaskState(models.TextChoices):
    OPEN = "open", "转移中"
    CLOSED = "closed", "已结束"


class TriggerKind(models.TextChoices):
    WARNING = "warning", "预警达到级别"
    GAUGE = "gauge", "监测超阈值"
    MANUAL = "manual", "人工启动"


class EntryStatus(models.TextChoices):
    PENDING = rules.PENDING, rules.STATUS_LABELS[rules.PENDING]
    MOVED = rules.MOVED, rules.STATUS_LABELS[rules.MOVED]
    REFUSED = rules.REFUSED, rules.STATUS_LABELS[rules.REFUSED]
    NOT_FOUND = rules.NOT_FOUND, rules.STATUS_LABELS[rules.NOT_FOUND]


class TransferTask(ScopedModelMixin, models.Model):
    """The transfer of one point's households, opened by a warning, a gauge or a person
    and closed when the danger is over. ``checked`` holds the 八个必转 categories the
    responsible person has confirmed cleared."""

    scope_region_field: ClassVar[str] = "point__region"

    point = models.ForeignKey("flood.FloodPoint", verbose_name="风险点", on_delete=models.PROTECT,
                              related_name="tasks")
    state = models.CharField("状态", max_length=8, choices=TaskState.choices, default=TaskState.OPEN)
    trigger = models.CharField("启动方式", max_length=8, choices=TriggerKind.choices)
    reason = models.CharField("启动原因", max_length=300)
    bulletin = models.ForeignKey("warnings.Bulletin", verbose_name="预警信息", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    gauge = models.ForeignKey("monitoring.MeasurementPoint", verbose_name="监测站", null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField("启动时间")
    opened_by = models.CharField("启动人", max_length=120)
    checked = models.JSONField("已排查必转类别", default=list, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    closed_by = models.CharField("结束人", max_length=120, blank=True)
    close_note = models.CharField("结束说明", max_length=300, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "转移任务"
        verbose_name_plural = "转移任务"
        ordering = ["-opened_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["point"], condition=Q(state="open"),
                                               name="flood_one_open_task_per_point")]

    def __str__(self) -> str:
        return f"{self.point}转移（{self.opened_at:%m-%d %H:%M}）"


class TransferEntry(ScopedModelMixin, models.Model):
    """One household of a task: the people to move (copied when the task opened, so a
    later change of the roster does not rewrite a transfer) and where it stands."""

    scope_region_field: ClassVar[str] = "task__point__region"

    task = models.ForeignKey(TransferTask, verbose_name="转移任务", on_delete=models.CASCADE,
                             related_name="entries")
    household = models.ForeignKey("flood.Household", verbose_name="转移户",
                                  on_delete=models.PROTECT, related_name="entries")
    members = models.PositiveSmallIntegerField("应转移人数")
    vulnerable = models.BooleanField("有老弱病残孕", default=False)
    status = models.CharField("状态", max_length=10, choices=EntryStatus.choices,
                              default=EntryStatus.PENDING)
    moved_people = models.PositiveSmallIntegerField("已转移人数", default=0)
    shelter = models.ForeignKey("resources.Shelter", verbose_name="安置场所", null=True,
                                blank=True, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField("报送时间", null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "转移户情况"
        verbose_name_plural = "转移户情况"
        ordering = ["task_id", "id"]
        permissions = [("report_transferentry", "报送转移情况")]
        constraints = [
            models.UniqueConstraint(fields=["task", "household"], name="flood_entry_once"),
            models.CheckConstraint(condition=~Q(status="moved") | Q(moved_people__gte=1),
                                   name="flood_moved_has_people"),
        ]
        indexes = [models.Index(fields=["task", "status"])]

    def __str__(self) -> str:
        return f"{self.household}：{self.get_status_display()}"


class TransferReport(ScopedModelMixin, models.Model):
    """What the responsible person reported for a household, kept as written (a refusal
    later followed by 'moved' keeps both). At most one 'moved' report per entry."""

    scope_region_field: ClassVar[str] = "entry__task__point__region"

    entry = models.ForeignKey(TransferEntry, verbose_name="转移户情况", on_delete=models.CASCADE,
                              related_name="reports")
    outcome = models.CharField("结果", max_length=10, choices=EntryStatus.choices)
    people = models.PositiveSmallIntegerField("转移人数", default=0)
    shelter = models.ForeignKey("resources.Shelter", verbose_name="安置场所", null=True,
                                blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=200, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人",
                                    on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField("报送时间")

    objects = ScopedManager()

    class Meta:
        verbose_name = "转移报送"
        verbose_name_plural = "转移报送"
        ordering = ["-reported_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["entry"], condition=Q(outcome="moved"),
                                               name="flood_moved_once")]

    def __str__(self) -> str:
        return f"{self.entry.household}：{self.get_outcome_display()}"
