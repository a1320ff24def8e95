"""Responsible-person directory: records, their login-less contact accounts, and the
escalation chain village → town → county built from the directory."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Region, User
from yingji.core.models.regions import RegionLevel
from yingji.core.models.users import CONTACT_PREFIX
from yingji.core.scope import region_range_q
from yingji.core.services.objects import create_object, delete_object, update_object
from yingji.warnings.models import DutyRole, ResponsiblePerson, Tier, WarningType
from yingji.warnings.models.directory import PUBLISHED_BY_DEFAULT, ROLE_TIERS

_LEVEL_TIERS: dict[int, str] = {RegionLevel.COUNTY: Tier.COUNTY, RegionLevel.TOWN: Tier.TOWN,
                                RegionLevel.VILLAGE: Tier.VILLAGE}


def default_tier(role: str, region: Region) -> str:
    """The chain tier of a person: from a 三防 role, else from the region's level."""
    if role in ROLE_TIERS:
        return str(ROLE_TIERS[role])  # type: ignore[index]
    fallback = Tier.COUNTY if region.level < RegionLevel.COUNTY else Tier.VILLAGE
    return str(_LEVEL_TIERS.get(region.level, fallback))


def _prepare(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    region = data.get("region")
    if not data.get("tier") and region is not None and data.get("role"):
        data["tier"] = default_tier(str(data["role"]), region)
    return data


@transaction.atomic
def create_person(data: dict[str, Any], *, actor: Actor) -> ResponsiblePerson:
    """Add a person to the directory. The contact account is made when the person is
    first notified (``ensure_contacts``), so people never called add no accounts."""
    data = _prepare(data)
    data.setdefault("published", data.get("role") in PUBLISHED_BY_DEFAULT)
    return create_object(ResponsiblePerson, data, actor=actor)


@transaction.atomic
def update_person(person: ResponsiblePerson, data: dict[str, Any], *,
                  actor: Actor) -> ResponsiblePerson:
    """Change a directory entry; the contact account follows name, phone and region."""
    person = update_object(person, _prepare(data), actor=actor)
    if person.contact_id is not None:
        ensure_contact(person)
    return person


@transaction.atomic
def delete_person(person: ResponsiblePerson, *, actor: Actor) -> None:
    """Remove a directory entry; its contact account is deactivated, not deleted, so
    past messages keep their recipient."""
    contact = person.contact
    delete_object(person, actor=actor)
    if contact is not None and contact.username.startswith(CONTACT_PREFIX):
        User.objects.filter(pk=contact.pk).update(is_active=False)


def ensure_contact(person: ResponsiblePerson) -> User:
    """The account notifications reach ``person`` through. A person without a login
    gets a contact account: no usable password, no roles, scope = their region, so it
    can receive messages and answer by signed link or SMS reply but never sign in."""
    fields = {"real_name": person.name, "phone": person.phone, "email": person.email,
              "scope_region_id": person.region_id, "position": person.get_role_display()[:40],
              "is_active": person.active}
    contact = person.contact
    if contact is None:
        contact = User(username=f"{CONTACT_PREFIX}{person.pk}", **fields)
        contact.set_unusable_password()
        contact.save()
        ResponsiblePerson.objects.filter(pk=person.pk).update(contact=contact)
        person.contact = contact
        return contact
    if contact.username.startswith(CONTACT_PREFIX):
        changed = [k for k, v in fields.items() if getattr(contact, k) != v]
        if changed:
            for key in changed:
                setattr(contact, key, fields[key])
            if "phone" in changed:
                changed.append("phone_index")
            contact.save(update_fields=changed)
    return contact


def ensure_contacts(people: Iterable[ResponsiblePerson]) -> None:
    """Contact accounts for many people at once (import, publishing to a large area)."""
    missing = [p for p in people if p.contact_id is None]
    if not missing:
        return
    users = []
    for p in missing:
        user = User(username=f"{CONTACT_PREFIX}{p.pk}", real_name=p.name, phone=p.phone,
                    email=p.email, scope_region_id=p.region_id,
                    position=p.get_role_display()[:40], is_active=p.active)
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=1000)
    by_name = dict(User.objects.filter(username__in=[u.username for u in users])
                   .values_list("username", "pk"))
    for p in missing:
        p.contact_id = by_name[f"{CONTACT_PREFIX}{p.pk}"]
    ResponsiblePerson.objects.bulk_update(missing, ["contact"], batch_size=1000)


