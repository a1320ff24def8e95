"""Bulletin services: drafting, one service per workflow step with its version,
publishing to every responsible person in the target area with 叫应, and expiry."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import events
from yingji.core.actor import Actor
from yingji.core.channels import configured_channels
from yingji.core.models import Region
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.notifications import notify
from yingji.core.services.objects import create_object, delete_object, update_object
from yingji.warnings import rules
from yingji.warnings.models import Bulletin, BulletinVersion
from yingji.warnings.services.directory import (
    ChainBook,
    ensure_contacts,
    people_in_area,
    street_duty_officers,
)
from yingji.warnings.workflow import ACK_REQUIRED, BULLETIN_FLOW, VERSIONED

EDITABLE_STATES = ("draft",)


def _check_targets(data: Mapping[str, Any]) -> None:
    region: Region | None = data.get("region")
    targets = list(data.get("target_regions") or [])
    outside = [t.name for t in targets if region is not None and not t.code.startswith(region.prefix)]
    if outside:
        raise ValidationError({"target_regions": f"预警区域须在发布区域之内：{'、'.join(outside)}"})
    effective, expires = data.get("effective_at"), data.get("expires_at")
    if effective and expires and expires <= effective:
        raise ValidationError({"expires_at": "失效时间须晚于生效时间"})
    polygon = data.get("polygon")
    if polygon not in (None, {}):
        problem = rules.polygon_problem(polygon)
        if problem:
            raise ValidationError({"polygon": problem})
    level = data.get("level")
    if level is not None and not rules.is_level(str(level)):
        raise ValidationError({"level": f"预警级别“{level}”不在蓝色、黄色、橙色、红色四级之内"})


def default_title(data: Mapping[str, Any]) -> str:
    region, kind, level = data.get("region"), data.get("warning_type"), data.get("level")
    return f"{getattr(region, 'name', '')}{kind}{rules.LEVEL_LABELS.get(str(level), '')}预警"


@transaction.atomic
def create_bulletin(data: dict[str, Any], *, actor: Actor) -> Bulletin:
    """A new draft bulletin."""
    _check_targets(data)
    data = {**data, "state": BULLETIN_FLOW.initial}
    if not data.get("title"):
        data["title"] = default_title(data)
    if actor.user is not None:
        data.setdefault("created_by", actor.user)
    return create_object(Bulletin, data, actor=actor)


@transaction.atomic
def update_bulletin(bulletin: Bulletin, data: dict[str, Any], *, actor: Actor) -> Bulletin:
    """Edit a draft. A published bulletin changes only through 更新 / 升级 / 降级."""
    if bulletin.state not in EDITABLE_STATES:
        raise ValidationError({"state": f"“{BULLETIN_FLOW.label(bulletin.state)}”的预警不能直接修改，"
                                        "请使用更新、升级或降级"})
    merged = {"region": bulletin.region, "effective_at": bulletin.effective_at,
              "expires_at": bulletin.expires_at, **data}
    _check_targets(merged)
    if "title" in data and not data["title"]:  # emptied: generated again, as on creation
        data = {**data, "title": default_title({"region": bulletin.region, "warning_type":
                                                bulletin.warning_type, "level": bulletin.level,
                                                **merged})}
    return update_object(bulletin, data, actor=actor)


@transaction.atomic
def delete_bulletin(bulletin: Bulletin, *, actor: Actor) -> None:
    """Delete a draft; a bulletin that went out is lifted instead, never deleted."""
    if bulletin.state not in EDITABLE_STATES:
        raise ValidationError({"state": "只能删除草稿；已发布的预警请解除"})
    delete_object(bulletin, actor=actor)


# --- workflow steps: one service per step ---------------------------------------------
# Each step fires its transition of BULLETIN_FLOW (which checks state, version, role,
# scope, required fields and guards, and writes audit and timeline); the steps that
# change what the public is told also keep a version row and notify the target area.

Apply = Callable[[Bulletin, Mapping[str, Any]], None]


def _step(bulletin: Bulletin, name: str, *, actor: Actor, version: int | None,
          data: Mapping[str, Any], apply: Apply | None = None) -> Bulletin:
    bulletin = BULLETIN_FLOW.fire(bulletin, name, actor=actor, data=data,
                                  expected_version=version, apply=apply)
    if name in VERSIONED:
        announce(bulletin, write_version(bulletin, name, actor=actor), actor=actor)
    return bulletin


def _amend(obj: Bulletin, values: Mapping[str, Any]) -> None:
    """更新 / 升级 / 降级: the fields given replace the published ones; a new level
    gives a new generated title."""
    for key in ("level", "content", "measures", "expires_at"):
        if values.get(key) not in (None, ""):
            setattr(obj, key, values[key])
    if values.get("level"):
        obj.title = default_title({"region": obj.region, "warning_type": obj.warning_type,
                                   "level": obj.level})


@transaction.atomic
def submit_bulletin(bulletin: Bulletin, *, actor: Actor, version: int | None = None,
                    comment: str = "") -> Bulletin:
    """提交审核: a complete draft goes to the duty leader for review."""
    return _step(bulletin, "submit", actor=actor, version=version, data={"comment": comment})


@transaction.atomic
def reject_bulletin(bulletin: Bulletin, *, actor: Actor, comment: str = "",
                    version: int | None = None) -> Bulletin:
    """退回修改: the reviewer sends the draft back with the reason (required)."""
    return _step(bulletin, "reject", actor=actor, version=version, data={"comment": comment})


@transaction.atomic
def publish_bulletin(bulletin: Bulletin, *, actor: Actor, version: int | None = None,
                     comment: str = "") -> Bulletin:
    """审核发布: the first version goes out to every responsible person of the area,
    who must answer (叫应)."""
    def stamp(obj: Bulletin, values: Mapping[str, Any]) -> None:
        obj.published_at = timezone.now()

    return _step(bulletin, "publish", actor=actor, version=version, data={"comment": comment},
                 apply=stamp)


@transaction.atomic
def update_published_bulletin(bulletin: Bulletin, *, actor: Actor, comment: str = "",
                              content: str = "", measures: str = "",
                              expires_at: datetime | None = None,
                              version: int | None = None) -> Bulletin:
    """更新: new content, measures or expiry of a published bulletin, told to the area
    again with 叫应; the reason (comment) is required."""
    return _step(bulletin, "update", actor=actor, version=version, apply=_amend, data={
        "comment": comment, "content": content, "measures": measures, "expires_at": expires_at})


@transaction.atomic
def upgrade_bulletin(bulletin: Bulletin, *, actor: Actor, level: str = "", content: str = "",
                     measures: str = "", expires_at: datetime | None = None, comment: str = "",
                     version: int | None = None) -> Bulletin:
    """升级: a higher level (required), told to the area again with 叫应."""
    return _step(bulletin, "upgrade", actor=actor, version=version, apply=_amend, data={
        "level": level, "content": content, "measures": measures, "expires_at": expires_at,
        "comment": comment})


@transaction.atomic
def downgrade_bulletin(bulletin: Bulletin, *, actor: Actor, level: str = "", content: str = "",
                       measures: str = "", expires_at: datetime | None = None,
                       comment: str = "", version: int | None = None) -> Bulletin:
    """降级: a lower level (required), told to the area without 叫应."""
    return _step(bulletin, "downgrade", actor=actor, version=version, apply=_amend, data={
        "level": level, "content": content, "measures": measures, "expires_at": expires_at,
        "comment": comment})


@transaction.atomic
def lift_bulletin(bulletin: Bulletin, *, actor: Actor, version: int | None = None,
                  comment: str = "") -> Bulletin:
    """解除: the danger is over; the area is told."""
    return _step(bulletin, "lift", actor=actor, version=version, data={"comment": comment})


@transaction.atomic
def expire_bulletin(bulletin: Bulletin, *, actor: Actor, version: int | None = None) -> Bulletin:
    """到期失效 (the system only): the bulletin is past its expiry time; the area is told."""
    return _step(bulletin, "expire", actor=actor, version=version, data={})


def write_version(bulletin: Bulletin, action: str, *, actor: Actor) -> BulletinVersion:
    number = (bulletin.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return BulletinVersion.objects.create(
        bulletin=bulletin, number=number, action=action, level=bulletin.level,
        title=bulletin.title, content=bulletin.content, measures=bulletin.measures,
        effective_at=bulletin.effective_at, expires_at=bulletin.expires_at,
        target_codes=sorted(bulletin.target_regions.values_list("code", flat=True)),
        polygon=bulletin.polygon, actor=actor.user)


def target_codes(bulletin: Bulletin) -> list[str]:
    """The regions whose people are told: the target regions, or the whole issuing
    region when only a polygon was drawn (the directory has no coordinates)."""
    codes = list(bulletin.target_regions.values_list("code", flat=True))
    return codes or [bulletin.region_id]


def message_text(bulletin: Bulletin, action: str) -> tuple[str, str]:
    label = {"publish": "", "update": "（更新）", "upgrade": "（升级）", "downgrade": "（降级）",
             "lift": "（解除）", "expire": "（已过期）"}[action]
    local = timezone.localtime
    if action in ("lift", "expire"):
        body = f"{bulletin.issuer}：{bulletin.title}已{'解除' if action == 'lift' else '过期'}。"
    else:
        body = (f"{bulletin.issuer}发布{bulletin.title}：{bulletin.content}"
                + (f"\n防御措施：{bulletin.measures}" if bulletin.measures else "")
                + f"\n有效期至{local(bulletin.expires_at):%m月%d日%H:%M}")
    return f"{bulletin.title}{label}", body


def announce(bulletin: Bulletin, version: BulletinVersion, *, actor: Actor) -> int:
    """Tell every responsible person in the target area, and the duty officers of its
    streets, in the app and over the configured channels; published, updated and
    upgraded versions must be answered (叫应), unanswered calls escalate up each
    person's chain (village → town → county; a street duty officer's goes to the
    county). Returns the count."""
    codes = target_codes(bulletin)
    # Only what contacts, chains and addresses need: a city-wide call loads 20,000 rows.
    people = list(people_in_area(codes, bulletin.warning_type)
                  .select_related(None).only("name", "phone", "email", "region", "role", "tier",
                                             "active", "contact"))
    ensure_contacts(people)
    officers = street_duty_officers(codes)
    book = ChainBook([p.region_id for p in people] + [str(u.scope_region_id) for u in officers])
    chains: dict[int, list[int]] = {
        p.contact_id: [c.contact_id for c in book.chain(p) if c.contact_id is not None]
        for p in people if p.contact_id is not None}
    for officer in officers:
        if officer.pk not in chains:  # listed in the directory too: their entry's chain
            county = book.county_leader(str(officer.scope_region_id))
            chains[officer.pk] = [county.contact_id] if county and county.contact_id else []
    title, body = message_text(bulletin, version.action)
    requires_ack = version.action in ACK_REQUIRED
    level = (NotificationLevel.URGENT if bulletin.level in ("red", "orange")
             else NotificationLevel.WARNING)
    from yingji.core.models import User

    contacts = User.objects.only("username", "real_name", "phone", "email").in_bulk(
        set(chains) | {pk for chain in chains.values() for pk in chain})
    # One bulk call for the whole area; each person carries their own escalation chain.
    notify([contacts[pk] for pk in chains if pk in contacts],
           title=title, body=body, link=reverse("warnings_public_detail", args=[bulletin.identifier]),
           level=level, obj=bulletin, actor=actor, channels=configured_channels(),
           requires_ack=requires_ack, ack_within=timedelta(minutes=bulletin.ack_within_minutes),
           escalation_chains={pk: [contacts[c] for c in chain if c in contacts]
                              for pk, chain in chains.items()})
    told = len(chains)
    events.emit("bulletin.notified", actor=actor, obj=bulletin,
                summary=f"第{version.number}版（{version.get_action_display()}）已通知{told}名责任人"
                        + ("，要求叫应" if requires_ack else ""),
                data={"version": version.number, "recipients": told})
    return told


def expire_due(now: datetime | None = None) -> int:
    """Expire every published bulletin whose expiry time has passed (periodic job)."""
    now = now or timezone.now()
    actor = Actor.system("warnings-expiry")
    count = 0
    for bulletin in Bulletin.objects.filter(state="published", expires_at__lte=now):
        try:
            expire_bulletin(bulletin, actor=actor)
        except ValidationError:  # changed meanwhile (stale or already lifted)
            continue
        count += 1
    return count


@transaction.atomic
def import_cap(xml: bytes, *, actor: Actor, region: Region | None = None) -> Bulletin:
    """A draft bulletin from a CAP 1.2 alert, for a person to review (never published
    by the import). Raises CapError / ValidationError with a Chinese reason."""
    from yingji.warnings import cap
    from yingji.warnings.models import BulletinSource, WarningType

    alert = cap.parse(xml)
    kind = (WarningType.objects.filter(code=alert.event_code).first()
            or next((t for t in WarningType.objects.all() if t.name and t.name in alert.event), None))
    if kind is None:
        raise cap.CapError(f"无法识别预警类型：{alert.event or alert.event_code}")
    if not rules.is_level(alert.level):
        raise cap.CapError("CAP消息缺少可识别的预警级别（level参数或severity）")
    targets = list(Region.objects.filter(code__in=alert.geocodes))
    if region is None and targets:
        region = Region.objects.filter(code=targets[0].code[:6] + "000000").first() or targets[0]
    if region is None:
        raise cap.CapError("CAP消息没有可识别的行政区划代码，请指定发布区域")
    if alert.effective is None or alert.expires is None:
        raise cap.CapError("CAP消息缺少生效时间或失效时间")
    if Bulletin.objects.filter(identifier=alert.identifier).exists():
        raise cap.CapError(f"该CAP消息已导入：{alert.identifier}")
    return create_bulletin({
        "warning_type": kind, "level": alert.level, "region": region,
        "target_regions": targets, "polygon": alert.polygon, "title": alert.headline,
        "content": alert.description or alert.headline, "measures": alert.instruction,
        "issuer": alert.sender_name[:100], "effective_at": alert.effective,
        "expires_at": alert.expires, "identifier": alert.identifier[:100],
        "source": BulletinSource.CAP,
    }, actor=actor)
