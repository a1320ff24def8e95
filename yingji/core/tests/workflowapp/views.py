"""Pages of the test app, configured the way a module configures its own."""

from __future__ import annotations

from typing import Any

from django import forms

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
