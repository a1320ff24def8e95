"""The live proposal of the discretion standard on the case form (HTMX): the facts as
typed give the band, the fine range and whether the fine leaves it, before saving.
Read only: it calls the catalogue's ``propose``, writes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse

from yingji.core.views.generic import PageView
from yingji.enforcement import rules
from yingji.enforcement.models import Case, DiscretionStandard, EnforcementSettings
from yingji.enforcement.services.catalogue import propose

FACTS = ("first_offence", "corrected", "harm", "refused_to_correct", "repeated",
         "especially_serious")


class ProposalForm(forms.Form):
    """The case form's facts as the proposal reads them (every field optional)."""

    standard = forms.ModelChoiceField(queryset=DiscretionStandard.objects.all(), required=False)
    accident_grade = forms.ChoiceField(choices=[("", ""), *rules.ACCIDENT_GRADES.items()],
                                       required=False)
    person_income = forms.DecimalField(min_value=0, max_digits=14, decimal_places=2, required=False)
    unit_fine = forms.DecimalField(min_value=0, max_digits=14, decimal_places=2, required=False)
    person_fine = forms.DecimalField(min_value=0, max_digits=14, decimal_places=2, required=False)
    measures = forms.MultipleChoiceField(choices=[(m, m) for m in (
        "warning", "confiscate", "suspend", "revoke_licence", "close", "restrict_practice")],
        required=False)


for _name in FACTS:
    ProposalForm.base_fields[_name] = forms.BooleanField(required=False)


def _flags(data: dict[str, Any]) -> dict[str, bool]:
    settings = EnforcementSettings.current()
    unit, person = data.get("unit_fine") or Decimal("0"), data.get("person_fine") or Decimal("0")
    measures = data.get("measures") or []
    return {
        "hearing": rules.hearing_required(unit_fine=unit, person_fine=person, measures=measures,
                                          unit_threshold=settings.hearing_unit_threshold,
                                          person_threshold=settings.hearing_person_threshold),
        "major": rules.is_major_case(total_fine=unit + person, measures=measures,
                                     major_threshold=settings.major_case_threshold),
    }


class CaseProposalView(PageView):
    """GET with the case form's fields: the proposal panel (``case_proposal.html``)."""

    model = Case

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ProposalForm(request.GET)
        context: dict[str, Any] = {"proposal": None, "problem": ""}
        if not form.is_valid():
            context["problem"] = "请检查罚款金额和收入的填写"
        elif form.cleaned_data.get("standard") is None:
            context["problem"] = "选择违法行为（裁量基准）并填写违法事实后，这里显示建议的裁量阶次和罚款范围"
        else:
            data = form.cleaned_data
            proposal = propose(data["standard"], data)
            span = (proposal.fine_min, proposal.fine_max) \
                if proposal.fine_min is not None and proposal.fine_max is not None else None
            fine = data.get("unit_fine")
            context.update(proposal=proposal, **_flags(data),
                           outside=fine is not None and span is not None and rules.outside_range(fine, span))
        return self.render("enforcement/case_proposal.html", context)
