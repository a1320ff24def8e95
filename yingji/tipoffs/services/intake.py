"""Intake: a report from the public portal (no account) or taken by staff from the 12350
line, on the same record. Each gets a receipt number and a query code (shown once; only
its digest is kept), a triage deadline, and its photos and videos checked for size and
true type. The public portal is limited per address and per phone number."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.calendar import due_at
from yingji.core.services.attachments import attach_file, check_upload
from yingji.core.services.deadlines import set_deadline
from yingji.core.services.objects import check_permission, check_scope
from yingji.tipoffs import rules
from yingji.tipoffs.models import Channel, Tipoff, TipoffReporter, TipoffSettings
from yingji.tipoffs.services import throttle
from yingji.tipoffs.workflow import TIPOFF_FLOW

TRIAGE_DEADLINE = "tipoffs.triage"
EVIDENCE = "举报证据"
PHOTO_TYPES = ("jpg", "jpeg", "png")
VIDEO_TYPES = ("mp4",)
FIELDS = ("channel", "kind", "description", "region", "address", "longitude", "latitude",
          "enterprise", "enterprise_name", "industry", "anonymous", "insider")
REPORTER_FIELDS = ("name", "phone", "id_number")


def secret_digest(secret: str) -> str:
    return hashlib.sha256(f"tipoff-secret:{secret.strip().upper()}".encode()).hexdigest()


def new_secret() -> str:
    """An 8-character query code without look-alike characters."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def public_actor(ip: str, request_id: str = "") -> Actor:
    """The anonymous public actor of the portal: no user, the client address only."""
    return Actor(user=None, ip=ip, request_id=request_id, anonymous=True)


def check_evidence(files: Sequence[UploadedFile], settings: TipoffSettings) -> None:
    """Photos (jpg/png) and videos (mp4) only, within the per-kind size caps, their
    content matching their extension (a disguised file is refused)."""
    if len(files) > settings.max_files:
        raise ValidationError({"evidence": f"最多上传{settings.max_files}个文件"})
    for upload in files:
        name = (upload.name or "").rsplit(".", 1)
        ext = name[-1].lower() if len(name) == 2 else ""
        if ext not in PHOTO_TYPES + VIDEO_TYPES:
            raise ValidationError({"evidence": f"“{upload.name}”不是照片（JPG、PNG）或视频（MP4）"})
        cap = settings.video_max_mb if ext in VIDEO_TYPES else settings.photo_max_mb
        if (upload.size or 0) > cap * 1024 * 1024:
            raise ValidationError({"evidence": f"“{upload.name}”超过{cap}MB"})
        try:
            check_upload(upload)
        except ValidationError as exc:
            messages = exc.message_dict.get("file", exc.messages)
            raise ValidationError({"evidence": f"“{upload.name}”：{'；'.join(messages)}"}) from exc


def _check_report(values: dict[str, Any], reporter: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not values.get("anonymous"):
        if not str(reporter.get("name") or "").strip():
            errors["name"] = "实名举报请填写姓名"
        if not str(reporter.get("phone") or "").strip():
            errors["phone"] = "实名举报请填写手机号码"
    if values.get("insider") and values.get("anonymous"):
        errors["insider"] = "内部人员举报须实名（身份仅奖励委员会可见）"
    enterprise = values.get("enterprise")
    if enterprise is not None and getattr(enterprise, "status", "operating") == "closed":
        values["enterprise"] = None
    if errors:
        raise ValidationError(errors)


def _place(values: dict[str, Any]) -> None:
    """The enterprise picked gives the place's region and industry when none is given."""
    enterprise = values.get("enterprise")
    if enterprise is not None:
        values.setdefault("enterprise_name", enterprise.name)
        values["enterprise_name"] = values["enterprise_name"] or enterprise.name
        values["industry"] = values.get("industry") or enterprise.industry
        if values.get("region") is None or not enterprise.region_id.startswith(
                str(values["region"].code).rstrip("0")[:6]):
            values["region"] = enterprise.region
        values["address"] = values.get("address") or enterprise.address


def _create(values: dict[str, Any], reporter: Mapping[str, Any], *, actor: Actor,
            files: Sequence[UploadedFile], source_key: str = "") -> tuple[Tipoff, str]:
    settings = TipoffSettings.current()
    _place(values)
    _check_report(values, reporter)
    check_evidence(files, settings)
    now = timezone.now()
    secret = new_secret()
    received_at = values.pop("received_at", None) or now
    tipoff = Tipoff(**values, number=f"tmp-{secrets.token_hex(6)}", secret_hash=secret_digest(secret),
                    received_at=received_at, state=TIPOFF_FLOW.initial,
                    state_changed_at=now, received_by=actor.user, source_key=source_key)
    tipoff.full_clean(exclude=["number"])
    if actor.user is not None:
        check_scope(actor, tipoff)
    person = None
    if not tipoff.anonymous:
        person = TipoffReporter(**{k: str(reporter.get(k) or "").strip() for k in REPORTER_FIELDS},
                                employee=tipoff.insider)
        person.full_clean(exclude=["tipoff"])
    tipoff.save()
    tipoff.number = rules.receipt_number(timezone.localtime(tipoff.received_at).year, tipoff.pk)
    Tipoff.objects.filter(pk=tipoff.pk).update(number=tipoff.number)
    if person is not None:
        person.tipoff = tipoff
        person.save()
    # The evidence is stored by the platform: intake has made its own checks (the staff
    # entry's add permission and scope, the portal's limits) and nobody holds
    # tipoffs.change_tipoff, which core's attach_file asks of its actor.
    system = Actor.system("举报受理" if actor.user is not None else "公众举报")
    for upload in files:
        attach_file(tipoff, upload, actor=system, purpose=EVIDENCE)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=tipoff, after=audit.snapshot(tipoff),
                 region_code=tipoff.region_id)
    events.emit("tipoff.received", actor=actor, obj=tipoff,
                summary=f"收到举报（{tipoff.get_channel_display()}）：{tipoff.get_kind_display()}")
    set_deadline(tipoff, kind=TRIAGE_DEADLINE, title=f"举报{tipoff.number}待受理",
                 due_at=due_at(tipoff.received_at, settings.triage_workdays, "workdays"),
                 actor=system, link=reverse("tipoff_detail", args=[tipoff.pk]))
    return tipoff, secret


