"""Disaster informants (灾害信息员): the roster per village kept on the warnings
directory, so one person is called by warnings, 叫应 and the disaster reports; the
coverage of villages (every village has one) and each informant's training and
certificate."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.models import Region, User
from yingji.core.models.regions import RegionLevel
from yingji.core.models.users import CONTACT_PREFIX
from yingji.core.scope import region_range_q, scope_of
from yingji.core.services.objects import check_permission, create_object, delete_object, update_object
from yingji.training import rules
from yingji.training.models import Informant, TrainingSettings
from yingji.warnings.models import DutyRole, ResponsiblePerson
from yingji.warnings.services import directory

# Fields kept on the directory entry (the one record of the person).
PERSON_FIELDS = ("name", "phone", "region", "email", "organisation")


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], Any]:
    values = dict(data)
    person = {k: values.pop(k) for k in PERSON_FIELDS if k in values}
    return values, person, values.pop("account", None)


def _check_region(region: Region | None) -> None:
    if region is not None and region.level < RegionLevel.TOWN:
        raise ValidationError({"region": "灾害信息员的责任区域须为村（社区）或乡镇（街道）"})


def _link_account(person: ResponsiblePerson, account: User | None, actor: Actor) -> None:
    """Make ``account`` (a login with the 灾害信息员 role, scoped to the village or its
    street) the directory entry's contact: warnings then reach the login the reports are
    filed with. A login-less contact made before is retired."""
    if account is None or person.contact_id == account.pk:
        return
    if not account.has_role("informant"):
        raise ValidationError({"account": "所选账号不是灾害信息员账号"})
    region = person.region
    if account.scope_region_id not in (region.code, region.parent_id):
        raise ValidationError({"account": "账号的数据范围须为该村（社区）或其所属街道"})
    taken = ResponsiblePerson.objects.filter(contact=account).exclude(pk=person.pk).first()
    if taken is not None:
        raise ValidationError({"account": f"该账号已是{taken.name}的联络账号"})
    old = person.contact
    directory.update_person(person, {"contact": account}, actor=actor)
    person.contact = account
    if old is not None and old.username.startswith(CONTACT_PREFIX):
        User.objects.filter(pk=old.pk).update(is_active=False)


@transaction.atomic
def create_informant(data: dict[str, Any], *, actor: Actor) -> Informant:
    """Add an informant: either adopt a directory entry of role 灾害信息员 (``person``)
    or create the entry from name, phone and region; optionally link the login account
    (``account``) the disaster reports are filed with."""
    check_permission(actor, Informant, "add")
    values, person_values, account = _split(data)
    person = values.pop("person", None)
    if person is None:
        _check_region(person_values.get("region"))
        person = directory.create_person({**person_values, "role": DutyRole.INFORMANT,
                                          "position": "灾害信息员"}, actor=actor)
    else:
        if person.role != DutyRole.INFORMANT:
            raise ValidationError({"person": "只能登记责任类别为“灾害信息员”的名录条目"})
        if Informant.objects.filter(person=person).exists():
            raise ValidationError({"person": "该责任人已在信息员名册中"})
        _check_region(person.region)
    _link_account(person, account, actor)
    return create_object(Informant, {"person": person, **values}, actor=actor)


@transaction.atomic
def update_informant(informant: Informant, data: dict[str, Any], *, actor: Actor) -> Informant:
    """Change the roster entry; name, phone and region change on the directory entry."""
    check_permission(actor, Informant, "change")
    values, person_values, account = _split(data)
    values.pop("person", None)
    if person_values:
        _check_region(person_values.get("region"))
        directory.update_person(informant.person, person_values, actor=actor)
    _link_account(informant.person, account, actor)
    return update_object(informant, values, actor=actor)


@transaction.atomic
def delete_informant(informant: Informant, *, actor: Actor) -> None:
    """Remove an informant from the roster and the directory (its contact account is
    deactivated by the directory)."""
    person = informant.person
    delete_object(informant, actor=actor)
    directory.delete_person(person, actor=actor)


def problems(informant: Informant) -> list[str]:
    """What the informant lacks (training, certificate), by the module's settings."""
    settings = TrainingSettings.current()
    return rules.informant_problems(timezone.localdate(), informant.trained_on,
                                    informant.certificate_valid_until,
                                    settings.informant_retrain_months, settings.remind_days)


@dataclass
class StreetTally:
    """One street (乡镇/街道) of the village coverage table."""

    code: str
    name: str
    villages: int = 0
    covered: int = 0
    full: int = 0
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def percent(self) -> float:
        return rules.coverage_percent(self.villages, self.covered)


@dataclass
class VillageCoverage:
    """Villages in scope with their roster status, by street."""

    total: StreetTally
    streets: list[StreetTally]
    villages: list[tuple[Region, str]]  # (village, rules.VILLAGE_*), gaps first


def village_coverage(user: Any, status: str = "") -> VillageCoverage:
    """Every village (村/社区) in ``user``'s scope and whether it has an active informant
    (the seeds' target: every village has one), with the A/B roles."""
    prefix = scope_of(user).region_prefix or ""
    regions = Region.objects.filter(level=RegionLevel.VILLAGE)
    if prefix:
        regions = regions.filter(region_range_q("code", prefix))
    villages = list(regions.order_by("code"))
    duties: dict[str, set[str]] = defaultdict(set)
    for code, duty in (Informant.objects.restrict(user, "view").filter(person__active=True)
                       .values_list("person__region_id", "duty")):
        duties[str(code)].add(duty)
    streets: dict[str, StreetTally] = {}
    names = dict(Region.objects.filter(code__in={v.parent_id for v in villages})
                 .values_list("code", "name"))
    total = StreetTally("all", "合计")
    rows: list[tuple[Region, str]] = []
    for village in villages:
        state = rules.village_status(duties.get(village.code, ()))
        parent = str(village.parent_id)
        street = streets.setdefault(parent, StreetTally(parent, names.get(parent, parent)))
        for tally in (total, street):
            tally.villages += 1
            tally.covered += state != rules.VILLAGE_NONE
            tally.full += state == rules.VILLAGE_FULL
            tally.statuses[state] += 1
        if not status or status == state:
            rows.append((village, state))
    order = list(rules.VILLAGE_LABELS)
    rows.sort(key=lambda r: (-order.index(r[1]), r[0].code))
    return VillageCoverage(total, sorted(streets.values(), key=lambda t: (t.percent, t.code)), rows)


def uncovered_villages(user: Any) -> int:
    """How many villages in scope have no active informant (the workbench to-do)."""
    return village_coverage(user).total.statuses.get(rules.VILLAGE_NONE, 0)


def roster(user: Any) -> QuerySet[Informant]:
    return Informant.objects.restrict(user, "view").select_related("person", "person__region")
