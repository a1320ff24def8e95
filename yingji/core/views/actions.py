"""The generic action page: one POST that runs one business step on one object.

A module's step (签收, 下发整改, 审批延期, 挂牌督办 …) is configuration: the model and the
permission action that find the object inside the user's scope (404 otherwise), the
form that declares and checks the step's inputs, and ``perform`` that calls the
service. The service's own refusal (a ValidationError or PermissionDenied with its
Chinese reason) is shown as a message and changes nothing; success shows
``success_message`` and goes back to the object's page.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from yingji.core.views.base import PageView, object_url, restricted


def refusal_text(exc: Exception) -> str:
    """A service refusal as one Chinese sentence."""
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or "您没有执行此操作的权限"


def form_error_text(form: forms.BaseForm) -> str:
    """Every error of a form at once, each with its field's label (not its name)."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        text = "，".join(str(e) for e in errors)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)


class ObjectActionView(PageView):
    """POST one step on one ``model`` row.

    Configure ``model``, ``action`` (the scope action the object must allow, default
    change), ``form_class`` (None for a step without inputs), ``success_message`` (may
    use ``{obj}``) and ``perform(obj, data)``; override ``form_kwargs`` when the form
    needs more than the user, and ``success_url`` to land elsewhere.
    """

    action: ClassVar[str | None] = "change"
    form_class: ClassVar[type[forms.BaseForm] | None] = None
    success_message: ClassVar[str] = "操作已完成"
    invalid_message: ClassVar[str] = "提交的数据有误"
    http_method_names = ["post"]

    def get_object(self) -> Any:
        return get_object_or_404(restricted(self, self.action or "view"), pk=self.kwargs["pk"])

    def form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        """Call the service; return the object to report on (or None for ``obj``)."""
        raise NotImplementedError

    def get_success_message(self, obj: Any, result: Any) -> str:
        return self.success_message.format(obj=obj, result=result)

    def success_url(self, obj: Any) -> str:
        return object_url(obj, "detail", obj.pk) or object_url(obj, "list") or "/"

    def failure_url(self, obj: Any) -> str:
        return self.success_url(obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        data: dict[str, Any] = {}
        if self.form_class is not None:
            form = self.form_class(request.POST, request.FILES, **self.form_kwargs(obj))
            if not form.is_valid():
                messages.error(request, f"{self.invalid_message}：{form_error_text(form)}")
                return redirect(self.failure_url(obj))
            data = dict(form.cleaned_data)
        try:
            result = self.perform(obj, data)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, refusal_text(exc))
            return redirect(self.failure_url(obj))
        done = result if result is not None else obj
        messages.success(request, self.get_success_message(done, result))
        return redirect(self.success_url(done))
