"""Licences of an enterprise (许可证)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from yingji.core.actor import Actor
from yingji.core.services.objects import create_object, delete_object, update_object
from yingji.enterprises.models import Licence


def _clean_licence(data: dict[str, Any], instance: Licence | None = None) -> None:
    issued = data.get("issued_on", instance.issued_on if instance else None)
    expires = data.get("expires_on", instance.expires_on if instance else None)
    if issued and expires and expires < issued:
        raise ValidationError({"expires_on": "有效期至不能早于发证日期"})


@transaction.atomic
def create_licence(data: dict[str, Any], *, actor: Actor) -> Licence:
    _clean_licence(data)
    return create_object(Licence, data, actor=actor)


@transaction.atomic
def update_licence(licence: Licence, data: dict[str, Any], *, actor: Actor) -> Licence:
    _clean_licence(data, licence)
    if "enterprise" in data and data["enterprise"].pk != licence.enterprise_id:
        raise ValidationError({"enterprise": "许可证不能转到其他企业"})
    return update_object(licence, data, actor=actor)


@transaction.atomic
def delete_object_service(obj: models.Model, *, actor: Actor) -> None:
    """Delete a row with no derived data (licences)."""
    delete_object(obj, actor=actor)
