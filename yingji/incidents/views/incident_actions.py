"""The incident page's steps, each an ObjectActionView configuration: its form (the
step's inputs, shared with the API), the service it calls and the message it shows.
The page posts every step to one URL with the step's name in ``action``; a step on one
of the incident's orders, reports, tasks or findings finds that row inside the incident
(404 otherwise)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from yingji.core.views.generic import ObjectActionView
from yingji.incidents import forms as inputs
from yingji.incidents.models import Finding, Incident, ReportStatus, ResponseTask
from yingji.incidents.services import dispatch, intake, reports, response, review
from yingji.incidents.workflow import DISPATCH_FLOW, TASK_FLOW


def child(request: HttpRequest, queryset: QuerySet[Any], key: str) -> Any:
    """The row named by POST ``key`` inside ``queryset`` (the incident's own), else 404."""
    try:
        pk = int(request.POST.get(key, ""))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(queryset, pk=pk)


class IncidentStep(ObjectActionView):
    """A step on the incident page; back to the page's section (``anchor``) either way.
    The object needs only to be visible: each service checks the permission it needs."""

    model = Incident
    action = "view"
    message: ClassVar[str] = "操作已完成"

    def success_url(self, obj: Model) -> str:
        anchor = self.request.POST.get("anchor", "")
        return reverse("incident_detail", kwargs={"pk": self.kwargs["pk"]}) + f"#{anchor}"

    def failure_url(self, obj: Model) -> str:
        return self.success_url(obj)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return self.done(result)

    def done(self, result: Any) -> str:
        return self.message


class GradeStep(IncidentStep):
    form_class = inputs.GradeForm

    def perform(self, obj: Incident, data: dict[str, Any]) -> Incident:
        return intake.set_grade(obj, data["grade"], actor=self.actor, comment=data["comment"])

    def done(self, result: Incident) -> str:
        return f"已定级为{result.grade_display}" + (
            f"。{result.grade_warning}" if result.grade_warning else "")


class DetailsStep(IncidentStep):
    form_class = inputs.DetailsForm
    message = "已更正事件信息"

    def form_kwargs(self, obj: Incident) -> dict[str, Any]:
        return {"instance": Incident.objects.get(pk=obj.pk)}

    def perform(self, obj: Incident, data: dict[str, Any]) -> Incident:
        return intake.correct_details(obj, data, actor=self.actor)


class FiguresStep(IncidentStep):
    form_class = inputs.FiguresForm

    def perform(self, obj: Incident, data: dict[str, Any]) -> Incident:
        at = data.pop("at", None)
        return intake.update_figures(obj, data, actor=self.actor, at=at)

    def done(self, result: Incident) -> str:
        return "已更新伤亡与损失" + (f"。{result.grade_warning}" if result.grade_warning else "")


class ReportStep(IncidentStep):
    form_class: ClassVar[type[forms.BaseForm] | None] = inputs.ReportSubmitForm

    def perform(self, obj: Incident, data: dict[str, Any]) -> Any:
        return reports.add_report(obj, data["kind"], actor=self.actor,
                                  content=data.get("content") or "", at=data.get("submitted_at"))

    def done(self, result: Any) -> str:
        if result.status == ReportStatus.REVIEW:
            return (f"{result.get_kind_display()}已提交带班领导审核签发，签发时限"
                    f"{timezone.localtime(result.signoff_due_at):%H:%M}")
        return (f"{result.get_kind_display()}已报送" +
                (f"，迟报{result.late_minutes}分钟，已记入迟报统计" if result.late else "，按时"))


class SignOffStep(ReportStep):
    form_class = inputs.SignOffForm

    def perform(self, obj: Incident, data: dict[str, Any]) -> Any:
        report = child(self.request, obj.reports.all(), "report")
        return reports.sign_off_report(report, actor=self.actor, content=data["content"])


class PhoneReportStep(IncidentStep):
    form_class = inputs.PhoneReportForm
    message = "电话报告已登记"

    def perform(self, obj: Incident, data: dict[str, Any]) -> Any:
        report = child(self.request, obj.reports.all(), "report")
        return reports.record_phone_report(report, actor=self.actor, phoned_to=data["phoned_to"],
                                           at=data.get("phoned_at"))


class ReturnReportStep(IncidentStep):
    form_class = inputs.CommentForm
    message = "已退回值班员修改"

    def perform(self, obj: Incident, data: dict[str, Any]) -> Any:
        report = child(self.request, obj.reports.all(), "report")
        return reports.return_report(report, actor=self.actor, comment=data["comment"])


class ReviseStep(IncidentStep):
    form_class = inputs.ReviseForm

    def perform(self, obj: Incident, data: dict[str, Any]) -> Any:
        report = child(self.request, obj.reports.all(), "report")
        return reports.revise_report(report, data["content"], actor=self.actor)

    def done(self, result: Any) -> str:
        return f"已保存第{result.number}版"


class DispatchStep(IncidentStep):
    form_class = inputs.DispatchForm

    def perform(self, obj: Incident, data: dict[str, Any]) -> Any:
        return dispatch.dispatch(
            obj, data["resource_kind"], data["resource_id"], actor=self.actor,
            task=data.get("task") or "", override_reason=data.get("override_reason") or "",
            estimated_minutes=data.get("estimated_minutes"),
            estimate_method=data.get("estimate_method") or "")

    def done(self, result: Any) -> str:
        return f"已向“{result.resource_name}”下达调度指令"


class OrderStep(IncidentStep):
    form_class = inputs.StepForm

    def perform(self, obj: Incident, data: dict[str, Any]) -> Any:
        order = child(self.request, obj.orders.all(), "order")
        return inputs.ORDER_STEPS[data["step"]](order, data, actor=self.actor)

    def done(self, result: Any) -> str:
        return f"{result.resource_name}：{DISPATCH_FLOW.label(result.state)}"


class RespondStep(IncidentStep):
    form_class = inputs.RespondForm

    def perform(self, obj: Incident, data: dict[str, Any]) -> Incident:
        return response.start_response(obj, data["level"], actor=self.actor)

    def done(self, result: Incident) -> str:
        return f"已启动{result.get_response_level_display()}，处置任务{result.tasks.count()}项"


class TaskStep(IncidentStep):
    form_class = inputs.TaskForm

    def form_kwargs(self, obj: Incident) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, obj: Incident, data: dict[str, Any]) -> Any:
        return response.add_task(obj, data, actor=self.actor)

    def done(self, result: Any) -> str:
        return f"已下达处置任务：{result.title}"


