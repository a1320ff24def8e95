"""The enterprise's own training of new workers (三级安全教育)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yingji.core.scope import ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin


class NewWorkerTraining(EnterpriseScopedMixin, models.Model):
    """A new worker's 厂（公司）级、车间级、班组级 safety education with the hours of
    each level and the exam (总局令第3号 第十二条、第十三条)."""

    scope_region_field: ClassVar[str] = "enterprise__region"
    scope_industry_field: ClassVar[str | None] = "enterprise__industry"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="new_worker_trainings")
    worker_name = models.CharField("姓名", max_length=40)
    job = models.CharField("岗位/工种", max_length=60, blank=True)
    hired_on = models.DateField("入职日期")
    company_hours = models.DecimalField("厂（公司）级学时", max_digits=5, decimal_places=1, default=0)
    workshop_hours = models.DecimalField("车间（工段）级学时", max_digits=5, decimal_places=1,
                                         default=0)
    team_hours = models.DecimalField("班组级学时", max_digits=5, decimal_places=1, default=0)
    exam_passed = models.BooleanField("考核合格", default=False)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "三级安全教育记录"
        verbose_name_plural = "三级安全教育记录"
        ordering = ["-hired_on", "id"]

    def __str__(self) -> str:
        return f"{self.worker_name}（{self.hired_on:%Y-%m-%d}入职）"

    @property
    def levels(self) -> dict[str, float]:
        return {"厂（公司）级": float(self.company_hours), "车间（工段）级": float(self.workshop_hours),
                "班组级": float(self.team_hours)}

    @property
    def total_hours(self) -> float:
        return sum(self.levels.values())
