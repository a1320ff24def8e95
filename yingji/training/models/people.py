"""The people of an enterprise who must be certified (三项岗位人员) and their
certificates."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yingji.core.personal.fields import BlindIndexField, PersonalField
from yingji.core.scope import ScopedManager
from yingji.enterprises.models.ownership import EnterpriseScopedMixin
from yingji.training import rules


class Post(models.TextChoices):
    """三项岗位."""

    PRINCIPAL = rules.PRINCIPAL, "主要负责人"
    SAFETY_MANAGER = rules.SAFETY_MANAGER, "安全生产管理人员"
    SPECIAL_OPERATOR = rules.SPECIAL_OPERATOR, "特种作业人员"


class CertificateKind(models.TextChoices):
    PRINCIPAL_CERT = rules.PRINCIPAL_CERT, "主要负责人安全生产知识和管理能力考核合格证"
    MANAGER_CERT = rules.MANAGER_CERT, "安全生产管理人员安全生产知识和管理能力考核合格证"
    SPECIAL_OPERATION = rules.SPECIAL_OPERATION, "特种作业操作证"
    TRAINING_CERT = rules.TRAINING_CERT, "安全培训合格证明"


class WorkType(models.TextChoices):
    """作业类别 of the 特种作业目录 (总局令第30号 附件)."""

    ELECTRICAL = "electrical", "电工作业"
    WELDING = "welding", "焊接与热切割作业"
    HEIGHT = "height", "高处作业"
    REFRIGERATION = "refrigeration", "制冷与空调作业"
    MINE = "mine", "金属非金属矿山安全作业"
    OIL_GAS = "oil_gas", "石油天然气安全作业"
    METALLURGY = "metallurgy", "冶金（有色）生产安全作业"
    HAZCHEM = "hazchem", "危险化学品安全作业"
    FIREWORKS = "fireworks", "烟花爆竹安全作业"
    OTHER = "other", "其他特种作业"


class CertifiedPerson(EnterpriseScopedMixin, models.Model):
    """A person of the enterprise in one of the 三项岗位; ``required_kind`` is the
    certificate the requirement table asks of the post in the enterprise's industry
    (kept by the services); ``hazard`` is the hidden hazard registered for working
    without a valid certificate."""

    scope_region_field: ClassVar[str] = "enterprise__region"
    scope_industry_field: ClassVar[str | None] = "enterprise__industry"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业",
                                   on_delete=models.CASCADE, related_name="certified_people")
    name = models.CharField("姓名", max_length=40)
    id_number = PersonalField("身份证号", kind="id_number", max_length=18, blank=True)
    id_number_index = BlindIndexField(source="id_number")
    post = models.CharField("岗位类别", max_length=20, choices=Post.choices)
    work_type = models.CharField("作业类别", max_length=20, choices=WorkType.choices, blank=True)
    job_title = models.CharField("职务/工种", max_length=60, blank=True)
    on_duty = models.BooleanField("在岗", default=True)
    required_kind = models.CharField("应持证书", max_length=24, choices=CertificateKind.choices,
                                     blank=True, editable=False)
    hazard = models.ForeignKey("hazards.Hazard", verbose_name="登记的隐患", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "三项岗位人员"
        verbose_name_plural = "三项岗位人员"
        ordering = ["enterprise", "post", "name", "id"]
        indexes = [models.Index(fields=["enterprise", "post"], name="training_person_ent_idx")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_post_display()}）"


class Certificate(EnterpriseScopedMixin, models.Model):
    """A certificate of a person: kind, number, issuing body, validity and the 复审
    dates (``review_due_on`` is computed by the services from the rules)."""

    enterprise_path: ClassVar[str] = "person__enterprise"
    scope_region_field: ClassVar[str] = "person__enterprise__region"
    scope_industry_field: ClassVar[str | None] = "person__enterprise__industry"

    person = models.ForeignKey(CertifiedPerson, verbose_name="持证人", on_delete=models.CASCADE,
                               related_name="certificates")
    kind = models.CharField("证书类别", max_length=24, choices=CertificateKind.choices)
    work_type = models.CharField("作业类别", max_length=20, choices=WorkType.choices, blank=True)
    number = models.CharField("证书编号", max_length=40)
    issuer = models.CharField("发证机关", max_length=80)
    issued_on = models.DateField("初领日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", db_index=True)
    last_reviewed_on = models.DateField("上次复审日期", null=True, blank=True)
    review_due_on = models.DateField("应复审日期", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "资格证书"
        verbose_name_plural = "资格证书"
        ordering = ["valid_until", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "number"],
                                               name="training_certificate_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def status(self, today: object, remind_days: int) -> str:
        return rules.certificate_status(today, self.valid_until, self.review_due_on,  # type: ignore[arg-type]
                                        remind_days)
