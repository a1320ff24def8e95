"""The ingest processes' reports of themselves, for ``/metrics`` and the operators."""

from __future__ import annotations

from django.db import models


class IngestMember(models.Model):
    """An ingest consumer's last report (every few seconds while it runs): which share of
    the stream it takes (``k/N``), where it runs and its running totals since it started.
    A member that stops reporting is down; its row stays to show when it was last seen."""

    client_id = models.CharField("客户端编号", max_length=100, unique=True)
    member = models.CharField("分区", max_length=20)
    host = models.CharField("主机", max_length=100)
    pid = models.PositiveIntegerField("进程号")
    started_at = models.DateTimeField("启动时间")
    reported_at = models.DateTimeField("最近报告", db_index=True)
    messages = models.PositiveBigIntegerField("处理消息数", default=0)
    readings_stored = models.PositiveBigIntegerField("入库读数", default=0)
    batches = models.PositiveBigIntegerField("批次", default=0)
    spooled_batches = models.PositiveBigIntegerField("缓存批次", default=0)
    replayed_batches = models.PositiveBigIntegerField("回放批次", default=0)
    db_errors = models.PositiveBigIntegerField("数据库错误", default=0)
    quarantined = models.PositiveBigIntegerField("隔离消息", default=0)
    spool_files = models.PositiveIntegerField("待回放缓存文件", default=0)

    class Meta:
        verbose_name = "接入进程"
        verbose_name_plural = "接入进程"
        ordering = ["member", "client_id"]

    def __str__(self) -> str:
        return f"{self.client_id}（{self.member}）"
