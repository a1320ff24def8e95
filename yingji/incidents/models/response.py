"""Response tasks (处置任务): the action checklist opened with a response level, each
action assigned to a department or a person with a deadline and followed to done."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.core.workflow import WorkflowModel


class ResponseTask(ScopedModelMixin, WorkflowModel):
    """An action of the response: what, who (department and/or person), by when, the
    result. States: 已下达 → 办理中 → 已完成."""

    scope_region_field: ClassVar[str] = "incident__region"

    incident = models.ForeignKey("incidents.Incident", verbose_name="事件",
                                 on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("处置行动", max_length=200)
    department = models.ForeignKey("core.Department", verbose_name="责任部门", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    department_name = models.CharField("责任部门（名称）", max_length=100, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="责任人", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    due_at = models.DateTimeField("完成时限")
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    result = models.TextField("办理结果", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "处置任务"
        verbose_name_plural = "处置任务"
        ordering = ["incident", "due_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def responsible(self) -> str:
        names = [n for n in (self.department.name if self.department else self.department_name,
                             self.assignee.display_name if self.assignee else "") if n]
        return "／".join(names)