class TaskProgressStep(IncidentStep):
    form_class = inputs.TaskStepForm

    def perform(self, obj: Incident, data: dict[str, Any]) -> Any:
        task = child(self.request, ResponseTask.objects.restrict(self.request.user, "change")
                     .filter(incident=obj), "task")
        return inputs.TASK_STEPS[data["step"]](task, data, actor=self.actor)

    def done(self, result: Any) -> str:
        return f"{result.title}：{TASK_FLOW.label(result.state)}"


class CloseStep(IncidentStep):
    form_class = inputs.CommentForm
    message = "事件已结束，请按时报送终报并组织复盘"

    def perform(self, obj: Incident, data: dict[str, Any]) -> Incident:
        return response.close_incident(obj, actor=self.actor, comment=data["comment"])


class ReopenStep(IncidentStep):
    form_class = inputs.CommentForm
    message = "事件已重新打开"

    def perform(self, obj: Incident, data: dict[str, Any]) -> Incident:
        return response.reopen_incident(obj, actor=self.actor, comment=data["comment"])


class ReviewStep(IncidentStep):
    form_class = inputs.ReviewForm

    def perform(self, obj: Incident, data: dict[str, Any]) -> Any:
        return review.create_review(obj, {"summary": data["summary"], "lessons": data["lessons"]},
                                    actor=self.actor, findings=data["findings"])

    def done(self, result: Any) -> str:
        return f"复盘已完成，问题{result.findings.count()}项进入整改跟踪"


class FindingStep(IncidentStep):
    form_class = inputs.RectificationForm
    message = "问题已整改销号"

    def perform(self, obj: Incident, data: dict[str, Any]) -> Any:
        finding = child(self.request, Finding.objects.restrict(self.request.user, "change")
                        .filter(review__incident=obj), "finding")
        return review.close_finding(finding, actor=self.actor,
                                    rectification=data["rectification"])


class UnknownStep(IncidentStep):
    def perform(self, obj: Incident, data: dict[str, Any]) -> Any:
        raise ValidationError("未知的操作")


STEPS: dict[str, type[IncidentStep]] = {
    "grade": GradeStep, "details": DetailsStep, "figures": FiguresStep, "report": ReportStep,
    "revise": ReviseStep, "signoff": SignOffStep, "phone": PhoneReportStep, "return_report": ReturnReportStep,
    "dispatch": DispatchStep, "step": OrderStep, "respond": RespondStep,
    "task": TaskStep, "task_step": TaskProgressStep, "close": CloseStep, "reopen": ReopenStep,
    "review": ReviewStep, "finding": FindingStep,
}
_VIEWS = {name: view.as_view() for name, view in STEPS.items()}
_UNKNOWN = UnknownStep.as_view()


def incident_action(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The incident page's one form target: the step named by POST ``action``."""
    return _VIEWS.get(request.POST.get("action", ""), _UNKNOWN)(request, pk=pk)

