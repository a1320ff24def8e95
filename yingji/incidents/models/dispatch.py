"""Dispatch orders (调度指令): a resource sent to an incident, tracked 已下达 → 已接收 →
出发 → 到达 → 处置中 → 完成 → 归队 with the time of each step and the last position the
team reported; team accounts (救援队伍账号) answer their own team's orders."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.core.workflow import WorkflowModel


class ResourceKind(models.TextChoices):
    TEAM = "team", "救援队伍"
    EXPERT = "expert", "专家"
    WAREHOUSE = "warehouse", "储备物资"
    SHELTER = "shelter", "避难场所"
    EQUIPMENT = "equipment", "应急装备"


class DispatchOrder(ScopedModelMixin, WorkflowModel):
    """One order: which resource, why, the estimated travel time when issued, and the
    time of every step. ``override_reason`` records why an unavailable team was sent."""

    scope_region_field: ClassVar[str] = "incident__region"

    incident = models.ForeignKey("incidents.Incident", verbose_name="事件",
                                 on_delete=models.CASCADE, related_name="orders")
    resource_kind = models.CharField("资源类型", max_length=12, choices=ResourceKind.choices)
    resource_id = models.PositiveIntegerField("资源编号")
    resource_name = models.CharField("资源名称", max_length=120)
    team = models.ForeignKey("resources.RescueTeam", verbose_name="救援队伍", null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    task = models.CharField("任务", max_length=200, blank=True)
    estimated_minutes = models.DecimalField("预计到达（分钟）", max_digits=8, decimal_places=1,
                                            null=True, blank=True)
    estimate_method = models.CharField("估算方式", max_length=60, blank=True)
    override_reason = models.CharField("强制调派理由", max_length=200, blank=True)
    issued_at = models.DateTimeField("下达时间", db_index=True)
    accepted_at = models.DateTimeField("接收时间", null=True, blank=True)
    departed_at = models.DateTimeField("出发时间", null=True, blank=True)
    arrived_at = models.DateTimeField("到达时间", null=True, blank=True)
    working_at = models.DateTimeField("开始处置时间", null=True, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    returned_at = models.DateTimeField("归队时间", null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="下达人", null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    longitude = models.FloatField("最新位置经度", null=True, blank=True)
    latitude = models.FloatField("最新位置纬度", null=True, blank=True)
    located_at = models.DateTimeField("位置上报时间", null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "调度指令"
        verbose_name_plural = "调度指令"
        ordering = ["incident", "issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.resource_name}→{self.incident}"

    def arrival_minutes(self) -> float | None:
        if self.arrived_at is None:
            return None
        return round((self.arrived_at - self.issued_at).total_seconds() / 60, 1)


class TeamAccount(ScopedModelMixin, models.Model):
    """A user who acts for a rescue team (救援队伍账号): sees the team's own dispatch orders
    (and only those), accepts them, reports each step with its position, and reports the
    team's status and members."""

    scope_region_field: ClassVar[str] = "team__region"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="账号",
                                on_delete=models.CASCADE, related_name="team_account")
    team = models.ForeignKey("resources.RescueTeam", verbose_name="救援队伍",
                             on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "救援队伍账号"
        verbose_name_plural = "救援队伍账号"
        # Held by the rescue role only (not matched by the duty roles' view_*): opens the
        # team's workbench in the menu.
        permissions = [("act_for_team", "以救援队伍身份接收和反馈调度指令")]

    def __str__(self) -> str:
        return f"{self.user}→{self.team}"
