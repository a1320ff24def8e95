"""The requirement table: its national defaults, the lookup the services use, and its
edits (each edit recomputes the certificate every person needs)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from yingji.core.actor import Actor
from yingji.core.models import Industry
from yingji.core.services.objects import create_object, delete_object, update_object
from yingji.training import rules
from yingji.training.models import CertifiedPerson, Requirement


def table() -> dict[tuple[str, str], str]:
    """(industry, post) → certificate kind, from the saved table or, before anything
    was saved, the national defaults."""
    rows = list(Requirement.objects.values_list("industry", "post", "kind"))
    if not rows:
        return {(r.industry, r.post): r.kind for r in rules.default_requirements(Industry.values)}
    return {(industry, post): kind for industry, post, kind in rows}


@transaction.atomic
def load_defaults(*, actor: Actor) -> int:
    """Write the national defaults the table lacks (an edited row is kept); audited per
    row like any creation. Returns how many rows were added."""
    have = set(Requirement.objects.values_list("industry", "post"))
    added = 0
    for row in rules.default_requirements(Industry.values):
        if (row.industry, row.post) not in have:
            create_object(Requirement, {"industry": row.industry, "post": row.post,
                                        "kind": row.kind, "source": row.source}, actor=actor)
            added += 1
    if added:
        refresh_required_kinds()
    return added


def refresh_required_kinds(people: Any = None) -> int:
    """Recompute ``required_kind`` of ``people`` (all by default) from the table; the
    stored value is derived data, so this writes no audit entry. Returns the count
    changed."""
    lookup = table()
    queryset = people if people is not None else CertifiedPerson.objects.all()
    changed = 0
    for person in queryset.select_related("enterprise").only("id", "post", "required_kind",
                                                              "enterprise__industry"):
        kind = rules.required_kind(lookup, person.enterprise.industry, person.post)
        if kind != person.required_kind:
            CertifiedPerson.objects.filter(pk=person.pk).update(required_kind=kind)
            changed += 1
    return changed


@transaction.atomic
def create_requirement(data: dict[str, Any], *, actor: Actor) -> Requirement:
    """A row of the table (city-wide staff only, by the reference data's scope)."""
    row = create_object(Requirement, data, actor=actor)
    refresh_required_kinds()
    return row


@transaction.atomic
def update_requirement(row: Requirement, data: dict[str, Any], *, actor: Actor) -> Requirement:
    row = update_object(row, data, actor=actor)
    refresh_required_kinds()
    return row


@transaction.atomic
def delete_requirement(row: Requirement, *, actor: Actor) -> None:
    delete_object(row, actor=actor)
    refresh_required_kinds()
