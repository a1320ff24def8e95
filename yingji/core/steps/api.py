"""The API's step action: the same ``StepTable`` as the page, behind one POST.

``step_action(table, "transition", serializer=HazardSerializer)`` in a viewset's body
gives ``POST …/{pk}/transition/`` with ``{"name": "assign", "version": 3, …the step's
fields}``: the object comes from the viewset's scoped ``get_object`` (404 outside the
scope), the step from the table (400 "未知的操作：…" on ``name``), its inputs are checked
by the step's form (400 with each field's Chinese message), and the service's refusal
goes through core's error handler (403 for a permission, 400 for a ValidationError, 409
for a workflow refusal or a stale version). The answer is the object after the step.
The OpenAPI schema documents the body as one object per step (``name`` as their
discriminator) and the 200/400/403/404/409 answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from drf_spectacular.utils import (
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.forms import form_errors
from yingji.core.api.schema import ERROR_RESPONSES, ErrorSerializer
from yingji.core.api.viewsets import actor_of
from yingji.core.steps import Step, StepTable

Files = Callable[[Request], Any]


# --- the schema ------------------------------------------------------------------------

__all__ = ["ERROR_RESPONSES", "ErrorSerializer", "api_field", "perform_step", "step_action",
           "step_input_serializer", "step_request_schema"]


def _choices(field: forms.ChoiceField) -> list[tuple[Any, Any]]:
    given: Any = field.choices
    return [(value, label) for value, label in given if value not in ("", None)
            and not isinstance(label, (list, tuple))]


def api_field(field: forms.Field) -> serializers.Field:
    """The schema of one form field as a serializer field (documentation only: the form
    is what validates)."""
    common: dict[str, Any] = {"required": field.required, "help_text": str(field.label or "")}
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.CharField(), **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.CharField(**common)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.MultipleChoiceField(choices=_choices(field), **common)
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(choices=_choices(field), allow_blank=not field.required, **common)
    if isinstance(field, forms.NullBooleanField):
        return serializers.BooleanField(allow_null=True, **common)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(allow_null=not field.required, **common)
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(max_digits=field.max_digits, decimal_places=field.decimal_places,
                                        allow_null=not field.required, **common)
    if isinstance(field, forms.FloatField):
        return serializers.FloatField(allow_null=not field.required, **common)
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(allow_null=not field.required, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    if isinstance(field, forms.FileField):
        return serializers.FileField(**common)
    return serializers.CharField(allow_blank=not field.required, **common)


def _takes_files(step: Step) -> bool:
    declared: dict[str, forms.Field] = getattr(step.form, "base_fields", {})
    return any(isinstance(field, forms.FileField) for field in declared.values())


def _camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in text.replace("-", "_").split("_"))


def step_input_serializer(step: Step, component: str,
                          name_field: str | None) -> type[serializers.Serializer[Any]]:
    """The documented body of one step: ``name`` (fixed to the step, unless the action
    runs that one step) and its form's fields."""
    declared: dict[str, forms.Field] = getattr(step.form, "base_fields", {})
    attrs: dict[str, Any] = {key: api_field(field) for key, field in declared.items()}
    if name_field:
        attrs[name_field] = serializers.ChoiceField(choices=[(step.name, step.label)],
                                                    help_text=step.label)
    attrs["__doc__"] = f"{step.label}（{step.name}）"
    own = _camel(step.name) if name_field else ""
    return type(f"{component}{own}Serializer", (serializers.Serializer,), attrs)


def step_request_schema(table: StepTable, component: str, name_field: str) -> PolymorphicProxySerializer:
    """The body of the step action: one of the steps' bodies, told apart by ``name``."""
    return PolymorphicProxySerializer(
        component_name=component,  # the schema adds "Request"
        serializers={step.name: step_input_serializer(step, component, name_field) for step in table},
        resource_type_field_name=name_field)


# --- the action ------------------------------------------------------------------------


def _answer(view: Any, obj: models.Model, result: Any,
            serializer: type[serializers.BaseSerializer[Any]]) -> Response:
    """The object after the step: the service's result when it is that object, else the
    object read again (a step that returns a row it added)."""
    if not (isinstance(result, type(obj)) and result.pk == obj.pk):
        result = type(obj)._default_manager.get(pk=obj.pk)
    return Response(serializer(result, context=view.get_serializer_context()).data)


def perform_step(view: Any, request: Request, table: StepTable, step_name: Any, *,
                 name_field: str = "name", files: Files | None = None) -> tuple[Any, Any]:
    """Look the step up, check its inputs and perform it on the viewset's object; return
    (the row it acted on, the service's result). For a module's own action that needs
    more than ``step_action``."""
    obj = view.get_object()
    step = table.get(str(step_name or ""))
    if step is None:
        raise ApiValidationError({name_field: [f"未知的操作：{str(step_name or '')[:20]}"]})
    target = step.target(obj, request.data) if step.target is not None else obj
    actor = actor_of(request)
    refused = table.never_for(step, target, actor)
    if refused is not None:
        raise PermissionDenied(f"您无权执行“{refused}”")
    form = table.bind(step, target, actor, request.data, files(request) if files else request.FILES)
    if not form.is_valid():
        raise ApiValidationError(form_errors(form))
    return target, step.perform(target, form.cleaned_data, actor)


def step_action(table: StepTable, name: str = "step", *,
                serializer: type[serializers.BaseSerializer[Any]],
                fixed: str | None = None, name_field: str = "name",
                url_path: str | None = None, files: Files | None = None,
                component: str | None = None, summary: str | None = None,
                description: str = "") -> Any:
    """A viewset's POST action running one step of ``table``; assign it to the attribute
    ``name`` (``transition = step_action(STEPS, "transition", serializer=…)``).

    ``fixed``: the action always runs that step (no ``name`` in the body: one endpoint
    per step). ``name_field``: the body's field naming the step. ``files(request)``: the
    files the form gets (default the request's). ``serializer``: the answer's.
    ``component``: the prefix of the schema's component names (default from the
    workflow's name and the action's).
    """
    prefix = component or _camel(f"{table.workflow.name if table.workflow else 'object'}_{name}")

    def handler(self: Any, request: Request, pk: str | None = None) -> Response:
        step_name = fixed if fixed is not None else request.data.get(name_field, "")
        target, result = perform_step(self, request, table, step_name, name_field=name_field, files=files)
        return _answer(self, target, result, serializer)

    handler.__name__ = name
    handler.__qualname__ = name
    if fixed is not None:
        step = table[fixed]
        body: Any = step_input_serializer(step, prefix, None)
        doc = description or f"{step.label}。"
    else:
        body = step_request_schema(table, prefix, name_field)
        doc = description or ("执行一个步骤：" + "、".join(f"{s.name}（{s.label}）" for s in table)
                              + f"。请求体的 {name_field} 指明步骤，其余为该步骤的字段。")
    handler.__doc__ = doc
    routed = action(detail=True, methods=["post"], url_path=url_path or name.replace("_", "-"))(handler)
    steps = [table[fixed]] if fixed is not None else list(table)
    if any(_takes_files(step) for step in steps):
        # A file travels in a multipart body only: JSON has no file type.
        body = {"multipart/form-data": body}
    return extend_schema(request=body, responses={200: serializer, **ERROR_RESPONSES},
                         summary=summary or (table[fixed].label if fixed else None),
                         description=doc)(routed)
