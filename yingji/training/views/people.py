"""Pages of the 三项岗位 people and their certificates: lists, the person's page (its
certificates, attendance and the 无证上岗 hazard), edits and the roll import."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.views.actions import ObjectActionView
from yingji.core.views.generic import (
    ChildDeleteView,
    ChildEditView,
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.core.views.imports import ImportPageView, ImportTemplateView
from yingji.hazards.models import Hazard
from yingji.training import rules
from yingji.training.filtersets import CertificateFilterSet, CertifiedPersonFilterSet
from yingji.training.forms import CertificateForm, CertifiedPersonForm
from yingji.training.models import Attendance, Certificate, CertifiedPerson, TrainingSettings
from yingji.training.services import coverage, hazards, people
from yingji.training.services.imports import roll_import_spec

HOLDING_BADGE = {"已持证": "green", "无需持证": "secondary", "不在岗": "secondary",
                 "证书失效": "red", "未持证": "red"}


def _holding(person: CertifiedPerson) -> str:
    return coverage.by_person([person])[person.pk]


def _status(certificate: Certificate) -> str:
    return rules.STATUS_LABELS[certificate.status(timezone.localdate(),
                                                  TrainingSettings.current().remind_days)]


def _status_badge(certificate: Certificate) -> str:
    code = certificate.status(timezone.localdate(), TrainingSettings.current().remind_days)
    return rules.STATUS_BADGES[code]


class CertifiedPersonListView(ObjectListView):
    """三项岗位人员: the roll with each person's 持证情况."""

    model = CertifiedPerson
    filterset_class = CertifiedPersonFilterSet
    select_related = ("enterprise", "hazard")
    prefetch_related = ("certificates",)
    columns = (
        Column("name", "姓名", link_to_detail=True, sortable=True),
        Column("enterprise", "企业", accessor="enterprise.name", sortable=True),
        Column("post", "岗位类别", accessor="get_post_display", sortable=True),
        Column("work_type", "作业类别", accessor="get_work_type_display"),
        Column("required_kind", "应持证书", accessor=lambda p: p.get_required_kind_display() or "无需持证"),
        Column("holding", "持证情况", accessor=_holding, badge=lambda p: HOLDING_BADGE[_holding(p)]),
        Column("on_duty", "在岗", accessor="on_duty"),
        Column("hazard", "登记隐患", accessor=lambda p: p.hazard.number if p.hazard else ""),
    )


class CertifiedPersonDetailView(ObjectDetailView):
    """The person: post, the certificate the post needs, the certificates with their
    status, attendance, and the 无证上岗 hazard (register it here when it applies)."""

    model = CertifiedPerson
    select_related = ("enterprise", "hazard")
    extra_template = "training/person_panel.html"
    fields = ("enterprise", "id_number", "post", "work_type", "job_title", "on_duty",
              Column("required_kind", "应持证书",
                     accessor=lambda p: p.get_required_kind_display() or "无需持证"),
              Column("holding", "持证情况", accessor=_holding))

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        today = timezone.localdate()
        remind = TrainingSettings.current().remind_days
        certificates = [(c, rules.STATUS_LABELS[c.status(today, remind)],
                         rules.STATUS_BADGES[c.status(today, remind)])
                        for c in obj.certificates.all()]
        holding = _holding(obj)
        hazard = hazards.open_hazard(obj)
        context.update({
            "certificates": certificates,
            "attendances": list(Attendance.objects.restrict(user, "view").filter(person=obj)
                                .select_related("session")),
            "can_add_certificate": may(user, Certificate, "add"),
            "can_change_certificate": may(user, Certificate, "change"),
            "can_flag": (holding in ("证书失效", "未持证") and hazard is None
                         and may(user, CertifiedPerson, "change") and may(user, Hazard, "add")),
            "hazard": obj.hazard,
            "hazard_visible": obj.hazard is not None and may(user, Hazard, "view"),
        })
        return context


class CertifiedPersonEditView(ObjectEditView):
    model = CertifiedPerson
    form_class = CertifiedPersonForm
    create_service = people.create_person
    update_service = people.update_person


class CertifiedPersonDeleteView(ObjectDeleteView):
    model = CertifiedPerson
    delete_service = people.delete_person


class FlagUncertifiedView(ObjectActionView):
    """登记无证上岗隐患: through the hazards module's service."""

    model = CertifiedPerson
    success_message = "已登记为隐患：{result.number}"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return hazards.flag_uncertified(obj, actor=self.actor)


class CertificateListView(ObjectListView):
    """资格证书台账: every certificate with its validity and 复审 status."""

    model = Certificate
    filterset_class = CertificateFilterSet
    select_related = ("person", "person__enterprise")
    columns = (
        Column("number", "证书编号", sortable=True,
               link=lambda c: reverse("certifiedperson_detail", args=[c.person_id])),
        Column("person", "持证人", accessor="person.name"),
        Column("enterprise", "企业", accessor="person.enterprise.name"),
        Column("kind", "证书类别", accessor="get_kind_display", sortable=True),
        Column("work_type", "作业类别", accessor="get_work_type_display"),
        Column("issuer", "发证机关"),
        Column("valid_until", "有效期至", sortable=True),
        Column("review_due_on", "应复审日期", sortable=True),
        Column("status", "状态", accessor=_status, badge=_status_badge),
    )

    def detail_url(self, obj: Any) -> str | None:
        return reverse("certifiedperson_detail", args=[obj.person_id])


class CertificateEditView(ChildEditView):
    model = Certificate
    form_class = CertificateForm
    parent_field = "person"
    create_service = people.create_certificate
    update_service = people.update_certificate


class CertificateDeleteView(ChildDeleteView):
    model = Certificate
    parent_field = "person"
    delete_service = people.delete_certificate


class RollImportView(ImportPageView):
    """导入持证人员名册: upload an .xlsx, see the row-level report."""

    model = Certificate
    title = "导入持证人员名册"
    spec_factory = staticmethod(roll_import_spec)
    help_text = ("企业按统一社会信用代码对应（须在您的数据范围内）；同一企业的人员按身份证号识别，"
                 "未填身份证号时按姓名和岗位识别；证书按类别和编号识别，已有的证书按本表更新。")
    template_route = "certificate_import_template"
    back_route = "certificate_list"


class RollTemplateView(ImportTemplateView):
    model = Certificate
    spec_factory = staticmethod(roll_import_spec)
    filename = "持证人员名册导入模板.xlsx"
