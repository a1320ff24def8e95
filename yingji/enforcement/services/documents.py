"""Numbered enforcement documents (执法文书): a number per prefix, year and series
(武江应急罚〔2026〕12号; the department's own prefix, else the default from its region)
taken under a row lock, so concurrent issuing never repeats nor
skips one; the Word file is built from the record with python-docx (the mechanism the
incidents module's reports use)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yingji.core import audit, events, money
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.enforcement import rules
from yingji.enforcement.models import Case, Document, DocumentCounter, DocumentKind, Inspection
from yingji.enforcement.services import arrangements
from yingji.enforcement.services.arrangements import approved as approved_arrangement

# The number series (文号字) of each kind.
SERIES = {
    DocumentKind.SITE_RECORD: "查", DocumentKind.ORDER: "改", DocumentKind.RECHECK: "复",
    DocumentKind.FILING: "立", DocumentKind.INTERVIEW: "询", DocumentKind.NOTICE: "告",
    DocumentKind.HEARING: "听", DocumentKind.DECISION: "罚", DocumentKind.RECEIPT: "送",
    DocumentKind.URGE: "催", DocumentKind.ARRANGEMENT: "缓", DocumentKind.CLOSING: "结",
}
INSPECTION_DOCUMENTS = (DocumentKind.SITE_RECORD, DocumentKind.ORDER, DocumentKind.RECHECK)
CASE_DOCUMENTS = (DocumentKind.FILING, DocumentKind.INTERVIEW, DocumentKind.NOTICE,
                  DocumentKind.HEARING, DocumentKind.DECISION, DocumentKind.RECEIPT,
                  DocumentKind.URGE, DocumentKind.ARRANGEMENT, DocumentKind.CLOSING)
_AFTER_DECISION = ("decided", "executing", "arranging", "arrangement_approval", "urged",
                   "executed", "court", "closed")
_AFTER_NOTICE = ("notified", "hearing", "heard", *_AFTER_DECISION)


def may_issue(owner: Case | Inspection, kind: str) -> bool:
    """Whether the record is far enough along for the document."""
    if isinstance(owner, Inspection):
        if kind == DocumentKind.ORDER:
            return owner.state != "recorded" and owner.state != "closed"
        if kind == DocumentKind.RECHECK:
            return owner.state in ("passed", "failed")
        return kind == DocumentKind.SITE_RECORD
    allowed: dict[str, bool] = {
        DocumentKind.FILING: True,
        DocumentKind.INTERVIEW: owner.records.exists() if owner.pk else False,
        DocumentKind.NOTICE: owner.state in _AFTER_NOTICE,
        DocumentKind.HEARING: owner.hearing_required and owner.state in _AFTER_NOTICE,
        DocumentKind.DECISION: owner.state in _AFTER_DECISION,
        DocumentKind.RECEIPT: owner.state in _AFTER_DECISION,
        DocumentKind.URGE: owner.urged_at is not None,
        DocumentKind.ARRANGEMENT: approved_arrangement(owner) is not None,
        DocumentKind.CLOSING: owner.state in ("closed", "no_penalty", "transferred"),
    }
    return allowed.get(kind, False)


def prefix_of(department: Any) -> str:
    """The number prefix of a department: its own (``DocumentPrefix``, set by the city
    bureau) or the default derived from its region (``default_prefix``)."""
    from yingji.enforcement.models import DocumentPrefix

    own = DocumentPrefix.objects.filter(department=department).values_list("prefix", flat=True).first()
    return own or default_prefix(department)


def default_prefix(department: Any) -> str:
    """The default number prefix of a department: the city's first character, the district's
    character, then 应急 (江岸区应急管理局 of 武汉市 → 武江应急; the city bureau → 武应急).
    The district's character is its first, unless a sibling district with a lower code
    starts with the same one (江汉区 after 江岸区: 武汉应急), or it is the city's own first
    character (武昌区: 武昌应急): then its second."""
    return default_prefixes([department])[department.pk]


def default_prefixes(departments: Iterable[Any]) -> dict[Any, str]:
    """``default_prefix`` of many departments (a list page) in one query for the sibling
    districts, given the departments with ``region__parent__parent`` loaded."""
    from yingji.core.models import Region

    rows = [(d.pk, d.region) for d in departments]
    districts = {pk: _district(region) for pk, region in rows}
    cities = {d.parent_id for d in districts.values() if d is not None}
    siblings: dict[str, list[tuple[str, str]]] = {}
    for parent, code, name in Region.objects.filter(parent_id__in=cities).values_list(
            "parent_id", "code", "name"):
        siblings.setdefault(parent, []).append((code, name))
    out = {}
    for pk, region in rows:
        district = districts[pk]
        if district is None:
            out[pk] = f"{region.name[:1]}应急"
            continue
        city = district.parent or district
        earlier = any(code < district.code and name[:1] == district.name[:1]
                      for code, name in siblings.get(district.parent_id or "", []))
        clash = earlier or district.name[:1] == city.name[:1]  # 武昌区 of 武汉市: 武昌应急
        mark = district.name[1:2] if clash and len(district.name) > 1 else district.name[:1]
        out[pk] = f"{city.name[:1]}{mark}应急"
    return out


def _district(region: Any) -> Any:
    """The district a department's region belongs to, or None for a city (or wider) one."""
    if region.code[4:] == "0" * 8 or region.parent is None:
        return None
    return region if region.code[6:] == "000000" else (region.parent or region)


