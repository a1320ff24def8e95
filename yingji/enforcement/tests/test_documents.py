"""Numbered documents: the number format, no repeat and no gap under concurrent issuing
(PostgreSQL, real threads), the Word files open in LibreOffice, an expired certificate
cannot sign."""

from __future__ import annotations

import io
import threading
from datetime import timedelta
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from yingji.core.services.objects import create_object
from yingji.core.testing import actor_for, client_for, libreoffice_pdf, make_department, make_user, system
from yingji.enforcement.models import Document, DocumentCounter, DocumentPrefix
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
    assert DocumentCounter.objects.get(prefix="武江应急", series="立").last == 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_departments_numbering_under_one_prefix_concurrently_share_one_gap_free_series() -> None:
    """Two bureaus of one district derive the same default prefix: their documents are
    numbered from one counter, so no number is given twice across them (PostgreSQL, real
    threads, the counter created by the first of them)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locking is tested on PostgreSQL (set YINGJI_DATABASE_URL)")
    first, second = make_bureau("p"), make_bureau("q", n=952)
    assert documents.prefix_of(first.department) == documents.prefix_of(second.department)
    owners = [open_test_case(first), open_test_case(second)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def issue(n: int) -> None:
        try:
            barrier.wait()
            for _ in range(4):
                documents.issue_document(owners[n % 2], "filing", actor=system())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    seqs = sorted(Document.objects.filter(prefix="武江应急", series="立").values_list("seq", flat=True))
    assert seqs == list(range(1, 25))
    assert {d.department_id for d in Document.objects.all()} == {first.department.pk, second.department.pk}


@pytest.mark.django_db
def test_a_department_numbers_with_its_own_prefix_from_one_and_bad_prefixes_are_refused(
        bureau: Bureau) -> None:
    case = open_test_case(bureau)
    actor = actor_for(bureau.inspector_user)
    year = timezone.localdate().year
    assert documents.issue_document(case, "filing", actor=actor).number == f"武江应急立〔{year}〕1号"
    city = actor_for(make_user("prefix_admin", roles=["legal_reviewer"], scope="420100000000"))
    district = actor_for(bureau.legal)
    for bad, words in (("岸", "2—12"), ("武岸 应急", "空格"), ("武岸〔应急", "括号"), ("武岸2应急", "数字")):
        with pytest.raises(ValidationError) as err:
            create_object(DocumentPrefix, {"department": bureau.department, "prefix": bad}, actor=city)
        assert words in str(err.value.message_dict["prefix"])
    # A district user reads the prefixes but may not set them (city-wide reference).
    with pytest.raises(PermissionDenied):
        create_object(DocumentPrefix, {"department": bureau.department, "prefix": "武岸应急"},
                      actor=district)
    assert not DocumentPrefix.objects.exists()
    create_object(DocumentPrefix, {"department": bureau.department, "prefix": "武岸应急"}, actor=city)
    # The new prefix starts its own series at 1; the default's series is left as it was.
    assert documents.issue_document(case, "filing", actor=actor).number == f"武岸应急立〔{year}〕1号"
    assert documents.issue_document(case, "filing", actor=actor).number == f"武岸应急立〔{year}〕2号"
    assert DocumentCounter.objects.get(prefix="武江应急", series="立").last == 1
    other = make_department("另一测试区应急管理局", region_code="420106000000", kind="district_bureau")
    with pytest.raises(ValidationError) as err:
        create_object(DocumentPrefix, {"department": other, "prefix": "武岸应急"}, actor=city)
    assert "prefix" in err.value.message_dict
    # The page lists the prefix beside the default it replaces.
    text = client_for(bureau.legal).get(reverse("documentprefix_list")).content.decode()
    assert "武岸应急" in text and "武江应急" in text



@pytest.mark.django_db
def test_the_urge_document_is_issued_after_the_urge_and_opens_in_libreoffice(bureau: Bureau) -> None:
    actor = actor_for(bureau.inspector_user)
    case = steps.start_investigation(open_test_case(bureau), actor=actor)
    cases.add_record(case, {"content": "问：……答：……"}, actor=actor, signers=bureau.officers)
    case = steps.review_case(steps.submit_review(case, actor=actor), actor=actor_for(bureau.legal),
                             passed=True)
    case = steps.notify_party(case, actor=actor)
    case = steps.decide(case, actor=actor_for(bureau.leader), waived=True)
    served = timezone.now()
    case = steps.serve_decision(case, actor=actor, service_method="直接送达", at=served)
    with pytest.raises(ValidationError):
        documents.issue_document(case, "urge", actor=actor)
    case = steps.urge_party(case, actor=actor, at=served + timedelta(days=16))
    doc = documents.issue_document(case, "urge", actor=actor)
    assert doc.number.startswith("武江应急催〔")
    word = docx.Document(io.BytesIO(documents.docx_bytes(doc)))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "催告书" in text and "第五十四条" in text
    assert libreoffice_pdf(documents.docx_bytes(doc), ".docx").startswith(b"%PDF")
