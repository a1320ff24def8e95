"""What the app's endpoints share: validating a step's inputs with the same Django form
the page uses."""

from __future__ import annotations

from typing import Any

from django import forms
from rest_framework import serializers
from rest_framework.settings import api_settings


def form_input(form_class: type[forms.BaseForm], data: Any, **kwargs: Any) -> dict[str, Any]:
    """The step's inputs from a request body, checked by ``form_class``; its errors are a
    400 with each field's Chinese message."""
    form = form_class(data, **kwargs)
    if not form.is_valid():
        raise serializers.ValidationError({
            (api_settings.NON_FIELD_ERRORS_KEY if name == "__all__" else name): [str(e) for e in errors]
            for name, errors in form.errors.items()})
    return dict(form.cleaned_data)
