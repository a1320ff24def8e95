"""The API's writes through the pages' own forms.

A module validates an API body with the same Django form as its page, so a rule is
written once and the messages are the same: ``form_data(form)`` answers a 400 with each
field's Chinese message (nothing written) or gives the cleaned data; ``checked(FormClass,
request, …)`` binds the request's body first. ``FormWriteMixin`` gives a scoped viewset
``create``/``update``/``partial_update`` through a page form and the module's services
(audit and scope checks live there); PATCH starts from the object's current values, so a
client sends only what changes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db import models
from django.utils.datastructures import MultiValueDict
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from yingji.core.api.viewsets import actor_of


def form_errors(form: forms.BaseForm) -> dict[str, list[str]]:
    """A form's errors as the API's field messages (non-field errors under the API's
    non-field key)."""
    return {(api_settings.NON_FIELD_ERRORS_KEY if name == "__all__" else name): [str(e) for e in errors]
            for name, errors in form.errors.items()}


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """The bound form's cleaned data; a 400 with its field messages when it is invalid."""
    if not form.is_valid():
        raise ApiValidationError(form_errors(form))
    return dict(form.cleaned_data)


def checked(form_class: type[forms.BaseForm], request: Request, *,
            files: MultiValueDict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    """The request's body checked by a page form (``kwargs`` go to its constructor)."""
    return form_data(form_class(data=request.data, files=files, **kwargs))


def _plain(value: Any) -> Any:
    """A current value as form data (objects by their keys)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | models.QuerySet):
        return [_plain(v) for v in value]
    return value


def current_values(form: forms.BaseForm) -> dict[str, Any]:
    """An unbound form's initial values as data (the start of a PATCH)."""
    values = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if value is not None:
            values[name] = _plain(value)
    return values


def request_values(request: Request) -> dict[str, Any]:
    """The request's body as form data; a form-encoded body keeps repeated keys as lists."""
    data = request.data
    if hasattr(data, "getlist"):
        return {key: (data.getlist(key) if len(data.getlist(key)) > 1 else data.get(key)) for key in data}
    return dict(data)


class FormWriteMixin:
    """``create``, ``update`` and ``partial_update`` for a scoped viewset.

    Set ``form_class`` (a page form taking ``user``), ``create_service(data, *, actor)``
    and ``update_service(obj, data, *, actor)``; ``extra_fields`` names form fields that
    are not model fields but go to the service (an ID number the service stores its own
    way).
    """

    form_class: ClassVar[type[forms.BaseForm]]
    create_service: ClassVar[Any] = None
    update_service: ClassVar[Any] = None
    extra_fields: ClassVar[tuple[str, ...]] = ()

    def _data(self, form: forms.BaseForm) -> dict[str, Any]:
        data = form_data(form)
        meta = getattr(form, "_meta", None)
        if meta is not None:
            model_fields = {f.name for f in meta.model._meta.get_fields()}
            data = {k: v for k, v in data.items() if k in model_fields or (k in self.extra_fields and v)}
        return data

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = self.form_class(data=request_values(request), user=request.user)  # type: ignore[call-arg]
        created = type(self).create_service(self._data(form), actor=actor_of(request))
        serializer = self.get_serializer(created)  # type: ignore[attr-defined]
        return Response(serializer.data, status=201)

    def update(self, request: Request, *args: Any, partial: bool = False, **kwargs: Any) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        blank = self.form_class(instance=obj, user=request.user)  # type: ignore[call-arg]
        values = {**current_values(blank), **request_values(request)} if partial else request_values(request)
        form = self.form_class(data=values, instance=obj, user=request.user)  # type: ignore[call-arg]
        changed = type(self).update_service(obj, self._data(form), actor=actor_of(request))
        fresh = type(changed)._default_manager.get(pk=changed.pk)
        return Response(self.get_serializer(fresh).data)  # type: ignore[attr-defined]

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)
