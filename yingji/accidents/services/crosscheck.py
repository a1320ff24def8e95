"""瞒报 cross-checks (严查事故迟报漏报瞒报): outside lists (工伤认定申请, 医院收治, 119火警,
群众投诉举报) imported from Excel row by row, each row matched to the recorded
accidents by credit code, date window, place and names (``rules.best_match``); an
unmatched row becomes a verification task of its district with a deadline (a core
deadline: reminders, escalation); the district's verdict closes it, and a verified
concealment records who concealed it on the accident."""

from __future__ import annotations

from datetime import timedelta
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.accidents import rules
from yingji.accidents.models import (
    Accident,
    AccidentSettings,
    CrossCheckBatch,
    CrossCheckRow,
    RowStatus,
    Verdict,
)
from yingji.accidents.services.common import (
    district_code,
    district_officer,
    end_of,
    escalation_chain,
    local_day,
)
from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.imports import ImportColumn, ImportResult, ImportSpec, run_import
from yingji.core.models import Region
from yingji.core.services import deadlines
from yingji.core.services.objects import check_permission, check_scope
from yingji.core.services.regions import home_region

VERIFY = "crosscheck-verify"

COLUMNS = (
    ImportColumn("day", "日期", "date", required=True, help="受伤、就诊、报警或投诉所述事件的日期",
                 example="2026-05-12"),
    ImportColumn("unit_name", "单位名称", max_length=120, help="用人单位、发生单位或被投诉单位",
                 example="武汉某机械制造有限公司"),
    ImportColumn("credit_code", "统一社会信用代码", max_length=18, example="91420102MA4KXXXX1X"),
    ImportColumn("person", "人员姓名", max_length=40, help="伤者、患者或当事人", example="王某"),
    ImportColumn("region", "区划代码", required=True, max_length=12,
                 help="事件发生地的区县或街道代码（6位或12位）", example="420102002000"),
    ImportColumn("address", "地点", max_length=200, example="大智街道工业路8号"),
    ImportColumn("summary", "情况摘要", max_length=300, example="右手被冲床压伤住院"),
)


def _region(value: str) -> Region:
    code = (value or "").strip()
    if not code.isdigit() or len(code) not in (6, 9, 12):
        raise ValidationError({"region": "区划代码应为6位、9位或12位数字"})
    code = code.ljust(12, "0")
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({"region": f"区划代码{code}不存在"})
    return region


def candidates(district: str, day: Any, window: int) -> list[rules.Candidate]:
    """The recorded production safety accidents of ``district`` within the window."""
    start = end_of(day - timedelta(days=window + 1))
    stop = end_of(day + timedelta(days=window))
    found = Accident.objects.filter(district_code=district, is_production=True,
                                    occurred_at__gt=start, occurred_at__lte=stop)
    return [rules.Candidate(key=a.pk, day=local_day(a.occurred_at), credit_code=a.credit_code,
                            unit_name=a.unit_name or (a.enterprise.name if a.enterprise else ""),
                            persons=a.person_list, region_code=str(a.region_id), address=a.address)
            for a in found.select_related("enterprise")]


