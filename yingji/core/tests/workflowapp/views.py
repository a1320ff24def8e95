"""Pages of the test app, configured the way a module configures its own."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedReadOnlyViewSet
from yingji.core.steps import Step, StepTable
from yingji.core.steps.api import step_action
from yingji.core.steps.views import StepFormView, StepView
from yingji.core.tests.workflowapp.models import TICKET_FLOW, Ticket, TicketSettings
from yingji.core.views.generic import ObjectActionView, SettingsEditView


class AssignForm(forms.Form):
    measures = forms.CharField(label="整改措施", max_length=200)
    days = forms.IntegerField(label="整改天数", min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput)


class TicketAssignView(ObjectActionView):
    model = Ticket
    form_class = AssignForm
    success_message = "已下发整改：{obj}"

    def perform(self, obj: Ticket, data: dict[str, Any]) -> Ticket:
        def apply(locked: Ticket, values: Any) -> None:
            locked.measures = values["measures"]

        return TICKET_FLOW.fire(obj, "assign", actor=self.actor, data=data,
                                expected_version=data["version"], apply=apply)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = TicketSettings
        fields = ["remind_hours"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class TicketSettingsView(SettingsEditView):
    model = TicketSettings
    form_class = SettingsForm


# --- the ticket's steps on core.steps: one table for the page and the API ------------


def assign_ticket(ticket: Ticket, *, actor: Any, measures: str, days: int,
                  expected_version: int | None = None) -> Ticket:
    """A service shaped like a module's: one workflow step, its inputs by name."""
    def apply(locked: Ticket, values: Any) -> None:
        locked.measures = measures

    return TICKET_FLOW.fire(ticket, "assign", actor=actor, data={"measures": measures},
                            expected_version=expected_version, apply=apply)


def submit_ticket(ticket: Ticket, *, actor: Any, report: str = "",
                  expected_version: int | None = None) -> Ticket:
    def apply(locked: Ticket, values: Any) -> None:
        locked.report = report

    return TICKET_FLOW.fire(ticket, "submit", actor=actor, data={"report": report},
                            expected_version=expected_version, apply=apply)


class StepAssignForm(forms.Form):
    measures = forms.CharField(label="整改措施", max_length=200)
    days = forms.IntegerField(label="整改天数", min_value=1)
    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)


class SubmitForm(forms.Form):
    report = forms.CharField(label="整改情况", required=False)
    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)


class CloseForm(forms.Form):
    comment = forms.CharField(label="意见", required=False)
    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)


def close_ticket(ticket: Ticket, data: dict[str, Any], actor: Any) -> Ticket:
    return TICKET_FLOW.fire(ticket, "close", actor=actor, data=data,
                            expected_version=data.get("version"))


TICKET_STEPS = StepTable(
    Step("assign", form=StepAssignForm, service=assign_ticket),
    Step("submit", form=SubmitForm, service=submit_ticket),
    Step("close", "验收销号", CloseForm, run=close_ticket, message="工单已销号"),
    workflow=TICKET_FLOW,
)


class TicketStepView(StepView):
    model = Ticket
    steps = TICKET_STEPS

    def back_url(self, obj: Any) -> str:
        return f"/tickets/{obj.pk}/"


class TicketAssignPageView(StepFormView):
    model = Ticket
    steps = TICKET_STEPS
    step_name = "assign"
    template_name = "workflowapp/step_form.html"

    def back_url(self, obj: Any) -> str:
        return f"/tickets/{obj.pk}/"


class TicketSerializer(ModelSerializer):
    class Meta:
        model = Ticket
        fields = ["id", "title", "state", "measures", "report", "version"]
        read_only_fields = fields


class TicketViewSet(ScopedReadOnlyViewSet):
    queryset = Ticket.objects.none()
    serializer_class = TicketSerializer
    ordering = ["id"]

    transition = step_action(TICKET_STEPS, "transition", serializer=TicketSerializer)
    assign = step_action(TICKET_STEPS, "assign", fixed="assign", serializer=TicketSerializer)
