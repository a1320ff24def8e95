"""A work plan (工作计划、工作要点) as the document numbers it: its items in a tree
(``一、`` … ``（一）`` … ``1.``), each with its lead and co-departments and measure of
done, and the nodes that break an item into what is due by when and who answers for it
(工作清单化、清单节点化、节点责任化)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingji.core.models import Region
from yingji.core.scope import Scope, ScopedManager, ScopedModelMixin, region_range_q
from yingji.governance import rules

STYLE_CHOICES = [("cn_dun", "一、"), ("cn_paren", "（一）"), ("arabic", "1."),
                 ("arabic_paren", "（1）"), ("circled", "①"), ("cn_shi", "一是")]


class PlanSource(models.TextChoices):
    DOCX = "docx", "Word文件"
    XLSX = "xlsx", "Excel文件"
    TEXT = "text", "粘贴文本"


def covering_codes(prefix: str) -> list[str]:
    """The codes of the regions above a scope (a district user's city and province)."""
    return sorted({prefix[:n].ljust(12, "0") for n in (2, 4, 6, 9) if n < len(prefix)})


class WorkPlan(ScopedModelMixin, models.Model):
    """A year's work plan issued by a bureau or a government for a region. Users of the
    region and of the districts under it see the plan; only those whose scope covers
    the region may change it (``in_scope``)."""

    scope_region_field: ClassVar[str] = "region"

    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("计划名称", max_length=200)
    issuer = models.CharField("印发单位", max_length=120)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    region = models.ForeignKey(Region, verbose_name="适用区域", on_delete=models.PROTECT,
                               related_name="+")
    preamble = models.TextField("总体要求", blank=True)
    source = models.CharField("导入来源", max_length=8, choices=PlanSource.choices,
                              default=PlanSource.TEXT, editable=False)
    source_name = models.CharField("来源文件", max_length=200, blank=True, editable=False)
    item_count = models.PositiveIntegerField("事项数", default=0, editable=False)
    counts = models.JSONField("各级事项数", default=dict, blank=True, editable=False)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人",
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "工作计划"
        verbose_name_plural = "工作计划"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        if scope.region_prefix is None:
            return Q()
        return region_range_q("region", scope.region_prefix) | Q(
            region_id__in=covering_codes(scope.region_prefix))

    @property
    def counts_text(self) -> str:
        """"“一、”6项，“（一）”27项，共33项" (the review screen's and the closing note's;
        quoted, so that "“1.”45项" never reads as a decimal)."""
        labels = dict(STYLE_CHOICES)
        parts = [f"“{labels.get(code, code)}”{n}项" for code, n in self.counts.items()]
        return "，".join([*parts, f"共{self.item_count}项"])


class WorkItem(ScopedModelMixin, models.Model):
    """One numbered heading or task of a plan, numbered as the document numbers it. The
    region is who carries it out (the plan's region, or one district): a district user
    sees the items of the district."""

    scope_region_field: ClassVar[str] = "region"

    plan = models.ForeignKey(WorkPlan, verbose_name="工作计划", on_delete=models.CASCADE,
                             related_name="items")
    parent = models.ForeignKey("self", verbose_name="上级事项", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="children",
                               editable=False)
    order = models.PositiveIntegerField("顺序", default=0, editable=False)
    level = models.PositiveSmallIntegerField("层级", default=0, editable=False)
    style = models.CharField("编号样式", max_length=16, choices=STYLE_CHOICES, editable=False)
    number = models.PositiveIntegerField("序号", editable=False)
    label = models.CharField("编号", max_length=16, editable=False)
    title = models.CharField("事项", max_length=200)
    body = models.TextField("工作内容", blank=True)
    lead_department = models.CharField("牵头单位", max_length=120, blank=True)
    co_departments = models.CharField("配合单位", max_length=400, blank=True,
                                      help_text="多个单位用顿号分隔")
    done_measure = models.TextField("完成标准", blank=True)
    region = models.ForeignKey(Region, verbose_name="责任区域", on_delete=models.PROTECT,
                               related_name="+")

    objects = ScopedManager()

    class Meta:
        verbose_name = "工作事项"
        verbose_name_plural = "工作事项"
        ordering = ["plan", "order"]
        indexes = [models.Index(fields=["plan", "order"])]

    def __str__(self) -> str:
        return f"{self.label}{self.title}"


class Node(ScopedModelMixin, models.Model):
    """A node of an item: what is to be done, by when, and who answers for it. Its
    date is a core deadline of its owner (reminders, overdue, escalation)."""

    scope_region_field: ClassVar[str] = "region"

    item = models.ForeignKey(WorkItem, verbose_name="工作事项", on_delete=models.CASCADE,
                             related_name="nodes")
    title = models.CharField("节点任务", max_length=200)
    due = models.DateField("完成时限", db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="责任人",
                              on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, verbose_name="责任区域", on_delete=models.PROTECT,
                               related_name="+")
    progress = models.PositiveSmallIntegerField("进度（%）", default=0, editable=False)
    reported_at = models.DateTimeField("最近报送", null=True, blank=True, editable=False)
    done_on = models.DateField("完成日期", null=True, blank=True, editable=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = "工作节点"
        verbose_name_plural = "工作节点"
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title

    def status(self, today: date) -> str:
        return rules.node_status(self.due, self.done_on, self.reported_at is not None, today)


class ProgressReport(ScopedModelMixin, models.Model):
    """What the node's owner reports: the work done, the share done, whether the node is
    done; the evidence files are core attachments of the report."""

    scope_region_field: ClassVar[str] = "node__region"
    # The evidence of a report is a record: superseded by a later report, never removed.
    append_only_purposes: ClassVar[frozenset[str]] = frozenset({"progress-evidence"})

    node = models.ForeignKey(Node, verbose_name="工作节点", on_delete=models.CASCADE,
                             related_name="reports")
    content = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成进度（%）")
    done = models.BooleanField("已完成", default=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人",
                                    on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField("报送时间")
    evidence_count = models.PositiveSmallIntegerField("佐证材料数", default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = "进展报送"
        verbose_name_plural = "进展报送"
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.node}：{self.percent}%"


class Supervision(ScopedModelMixin, models.Model):
    """督办: the office presses a lagging item with a numbered notice (Word) and a date
    by which the lead department answers."""

    scope_region_field: ClassVar[str] = "item__region"

    item = models.ForeignKey(WorkItem, verbose_name="工作事项", on_delete=models.CASCADE,
                             related_name="supervisions")
    number = models.CharField("督办编号", max_length=30, unique=True)
    requirement = models.TextField("督办要求")
    reply_due = models.DateField("反馈时限")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="督办人",
                                  on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField("督办时间")

    objects = ScopedManager()

    class Meta:
        verbose_name = "督办"
        verbose_name_plural = "督办"
        ordering = ["-issued_at", "-id"]
        permissions = [("supervise_workitem", "督办工作事项")]

    def __str__(self) -> str:
        return f"{self.number} {self.item}"
