"""The detail page's step buttons: one POST target for every step of a ``StepTable``.

``StepView`` is an ``ObjectActionView`` that reads which step is asked for from the
posted ``name`` (``name_field``), finds the object in the user's scope (404 otherwise)
and the row the step acts on (``Step.target``), checks the step's form, calls its
service and says what happened in Chinese: an unknown step ("未知的操作：…"), every form
error with its field's label, the service's refusal, or the step's success message.
Nothing changes on a refusal. Either way it goes back to the object's page, or to a
``next`` path of this site.

``StepFormView`` is one step whose form is too long for a button on the object's page (a
scored evaluation): its own page shows the form when the workflow offers the step to the
user now, and shows it again with the errors or the refusal, keeping what was typed.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from yingji.core.security.redirects import local_path
from yingji.core.steps import Step, StepTable, unknown_step
from yingji.core.views.actions import ObjectActionView, form_error_text, refusal_text
from yingji.core.views.base import object_url


class StepView(ObjectActionView):
    """POST one step of ``steps`` on one ``model`` row.

    Configure ``model``, ``action`` (the scope action the object must allow, default
    change) and ``steps``. ``name_field``: the posted field naming the step.
    ``version_required``: the page always posts the version it showed, so a missing one
    is refused rather than taken as "any". ``forbid_never_allowed``: a step the user may
    never take is a 403 (default: the refusal message). ``invalid_message`` and ``refused_message``
    may use ``{step}`` (the label); ``refused_message`` also ``{reason}``. Override
    ``back_url`` to land elsewhere than the object's page.
    """

    steps: ClassVar[StepTable]
    name_field: ClassVar[str] = "name"
    version_required: ClassVar[bool] = False
    refused_message: ClassVar[str] = "{reason}"
    # A step the user's permissions or roles never allow (``StepTable.never_for``): a 403
    # before the inputs are read, as the API answers, instead of the refusal message.
    forbid_never_allowed: ClassVar[bool] = False

    def back_url(self, obj: Any) -> str:
        """The object's page (the default of success and failure alike)."""
        return object_url(obj, "detail", obj.pk) or object_url(obj, "list") or "/"

    def success_url(self, obj: Any) -> str:
        return local_path(self.request, self.request.POST.get("next"), self.back_url(obj))

    def failure_url(self, obj: Any) -> str:
        return self.success_url(obj)

    def refuse(self, obj: Any, text: str) -> HttpResponse:
        messages.error(self.request, text)
        return redirect(self.failure_url(obj))

    def get_step_message(self, step: Step, obj: Any, result: Any) -> str:
        return self.steps.done_message(step, result if result is not None else obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        name = request.POST.get(self.name_field, "")
        step = self.steps.get(name)
        if step is None:
            return self.refuse(obj, refusal_text(unknown_step(name)))
        target = step.target(obj, request.POST) if step.target is not None else obj
        if self.forbid_never_allowed:
            never = self.steps.never_for(step, target, self.actor)
            if never is not None:
                raise PermissionDenied(f"您无权执行“{never}”")
        form = self.steps.bind(step, target, self.actor, request.POST, request.FILES)
        if self.version_required and "version" in form.fields:
            form.fields["version"].required = True
        if not form.is_valid():
            invalid = self.invalid_message.format(step=step.label)
            return self.refuse(obj, f"{invalid}：{form_error_text(form)}")
        try:
            result = step.perform(target, form.cleaned_data, self.actor)
        except (PermissionDenied, ValidationError) as exc:
            return self.refuse(obj, self.refused_message.format(step=step.label, reason=refusal_text(exc)))
        messages.success(request, self.get_step_message(step, target, result))
        return redirect(self.success_url(obj))


class StepFormView(StepView):
    """One step of ``steps`` (``step_name``) on a page of its own, ``template_name``.

    GET: the step's form, filled from ``get_initial(obj)``, when ``StepTable.available``
    offers the step to the user on this object now (403 otherwise). POST: the step is
    performed as by ``StepView``; an invalid form or a refusal shows the page again with
    the messages and what was typed, nothing changed. The template gets ``object``,
    ``form``, ``step`` and ``get_context(obj)``.
    """

    step_name: ClassVar[str]
    template_name: ClassVar[str]
    http_method_names = ["get", "post"]

    def get_initial(self, obj: Any) -> dict[str, Any]:
        """The form's initial values (default: the version shown)."""
        return {"version": getattr(obj, "version", None)}

    def get_context(self, obj: Any) -> dict[str, Any]:
        """What the template needs beyond the object and the form."""
        return {}

    def offered_step(self, obj: Any) -> Step:
        step = self.steps[self.step_name]
        if step not in self.steps.available(obj, self.actor):
            raise PermissionDenied(f"您现在不能执行“{step.label}”")
        return step

    def page(self, obj: Any, step: Step, form: Any) -> HttpResponse:
        context = {"object": obj, "form": form, "step": step, "title": step.label,
                   **self.get_context(obj)}
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        step = self.offered_step(obj)
        make = step.form_kwargs or self.steps.form_kwargs
        form = step.form(initial=self.get_initial(obj), **(make(obj, self.actor) if make else {}))
        return self.page(obj, step, form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        step = self.offered_step(obj)
        form = self.steps.bind(step, obj, self.actor, request.POST, request.FILES)
        if not form.is_valid():
            invalid = self.invalid_message.format(step=step.label)
            messages.error(request, f"{invalid}：{form_error_text(form)}")
            return self.page(obj, step, form)
        try:
            result = step.perform(obj, form.cleaned_data, self.actor)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, self.refused_message.format(step=step.label, reason=refusal_text(exc)))
            return self.page(obj, step, form)
        messages.success(request, self.get_step_message(step, obj, result))
        return redirect(self.success_url(obj))
