from __future__ import annotations

from typing import ClassVar

from django.db import models

from yingji.core.models.settings import SingletonSettings
from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.core.workflow import Transition, Workflow, WorkflowModel


class Ticket(ScopedModelMixin, WorkflowModel):
    """A rectification ticket, shaped like a hidden hazard, to exercise the workflow."""

    title = models.CharField(max_length=100)
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, related_name="+")
    measures = models.TextField(blank=True)
    report = models.TextField(blank=True)
    longitude = models.FloatField("经度", null=True, blank=True)
    latitude = models.FloatField("纬度", null=True, blank=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    def __str__(self) -> str:
        return self.title


def has_measures(ticket: Ticket, actor: object, data: object) -> str | None:
    return None if ticket.measures else "尚未填写整改措施，不能提交验收"


TICKET_FLOW = Workflow(
    name="ticket",
    states={"registered": "登记", "rectifying": "整改中", "verifying": "待验收", "closed": "已销号"},
    initial="registered",
    transitions=[
        Transition("assign", "下发整改", ("registered",), "rectifying",
                   permission="workflowapp.change_ticket", required=("measures",)),
        Transition("submit", "提交验收", ("rectifying",), "verifying", guards=(has_measures,),
                   required=("report",)),
        Transition("reject", "验收不通过", ("verifying",), "rectifying", roles=("supervisor",),
                   comment_required=True),
        Transition("close", "销号", ("verifying",), "closed", roles=("supervisor",)),
    ],
)


class TicketSettings(SingletonSettings):
    """Module parameters shaped like a real module's settings row."""

    remind_hours = models.PositiveIntegerField("提前提醒（小时）", default=24)

    class Meta:
        verbose_name = "工单设置"
        verbose_name_plural = "工单设置"

    def __str__(self) -> str:
        return "工单设置"
