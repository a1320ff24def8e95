"""Duty pages: the roster (list, one shift, generation from a pattern), swaps, handover,
the duty log and the contact book."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from yingji.core.forms import RegionChoiceField, bootstrapify
from yingji.core.models import User
from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    TemplatePageView,
    restricted,
)
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.incidents.filtersets import ContactFilterSet, DutyShiftFilterSet
from yingji.incidents.forms import ContactForm, ShiftForm
from yingji.incidents.models import Contact, DutyPattern, DutyShift, Handover, SwapRequest
from yingji.incidents.services import duty
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


class ShiftActionView(PageView):
    """POST a duty action: log entry, swap request/decision, handover, confirm."""

    model = DutyShift
    action = "view"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        shift = get_object_or_404(restricted(self, "view"), pk=pk)
        handler: Callable[[DutyShift], str] | None = getattr(
            self, f"do_{request.POST.get('action', '')}", None)
        if handler is None:
            messages.error(request, "未知的操作")
            return redirect("dutyshift_detail", pk=pk)
        try:
            messages.success(request, handler(shift))
        except PermissionDenied as exc:
            messages.error(request, str(exc) or "您没有执行此操作的权限")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("dutyshift_detail", pk=pk)

    def _user(self, key: str) -> User:
        try:
            return User.objects.get(pk=int(self.request.POST.get(key, "")), is_active=True)
        except (ValueError, User.DoesNotExist):
            raise ValidationError({key: "请选择人员"}) from None

    def do_log(self, shift: DutyShift) -> str:
        duty.add_log(shift, self.request.POST.get("content", ""), actor=self.actor)
        return "已记入值班日志"

    def do_swap(self, shift: DutyShift) -> str:
        duty.request_swap(shift, from_user=self._user("from_user"), to_user=self._user("to_user"),
                          reason=self.request.POST.get("reason", ""), actor=self.actor)
        return "换班申请已提交，待带班领导审批"

    def do_decide(self, shift: DutyShift) -> str:
        swap = get_object_or_404(SwapRequest.objects.restrict(self.request.user, "change"),
                                 pk=self.request.POST.get("swap"), shift=shift)
        approve = self.request.POST.get("decision") == "approve"
        duty.decide_swap(swap, approve=approve, actor=self.actor,
                         comment=self.request.POST.get("comment", ""))
        return "已批准换班" if approve else "已驳回换班申请"

    def do_handover(self, shift: DutyShift) -> str:
        to_shift = get_object_or_404(restricted(self, "view"), pk=self.request.POST.get("to_shift"))
        handover = duty.hand_over(shift, to_shift, actor=self.actor,
                                  notes=self.request.POST.get("notes", ""))
        return f"已交班，移交事项{len(handover.open_items)}项"

    def do_confirm(self, shift: DutyShift) -> str:
        handover = get_object_or_404(Handover.objects.restrict(self.request.user, "change"),
                                     pk=self.request.POST.get("handover"), to_shift=shift)
        duty.confirm_handover(handover, actor=self.actor)
        return "已确认接班"


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
