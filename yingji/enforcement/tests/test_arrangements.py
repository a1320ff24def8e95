"""分期、延期缴纳罚款 (行政处罚法 第六十六条): the party's application with its evidence,
法制审核, the leader's approval with a schedule that sums exactly to the fine, each
instalment a reminded deadline, payments per instalment, 催告 counted from the schedule,
the numbered 准予分期/延期缴纳罚款决定书; refusals in Chinese on their field, changing
nothing; roles and scope."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from yingji.core.models import Attachment, AuditLog, Deadline
from yingji.core.services.objects import ScopeViolation
from yingji.core.testing import WUCHANG, actor_for, client_for, libreoffice_pdf, system
from yingji.core.workflow import StaleObject
from yingji.enforcement import rules
from yingji.enforcement.models import Case, Instalment, PaymentArrangement
from yingji.enforcement.services import arrangements, documents, periods, steps
from yingji.enforcement.tests.conftest import Bureau, make_bureau
from yingji.enforcement.tests.test_case_law import _notified

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = date(2026, 3, 2)


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("财务报表.pdf", b"%PDF-1.4 statement of losses", content_type="application/pdf")


def _served(b: Bureau) -> Case:
    case = steps.decide(_notified(b), actor=actor_for(b.leader), waived=True)
    return steps.serve_decision(case, actor=actor_for(b.inspector_user), service_method="直接送达")


def _applied(b: Bureau, kind: str = "instalments") -> Case:
    return arrangements.apply_arrangement(_served(b), actor=actor_for(b.inspector_user), kind=kind,
                                          reason="受疫情影响连续亏损，账户余额不足", evidence=_pdf())


def _reviewed(b: Bureau, kind: str = "instalments") -> Case:
    return arrangements.review_arrangement(_applied(b, kind), actor=actor_for(b.legal), passed=True,
                                           comment="符合第六十六条")


def _schedule(*rows: tuple[str, int]) -> list[tuple[Decimal, date]]:
    today = timezone.localdate()
    return [(D(amount), today + timedelta(days=days)) for amount, days in rows]


def _open(case: Case) -> dict[str, Deadline]:
    return {d.kind: d for d in Deadline.objects.filter(object_id=str(case.pk), kind__startswith="case.",
                                                       closed_at__isnull=True)}


# --- the pure rules ------------------------------------------------------------------


def test_a_schedule_must_sum_exactly_to_the_fine_with_dates_in_order_after_the_decision() -> None:
    def problem(rows: list[tuple[str, date]], total: str = "10000") -> str:
        found = rules.schedule_problems([(D(a), d) for a, d in rows], total=D(total),
                                        decided_on=TODAY, today=TODAY)
        return found.get("schedule", "")

    good = [("4000", date(2026, 4, 1)), ("6000", date(2026, 5, 1))]
    assert problem(good) == ""
    assert "至少分2期" in problem(good[:1])
    assert "合计9,999.00元，须等于罚款总额10,000.00元" in problem([("4000", date(2026, 4, 1)),
                                                                  ("5999", date(2026, 5, 1))])
    assert "合计10,000.01元" in problem([("4000.01", date(2026, 4, 1)), ("6000", date(2026, 5, 1))])
    assert "须在处罚决定日期（2026-03-02）之后" in problem([("4000", TODAY), ("6000", date(2026, 5, 1))])
    assert "第2期缴纳期限须晚于第1期" in problem([("4000", date(2026, 5, 1)), ("6000", date(2026, 4, 1))])
    assert "第1期金额须大于0元" in problem([("0", date(2026, 4, 1)), ("10000", date(2026, 5, 1))])
    assert "最多保留两位小数" in problem([("4000.005", date(2026, 4, 1)), ("5999.995", date(2026, 5, 1))])
    past = rules.schedule_problems([(D("4000"), date(2026, 3, 3)), (D("6000"), date(2026, 5, 1))],
                                   total=D("10000"), decided_on=TODAY, today=date(2026, 3, 10))
    assert "已过" in past["schedule"]


def test_a_deferral_must_come_after_the_payment_period_it_defers() -> None:
    def problem(new_due: date | None) -> str | None:
        return rules.deferral_problem(new_due, payment_due=date(2026, 3, 17), decided_on=TODAY,
                                      today=TODAY)

    assert problem(date(2026, 6, 30)) is None
    assert problem(None) == "请填写延期后的缴纳期限"
    assert "须晚于原缴款期限（2026-03-17）" in (problem(date(2026, 3, 17)) or "")
    assert "处罚决定日期" in (problem(TODAY) or "")


def test_overdue_instalments_bear_the_surcharge_on_their_own_amount() -> None:
    rows = [(D("4000"), date(2026, 3, 1)), (D("6000"), date(2026, 4, 1))]
    assert rules.instalments_owed(rows, date(2026, 3, 1)) == (D("4000"), D("0"))
    assert rules.instalments_owed(rows, date(2026, 3, 11)) == (D("4000"), D("1200"))  # 3 % × 10 days
    assert rules.instalments_owed(rows, date(2026, 2, 1)) == (D("0"), D("0"))


# --- the lifecycle -------------------------------------------------------------------


def test_instalments_approved_reminded_paid_one_by_one_and_documented(bureau: Bureau) -> None:
    case = _applied(bureau)
    assert case.state == "arranging"
    application = PaymentArrangement.objects.get(case=case)
    assert (application.kind, application.state) == ("instalments", "applied")
    evidence = Attachment.objects.get(object_id=str(application.pk), purpose=PaymentArrangement.EVIDENCE)
    assert evidence.original_name == "财务报表.pdf"
    case = arrangements.review_arrangement(case, actor=actor_for(bureau.legal), passed=True, comment="同意")
    assert case.state == "arrangement_approval"
    schedule = _schedule(("3000", 20), ("3000", 50), ("4000", 80))
    case = arrangements.approve_arrangement(case, actor=actor_for(bureau.leader), schedule=schedule,
                                            comment="同意分三期")
    assert case.state == "executing" and case.payment_due == schedule[0][1]
    assert [(i.seq, i.amount, i.due_on) for i in case.instalments.order_by("seq")] == [
        (n, a, d) for n, (a, d) in enumerate(schedule, 1)]
    open_ = _open(case)
    assert periods.PAYMENT not in open_  # the schedule replaces the 15 days
    for n, (_, due) in enumerate(schedule, 1):
        deadline = open_[f"case.instalment.{n}"]
        assert not deadline.waiting and deadline.remind_before_minutes == 3 * 24 * 60
        assert timezone.localtime(deadline.due_at).date() == due
        assert deadline.responsible == bureau.inspector_user
    assert AuditLog.objects.filter(object_type="enforcement.instalment", action="create").count() == 3
    assert AuditLog.objects.filter(object_type="enforcement.paymentarrangement", action="update",
                                   object_id=str(application.pk)).count() == 2  # reviewed, approved

    # The numbered decision, with the department's prefix, opening in LibreOffice.
    doc = documents.issue_document(case, "arrangement", actor=actor_for(bureau.inspector_user))
    assert doc.number.startswith(documents.prefix_of(bureau.department) + "缓〔")
    body = documents.docx_bytes(doc)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    assert "准予分期/延期缴纳罚款决定书" in text and "第六十六条" in text and "分3期" in text
    table = docx.Document(io.BytesIO(body)).tables[-1]
    assert [c.text for c in table.rows[1].cells] == [
        "第1期", "3,000.00元", f"{schedule[0][1]:%Y年%m月%d日}前"]
    assert libreoffice_pdf(body, ".docx").startswith(b"%PDF")

    inspector = actor_for(bureau.inspector_user)
    with pytest.raises(ValidationError) as err:
        arrangements.pay_instalment(case, actor=inspector, amount=D("2999"))
    assert "第1期应缴3,000.00元" in str(err.value)
    assert Case.objects.get(pk=case.pk).version == case.version
    case = arrangements.pay_instalment(case, actor=inspector, amount=D("3000"))
    assert case.state == "executing" and case.payment_due == schedule[1][1]
    assert "case.instalment.1" not in _open(case) and "case.instalment.2" in _open(case)
    case = arrangements.pay_instalment(case, actor=inspector, amount=D("3000"))
    # The last one, 10 days late: its own 加处罚款 (3 % × 10 of 4,000).
    late = timezone.now() + timedelta(days=90)
    with pytest.raises(ValidationError) as err:
        arrangements.pay_instalment(case, actor=inspector, amount=D("4000"), at=late)
    assert "含加处罚款1,200.00元" in str(err.value)
    case = arrangements.pay_instalment(case, actor=inspector, amount=D("5200"), at=late)
    assert case.state == "executed" and (case.paid_amount, case.surcharge) == (D("11200"), D("1200"))
    assert not [k for k in _open(case) if k != periods.PUBLISH]


def test_a_schedule_that_does_not_sum_is_refused_on_its_field_and_changes_nothing(bureau: Bureau) -> None:
    case = _reviewed(bureau)
    leader = actor_for(bureau.leader)
    for schedule, words in ((_schedule(("3000", 20), ("3000", 50)), "须等于罚款总额10,000.00元"),
                            (_schedule(("5000", 0), ("5000", 30)), "处罚决定日期"),
                            (_schedule(("10000", 20)), "至少分2期")):
        with pytest.raises(ValidationError) as err:
            arrangements.approve_arrangement(case, actor=leader, schedule=schedule)
        assert words in err.value.message_dict["schedule"][0]
    with pytest.raises(ValidationError) as err:
        arrangements.approve_arrangement(case, actor=leader,
                                         new_due=timezone.localdate() + timedelta(days=60))
    assert "new_due" in err.value.message_dict
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.state, fresh.version, fresh.payment_due) == ("arrangement_approval", case.version,
                                                                case.payment_due)
    assert not Instalment.objects.exists()
    assert PaymentArrangement.objects.get(case=case).state == "reviewed"


def test_the_api_answers_a_bad_schedule_per_field_and_takes_a_good_one(bureau: Bureau) -> None:
    case = _reviewed(bureau)
    url = f"/api/v1/enforcement/cases/{case.pk}/transition/"
    client = client_for(bureau.leader)
    today = timezone.localdate()
    bad = client.post(url, {"name": "approve_arrangement", "version": case.version,
                            "schedule": "5000 2026-13-01\n5000 2026-12-31"}, content_type="application/json")
    assert bad.status_code == 400 and "第1行格式不正确" in bad.json()["error"]["fields"]["schedule"][0]
    short = client.post(url, {"name": "approve_arrangement", "version": case.version,
                              "schedule": [{"amount": "5000", "due_on": str(today + timedelta(days=10))},
                                           {"amount": "4000", "due_on": str(today + timedelta(days=40))}]},
                        content_type="application/json")
    assert short.status_code == 400 and "须等于罚款总额" in short.json()["error"]["fields"]["schedule"][0]
    good = client.post(url, {"name": "approve_arrangement", "version": case.version,
                             "schedule": [{"amount": "5000", "due_on": str(today + timedelta(days=10))},
                                          {"amount": "5000", "due_on": str(today + timedelta(days=40))}]},
                       content_type="application/json")
    assert good.status_code == 200, good.content
    assert good.json()["state"] == "executing" and Instalment.objects.filter(case=case).count() == 2


def test_urging_counts_from_the_schedule_not_from_the_original_due_date(bureau: Bureau) -> None:
    case = _reviewed(bureau)
    original = case.payment_due
    assert original is not None
    schedule = _schedule(("4000", 30), ("6000", 60))
    case = arrangements.approve_arrangement(case, actor=actor_for(bureau.leader), schedule=schedule)
    inspector = actor_for(bureau.inspector_user)
    after_original = timezone.now() + timedelta(days=20)  # past the 15 days, before the 1st instalment
    assert timezone.localtime(after_original).date() > original
    with pytest.raises(ValidationError) as err:
        steps.urge_party(case, actor=inspector, at=after_original)
    assert "缴款期限尚未届满" in str(err.value)
    assert rules.court_application_problem(
        served_on=timezone.localtime(case.served_at).date(), payment_due=case.payment_due,
        today=timezone.localtime(after_original).date(), urge_due=None) is not None
    missed = timezone.now() + timedelta(days=35)
    case = steps.urge_party(case, actor=inspector, at=missed)
    assert case.state == "urged"
    assert not any(k.startswith("case.instalment") for k in _open(case))  # the schedule ended
    # Urged, the rest falls due at once, with the missed instalment's 加处罚款.
    day = timezone.localtime(missed).date()
    surcharge = rules.late_surcharge(D("4000"), (day - schedule[0][1]).days)
    assert surcharge > 0 and arrangements.owed(case, day) == (D("10000"), surcharge)
    with pytest.raises(ValidationError):
        steps.record_payment(case, actor=inspector, amount=D("10000"), at=missed)
    owed = D("10000") + rules.late_surcharge(D("4000"), (day - schedule[0][1]).days)
    case = steps.record_payment(case, actor=inspector, amount=owed, at=missed)
    assert case.state == "executed" and case.paid_amount == owed
    assert not Instalment.objects.filter(case=case, paid_at=None).exists()


def test_a_deferral_moves_the_payment_period_and_the_urge(bureau: Bureau) -> None:
    case = _reviewed(bureau, kind="deferral")
    leader = actor_for(bureau.leader)
    with pytest.raises(ValidationError) as err:
        arrangements.approve_arrangement(case, actor=leader, new_due=case.payment_due)
    assert "须晚于原缴款期限" in err.value.message_dict["new_due"][0]
    with pytest.raises(ValidationError) as err:
        arrangements.approve_arrangement(case, actor=leader, schedule=_schedule(("5000", 20), ("5000", 40)))
    assert "schedule" in err.value.message_dict
    new_due = timezone.localdate() + timedelta(days=60)
    case = arrangements.approve_arrangement(case, actor=leader, new_due=new_due)
    assert case.payment_due == new_due and "case.instalment.1" in _open(case)
    with pytest.raises(ValidationError):
        steps.urge_party(case, actor=actor_for(bureau.inspector_user), at=timezone.now() + timedelta(days=30))
    doc = documents.issue_document(case, "arrangement", actor=actor_for(bureau.inspector_user))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(documents.docx_bytes(doc))).paragraphs)
    assert f"延期至{new_due:%Y年%m月%d日}前缴纳罚款" in text
    # One arrangement per case.
    with pytest.raises(ValidationError) as err:
        arrangements.apply_arrangement(case, actor=actor_for(bureau.inspector_user), kind="instalments",
                                       reason="再次申请", evidence=_pdf())
    assert "不能重复申请" in str(err.value)


# --- who may, and bad input ------------------------------------------------------------


def test_only_the_right_roles_review_approve_and_refuse(bureau: Bureau) -> None:
    case = _applied(bureau)
    with pytest.raises(PermissionDenied):
        arrangements.review_arrangement(case, actor=actor_for(bureau.leader), passed=True)
    with pytest.raises(PermissionDenied):
        arrangements.review_arrangement(case, actor=actor_for(bureau.inspector_user), passed=True)
    with pytest.raises(ValidationError) as err:
        arrangements.review_arrangement(case, actor=actor_for(bureau.legal), passed=False)
    assert "comment" in err.value.message_dict
    case = arrangements.review_arrangement(Case.objects.get(pk=case.pk), actor=actor_for(bureau.legal),
                                           passed=True)
    with pytest.raises(PermissionDenied):
        arrangements.approve_arrangement(case, actor=actor_for(bureau.inspector_user),
                                         schedule=_schedule(("5000", 20), ("5000", 40)))
    with pytest.raises(PermissionDenied):
        arrangements.approve_arrangement(case, actor=actor_for(bureau.legal),
                                         schedule=_schedule(("5000", 20), ("5000", 40)))
    with pytest.raises(ValidationError):
        arrangements.refuse_arrangement(case, actor=actor_for(bureau.leader))
    case = arrangements.refuse_arrangement(case, actor=actor_for(bureau.leader), comment="证明材料不足")
    assert case.state == "executing" and not case.instalments.exists()
    assert PaymentArrangement.objects.get(case=case).state == "refused"
    assert periods.PAYMENT in _open(case)  # the original period stands


def test_a_legal_return_ends_the_application_under_the_original_period(bureau: Bureau) -> None:
    case = arrangements.review_arrangement(_applied(bureau), actor=actor_for(bureau.legal), passed=False,
                                           comment="申请事由不属于经济困难")
    assert case.state == "executing"
    assert PaymentArrangement.objects.get(case=case).state == "returned"
    assert case.reviews.filter(kind="arrangement", passed=False).exists()


def test_an_application_needs_its_reason_and_evidence_and_a_current_version(bureau: Bureau) -> None:
    case = _served(bureau)
    inspector = actor_for(bureau.inspector_user)
    with pytest.raises(ValidationError) as err:
        arrangements.apply_arrangement(case, actor=inspector, kind="", reason=" ")
    assert set(err.value.message_dict) == {"kind", "reason", "evidence"}
    with pytest.raises(ValidationError) as err:
        arrangements.apply_arrangement(case, actor=inspector, kind="deferral", reason="亏损",
                                       evidence=SimpleUploadedFile("证明.pdf", b"not a pdf"))
    assert "文件内容与扩展名" in err.value.message_dict["file"][0]
    with pytest.raises(StaleObject):
        arrangements.apply_arrangement(case, actor=inspector, kind="deferral", reason="亏损",
                                       evidence=_pdf(), expected_version=case.version - 1)
    assert Case.objects.get(pk=case.pk).state == "executing"
    assert not PaymentArrangement.objects.exists() and not Attachment.objects.exists()


def test_the_page_and_the_api_take_the_application_with_its_file(bureau: Bureau) -> None:
    case = _served(bureau)
    page = client_for(bureau.inspector_user).get(reverse("case_detail", args=[case.pk])).content.decode()
    assert reverse("case_arrangement", args=[case.pk]) in page and 'enctype="multipart/form-data"' in page
    api = f"/api/v1/enforcement/cases/{case.pk}/arrangement-application/"
    client = client_for(bureau.inspector_user)
    missing = client.post(api, {"kind": "instalments", "reason": "亏损", "version": case.version})
    assert missing.status_code == 400 and "evidence" in missing.json()["error"]["fields"]
    done = client.post(api, {"kind": "instalments", "reason": "亏损", "version": case.version,
                             "evidence": _pdf()})
    assert done.status_code == 200 and done.json()["state"] == "arranging"
    page = client_for(bureau.legal).get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "分期/延期缴纳法制审核" in page and "财务报表.pdf" in page


def test_an_out_of_scope_user_can_neither_see_nor_touch_the_application(bureau: Bureau) -> None:
    case = _served(bureau)
    other = make_bureau("w", code=WUCHANG, street="420106001000", n=952)
    client = client_for(other.inspector_user)
    api = f"/api/v1/enforcement/cases/{case.pk}/arrangement-application/"
    assert client.post(api, {"kind": "deferral", "reason": "亏损", "version": case.version,
                             "evidence": _pdf()}).status_code == 404
    page = client.post(reverse("case_arrangement", args=[case.pk]),
                       {"name": "apply_arrangement", "kind": "deferral", "reason": "亏损",
                        "version": case.version, "evidence": _pdf()})
    assert page.status_code == 404
    case = arrangements.review_arrangement(_applied_on(case, bureau), actor=actor_for(bureau.legal),
                                           passed=True)
    with pytest.raises(ScopeViolation):
        arrangements.approve_arrangement(case, actor=actor_for(other.leader),
                                         schedule=_schedule(("5000", 20), ("5000", 40)))
    assert Case.objects.get(pk=case.pk).state == "arrangement_approval"
    assert PaymentArrangement.objects.restrict(bureau.leader, "view").filter(case=case).exists()
    assert not PaymentArrangement.objects.restrict(other.leader, "view").filter(case=case).exists()
    detail = client_for(other.leader).get(reverse("case_detail", args=[case.pk]))
    assert detail.status_code == 404


def _applied_on(case: Case, b: Bureau) -> Case:
    return arrangements.apply_arrangement(case, actor=actor_for(b.inspector_user), kind="instalments",
                                          reason="亏损", evidence=_pdf())


def test_nothing_runs_as_system_without_a_schedule(bureau: Bureau) -> None:
    case = _served(bureau)
    with pytest.raises(ValidationError):
        arrangements.pay_instalment(case, actor=system(), amount=D("1"))


def test_the_case_page_offers_the_instalment_steps_only_when_they_apply(bureau: Bureau) -> None:
    case = _served(bureau)
    client = client_for(bureau.inspector_user)
    url = reverse("case_detail", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'data-step="apply_arrangement"' in page and 'data-step="pay_instalment"' not in page
    case = arrangements.review_arrangement(_applied_on(case, bureau), actor=actor_for(bureau.legal),
                                           passed=True)
    arrangements.approve_arrangement(case, actor=actor_for(bureau.leader),
                                     schedule=_schedule(("4000", 20), ("6000", 50)))
    page = client.get(url).content.decode()
    assert 'data-step="pay_instalment"' in page and 'data-step="apply_arrangement"' not in page
    assert "第1期：4,000.00元" in page and "一次缴清经批准分期（延期）缴纳的剩余罚款：应缴10,000.00元" in page
