"""Rows of a plan's digital structure (groups, levels, conditions, actions, resources,
contacts) and its versions: add, edit and delete from the plan's page."""

from __future__ import annotations

from typing import Any

from yingji.core.views.generic import ChildDeleteView, ChildEditView, ObjectDetailView
from yingji.plans import forms
from yingji.plans.models import (
    LevelAction,
    LevelResource,
    PlanContact,
    PlanResponseLevel,
    PlanVersion,
    TriggerCondition,
    WorkingGroup,
)
from yingji.plans.services import plans

# model → (form, parent field)
PARTS: dict[type[Any], tuple[Any, str]] = {
    WorkingGroup: (forms.WorkingGroupForm, "plan"),
    PlanResponseLevel: (forms.PlanResponseLevelForm, "plan"),
    TriggerCondition: (forms.TriggerConditionForm, "response_level"),
    LevelAction: (forms.LevelActionForm, "response_level"),
    LevelResource: (forms.LevelResourceForm, "response_level"),
    PlanContact: (forms.PlanContactForm, "plan"),
    PlanVersion: (forms.PlanVersionForm, "plan"),
}


def _plan_of(self: Any, obj: Any) -> Any:
    return obj.plan


VIEWS: dict[str, Any] = {}
for _model, (_form, _parent) in PARTS.items():
    _name = _model.__name__
    VIEWS[f"{_name}Edit"] = type(f"{_name}EditView", (ChildEditView,), {
        "model": _model, "form_class": _form, "parent_field": _parent, "parent_of": _plan_of,
        "create_service": staticmethod(lambda data, *, actor, _m=_model: plans.create_part(
            _m, data, actor=actor)),
        "update_service": staticmethod(plans.update_part),
        "__doc__": f"新增或修改{_model._meta.verbose_name}"})
    VIEWS[f"{_name}Delete"] = type(f"{_name}DeleteView", (ChildDeleteView,), {
        "model": _model, "parent_field": _parent, "parent_of": _plan_of,
        "delete_service": staticmethod(plans.delete_part),
        "__doc__": f"删除{_model._meta.verbose_name}"})


class PlanVersionDetailView(ObjectDetailView):
    """A version of a plan: its text files (Word/PDF attachments) and change notes."""

    model = PlanVersion
    select_related = ("plan",)
    fields = ("plan", "number", "label", "doc_number", "issued_on", "changes", "created_at")
