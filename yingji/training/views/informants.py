"""Pages of the disaster informants (灾害信息员): the roster, a person's page, edits
(name, phone and village go to the warnings directory entry) and the village coverage."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.urls import reverse

from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    TemplatePageView,
)
from yingji.training import rules
from yingji.training.filtersets import InformantFilterSet
from yingji.training.forms import InformantForm
from yingji.training.models import Informant
from yingji.training.services import informants

PAGE_SIZE = 50


def _problems(informant: Informant) -> str:
    return "；".join(informants.problems(informant)) or "符合要求"


def _problem_badge(informant: Informant) -> str:
    found = informants.problems(informant)
    if not found:
        return "green"
    return "yellow" if found == ["证书即将到期"] else "red"


def _account(informant: Informant) -> str:
    contact = informant.person.contact
    if contact is None or not contact.has_usable_password():
        return "无登录账号（短信/链接叫应）"
    return contact.username


class InformantListView(ObjectListView):
    """灾害信息员名册: village, A/B role, training and certificate."""

    model = Informant
    filterset_class = InformantFilterSet
    select_related = ("person", "person__region", "person__region__parent", "person__contact")
    columns = (
        Column("name", "姓名", accessor="person.name", link_to_detail=True),
        Column("phone", "手机号", accessor="person.masked_phone"),
        Column("street", "乡镇（街道）",
               accessor=lambda i: i.person.region.parent.name if i.person.region.parent else ""),
        Column("region", "村（社区）", accessor="person.region.name"),
        Column("duty", "A/B角", accessor="get_duty_display", sortable=True),
        Column("trained_on", "最近培训", sortable=True),
        Column("training_hours", "本年度学时"),
        Column("certificate_valid_until", "证书有效期至", sortable=True),
        Column("check", "培训持证", accessor=_problems, badge=_problem_badge),
        Column("active", "在岗", accessor="person.active"),
    )


class InformantDetailView(ObjectDetailView):
    """The informant: the directory entry (one record for warnings and reports), the
    A/B role, training and certificate."""

    model = Informant
    select_related = ("person", "person__region", "person__contact")
    extra_template = "training/informant_panel.html"
    fields = (Column("name", "姓名", accessor="person.name"),
              Column("phone", "手机号", accessor="person.masked_phone"),
              Column("region", "村（社区）", accessor=lambda i: i.person.region.full_name
                     or i.person.region.name),
              "duty", "joined_on", "trained_on", "training_hours", "certificate_number",
              "certificate_valid_until",
              Column("check", "培训持证", accessor=_problems),
              Column("account", "登录账号", accessor=_account), "note")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["directory_url"] = reverse("responsibleperson_detail", args=[obj.person_id])
        context["directory_visible"] = self.request.user.has_perm("warnings.view_responsibleperson")
        return context


class InformantEditView(ObjectEditView):
    model = Informant
    form_class = InformantForm
    create_service = informants.create_informant
    update_service = informants.update_informant

    def form_data(self, form: forms.ModelForm[Any]) -> dict[str, Any]:
        data = super().form_data(form)
        data.update({k: form.cleaned_data[k] for k in ("name", "phone", "region", "account")})
        return data


class InformantDeleteView(ObjectDeleteView):
    model = Informant
    delete_service = informants.delete_informant


class InformantCoverageView(TemplatePageView):
    """信息员覆盖: every village in scope and whether it has an informant, by street."""

    model = Informant
    title = "信息员覆盖情况"
    template_name = "training/informant_coverage.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        status = self.request.GET.get("status", "")
        if status not in rules.VILLAGE_LABELS:
            status = ""
        report = informants.village_coverage(self.request.user, status)
        page = Paginator(report.villages, PAGE_SIZE).get_page(self.request.GET.get("gpage"))
        rows = [(v, rules.VILLAGE_LABELS[s], rules.VILLAGE_BADGES[s]) for v, s in page.object_list]
        return {"report": report, "gaps": page, "rows": rows, "status": status,
                "labels": rules.VILLAGE_LABELS,
                "none": report.total.statuses.get(rules.VILLAGE_NONE, 0)}