@transaction.atomic
def submit_public(data: Mapping[str, Any], *, actor: Actor, files: Sequence[UploadedFile] = (),
                  received_at: datetime | None = None) -> tuple[Tipoff, str]:
    """A report from the public portal (no account): limited per address and phone;
    returns the report and its query code (shown to the reporter once). ``received_at``
    is now, unless the report comes from an earlier system (a migration, the demo).
    The portal acts for the public whoever is signed in: only the client address of
    ``actor`` is kept (for the limits); nobody is recorded as having filed the report."""
    actor = public_actor(actor.ip, actor.request_id)
    settings = TipoffSettings.current()
    phone = str(data.get("phone") or "").strip()
    throttle.check(throttle.SUBMIT_ADDRESS, actor.ip, settings.per_address_hour, timedelta(hours=1))
    throttle.check(throttle.SUBMIT_PHONE, phone, settings.per_phone_day, timedelta(days=1))
    values = {k: data[k] for k in FIELDS if k in data}
    values["channel"] = Channel.WEB
    if received_at is not None and received_at <= timezone.now():
        values["received_at"] = received_at
    tipoff, secret = _create(values, data, actor=actor, files=files,
                             source_key=throttle.digest(throttle.SUBMIT_ADDRESS, actor.ip)
                             if actor.ip else "")
    throttle.hit(throttle.SUBMIT_ADDRESS, actor.ip)
    if not tipoff.anonymous:
        throttle.hit(throttle.SUBMIT_PHONE, phone)
    return tipoff, secret


@transaction.atomic
def enter_report(data: Mapping[str, Any], *, actor: Actor, files: Sequence[UploadedFile] = (),
                 ) -> tuple[Tipoff, str]:
    """A report taken by staff (12350 line, letter, visit) on the same record; the
    query code is read out to the caller."""
    check_permission(actor, Tipoff, "add")
    if actor.user is None and not actor.is_system:
        raise PermissionDenied("您没有执行此操作的权限")
    values = {k: data[k] for k in (*FIELDS, "received_at") if k in data}
    values.setdefault("channel", Channel.PHONE_12350)
    if values.get("received_at") and values["received_at"] > timezone.now():
        raise ValidationError({"received_at": "接报时间不能晚于现在"})
    return _create(values, data, actor=actor, files=files)


def find(number: str, secret: str, *, ip: str) -> Tipoff | None:
    """The report a reporter asks about by receipt number and query code; None for a
    wrong pair (one answer for both), counted against the address."""
    settings = TipoffSettings.current()
    throttle.check(throttle.LOOKUP, ip, settings.lookups_per_hour, timedelta(hours=1),
                   "查询失败次数过多，请稍后再试")
    tipoff = Tipoff.objects.filter(number=number.strip().upper()).first()
    if tipoff is None or not secrets.compare_digest(tipoff.secret_hash, secret_digest(secret)):
        throttle.hit(throttle.LOOKUP, ip)
        return None
    return tipoff
