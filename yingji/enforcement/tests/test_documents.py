"""Numbered documents: the number format, no repeat and no gap under concurrent issuing
(PostgreSQL, real threads), the Word files open in LibreOffice, an expired certificate
cannot sign."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from yingji.core.testing import actor_for, libreoffice_pdf, system
from yingji.enforcement.models import Document
from yingji.enforcement.services import cases, documents, inspections, steps
from yingji.enforcement.tests.conftest import Bureau, make_bureau, open_test_case


@pytest.mark.django_db
def test_numbers_follow_department_series_and_year(bureau: Bureau) -> None:
    case = open_test_case(bureau)
    first = documents.issue_document(case, "filing", actor=actor_for(bureau.inspector_user))
    second = documents.issue_document(case, "filing", actor=actor_for(bureau.inspector_user))
    year = timezone.localdate().year
    assert first.number == f"武江应急立〔{year}〕1号"
    assert second.number == f"武江应急立〔{year}〕2号"
    with pytest.raises(ValidationError):
        documents.issue_document(case, "decision", actor=system())


@pytest.mark.django_db
def test_expired_certificates_cannot_sign(bureau: Bureau) -> None:
    case = open_test_case(bureau)
    from yingji.enforcement.services import people

    yesterday = timezone.localdate() - timedelta(days=1)
    people.update_inspector(bureau.officers[1], {"certificate_expires_on": yesterday},
                            actor=system())
    with pytest.raises(PermissionDenied):
        documents.issue_document(case, "filing", actor=system())
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_every_document_opens_in_libreoffice(bureau: Bureau) -> None:
    actor = actor_for(bureau.inspector_user)
    inspection = inspections.record_inspection(
        {"enterprise": bureau.enterprise, "source": "plan", "summary": "检查情况良好"},
        actor=actor, inspectors=bureau.officers)
    inspections.add_finding(inspection, {"kind": "note", "description": "台账不完整"}, actor=actor)
    issued = [documents.issue_document(inspection, "site_record", actor=actor)]
    inspection = inspections.order_rectification(
        inspection, actor=actor, due=timezone.localdate() + timedelta(days=5), content="完善台账")
    issued.append(documents.issue_document(inspection, "order", actor=actor))
    inspection = inspections.recheck(inspection, actor=actor, passed=True, comment="已整改")
    issued.append(documents.issue_document(inspection, "recheck", actor=actor))
    case = steps.start_investigation(open_test_case(bureau, person_name="张伟",
                                                    person_fine=Decimal("30000")), actor=actor)
    cases.add_record(case, {"content": "问：……答：……", "interviewee": "张伟"}, actor=actor,
                     signers=bureau.officers)
    issued += [documents.issue_document(case, k, actor=actor) for k in ("filing", "interview")]
    case = steps.review_case(steps.submit_review(case, actor=actor), actor=actor_for(bureau.legal),
                             passed=True)
    case = steps.notify_party(case, actor=actor)
    issued += [documents.issue_document(case, k, actor=actor) for k in ("notice", "hearing")]
    case = steps.decide(case, actor=actor_for(bureau.leader), waived=True)
    case = steps.serve_decision(case, actor=actor, service_method="直接送达")
    case = steps.record_payment(case, actor=actor, amount=case.total_fine)
    case = steps.close_case(case, actor=actor_for(bureau.leader))
    issued += [documents.issue_document(case, k, actor=actor) for k in ("decision", "receipt", "closing")]
    assert len({d.kind for d in issued}) == 10
    for doc in issued:
        pdf = libreoffice_pdf(documents.docx_bytes(doc), ".docx")
        assert pdf.startswith(b"%PDF"), doc.kind


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issuing_never_repeats_nor_skips_a_number() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locking is tested on PostgreSQL (set YINGJI_DATABASE_URL)")
    b = make_bureau("c")
    case = open_test_case(b)
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def issue() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                documents.issue_document(case, "filing", actor=system())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    seqs = sorted(Document.objects.filter(department=b.department, series="立").values_list("seq", flat=True))
    assert seqs == list(range(1, 41))