def take_number(prefix: str, year: int, series: str) -> int:
    """The next number of the prefix's series in the year, under the counter's row lock
    (the row created on first use; a concurrent creation is caught by the unique
    constraint inside a savepoint, then locked like the rest)."""
    if not DocumentCounter.objects.filter(prefix=prefix, year=year, series=series).exists():
        try:
            with transaction.atomic():
                DocumentCounter.objects.create(prefix=prefix, year=year, series=series)
        except IntegrityError:
            pass  # another request created it meanwhile
    counter = DocumentCounter.objects.select_for_update().get(prefix=prefix, year=year, series=series)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _signers_valid(owner: Case | Inspection) -> bool:
    people = owner.officers.all() if isinstance(owner, Case) else owner.inspectors.all()
    today = timezone.localdate()
    return len([p for p in people if p.certificate_valid(today)]) >= 2


@transaction.atomic
def issue_document(owner: Case | Inspection, kind: str, *, actor: Actor) -> Document:
    """Issue (制发) a document of ``kind`` for a case or an inspection with the next number.
    Refused when the record is not far enough along, or fewer than two of its officers
    hold a valid certificate (an expired 执法证 cannot sign)."""
    check_permission(actor, Document, "add")
    check_scope(actor, owner)
    allowed = CASE_DOCUMENTS if isinstance(owner, Case) else INSPECTION_DOCUMENTS
    if kind not in allowed:
        raise ValidationError({"kind": "该文书不适用于此记录"})
    if not may_issue(owner, kind):
        raise ValidationError({"kind": f"当前阶段不能制发{DocumentKind(kind).label}"})
    if not _signers_valid(owner):
        raise PermissionDenied("执法人员执法证无效或过期，不能签发文书")
    if actor.user is not None and hasattr(actor.user, "inspector") and \
            not actor.user.inspector.certificate_valid():
        raise PermissionDenied("您的执法证已过期，不能签发文书")
    department = owner.department
    year = timezone.localdate().year
    series = SERIES[DocumentKind(kind)]
    prefix = prefix_of(department)
    seq = take_number(prefix, year, series)
    number = rules.document_number(prefix, series, year, seq)
    doc = Document(kind=kind, number=number, prefix=prefix, series=series, year=year, seq=seq,
                   department=department, region=owner.region, issued_by=actor.user,
                   case=owner if isinstance(owner, Case) else None,
                   inspection=owner if isinstance(owner, Inspection) else None)
    doc.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=doc, after=audit.snapshot(doc))
    events.emit("document.issued", actor=actor, obj=owner,
                summary=f"制发{doc.get_kind_display()}：{number}")
    return doc


# --- the Word files -------------------------------------------------------------------


def _yuan(value: Any) -> str:
    return money.yuan(value)


