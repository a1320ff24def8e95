"""Duty pages: the roster (list, one shift, generation from a pattern), swaps, handover,
the duty log and the contact book."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse

from yingji.core.forms import RegionChoiceField, bootstrapify
from yingji.core.models import User
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    TemplatePageView,
    restricted,
)
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.incidents.filtersets import ContactFilterSet, DutyShiftFilterSet
from yingji.incidents.forms import (
    SWAP_DECISIONS,
    ContactForm,
    DecisionForm,
    HandoverForm,
    LogForm,
    ShiftForm,
    SwapForm,
)
from yingji.incidents.models import Contact, DutyPattern, DutyShift, Handover, SwapRequest
from yingji.incidents.services import duty
from yingji.incidents.views.incident_actions import child
from yingji.incidents.workflow import SWAP_FLOW


def _names(users: Any) -> str:
    return "、".join(u.display_name for u in users.all())


class ShiftListView(RegionFilterWidgetMixin, ObjectListView):
    """值班排班: every shift with its leaders and officers; export."""

    model = DutyShift
    filterset_class = DutyShiftFilterSet
    select_related = ("region", "pattern")
    prefetch_related = ("leaders", "officers")
    toolbar_template = "incidents/shift_toolbar.html"
    columns = (
        Column("start", "开始", sortable=True, link_to_detail=True),
        Column("end", "结束"),
        Column("region", "值班单位", accessor="region.name"),
        Column("pattern", "模式", accessor=lambda s: s.pattern.formula if s.pattern else ""),
        Column("leaders", "带班领导", accessor=lambda s: _names(s.leaders)),
        Column("officers", "值班员", accessor=lambda s: _names(s.officers)),
        Column("phone", "值班电话"),
    )


class ShiftCreateView(ObjectEditView):
    """One shift; overlapping shifts of a person are refused with the reason."""

    model = DutyShift
    form_class = ShiftForm

    def perform_create(self, form: forms.ModelForm[Any]) -> Any:
        result = duty.create_shift(self.form_data(form), actor=self.actor)
        if result.warning:
            messages.warning(self.request, f"人员不足：{result.warning}")
        return result.shift


class RosterForm(forms.Form):
    pattern = forms.ModelChoiceField(label="值班模式", queryset=DutyPattern.objects.all())
    first_day = forms.DateField(label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label="天数", min_value=1, max_value=92, initial=7)
    leaders = forms.ModelMultipleChoiceField(label="带班领导（轮换）", queryset=User.objects.none())
    officers = forms.ModelMultipleChoiceField(label="值班员（轮换）", queryset=User.objects.none(),
                                              required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = RegionChoiceField(user=user, label="值班单位区划")
        people = User.objects.filter(is_active=True).order_by("real_name")
        for name in ("leaders", "officers"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = people
        bootstrapify(self)


class RosterView(TemplatePageView):
    """Generate a roster from a pattern; conflicting days are skipped and listed."""

    model = DutyShift
    action = "add"
    title = "按模式排班"
    template_name = "incidents/roster.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"form": kwargs.get("form") or RosterForm(user=self.request.user),
                "result": kwargs.get("result")}

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RosterForm(request.POST, user=request.user)
        result = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = duty.generate_roster(data["region"], data["pattern"], data["first_day"],
                                              data["days"], leaders=list(data["leaders"]),
                                              officers=list(data["officers"]), actor=self.actor)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                skipped = f"，{len(result.skipped)}个因冲突跳过" if result.skipped else ""
                messages.success(request, f"已生成{len(result.created)}个班次{skipped}")
        return self.render(self.template_name, self.get_context_data(form=form, result=result))


class ShiftDetailView(ObjectDetailView):
    """One shift: people, duty log, swap requests, handovers."""

    model = DutyShift
    select_related = ("region", "pattern")
    extra_template = "incidents/shift_panel.html"
    fields = ("region", "pattern", "start", "end",
              Column("leaders", "带班领导", accessor=lambda s: _names(s.leaders)),
              Column("officers", "值班员", accessor=lambda s: _names(s.officers)), "phone", "note")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["edit_url"] = None
        context["logs"] = list(obj.logs.select_related("author")[:100])
        swaps = list(obj.swaps.select_related("from_user", "to_user"))
        for swap in swaps:
            swap.state_label = SWAP_FLOW.label(swap.state)
            swap.steps = SWAP_FLOW.available(swap, self.actor)
        context["swaps"] = swaps
        context["members"] = list(obj.leaders.all()) + list(obj.officers.all())
        context["people"] = User.objects.filter(is_active=True).order_by("real_name")[:300]
        context["handovers"] = list(obj.handovers_out.select_related("to_shift", "received_by"))
        context["handovers_in"] = list(obj.handovers_in.select_related("from_shift", "handed_by"))
        context["next_shifts"] = list(DutyShift.objects.restrict(self.request.user, "view").filter(
            region=obj.region, start__gte=obj.start).exclude(pk=obj.pk).order_by("start")[:3])
        context["open_items"] = duty.open_items(obj, self.request.user)
        return context


class ShiftStep(ObjectActionView):
    """A step on the shift page (log, swap, decision, handover, confirmation); the shift
    needs only to be visible: each service checks the permission it needs."""

    model = DutyShift
    action = "view"

    def success_url(self, obj: Any) -> str:
        return reverse("dutyshift_detail", kwargs={"pk": self.kwargs["pk"]})

    def failure_url(self, obj: Any) -> str:
        return self.success_url(obj)


class LogStep(ShiftStep):
    form_class = LogForm
    success_message = "已记入值班日志"

    def perform(self, obj: DutyShift, data: dict[str, Any]) -> Any:
        return duty.add_log(obj, data["content"], actor=self.actor)


class SwapStep(ShiftStep):
    form_class = SwapForm
    success_message = "换班申请已提交，待带班领导审批"

    def perform(self, obj: DutyShift, data: dict[str, Any]) -> Any:
        return duty.request_swap(obj, from_user=data["from_user"], to_user=data["to_user"],
                                 reason=data["reason"], actor=self.actor)


class DecideStep(ShiftStep):
    form_class = DecisionForm

    def perform(self, obj: DutyShift, data: dict[str, Any]) -> Any:
        swap = child(self.request, SwapRequest.objects.restrict(self.request.user, "change")
                     .filter(shift=obj), "swap")
        return SWAP_DECISIONS[data["decision"]](swap, data, actor=self.actor)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return "已批准换班" if result.state == "approved" else "已驳回换班申请"


class HandoverStep(ShiftStep):
    form_class = HandoverForm

    def perform(self, obj: DutyShift, data: dict[str, Any]) -> Any:
        to_shift = child(self.request, restricted(self, "view"), "to_shift")
        return duty.hand_over(obj, to_shift, actor=self.actor, notes=data["notes"])

    def get_success_message(self, obj: Any, result: Any) -> str:
        return f"已交班，移交事项{len(result.open_items)}项"


class ConfirmStep(ShiftStep):
    success_message = "已确认接班"

    def perform(self, obj: DutyShift, data: dict[str, Any]) -> Any:
        handover = child(self.request, Handover.objects.restrict(self.request.user, "change")
                         .filter(to_shift=obj), "handover")
        return duty.confirm_handover(handover, actor=self.actor)


class UnknownShiftStep(ShiftStep):
    def perform(self, obj: DutyShift, data: dict[str, Any]) -> Any:
        raise ValidationError("未知的操作")


SHIFT_STEPS: dict[str, type[ShiftStep]] = {
    "log": LogStep, "swap": SwapStep, "decide": DecideStep, "handover": HandoverStep,
    "confirm": ConfirmStep,
}
_VIEWS = {name: view.as_view() for name, view in SHIFT_STEPS.items()}
_UNKNOWN = UnknownShiftStep.as_view()


def shift_action(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The shift page's one form target: the step named by POST ``action``."""
    return _VIEWS.get(request.POST.get("action", ""), _UNKNOWN)(request, pk=pk)


class ContactListView(RegionFilterWidgetMixin, ObjectListView):
    model = Contact
    filterset_class = ContactFilterSet
    select_related = ("region",)
    columns = (
        Column("name", "姓名/单位", link_to_detail=True, sortable=True),
        Column("organisation", "单位"), Column("position", "职务"),
        Column("category", "类别", accessor="get_category_display"),
        Column("phone", "电话"), Column("mobile", "手机"),
        Column("region", "区划", accessor="region.name"),
    )


class ContactDetailView(ObjectDetailView):
    model = Contact
    select_related = ("region",)


class ContactEditView(ObjectEditView):
    model = Contact
    form_class = ContactForm


class ContactDeleteView(ObjectDeleteView):
    model = Contact