def informant_contacts(codes: Iterable[str]) -> set[int]:
    """The contact accounts of the active 灾害信息员 entries for the regions ``codes``
    (made for people without a login), for the disasters' late-round calls."""
    people = list(ResponsiblePerson.objects.filter(role=DutyRole.INFORMANT, active=True,
                                                   region_id__in=list(codes)))
    ensure_contacts(people)
    return {p.contact_id for p in people if p.contact_id}


def people_in_area(codes: Iterable[str], warning_type: WarningType) -> QuerySet[ResponsiblePerson]:
    """Active people whose region lies in any of the regions ``codes`` (subtrees) and who
    answer for ``warning_type`` (no hazard types listed means all)."""
    prefixes = set(Region.objects.filter(code__in=list(codes)).values_list("prefix", flat=True))
    if not prefixes:
        return ResponsiblePerson.objects.none()
    area = Q()
    for prefix in prefixes:
        area |= region_range_q("region_id", prefix)
    through = ResponsiblePerson.hazard_types.through.objects
    any_type = through.filter(responsibleperson_id=OuterRef("pk"))
    this_type = any_type.filter(warningtype_id=warning_type.pk)
    return (ResponsiblePerson.objects.filter(area, active=True)
            .filter(~Exists(any_type) | Exists(this_type)).select_related("region"))


# The role whose street-level holders (街道应急办) receive every warning of their street.
STREET_DUTY_ROLE = "duty_officer"


def street_duty_officers(codes: Iterable[str]) -> list[User]:
    """The signed-in duty officers of the streets (乡镇/街道) a warning for ``codes``
    concerns: streets inside a target region, and the street of a village target. They
    receive the call in the app and answer it there, with or without an SMS gateway."""
    regions = list(Region.objects.filter(code__in=list(codes)).values_list("code", "prefix", "level"))
    if not regions:
        return []
    area = Q(scope_region_id__in={street_code(code) for code, _, level in regions
                                  if level >= RegionLevel.TOWN})
    for _, prefix, level in regions:
        if level < RegionLevel.TOWN:
            area |= region_range_q("scope_region_id", prefix)
    return list(User.objects.filter(area, is_active=True, groups__name=STREET_DUTY_ROLE,
                                    scope_region__level=RegionLevel.TOWN)
                .exclude(username__startswith=CONTACT_PREFIX).distinct()
                .only("username", "real_name", "phone", "email", "scope_region"))


def street_code(code: str) -> str:
    """The 乡镇/街道 code above (or equal to) a 12-digit region code."""
    return code[:9] + "000"


def county_code(code: str) -> str:
    return code[:6] + "000000"


class ChainBook:
    """Town and county leaders from the directory, to build each person's escalation
    chain (village → town → county) without a query per person."""

    def __init__(self, codes: Iterable[str]) -> None:
        wanted_streets = {street_code(c) for c in codes}
        wanted_counties = {county_code(c) for c in codes}
        leaders = (ResponsiblePerson.objects
                   .filter(active=True, tier__in=[Tier.TOWN, Tier.COUNTY])
                   .filter(region_id__in=wanted_streets | wanted_counties)
                   .order_by("role", "pk"))
        leaders_list = list(leaders)
        ensure_contacts(leaders_list)
        self.town: dict[str, ResponsiblePerson] = {}
        self.county: dict[str, ResponsiblePerson] = {}
        for leader in leaders_list:
            book = self.town if leader.tier == Tier.TOWN else self.county
            # 三防 roles sort first ("sanfang_*" < others is not guaranteed): prefer them.
            current = book.get(leader.region_id)
            if current is None or (leader.role.startswith("sanfang") and
                                   not current.role.startswith("sanfang")):
                book[leader.region_id] = leader

    def county_leader(self, code: str) -> ResponsiblePerson | None:
        """The county leader above region ``code`` (a street duty officer's chain)."""
        return self.county.get(county_code(code))

    def chain(self, person: ResponsiblePerson) -> list[ResponsiblePerson]:
        """Who is told, in order, when ``person`` does not answer."""
        steps: list[ResponsiblePerson] = []
        if person.tier == Tier.VILLAGE:
            town = self.town.get(street_code(person.region_id))
            if town is not None and town.pk != person.pk:
                steps.append(town)
        if person.tier in (Tier.VILLAGE, Tier.TOWN):
            county = self.county.get(county_code(person.region_id))
            if county is not None and county.pk != person.pk:
                steps.append(county)
        return steps


def record_import(count: int, *, actor: Actor) -> None:
    """Audit and timeline entry for a bulk import of the directory."""
    audit.record(audit.AuditAction.CREATE, actor=actor, detail=f"导入责任人{count}名")
    events.emit("responsibleperson.imported", actor=actor, summary=f"导入责任人{count}名")