def _save_row(batch: CrossCheckBatch, line: list[int]) -> Any:
    settings = AccidentSettings.current()

    def save(values: dict[str, Any], actor: Actor) -> bool:
        region = _region(values.get("region") or "")
        if not any((values.get(k) or "").strip() for k in ("unit_name", "credit_code", "person")):
            raise ValidationError({"unit_name": "单位名称、统一社会信用代码、人员姓名至少填写一项"})
        day = values["day"]
        if day > local_day(timezone.now()):
            raise ValidationError({"day": "日期不能晚于今天"})
        line[0] += 1
        row = CrossCheckRow(batch=batch, line=line[0], day=day, region=region,
                            unit_name=(values.get("unit_name") or "").strip(),
                            credit_code=(values.get("credit_code") or "").strip().upper(),
                            person=(values.get("person") or "").strip(),
                            address=(values.get("address") or "").strip(),
                            summary=(values.get("summary") or "").strip())
        check_scope(actor, row)
        district = district_code(region)
        found = rules.best_match(
            rules.ListRow(day=day, credit_code=row.credit_code, unit_name=row.unit_name,
                          person=row.person, region_code=region.code, address=row.address),
            candidates(district, day, settings.match_window_days), settings.match_window_days)
        if found is not None:
            row.status, row.accident_id = RowStatus.MATCHED, found[0].key
            row.match_reasons = "、".join(found[1])
        else:
            row.status = RowStatus.PENDING
            row.due = local_day(timezone.now()) + timedelta(days=settings.verify_days)
        row.save()
        if row.status == RowStatus.PENDING:
            assert row.due is not None
            deadlines.set_deadline(
                row, kind=VERIFY, title=f"瞒报核查：{row}", due_at=end_of(row.due), actor=actor,
                responsible=district_officer(district), escalation_chain=escalation_chain(district),
                remind_before=timedelta(days=3), escalate_every=timedelta(days=2),
                link=reverse("crosscheckrow_detail", kwargs={"pk": row.pk}))
        return True
    return save


@transaction.atomic
def import_list(kind: str, source_name: str, content: IO[bytes] | bytes, *, actor: Actor,
                region: Region | None = None) -> tuple[CrossCheckBatch, ImportResult]:
    """Import one list: each good row is matched or becomes a verification task; bad
    rows are reported (row, column, reason) and left out whole."""
    check_permission(actor, CrossCheckBatch, "add")
    if kind not in dict(rules.LIST_KINDS):
        raise ValidationError({"kind": "名单类型应为工伤认定申请、医院收治伤员、119火警或群众举报投诉"})
    if not source_name.strip():
        raise ValidationError({"source_name": "请填写名单来源单位"})
    scope = region or (actor.user.scope_region if actor.user is not None else None)
    if scope is None:
        scope = home_region()
    batch = CrossCheckBatch.objects.create(kind=kind, region=scope, source_name=source_name.strip()[:100],
                                           imported_by=actor.user)
    check_scope(actor, batch)
    line = [0]
    spec = ImportSpec(title=f"{batch.get_kind_display()}名单", columns=COLUMNS,
                      save_row=_save_row(batch, line),
                      object_type=audit.object_type_of(CrossCheckRow))
    result = run_import(spec, content, actor=actor)
    rows = batch.rows.all()
    batch.rows_total = rows.count()
    batch.rows_matched = rows.filter(status=RowStatus.MATCHED).count()
    batch.rows_unmatched = rows.filter(status=RowStatus.PENDING).count()
    batch.save(update_fields=["rows_total", "rows_matched", "rows_unmatched"])
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=batch, after=audit.snapshot(batch))
    events.emit("crosscheck.imported", actor=actor, obj=batch,
                summary=f"导入{batch}：{batch.rows_total}条，匹配{batch.rows_matched}条，"
                        f"转核查{batch.rows_unmatched}条")
    return batch, result


def entry_initial(row: CrossCheckRow, *, user: Any) -> dict[str, Any]:
    """What a verification task says about the accident it may be: the values the 补录
    form starts from (date, unit, credit code, place, person, summary; the registry's
    enterprise when the credit code names one the user may see). Reads only."""
    from datetime import datetime, time

    from yingji.accidents.services.common import SHANGHAI
    from yingji.enterprises.models import Enterprise

    unit = row.unit_name or (f"{row.person}所在单位" if row.person else "")
    enterprise = (Enterprise.objects.restrict(user, "view").filter(credit_code=row.credit_code)
                  .first() if row.credit_code else None)
    return {
        "title": f"{unit or row.region.name}“{row.day:%m·%d}”事故（{row.batch.get_kind_display()}核查发现）",
        "occurred_at": datetime.combine(row.day, time(8, 0), tzinfo=SHANGHAI),
        "region": row.region_id, "address": row.address or row.region.name,
        "enterprise": enterprise.pk if enterprise else None,
        "unit_name": "" if enterprise else row.unit_name, "credit_code": row.credit_code,
        "victims": row.person,
        "description": f"据{row.batch.source_name}{row.batch.get_kind_display()}名单：{row.summary}"
        if row.summary else "",
    }


