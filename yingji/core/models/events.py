from __future__ import annotations

from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin


class DomainEvent(ScopedModelMixin, models.Model):
    """Something that happened in the business, written by a service: it feeds object
    timelines, the workbench's recent activity and the live-event stream."""

    scope_region_field = "region_code"

    time = models.DateTimeField("时间", db_index=True)
    event_type = models.CharField("事件类型", max_length=60, db_index=True)
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True)
    actor_label = models.CharField("操作人", max_length=120)
    region_code = models.CharField("区划", max_length=12, blank=True, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    summary = models.CharField("摘要", max_length=300)
    data = models.JSONField("数据", default=dict, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "业务事件"
        verbose_name_plural = "业务事件"
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "time"])]

    def __str__(self) -> str:
        return self.summary
