"""Deployment settings of the hazards module (one row, edited by an administrator)."""

from __future__ import annotations

from django.db import models

from yingji.core.models.settings import SingletonSettings


class HazardSettings(SingletonSettings):
    """Reminder and escalation intervals, photo limits and what the public disclosure
    page (隐患公开公示) shows. Values are defaults an administrator may change; until
    someone saves them, ``current()`` gives these defaults without writing a row."""

    remind_before_hours = models.PositiveIntegerField("整改期限前提醒（小时）", default=72)
    escalate_every_hours = models.PositiveIntegerField("逾期逐级督办间隔（小时）", default=24)
    photo_max_mb = models.PositiveIntegerField("隐患照片大小上限（MB）", default=10)
    # Off by default (the safer choice): verification is the government side's unless
    # the bureau decides to trust enterprises with their own general hazards.
    enterprise_self_close = models.BooleanField(
        "允许企业自行销号", default=False,
        help_text="开启后，企业可对自查发现的一般隐患自行验收销号（台账中标注“企业自行销号”）；"
                  "重大隐患和监管部门、群众举报等发现的隐患始终由监管部门验收")
    public_enabled = models.BooleanField("公开挂牌督办重大隐患", default=True)
    public_show_enterprise = models.BooleanField("公开企业（场所）名称", default=True)
    public_show_address = models.BooleanField("公开地址", default=True)
    public_show_description = models.BooleanField("公开隐患描述", default=True)
    public_show_measures = models.BooleanField("公开整改措施", default=True)
    public_show_deadline = models.BooleanField("公开整改期限", default=True)
    public_show_department = models.BooleanField("公开督办部门", default=True)
    public_show_responsible = models.BooleanField("公开整改责任人（脱敏）", default=False)
    public_show_closed_days = models.PositiveIntegerField("销号后继续公示（天）", default=30)
    public_notice = models.TextField("公示说明", blank=True, default=(
        "根据《安全生产事故隐患排查治理暂行规定》，现将挂牌督办的重大事故隐患及其整改情况予以公示，"
        "接受社会监督。"))
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "隐患模块设置"
        verbose_name_plural = "隐患模块设置"

    def __str__(self) -> str:
        return "隐患模块设置"