def _date(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return f"{value:%Y年%m月%d日}"


def owed_today(case: Case, today: Any = None) -> Any:
    """What the party owes on ``today``: the fines and the 加处罚款 accrued since the
    payment period ended (行政处罚法 第七十二条), nothing more once paid."""
    if case.payment_due is None or case.paid_at is not None:
        return case.total_fine
    schedule = arrangements.unpaid(case)
    if schedule:  # settling the rest of an approved schedule today
        day = today or timezone.localdate()
        return sum((i.amount + rules.late_surcharge(i.amount, (day - i.due_on).days)
                    for i in schedule), Decimal("0"))
    late = ((today or timezone.localdate()) - case.payment_due).days
    return case.total_fine + rules.late_surcharge(case.total_fine, late)


def _case_rows(case: Case) -> list[tuple[str, str]]:
    e = case.enterprise
    return [("当事人", e.name), ("统一社会信用代码", e.credit_code), ("地址", e.address),
            ("法定代表人（主要负责人）", e.legal_representative or e.principal),
            ("案由", case.title), ("立案时间", _date(case.filed_at)),
            ("承办人", "、".join(f"{o.name}（执法证号{o.certificate_number}）"
                              for o in case.officers.all()))]


def _execution(case: Case) -> str:
    if case.paid_at:
        return f"执行情况：已缴{_yuan(case.paid_amount)}（含加处罚款{_yuan(case.surcharge)}）"
    other = case.transfer_organ or rules.NO_PENALTY_GROUNDS.get(case.no_penalty_ground, "")
    return f"执行情况：{other}"


def _arrangement_text(case: Case, fine: str) -> list[str]:
    """准予分期/延期缴纳罚款决定书 (行政处罚法 第六十六条): the application, the grant and
    the consequences of a missed date; the schedule follows as a table."""
    arrangement = approved_arrangement(case)
    if arrangement is None:
        return []
    what = arrangement.get_kind_display()
    rows = list(arrangement.instalments.order_by("seq"))
    grant = (f"准予你单位分{len(rows)}期缴纳罚款，各期金额和缴纳期限见下表。"
             if len(rows) > 1 else f"准予你单位延期至{_date(rows[0].due_on)}前缴纳罚款。")
    return [f"本机关于{_date(case.decided_at)}对你单位作出行政处罚决定（{fine}），"
            f"已于{_date(case.served_at)}送达。",
            f"你单位于{_date(arrangement.applied_on)}提出{what}罚款的申请，理由：{arrangement.reason}",
            f"经审查，你单位确有经济困难，根据《中华人民共和国行政处罚法》第六十六条第二款的规定，{grant}",
            "逾期不缴纳的，每日按逾期数额的百分之三加处罚款；本机关将依法催告，"
            "你单位须一次缴清剩余罚款，逾期仍不履行的，本机关将依法申请人民法院强制执行。"]


def _body(doc: Document) -> tuple[list[tuple[str, str]], list[str]]:
    """The table rows and paragraphs of a document."""
    if doc.inspection is not None:
        i = doc.inspection
        rows = [("被检查单位", i.enterprise.name), ("地址", i.enterprise.address),
                ("检查时间", _date(i.inspected_on)), ("检查方式", i.get_method_display()),
                ("检查人员", "、".join(f"{p.name}（{p.certificate_number}）"
                                   for p in i.inspectors.all())),
                ("现场负责人", i.site_contact)]
        if doc.kind == DocumentKind.SITE_RECORD:
            text = [f"检查情况：{i.summary or '见检查发现'}"] + [
                f"{n}. {f.get_kind_display()}：{f.description}"
                for n, f in enumerate(i.findings.all(), 1)]
        elif doc.kind == DocumentKind.ORDER:
            due = _date(i.rectification_due)
            text = [f"经查，你单位存在下列问题：{i.rectification_order}",
                    f"依据《中华人民共和国安全生产法》第六十五条，现责令你单位于{due}前整改完毕，"
                    "达到有关法律法规规章和标准规定的要求。"]
        else:
            text = [f"复查日期：{_date(i.recheck_on)}",
                    f"复查结论：{'整改合格' if i.recheck_passed else '整改不合格'}",
                    f"复查意见：{i.recheck_opinion}"]
        return rows, text
    case = doc.case
    assert case is not None
    rows = _case_rows(case)
    fine = f"对单位处罚款{_yuan(case.unit_fine)}"
    if case.person_fine:
        fine += f"；对{case.person_name}（{case.person_position}）处罚款{_yuan(case.person_fine)}"
    violated = (f"以上事实违反了{case.standard.violated_basis}的规定，"
                f"依据{case.standard.penalty_basis}，")
    texts: dict[str, list[str]] = {
        DocumentKind.FILING: [f"案件来源：{'现场检查' if case.inspection_id else '其他'}",
                              f"简要案情：{case.facts}", "承办人意见：建议立案调查。"],
        DocumentKind.INTERVIEW: [
            f"{r.title}（{_date(r.recorded_at)}，被询问人：{r.interviewee}）：{r.content}"
            for r in case.records.all()],
        DocumentKind.NOTICE: [f"经查，你单位{case.facts}", f"{violated}拟作出如下行政处罚：{fine}。",
                              "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你单位有权进行陈述和申辩，"
                              "请于收到本告知书之日起3个工作日内提出。"],
        DocumentKind.HEARING: [f"拟作出如下行政处罚：{fine}。",
                               "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你单位有要求听证的权利，"
                               "请于收到本告知书之日起5个工作日内提出。逾期不提出的，视为放弃听证权利。"],
        DocumentKind.DECISION: [f"经查，你单位{case.facts}", f"{violated}决定给予如下行政处罚：{fine}。",
                                "罚款自收到本决定书之日起十五日内缴至指定银行。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。",
                                "如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，或者在六个月内依法提起行政诉讼。"],
        DocumentKind.RECEIPT: ["送达文书：行政处罚决定书", f"送达方式：{case.service_method}",
                               f"送达时间：{_date(case.served_at)}", "受送达人签名：____________"],
        DocumentKind.URGE: [
            f"本机关于{_date(case.decided_at)}对你单位作出行政处罚决定（{fine}），"
            f"已于{_date(case.served_at)}送达。你单位未在规定期限（{_date(case.payment_due)}前）"
            "缴纳罚款。",
            f"根据《中华人民共和国行政强制法》第五十四条的规定，现催告你单位于{_date(case.urge_due)}前"
            f"履行上述决定，缴纳罚款及加处罚款（截至今日应缴{_yuan(owed_today(case))}）。",
            "你单位有权进行陈述和申辩。逾期仍不履行的，本机关将依法申请人民法院强制执行。"],
        DocumentKind.ARRANGEMENT: _arrangement_text(case, fine),
        DocumentKind.CLOSING: [f"处理结果：{case.get_ending_display()}", _execution(case),
                               "承办人意见：建议结案。"],
    }
    return rows, texts.get(doc.kind, [])


def docx_bytes(doc: Document) -> bytes:
    """The document as a Word file: the department, the title, the number, the table of
    parties and the text, the signature and seal lines."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from yingji.core.documents import add_table, add_title, document_bytes, word_document

    word = word_document(font="宋体")
    add_title(word, doc.department.name, size=16)
    add_title(word, doc.get_kind_display(), size=20)
    number = word.add_paragraph(doc.number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows, paragraphs = _body(doc)
    table = word.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, str(value or "")
    for text in paragraphs:
        word.add_paragraph(text)
    if doc.kind == DocumentKind.ARRANGEMENT and doc.case is not None:
        instalments = list(doc.case.instalments.order_by("seq"))
        if len(instalments) > 1:
            add_table(word, ("期次", "金额", "缴纳期限"),
                      [(f"第{i.seq}期", _yuan(i.amount), f"{_date(i.due_on)}前") for i in instalments])
    word.add_paragraph("")
    word.add_paragraph("执法人员（签名）：____________　____________")
    sign = word.add_paragraph(f"{doc.department.name}（印章）\n{_date(doc.issued_at)}")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return document_bytes(word)

