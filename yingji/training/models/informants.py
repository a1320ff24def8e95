"""Disaster informants (灾害信息员): the roster per village or community with the A/B
roles, their training and certificate. The person (name, phone, village) is the
warnings directory's entry: one record, used by warnings' 叫应 and, through its
contact account, by the disaster reports."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yingji.core.scope import ScopedManager, ScopedModelMixin


class InformantDuty(models.TextChoices):
    """A/B 角: the A 角 reports, the B 角 stands in when the A 角 cannot."""

    A = "a", "A角（主报）"
    B = "b", "B角（备报）"


class Informant(ScopedModelMixin, models.Model):
    """A 灾害信息员 of a village or community. ``person`` is the directory entry
    (role 灾害信息员) holding the name, phone and region; this row adds the A/B role,
    training and certificate. The directory entry's contact account is the login the
    disaster reports are filed with, so warnings, 叫应 and reports reach one person."""

    scope_region_field: ClassVar[str] = "person__region"

    person = models.OneToOneField("warnings.ResponsiblePerson", verbose_name="责任人名录条目",
                                  on_delete=models.PROTECT, related_name="informant")
    duty = models.CharField("A/B角", max_length=2, choices=InformantDuty.choices,
                            default=InformantDuty.A)
    joined_on = models.DateField("上岗日期", null=True, blank=True)
    trained_on = models.DateField("最近培训日期", null=True, blank=True)
    training_hours = models.DecimalField("本年度培训学时", max_digits=5, decimal_places=1, default=0)
    certificate_number = models.CharField("证书编号", max_length=40, blank=True,
                                          help_text="灾害信息员职业技能等级证书或培训合格证书")
    certificate_valid_until = models.DateField("证书有效期至", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "灾害信息员"
        verbose_name_plural = "灾害信息员"
        ordering = ["person__region_id", "duty", "id"]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_duty_display()}）"
