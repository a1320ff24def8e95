"""The digital plan (预案数字化): working groups of the command structure, response
levels with their trigger conditions, the actions per level and group, the resources a
level needs, and the contacts."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin
from yingji.plans import rules


class PlanChild(EnterpriseScopedMixin, models.Model):
    """Rows of a plan take the plan's scope."""

    enterprise_path: ClassVar[str] = "plan__enterprise"
    scope_region_field: ClassVar[str] = "plan__region"

    objects = ScopedManager()

    class Meta:
        abstract = True


class WorkingGroup(PlanChild):
    """A working group of the command structure (工作组): lead and member departments
    and its duties."""

    plan = models.ForeignKey("plans.Plan", verbose_name="预案", on_delete=models.CASCADE,
                             related_name="groups")
    name = models.CharField("工作组", max_length=60)
    lead_department = models.CharField("牵头单位", max_length=120)
    member_departments = models.CharField("成员单位", max_length=400, blank=True,
                                          help_text="多个单位用顿号分隔")
    duties = models.TextField("主要职责")
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "工作组"
        verbose_name_plural = "工作组"
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.name


class PlanResponseLevel(PlanChild):
    """A response level of the plan (Ⅰ … Ⅳ级) with who decides it; its trigger
    conditions are rows of ``TriggerCondition`` (any one reaches the level unless
    ``require_all``)."""

    plan = models.ForeignKey("plans.Plan", verbose_name="预案", on_delete=models.CASCADE,
                             related_name="levels")
    level = models.CharField("响应级别", max_length=4, choices=list(rules.LEVELS))
    decided_by = models.CharField("启动决定", max_length=120, blank=True,
                                  help_text="如：由总指挥决定启动")
    description = models.TextField("启动条件（原文）", blank=True)
    require_all = models.BooleanField("须同时满足全部条件", default=False)

    class Meta:
        verbose_name = "响应级别"
        verbose_name_plural = "响应级别"
        ordering = ["plan", "level"]
        constraints = [models.UniqueConstraint(fields=["plan", "level"],
                                               name="plans_level_unique")]

    def __str__(self) -> str:
        return f"{self.plan.name} {self.get_level_display()}"


class TriggerCondition(EnterpriseScopedMixin, models.Model):
    """One trigger condition of a level, on the incident's facts: grade (the incidents
    grades), a casualty or loss figure, the warning level in force (warnings) or the
    monitoring alarm level."""

    enterprise_path: ClassVar[str] = "response_level__plan__enterprise"
    scope_region_field: ClassVar[str] = "response_level__plan__region"

    response_level = models.ForeignKey(PlanResponseLevel, verbose_name="响应级别",
                                       on_delete=models.CASCADE, related_name="conditions")
    fact = models.CharField("事件要素", max_length=20, choices=list(rules.FACTS))
    value = models.CharField("达到", max_length=20,
                             help_text="人数或金额填数字；事件等级填 I/II/III/IV；预警级别填 red/orange/"
                                       "yellow/blue；监测报警填 hh/h")

    objects = ScopedManager()

    class Meta:
        verbose_name = "触发条件"
        verbose_name_plural = "触发条件"
        ordering = ["response_level", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def plan(self) -> models.Model:
        return self.response_level.plan

    @property
    def text(self) -> str:
        return rules.condition_text(rules.Condition(self.fact, self.value))

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        reason = rules.check_condition(self.fact, self.value)
        if reason:
            raise ValidationError({"value": reason})


class LevelAction(EnterpriseScopedMixin, models.Model):
    """An action a level opens for a working group, with its time limit in minutes from
    the start of the response."""

    enterprise_path: ClassVar[str] = "response_level__plan__enterprise"
    scope_region_field: ClassVar[str] = "response_level__plan__region"

    response_level = models.ForeignKey(PlanResponseLevel, verbose_name="响应级别",
                                       on_delete=models.CASCADE, related_name="actions")
    group = models.ForeignKey(WorkingGroup, verbose_name="工作组", on_delete=models.CASCADE,
                              related_name="actions")
    title = models.CharField("处置行动", max_length=200)
    minutes = models.PositiveIntegerField("完成时限（分钟）", default=60)
    order = models.PositiveIntegerField("排序", default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = "响应行动"
        verbose_name_plural = "响应行动"
        ordering = ["response_level", "group__order", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def plan(self) -> models.Model:
        return self.response_level.plan

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.group_id and self.response_level_id and \
                self.group.plan_id != self.response_level.plan_id:
            raise ValidationError({"group": "工作组应属于同一预案"})
        if self.minutes is not None and self.minutes < 1:
            raise ValidationError({"minutes": "完成时限应大于0分钟"})


class ResourceKind(models.TextChoices):
    TEAM = "team", "救援队伍"
    EXPERT = "expert", "专家"
    WAREHOUSE = "warehouse", "物资"
    SHELTER = "shelter", "避难场所"


class LevelResource(EnterpriseScopedMixin, models.Model):
    """A resource a level needs: kind, the capability or speciality asked for, and how
    many."""

    enterprise_path: ClassVar[str] = "response_level__plan__enterprise"
    scope_region_field: ClassVar[str] = "response_level__plan__region"

    response_level = models.ForeignKey(PlanResponseLevel, verbose_name="响应级别",
                                       on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField("资源类型", max_length=12, choices=ResourceKind.choices)
    capability = models.CharField("能力或专业", max_length=60, blank=True,
                                  help_text="如：危化品泄漏处置、防汛抢险；物资填物资名称")
    quantity = models.PositiveIntegerField("数量", default=1)
    unit = models.CharField("单位", max_length=10, default="支")

    objects = ScopedManager()

    class Meta:
        verbose_name = "所需资源"
        verbose_name_plural = "所需资源"
        ordering = ["response_level", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.capability or '不限'}）{self.quantity}{self.unit}"

    @property
    def plan(self) -> models.Model:
        return self.response_level.plan


class PlanContact(PlanChild):
    """A contact of the plan (a working group's liaison or the command office); with an
    account the 叫应 of an activation reaches the person in the platform."""

    plan = models.ForeignKey("plans.Plan", verbose_name="预案", on_delete=models.CASCADE,
                             related_name="contacts")
    group = models.ForeignKey(WorkingGroup, verbose_name="工作组", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("姓名", max_length=40)
    position = models.CharField("职务", max_length=60, blank=True)
    unit = models.CharField("单位", max_length=120, blank=True)
    phone = models.CharField("电话", max_length=30)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="平台账号", null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "预案联系人"
        verbose_name_plural = "预案联系人"
        ordering = ["plan", "group__order", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.position or self.unit}）"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        group = self.group if self.group_id else None
        if group is not None and self.plan_id and group.plan_id != self.plan_id:
            raise ValidationError({"group": "工作组应属于同一预案"})
