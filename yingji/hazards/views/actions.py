"""The detail page's buttons: each posts one step (a workflow step, the treatment plan,
an extension request or decision, 挂牌督办) to a configured ``ObjectActionView``; the
step's form checks the inputs, the service decides, its refusal is shown in Chinese."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from yingji.core.steps.views import StepView
from yingji.core.views.generic import ObjectActionView
from yingji.hazards.forms import STEPS, DecisionForm, ExtensionForm, ListingForm, PlanForm
from yingji.hazards.models import ExtensionRequest, Hazard
from yingji.hazards.services import extensions, hazards


class HazardActionView(ObjectActionView):
    """A step on one hazard in the user's scope; back to its page."""

    model = Hazard

    def success_url(self, obj: Any) -> str:
        return reverse("hazard_detail", args=[obj.pk])


class HazardTransitionView(StepView):
    """The workflow buttons post here with the step's ``name`` (``forms.STEPS``): the
    hazard in scope (404 otherwise), the step's form with its evidence files, its
    service; back to the hazard's page."""

    model = Hazard
    steps = STEPS


class HazardPlanView(HazardActionView):
    """治理方案 of a major hazard."""

    form_class = PlanForm
    success_message = "治理方案已保存"
    invalid_message = "治理方案填写有误"

    def perform(self, obj: Hazard, data: dict[str, Any]) -> Any:
        hazards.save_plan(obj, data, actor=self.actor)
        return obj


class HazardExtensionView(HazardActionView):
    """延期申请."""

    form_class = ExtensionForm
    success_message = "延期申请已提交，等待审批"
    invalid_message = "请填写申请延期至的日期和延期理由"

    def perform(self, obj: Hazard, data: dict[str, Any]) -> Any:
        extensions.request_extension(obj, actor=self.actor, **data)
        return obj


class ExtensionDecisionView(ObjectActionView):
    """批准 / 驳回 an extension request; back to its hazard's page."""

    model = ExtensionRequest
    form_class = DecisionForm
    success_message = "已审批延期申请"
    invalid_message = "请选择批准或驳回"

    def success_url(self, obj: Any) -> str:
        return reverse("hazard_detail", args=[obj.hazard_id])

    def perform(self, obj: ExtensionRequest, data: dict[str, Any]) -> Any:
        return extensions.decide_extension(obj, actor=self.actor, **data)


class HazardListingView(HazardActionView):
    """挂牌督办 (level, department and officer offered within the user's scope)."""

    form_class = ListingForm
    success_message = "已挂牌督办"
    invalid_message = "请选择督办级别和督办部门"

    def form_kwargs(self, obj: Hazard) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, obj: Hazard, data: dict[str, Any]) -> Any:
        values = dict(data)
        return hazards.list_for_supervision(obj, actor=self.actor,
                                            expected_version=values.pop("version"), **values)