@transaction.atomic
def enter_accident_for_row(row: CrossCheckRow, data: dict[str, Any], *, actor: Actor) -> Accident:
    """补录 the accident a verification task found (source 瞒报核查发现); the task stays
    open for its verdict (漏报 or 瞒报, which links this record)."""
    from yingji.accidents.models import AccidentSource
    from yingji.accidents.services.accidents import create_accident

    check_permission(actor, CrossCheckRow, "change")
    locked = CrossCheckRow.objects.select_for_update().get(pk=row.pk)
    check_scope(actor, locked)
    if locked.status != RowStatus.PENDING:
        raise ValidationError({"title": "该核查记录已有结论，不能再据此补录事故"})
    return create_accident(data, actor=actor, source=AccidentSource.CROSSCHECK,
                           reason=f"瞒报核查补录（{locked}）")


def list_template() -> bytes:
    from yingji.core.imports import template_workbook

    return template_workbook(ImportSpec(title="瞒报核查名单", columns=COLUMNS,
                                        save_row=lambda values, actor: True))


@transaction.atomic
def verify_row(row: CrossCheckRow, *, actor: Actor, verdict: str, note: str = "",
               accident: Accident | None = None, concealed_by: str = "") -> CrossCheckRow:
    """The district's verdict on a verification task: 非生产安全事故 (with the reason),
    an accident already recorded (link it), or 漏报 / 瞒报 of an accident now entered
    afterwards (link the record; a 瞒报 names who concealed it, which is recorded on the
    accident for the reward and credit modules)."""
    check_permission(actor, CrossCheckRow, "change")
    locked = CrossCheckRow.objects.select_for_update().get(pk=row.pk)
    check_scope(actor, locked)
    if locked.status != RowStatus.PENDING:
        raise ValidationError({"verdict": "该记录不是待核查任务"})
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": "请选择核查结论"})
    if verdict == Verdict.NOT_ACCIDENT and len(note.strip()) < 4:
        raise ValidationError({"note": "认定为非生产安全事故的，请写明核查情况"})
    if verdict != Verdict.NOT_ACCIDENT:
        if accident is None:
            raise ValidationError({"accident": "请选择对应的事故记录（漏报、瞒报的须先补录事故）"})
        check_scope(actor, accident)
        if not accident.is_production:
            raise ValidationError({"accident": "所选事故已认定为非生产安全事故"})
    if verdict == Verdict.CONCEALED and not concealed_by.strip():
        raise ValidationError({"concealed_by": "认定瞒报的，须写明瞒报的单位和人员"})
    before = audit.snapshot(locked)
    locked.status, locked.verdict, locked.verdict_note = RowStatus.VERIFIED, verdict, note.strip()[:300]
    locked.accident = accident if verdict != Verdict.NOT_ACCIDENT else None
    locked.concealed_by = concealed_by.strip()[:300] if verdict == Verdict.CONCEALED else ""
    locked.verified_at, locked.verified_by = timezone.now(), actor.user
    locked.save()
    deadlines.close_deadline(locked, kind=VERIFY, actor=actor)
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail=f"核查结论：{locked.get_verdict_display()}")
    events.emit("crosscheck.verified", actor=actor, obj=locked,
                summary=f"瞒报核查：{locked}，{locked.get_verdict_display()}")
    if verdict == Verdict.CONCEALED and accident is not None:
        marked = Accident.objects.select_for_update().get(pk=accident.pk)
        before_a = audit.snapshot(marked)
        marked.concealed, marked.concealed_by = True, locked.concealed_by
        marked.save(update_fields=["concealed", "concealed_by"])
        audit.record(audit.AuditAction.UPDATE, actor=actor, obj=marked, before=before_a,
                     after=audit.snapshot(marked), detail="经核查属瞒报")
        events.emit("accident.concealed", actor=actor, obj=marked,
                    summary=f"经{locked.batch.get_kind_display()}比对核查，认定瞒报：{locked.concealed_by}")
    return locked
