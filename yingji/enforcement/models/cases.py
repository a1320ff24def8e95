"""Administrative penalty cases (行政处罚案件) from 立案 to 结案, their investigation
records and their reviews."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models

from yingji.core.models import Industry
from yingji.core.personal.fields import PersonalField
from yingji.core.scope import ScopedManager
from yingji.core.workflow import WorkflowModel
from yingji.enterprises.models.ownership import EnterpriseScopedMixin

ZERO = Decimal("0")


class Measure(models.TextChoices):
    """Penalty measures besides the fine (行政处罚法 第九条; those of 第六十三条 give a
    hearing right)."""

    WARNING = "warning", "警告"
    CONFISCATE = "confiscate", "没收违法所得"
    SUSPEND = "suspend", "责令停产停业"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证"
    CLOSE = "close", "责令关闭"
    RESTRICT_PRACTICE = "restrict_practice", "限制从业"


class Ending(models.TextChoices):
    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    TRANSFERRED = "transferred", "移送公安机关"


class Case(EnterpriseScopedMixin, WorkflowModel):
    """One case against an enterprise (and, 一案双罚, its responsible person): the
    violation and its discretion standard, the band and range proposed from the facts,
    the fines decided, the periods (90 days from 立案; the law's working-day periods) and
    the execution. Follows ``CASE_FLOW`` (``workflow.py``)."""

    number = models.CharField("案件编号", max_length=40, blank=True, db_index=True)
    title = models.CharField("案由", max_length=200)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="当事人（单位）",
                                   on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("core.Region", verbose_name="所属街道（乡镇）",
                               on_delete=models.PROTECT, related_name="+")
    industry = models.CharField("行业类别", max_length=20, choices=Industry.choices, blank=True)
    department = models.ForeignKey("core.Department", verbose_name="办案部门",
                                   on_delete=models.PROTECT, related_name="+")
    inspection = models.ForeignKey("enforcement.Inspection", verbose_name="来源检查", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="cases")
    standard = models.ForeignKey("enforcement.DiscretionStandard", verbose_name="违法行为（裁量基准）",
                                 on_delete=models.PROTECT, related_name="+")
    facts = models.TextField("违法事实")
    violation_on = models.DateField("违法行为发生日期", null=True, blank=True)
    officers = models.ManyToManyField("enforcement.Inspector", verbose_name="承办人",
                                      related_name="cases")
    # 一案双罚: the responsible person with the unit.
    person_name = models.CharField("责任人姓名", max_length=40, blank=True)
    person_position = models.CharField("责任人职务", max_length=40, blank=True)
    person_id_number = PersonalField("责任人身份证号", kind="id_number", max_length=18, blank=True)
    person_income = models.DecimalField("责任人上一年年收入（元）", max_digits=14, decimal_places=2,
                                        null=True, blank=True)
    # The facts that propose the band (裁量基准).
    first_offence = models.BooleanField("初次违法", default=False)
    corrected = models.BooleanField("已及时改正", default=False)
    harm = models.BooleanField("造成危害后果", default=False)
    refused_to_correct = models.BooleanField("拒不改正", default=False)
    repeated = models.BooleanField("多次违法", default=False)
    accident_grade = models.CharField("事故等级", max_length=10, blank=True, choices=[
        ("general", "一般事故"), ("larger", "较大事故"), ("major", "重大事故"),
        ("extra", "特别重大事故")])
    especially_serious = models.BooleanField("情节特别严重、影响特别恶劣", default=False)
    band = models.CharField("裁量阶次", max_length=12, blank=True)
    proposed_min = models.DecimalField("建议罚款下限（元）", max_digits=14, decimal_places=2,
                                       null=True, blank=True)
    proposed_max = models.DecimalField("建议罚款上限（元）", max_digits=14, decimal_places=2,
                                       null=True, blank=True)
    unit_fine = models.DecimalField("单位罚款（元）", max_digits=14, decimal_places=2, default=ZERO)
    person_fine = models.DecimalField("个人罚款（元）", max_digits=14, decimal_places=2,
                                      default=ZERO)
    measures = models.JSONField("其他处罚种类", default=list, blank=True)
    outside_range_reason = models.TextField("超出裁量范围的理由", blank=True)
    major_flagged = models.BooleanField("疑难复杂（重大案件）", default=False)
    is_major = models.BooleanField("重大案件", default=False)
    hearing_required = models.BooleanField("告知听证权利", default=False)
    hearing_requested = models.BooleanField("当事人要求听证", default=False)
    hearing_held_at = models.DateTimeField("听证时间", null=True, blank=True)
    statement = models.TextField("陈述申辩意见", blank=True)
    # Periods and steps
    filed_at = models.DateTimeField("立案时间", null=True, blank=True)
    decision_due = models.DateField("处罚决定期限", null=True, blank=True)
    extension_days = models.PositiveIntegerField("已延长（日）", default=0)
    notified_at = models.DateTimeField("告知时间", null=True, blank=True)
    # What the notice told the party (行政处罚法 第四十四条): the decision may be lighter,
    # never heavier without a new notice (第四十五条).
    notified_unit_fine = models.DecimalField("告知的单位罚款（元）", max_digits=14, decimal_places=2,
                                             null=True, blank=True)
    notified_person_fine = models.DecimalField("告知的个人罚款（元）", max_digits=14,
                                               decimal_places=2, null=True, blank=True)
    notified_measures = models.JSONField("告知的其他处罚种类", default=list, blank=True)
    statement_due = models.DateTimeField("陈述申辩期限", null=True, blank=True)
    hearing_request_due = models.DateTimeField("听证申请期限", null=True, blank=True)
    service_due = models.DateTimeField("决定书送达期限", null=True, blank=True)
    # 行政处罚法 第六十四条(二): the party is told the hearing's time and place seven
    # (working, 第八十五条) days before it is held.
    hearing_notice_at = models.DateTimeField("听证通知时间", null=True, blank=True)
    hearing_at = models.DateTimeField("听证时间", null=True, blank=True)
    hearing_place = models.CharField("听证地点", max_length=120, blank=True)
    waived = models.BooleanField("当事人放弃陈述申辩和听证", default=False)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    served_at = models.DateTimeField("送达时间", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=20, blank=True)
    payment_due = models.DateField("缴款期限", null=True, blank=True)
    paid_at = models.DateTimeField("缴款时间", null=True, blank=True)
    paid_amount = models.DecimalField("已缴金额（元）", max_digits=14, decimal_places=2,
                                      default=ZERO)
    surcharge = models.DecimalField("加处罚款（元）", max_digits=14, decimal_places=2, default=ZERO)
    # 催告 (行政强制法 第五十四条): the reminder served before the court is asked, and the
    # end of the ten working days the party then has to pay or state its views.
    urged_at = models.DateTimeField("催告时间", null=True, blank=True)
    urge_due = models.DateTimeField("催告履行期限", null=True, blank=True)
    court_applied_at = models.DateTimeField("申请法院强制执行时间", null=True, blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    ending = models.CharField("办理结果", max_length=12, choices=Ending.choices, blank=True)
    no_penalty_ground = models.CharField("不予处罚理由", max_length=20, blank=True)
    transfer_organ = models.CharField("移送机关", max_length=80, blank=True)
    transfer_reason = models.TextField("涉嫌犯罪事实", blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    publish_due = models.DateTimeField("公开期限", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="立案人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "执法案件"
        verbose_name_plural = "执法案件"
        ordering = ["-filed_at", "-id"]
        permissions = [("review_case", "案件审核和法制审核"),
                       ("decide_case", "集体讨论、作出决定和批准延期")]
        indexes = [models.Index(fields=["region", "filed_at"], name="case_region_filed_idx"),
                   models.Index(fields=["enterprise", "state"], name="case_enterprise_idx"),
                   models.Index(fields=["state", "decision_due"], name="case_due_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def get_state_label(self) -> str:
        from yingji.enforcement.workflow import CASE_FLOW

        return CASE_FLOW.label(self.state)

    @property
    def proposed_span(self) -> tuple[Decimal, Decimal] | None:
        """The proposed fine range, or None before one is known."""
        if self.proposed_min is None or self.proposed_max is None:
            return None
        return self.proposed_min, self.proposed_max

    @property
    def total_fine(self) -> Decimal:
        return (self.unit_fine or ZERO) + (self.person_fine or ZERO)


class RecordKind(models.TextChoices):
    INTERVIEW = "interview", "询问笔录"
    SITE = "site", "勘验笔录"
    EVIDENCE = "evidence", "证据材料"


class CaseRecord(EnterpriseScopedMixin, models.Model):
    """An investigation record (调查取证): signed by the two officers at least
    (行政处罚法 第四十二条、第五十五条)."""

    enterprise_path: ClassVar[str] = "case__enterprise"
    scope_region_field: ClassVar[str] = "case__region"

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE,
                             related_name="records")
    kind = models.CharField("类型", max_length=10, choices=RecordKind.choices)
    title = models.CharField("标题", max_length=120)
    content = models.TextField("内容")
    interviewee = models.CharField("被询问人", max_length=40, blank=True)
    recorded_at = models.DateTimeField("时间")
    signers = models.ManyToManyField("enforcement.Inspector", verbose_name="执法人员签名",
                                     related_name="+")

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "调查取证记录"
        verbose_name_plural = "调查取证记录"
        ordering = ["case", "recorded_at", "id"]

    def __str__(self) -> str:
        return self.title


class ReviewKind(models.TextChoices):
    CASE = "case", "案件审核"
    LEGAL = "legal", "法制审核"
    COLLECTIVE = "collective", "集体讨论"
    EXTENSION = "extension", "延期审批"
    ARRANGEMENT = "arrangement", "分期（延期）缴纳法制审核"


class CaseReview(EnterpriseScopedMixin, models.Model):
    """One opinion on a case: 案件审核, 法制审核, 集体讨论 or an approved extension."""

    enterprise_path: ClassVar[str] = "case__enterprise"
    scope_region_field: ClassVar[str] = "case__region"

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE,
                             related_name="reviews")
    kind = models.CharField("类型", max_length=12, choices=ReviewKind.choices)
    passed = models.BooleanField("同意")
    opinion = models.TextField("意见")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("时间", auto_now_add=True)

    objects: ClassVar[ScopedManager] = ScopedManager()

    class Meta:
        verbose_name = "案件审核意见"
        verbose_name_plural = "案件审核意见"
        ordering = ["case", "reviewed_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.opinion[:20]}"
