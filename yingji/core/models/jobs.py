"""The periods in which a periodic job has run (``core.periodic``)."""

from __future__ import annotations

from django.db import models


class JobPeriod(models.Model):
    """One run of a periodic job for one period: every worker's scheduler enqueues the
    job, the first to insert this row runs it and the others skip."""

    name = models.CharField("任务", max_length=200)
    period_start = models.DateTimeField("周期开始")
    claimed_at = models.DateTimeField("开始执行", auto_now_add=True)
    claimed_by = models.CharField("执行进程", max_length=100, blank=True)
    # The runs of the same period that found it taken (another worker's scheduler).
    skipped = models.PositiveIntegerField("重复触发次数", default=0)

    class Meta:
        verbose_name = "定时任务执行记录"
        verbose_name_plural = "定时任务执行记录"
        constraints = [models.UniqueConstraint(fields=["name", "period_start"], name="core_jobperiod_once")]

    def __str__(self) -> str:
        return f"{self.name}@{self.period_start:%Y-%m-%d %H:%M}"
