"""Reports from the villages up (初报, 续报, 核报), the pointers to each village's
current report at each stage of the chain, the roll-up totals, and the registers of
the dead and missing and of damaged houses."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.personal.fields import PersonalField
from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.core.workflow import WorkflowModel
from yingji.disasters.models.figures import Figures


class ReportKind(models.TextChoices):
    INITIAL = "initial", "初报"
    FOLLOWUP = "followup", "续报"
    FINAL = "final", "核报"
    CORRECTION = "correction", "核报后更正"


class Stage(models.TextChoices):
    """How far up the chain a village's figures have come."""

    REPORTED = "reported", "村（社区）上报"
    REVIEWED = "reviewed", "街道（乡镇）审核"
    ACCEPTED = "accepted", "区县审核上报"


class DisasterReport(ScopedModelMixin, WorkflowModel, Figures):
    """One report of a village or community (the 灾害信息员's) for an event: its kind
    and sequence, the figures as of ``reported_at`` (cumulative since the start), the
    reason of any figure lower than the last report's, and the review by the street and
    the check by the county. ``REPORT_FLOW``: 已上报 → 街道已审核 → 区县已审核上报; 退回修改
    goes back to the informant."""

    scope_region_field: ClassVar[str] = "region"

    event = models.ForeignKey(
        "disasters.DisasterEvent", verbose_name="灾害事件", on_delete=models.PROTECT, related_name="reports"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name="填报村（社区）", on_delete=models.PROTECT, related_name="+"
    )
    street_code = models.CharField("街道代码", max_length=12, db_index=True, editable=False)
    county_code = models.CharField("区县代码", max_length=12, editable=False)
    kind = models.CharField("报告类型", max_length=12, choices=ReportKind.choices)
    sequence = models.PositiveIntegerField("报送序号", default=1)
    reported_at = models.DateTimeField("统计截至时间")
    correction_reason = models.CharField("核减/更正原因", max_length=300, blank=True)
    note = models.TextField("灾情描述", blank=True)
    flags = models.JSONField("数据提示", default=list, blank=True)
    late = models.BooleanField("迟报", default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("上报时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="街道审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("街道审核时间", null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="区县审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField("区县审核时间", null=True, blank=True)
    comment = models.CharField("审核意见", max_length=300, blank=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "灾情报告"
        verbose_name_plural = "灾情报告"
        ordering = ["-reported_at", "-id"]
        permissions = [
            ("review_disasterreport", "街道审核灾情报告"),
            ("check_disasterreport", "区县审核上报灾情报告"),
            ("correct_disasterreport", "更正已核报灾情"),
        ]
        indexes = [
            models.Index(fields=["event", "region", "sequence"], name="dreport_seq_idx"),
            models.Index(fields=["event", "state"], name="dreport_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name}·{self.get_kind_display()}（第{self.sequence}次）"

    def get_state_label(self) -> str:
        from yingji.disasters.workflow import REPORT_FLOW

        return REPORT_FLOW.label(self.state)


class ReportPointer(models.Model):
    """Which report of a village counts at each stage: the latest one the village
    reported, the latest its street reviewed, the latest its county accepted. The
    roll-up adds exactly these rows, so it is consistent by construction."""

    event = models.ForeignKey("disasters.DisasterEvent", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, related_name="+")
    reported = models.ForeignKey(DisasterReport, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed = models.ForeignKey(DisasterReport, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted = models.ForeignKey(DisasterReport, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "当前报告指针"
        constraints = [models.UniqueConstraint(fields=["event", "region"], name="dpointer_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.region_id}"


class RollupTotal(Figures):
    """The figures of an event added up for one region (a street, a county or the city)
    at one stage, kept up to date by each report's step (a delta, under the row's lock)."""

    event = models.ForeignKey("disasters.DisasterEvent", on_delete=models.CASCADE, related_name="+")
    region_code = models.CharField("区划代码", max_length=12)
    level = models.PositiveSmallIntegerField("层级")
    stage = models.CharField("环节", max_length=10, choices=Stage.choices)
    units = models.PositiveIntegerField("报送村（社区）数", default=0)

    class Meta:
        verbose_name = "灾情汇总"
        constraints = [
            models.UniqueConstraint(fields=["event", "region_code", "stage"], name="drollup_unique")
        ]


class CasualtyStatus(models.TextChoices):
    DEAD = "dead", "死亡"
    MISSING = "missing", "失踪"


class CasualtyRecord(ScopedModelMixin, models.Model):
    """因灾死亡失踪人员名单: one person; the ID number is personal data (SM4-encrypted,
    masked everywhere, shown only by the audited reveal)."""

    scope_region_field: ClassVar[str] = "region"

    event = models.ForeignKey(
        "disasters.DisasterEvent",
        verbose_name="灾害事件",
        on_delete=models.PROTECT,
        related_name="casualties",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name="村（社区）", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=2, choices=[("男", "男"), ("女", "女")])
    age = models.PositiveSmallIntegerField("年龄")
    id_number = PersonalField("身份证号", kind="id_number", max_length=18, blank=True)
    status = models.CharField("类别", max_length=8, choices=CasualtyStatus.choices)
    cause = models.CharField("死亡（失踪）原因", max_length=200)
    occurred_at = models.DateTimeField("时间")
    place = models.CharField("地点", max_length=200, blank=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "死亡失踪人员"
        verbose_name_plural = "死亡失踪人员名单"
        ordering = ["event", "region", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_status_display()}）"


class DamageDegree(models.TextChoices):
    COLLAPSED = "collapsed", "倒塌"
    SEVERE = "severe", "严重损坏"
    GENERAL = "general", "一般损坏"


class DamagedHouse(ScopedModelMixin, models.Model):
    """倒损住房户台账: one household's damaged house; the head of household's ID number and
    the address are personal data (SM4-encrypted, masked, revealed only audited)."""

    scope_region_field: ClassVar[str] = "region"

    event = models.ForeignKey(
        "disasters.DisasterEvent", verbose_name="灾害事件", on_delete=models.PROTECT, related_name="houses"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name="村（社区）", on_delete=models.PROTECT, related_name="+"
    )
    head_name = models.CharField("户主姓名", max_length=40)
    id_number = PersonalField("身份证号", kind="id_number", max_length=18, blank=True)
    address = PersonalField("住址", kind="address", max_length=200)
    degree = models.CharField("损坏程度", max_length=10, choices=DamageDegree.choices)
    rooms = models.PositiveSmallIntegerField("间数", default=1)
    structure = models.CharField("结构", max_length=20, blank=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "倒损住房"
        verbose_name_plural = "倒损住房户台账"
        ordering = ["event", "region", "head_name"]

    def __str__(self) -> str:
        return f"{self.head_name}（{self.get_degree_display()}{self.rooms}间）"


class Correction(ScopedModelMixin, models.Model):
    """A change of figures after 核报: who, when, why, before and after."""

    scope_region_field: ClassVar[str] = "report__region"

    report = models.ForeignKey(
        DisasterReport, verbose_name="更正报告", on_delete=models.PROTECT, related_name="corrections"
    )
    replaces = models.ForeignKey(
        DisasterReport, verbose_name="被更正报告", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("更正原因", max_length=300)
    changes = models.JSONField("变动", default=dict)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更正人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrected_at = models.DateTimeField("更正时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "核报后更正"
        verbose_name_plural = "核报后更正"
        ordering = ["-corrected_at"]

    def __str__(self) -> str:
        return f"更正：{self.report}"
