"""Warning bulletins (预警信息) and their versions."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.core.workflow import WorkflowModel
from yingji.warnings import rules


class Level(models.TextChoices):
    """Warning levels of 《突发事件应对法》: 一级 红 is the highest."""

    RED = "red", rules.level_label("red")
    ORANGE = "orange", rules.level_label("orange")
    YELLOW = "yellow", rules.level_label("yellow")
    BLUE = "blue", rules.level_label("blue")


class BulletinSource(models.TextChoices):
    MANUAL = "manual", "人工编辑"
    AUTO = "auto", "监测自动生成"
    CAP = "cap", "CAP导入"


class Bulletin(ScopedModelMixin, WorkflowModel):
    """A warning bulletin: type, level, target area (regions and/or a polygon), validity,
    content and measures, issuing body. ``region`` is the issuing region and the scope
    of the record; target regions lie inside it. Follows ``BULLETIN_FLOW``."""

    title = models.CharField("标题", max_length=200)
    warning_type = models.ForeignKey("warnings.WarningType", verbose_name="预警类型",
                                     on_delete=models.PROTECT, related_name="bulletins")
    level = models.CharField("预警级别", max_length=10, choices=Level.choices)
    region = models.ForeignKey("core.Region", verbose_name="发布区域", on_delete=models.PROTECT,
                               related_name="+")
    target_regions = models.ManyToManyField("core.Region", verbose_name="预警区域", blank=True,
                                            related_name="+")
    polygon = models.JSONField("预警范围（多边形）", null=True, blank=True,
                               help_text="GeoJSON Polygon，经纬度（WGS84/CGCS2000）")
    effective_at = models.DateTimeField("生效时间")
    expires_at = models.DateTimeField("失效时间")
    content = models.TextField("预警内容")
    measures = models.TextField("防御措施", blank=True)
    issuer = models.CharField("发布单位", max_length=100)
    identifier = models.CharField("CAP标识", max_length=100, unique=True, default="", blank=True)
    source = models.CharField("来源", max_length=10, choices=BulletinSource.choices,
                              default=BulletinSource.MANUAL)
    ack_within_minutes = models.PositiveIntegerField("叫应时限（分钟）", default=30)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "预警信息"
        verbose_name_plural = "预警信息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "expires_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.identifier:
            self.identifier = f"yingji-{uuid.uuid4()}"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def level_rank(self) -> int:
        return rules.LEVEL_RANKS.get(self.level, 9)


class VersionAction(models.TextChoices):
    PUBLISH = "publish", "发布"
    UPDATE = "update", "更新"
    UPGRADE = "upgrade", "升级"
    DOWNGRADE = "downgrade", "降级"
    LIFT = "lift", "解除"
    EXPIRE = "expire", "过期"


class BulletinVersion(ScopedModelMixin, models.Model):
    """What a bulletin said at one step (publish, update, upgrade, downgrade, lift, expire);
    every published version is kept."""

    scope_region_field: ClassVar[str] = "bulletin__region"

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    action = models.CharField("操作", max_length=10, choices=VersionAction.choices)
    level = models.CharField("预警级别", max_length=10, choices=Level.choices)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("预警内容")
    measures = models.TextField("防御措施", blank=True)
    effective_at = models.DateTimeField("生效时间")
    expires_at = models.DateTimeField("失效时间")
    target_codes = models.JSONField("预警区域代码", default=list)
    polygon = models.JSONField("预警范围", null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "预警版本"
        verbose_name_plural = "预警版本"
        ordering = ["bulletin_id", "number"]
        constraints = [models.UniqueConstraint(fields=["bulletin", "number"],
                                               name="warnings_version_unique")]

    def __str__(self) -> str:
        return f"{self.bulletin_id} v{self.number} {self.get_action_display()}"
