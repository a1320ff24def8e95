"""What other modules take over from an incident: the accidents module turns a
production safety incident into its accident record through these functions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from yingji.incidents import rules
from yingji.incidents.models import Incident

ACCIDENT_SUBTYPES = tuple(s.code for s in rules.SUBTYPES if s.accident_493)


def accident_incidents(user: Any) -> QuerySet[Incident]:
    """The production safety incidents (493 subtypes) ``user`` may view, newest first."""
    return (Incident.objects.restrict(user, "view").filter(subtype__in=ACCIDENT_SUBTYPES)
            .select_related("region", "enterprise").order_by("-received_at", "-id"))


def accident_facts(incident: Incident) -> dict[str, Any]:
    """The facts of ``incident`` an accident record starts from: name, time, place,
    enterprise, casualties, loss, subtype and its casualty follow-up window (493
    第十三条)."""
    occurred: datetime = incident.occurred_at or incident.received_at
    return {
        "incident_id": incident.pk, "title": incident.title, "occurred_at": occurred,
        "region": incident.region, "address": incident.address,
        "enterprise": incident.enterprise, "subtype": incident.subtype,
        "subtype_label": incident.get_subtype_display(),
        "deaths": incident.deaths, "missing": incident.missing,
        "serious_injuries": incident.serious_injuries, "minor_injuries": incident.injuries,
        "loss_wan": Decimal(incident.loss_wan), "description": incident.description,
        "is_493": incident.accident_493,
        "follow_up_days": rules.follow_up_window(incident.subtype) or 30,
    }
