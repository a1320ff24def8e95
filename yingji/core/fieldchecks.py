"""Checks every model applies to what people type: phone numbers and coordinates.

They run in ``ScopedModelMixin.clean_fields`` (so pages, the API and imports refuse the
same input through the services' ``full_clean``), each with a Chinese message on its
field, all problems of a row at once. A field is a phone when its name says so
(``phone``, ``mobile``, ``…_phone``); a number that receives text messages (verbose name
with 手机) must be a mobile number. ``longitude`` / ``latitude`` must lie in China.
Free text has a length limit at the doors where people type it (forms and serializers,
``TEXT_MAX_LENGTH``); machine-written text (dead letters, generated documents) does not.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models

from yingji.core.personal.fields import PersonalField
from yingji.core.rules import coordinate_problem, phone_problem

TEXT_MAX_LENGTH = 5000


def is_phone_field(field: models.Field[Any, Any]) -> bool:
    name = field.name
    if isinstance(field, PersonalField):
        return field.kind == "phone"
    return isinstance(field, models.CharField) and (
        name in ("phone", "mobile", "tel") or name.endswith(("_phone", "_mobile", "_tel")))


def is_mobile_only(field: models.Field[Any, Any]) -> bool:
    return "手机" in str(field.verbose_name) or field.name.endswith("mobile")


def field_problems(obj: models.Model, exclude: set[str] | None = None) -> dict[str, str]:
    """Problems of ``obj``'s phone and coordinate fields, by field name."""
    problems: dict[str, str] = {}
    for field in obj._meta.concrete_fields:
        if exclude and field.name in exclude:
            continue
        value = getattr(obj, field.attname, None)
        if value in (None, ""):
            continue
        problem = None
        if is_phone_field(field) and isinstance(value, str):
            problem = phone_problem(value, mobile_only=is_mobile_only(field))
        elif field.name in ("longitude", "latitude") and isinstance(value, float | int | Decimal):
            problem = coordinate_problem(float(value), axis=field.name)
        if problem:
            problems[field.name] = problem
    return problems
