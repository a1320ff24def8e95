"""A report from the public (举报) and its reporter, kept apart: the reporter's identity
is a row of its own that only the reward committee may read."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.models import Industry
from yingji.core.personal.fields import BlindIndexField, PersonalField
from yingji.core.scope import ScopedManager, ScopedModelMixin
from yingji.core.workflow import WorkflowModel
from yingji.tipoffs import rules
from yingji.tipoffs.workflow import STATES


class Channel(models.TextChoices):
    """举报渠道."""

    WEB = rules.WEB, "网上举报"
    PHONE_12350 = rules.PHONE_12350, "12350电话"
    LETTER = rules.LETTER, "来信"
    VISIT = rules.VISIT, "来访"


class MatterKind(models.TextChoices):
    """举报事项 (19号 第三条)."""

    MAJOR_HAZARD = rules.MAJOR_HAZARD, "重大事故隐患"
    ILLEGAL = rules.ILLEGAL, "非法违法生产经营建设行为"
    CONCEALMENT = rules.CONCEALMENT, "瞒报谎报事故"
    GENERAL_HAZARD = rules.GENERAL_HAZARD, "一般事故隐患"
    OTHER = rules.OTHER, "其他安全生产问题"


class Outcome(models.TextChoices):
    """核查结果."""

    TRUE = rules.TRUE, "属实"
    PARTLY = rules.PARTLY, "部分属实"
    FALSE = rules.FALSE, "不属实"


class Disposal(models.TextChoices):
    """What a verified report led to: the other module's record, made by its service."""

    HAZARD = "hazard", "登记隐患"
    INSPECTION = "inspection", "执法检查"
    NONE = "none", "无需后续处理"


class AccidentGrade(models.TextChoices):
    GENERAL = "general", "一般事故"
    LARGER = "larger", "较大事故"
    MAJOR = "major", "重大事故"
    SEVERE = "severe", "特别重大事故"


class Tipoff(ScopedModelMixin, WorkflowModel):
    """A report (举报) by the public or taken by phone (12350): what, where, which
    enterprise, how it was handled and what it led to. ``secret_hash`` checks the
    reporter's query code (the code itself is shown once, at submission). The reporter's
    identity is a ``TipoffReporter`` (absent for an anonymous report)."""

    scope_region_field: ClassVar[str] = "region"
    scope_industry_field: ClassVar[str | None] = "industry"
    # Kept out of audit snapshots: the inside-whistleblower mark and who filed it (the
    # committee's), the source digest of the portal's limits, the query code's digest.
    audit_exclude: ClassVar[tuple[str, ...]] = ("insider", "received_by", "source_key",
                                                 "secret_hash")

    number = models.CharField("受理编号", max_length=20, unique=True, editable=False)
    secret_hash = models.CharField("查询码摘要", max_length=64, editable=False)
    channel = models.CharField("举报渠道", max_length=16, choices=Channel.choices)
    kind = models.CharField("举报事项", max_length=20, choices=MatterKind.choices)
    description = models.TextField("举报内容", max_length=2000)
    region = models.ForeignKey("core.Region", verbose_name="发生地区划", on_delete=models.PROTECT,
                               related_name="+")
    address = models.CharField("详细地点", max_length=200)
    longitude = models.FloatField("经度", null=True, blank=True)
    latitude = models.FloatField("纬度", null=True, blank=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="被举报企业", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    enterprise_name = models.CharField("被举报单位名称", max_length=120, blank=True)
    industry = models.CharField("行业类别", max_length=20, choices=Industry.choices, blank=True)
    anonymous = models.BooleanField("匿名举报", default=True)
    insider = models.BooleanField("内部人员举报", default=False)
    received_at = models.DateTimeField("接报时间", db_index=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    source_key = models.CharField("来源摘要", max_length=64, blank=True, editable=False)
    # Handling.
    reason = models.CharField("不予受理理由", max_length=300, blank=True)
    original = models.ForeignKey("self", verbose_name="首次举报", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="duplicates")
    department = models.ForeignKey("core.Department", verbose_name="承办单位", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    verify_due_at = models.DateTimeField("核查期限", null=True, blank=True)
    outcome = models.CharField("核查结果", max_length=10, choices=Outcome.choices, blank=True)
    findings = models.TextField("核查情况", max_length=2000, blank=True)
    verified_at = models.DateTimeField("核查完成时间", null=True, blank=True)
    disposal = models.CharField("后续处理", max_length=12, choices=Disposal.choices, blank=True)
    hazard = models.ForeignKey("hazards.Hazard", verbose_name="登记的隐患", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    inspection = models.ForeignKey("enforcement.Inspection", verbose_name="执法检查", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    fine_amount = models.DecimalField("罚没款（元）", max_digits=12, decimal_places=2, null=True,
                                      blank=True)
    concealed_deaths = models.PositiveSmallIntegerField("核实瞒报死亡人数", default=0)
    accident_grade = models.CharField("事故等级", max_length=10, choices=AccidentGrade.choices,
                                      blank=True)
    reply = models.TextField("答复举报人", max_length=1000, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "举报"
        verbose_name_plural = "举报"
        ordering = ["-received_at", "-id"]
        permissions = [("triage_tipoff", "受理、交办和答复举报"),
                       ("verify_tipoff", "核查举报并登记结果")]
        indexes = [models.Index(fields=["state", "received_at"], name="tipoffs_state_idx"),
                   models.Index(fields=["source_key", "received_at"], name="tipoffs_source_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def real_name(self) -> bool:
        return not self.anonymous


class TipoffReporter(ScopedModelMixin, models.Model):
    """Who reported (real-name reports only), SM4-encrypted; read only by the reward
    committee (``view_tipoffreporter``). ``employee`` marks an inside whistleblower
    (内部举报人) reporting the own employer."""

    scope_region_field: ClassVar[str] = "tipoff__region"
    scope_industry_field: ClassVar[str | None] = "tipoff__industry"
    audit_exclude: ClassVar[tuple[str, ...]] = ("employee",)

    tipoff = models.OneToOneField(Tipoff, verbose_name="举报", on_delete=models.CASCADE,
                                  related_name="reporter")
    name = PersonalField("姓名", kind="name", max_length=40)
    phone = PersonalField("联系电话", kind="phone", max_length=20)
    phone_index = BlindIndexField(source="phone")
    id_number = PersonalField("身份证号", kind="id_number", max_length=18, blank=True)
    employee = models.BooleanField("被举报单位从业人员", default=False)
    phone_verified = models.BooleanField("手机号已短信验证", default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = "举报人"
        verbose_name_plural = "举报人"

    def __str__(self) -> str:
        return "举报人"


class TipoffThrottle(models.Model):
    """One counted public attempt (a submission, a failed progress query, an enterprise
    search) by a keyed digest of the address or phone: the public endpoints' limits are
    counted from these rows, so every process agrees."""

    kind = models.CharField("类别", max_length=16)
    key = models.CharField("摘要", max_length=64)
    at = models.DateTimeField("时间", db_index=True)

    class Meta:
        verbose_name = "举报访问计数"
        verbose_name_plural = "举报访问计数"
        indexes = [models.Index(fields=["kind", "key", "at"], name="tipoffs_throttle_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
