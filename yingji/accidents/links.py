"""Buttons the accidents module adds to other modules' pages (``core.detail_links``):
"转为事故" on a production safety incident without its accident record, "事故记录" on one
that has it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from yingji.accidents.models import Accident
from yingji.core.detail_links import DetailLink
from yingji.incidents.drill_mode import exclude_drills
from yingji.incidents.services.handover import ACCIDENT_SUBTYPES


def incident_links(user: Any, incident: Any) -> list[DetailLink]:
    """转为事故 (a 493 subtype, no record yet, for users who may add accidents), or the
    record the incident became (for users who may see it); nothing to convert on a drill's
    incident. At most three queries."""
    if incident.subtype not in ACCIDENT_SUBTYPES or not user.has_perm("accidents.view_accident"):
        return []
    record = (Accident.objects.restrict(user, "view").filter(incident_id=incident.pk)
              .values_list("pk", flat=True).first())
    if record is not None:
        return [DetailLink("事故记录", reverse("accident_detail", args=[record]), "outline-secondary")]
    if not user.has_perm("accidents.add_accident") or \
            Accident.objects.filter(incident_id=incident.pk).exists() or \
            not exclude_drills(type(incident)._default_manager.filter(pk=incident.pk)).exists():
        return []  # converted already, or a drill's incident (no accident)
    url = reverse("accident_from_incident") + "?" + urlencode({"incident": incident.pk})
    return [DetailLink("转为事故", url, "outline-danger")]
