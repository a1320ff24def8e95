"""Drills (应急演练): the yearly plan of drills, a drill's run (optionally through the
incident intake in drill mode), its measured chain of times, the AQ/T 9009 scores and
the findings."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingji.core.scope import Scope, ScopedManager
from yingji.core.workflow import WorkflowModel
from yingji.enterprises.models.ownership import EnterpriseScopedMixin
from yingji.plans import rules

EVALUATOR_ROLE = "evaluator"


def _evaluator_only(scope: Scope) -> bool:
    return EVALUATOR_ROLE in scope.roles and scope.roles <= {EVALUATOR_ROLE, "public"}


class DrillScoped(EnterpriseScopedMixin):
    """Scope of drill rows: staff by region (and enterprise accounts by enterprise); an
    external evaluator (演练评估员) reaches only the drills they are assigned."""

    drill_path: ClassVar[str] = ""

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        q = super().scope_q(scope)
        if _evaluator_only(scope):
            key = f"{cls.drill_path}__evaluator_id" if cls.drill_path else "evaluator_id"
            q &= Q(**{key: scope.user_id})
        return q

    def in_scope(self, scope: Scope) -> bool:
        if not super().in_scope(scope):
            return False
        if _evaluator_only(scope):
            drill: Any = getattr(self, self.drill_path) if self.drill_path else self
            return drill.evaluator_id is not None and drill.evaluator_id == scope.user_id
        return True


class DrillKind(models.TextChoices):
    TABLETOP = "tabletop", "桌面推演"
    LIVE = "live", "实战演练"
    COMPREHENSIVE = "comprehensive", "综合演练"
    SINGLE = "single", "单项演练"
    DOUBLE_BLIND = "double_blind", "双盲演练"


DRILL_STATES = {"planned": "计划中", "running": "进行中", "done": "已完成", "evaluated": "已评估",
                "cancelled": "已取消"}


class Drill(DrillScoped, WorkflowModel):
    """A drill of a plan: kind, organiser, participants, scenario and date; once run,
    its incident (drill mode), the measured times, the score and the grade. States:
    计划中 → 进行中 → 已完成 → 已评估 (``workflow.DRILL_FLOW``)."""

    enterprise_path: ClassVar[str] = "plan__enterprise"
    scope_region_field: ClassVar[str] = "region"

    plan = models.ForeignKey("plans.Plan", verbose_name="演练预案", on_delete=models.PROTECT,
                             related_name="drills")
    title = models.CharField("演练名称", max_length=150)
    kind = models.CharField("演练形式", max_length=16, choices=DrillKind.choices)
    region = models.ForeignKey("core.Region", verbose_name="演练地点区划", on_delete=models.PROTECT,
                               related_name="+")
    address = models.CharField("演练地点", max_length=200, blank=True)
    organiser = models.CharField("组织单位", max_length=120)
    participants = models.CharField("参演单位", max_length=400)
    participant_count = models.PositiveIntegerField("参演人数", default=0)
    scenario = models.TextField("演练情景")
    planned_on = models.DateField("计划日期")
    held_on = models.DateField("实施日期", null=True, blank=True)
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评估人", null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    incident = models.ForeignKey("incidents.Incident", verbose_name="演练事件", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+",
                                 editable=False)
    received_at = models.DateTimeField("接报时间", null=True, blank=True, editable=False)
    first_report_at = models.DateTimeField("首报时间", null=True, blank=True, editable=False)
    response_at = models.DateTimeField("启动响应时间", null=True, blank=True, editable=False)
    dispatch_at = models.DateTimeField("调派时间", null=True, blank=True, editable=False)
    arrival_at = models.DateTimeField("到场时间", null=True, blank=True, editable=False)
    score = models.DecimalField("评估得分", max_digits=5, decimal_places=1, null=True, blank=True,
                                editable=False)
    grade = models.CharField("评估等级", max_length=6, blank=True, editable=False)
    evaluation_summary = models.TextField("评估结论", blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "应急演练"
        verbose_name_plural = "应急演练"
        permissions = [("evaluate_drill", "评估演练")]
        ordering = ["-planned_on", "-id"]
        indexes = [models.Index(fields=["region", "planned_on"], name="drill_region_date_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def state_label(self) -> str:
        return DRILL_STATES.get(self.state, self.state)


class DrillScore(DrillScoped, models.Model):
    """The score of one AQ/T 9009 item of a drill's evaluation."""

    drill_path: ClassVar[str] = "drill"
    enterprise_path: ClassVar[str] = "drill__plan__enterprise"
    scope_region_field: ClassVar[str] = "drill__region"

    drill = models.ForeignKey(Drill, verbose_name="演练", on_delete=models.CASCADE,
                              related_name="scores")
    item = models.CharField("评估项目", max_length=20,
                            choices=[(c, label) for c, label, _ in rules.AQT9009_ITEMS])
    score = models.DecimalField("得分", max_digits=4, decimal_places=1)
    note = models.CharField("扣分说明", max_length=300, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "演练评分"
        verbose_name_plural = "演练评分"
        ordering = ["drill", "id"]
        constraints = [models.UniqueConstraint(fields=["drill", "item"], name="plans_score_unique")]

    def __str__(self) -> str:
        return f"{self.get_item_display()}：{self.score}"


class DrillFinding(DrillScoped, WorkflowModel):
    """A problem a drill revealed, with its owner and deadline; it may open a revision
    of the plan. States: 整改中 → 已整改."""

    drill_path: ClassVar[str] = "drill"
    enterprise_path: ClassVar[str] = "drill__plan__enterprise"
    scope_region_field: ClassVar[str] = "drill__region"

    drill = models.ForeignKey(Drill, verbose_name="演练", on_delete=models.CASCADE,
                              related_name="findings")
    problem = models.TextField("发现问题")
    owner = models.CharField("责任单位", max_length=120)
    due_on = models.DateField("整改期限")
    opens_revision = models.BooleanField("需修订预案", default=False)
    rectification = models.TextField("整改情况", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "演练问题"
        verbose_name_plural = "演练问题"
        ordering = ["drill", "due_on", "id"]

    def __str__(self) -> str:
        return self.problem[:40]
