"""What an enterprise account (企业用户) sees of enforcement: its own inspections and the
documents served on it, never another enterprise's nor the bureau's internal forms
(立案审批表, 询问笔录, 结案审批表), and not the case files."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.core.testing import JIANGAN_STREET, actor_for, client_for, make_user
from yingji.enforcement.models import Document
from yingji.enforcement.services import documents, inspections
from yingji.enforcement.tests.conftest import Bureau, open_test_case
from yingji.enterprises.models import EnterpriseMember
from yingji.enterprises.tests.factories import make_enterprise

pytestmark = pytest.mark.django_db


def test_an_enterprise_account_reads_its_inspections_and_served_documents_only(bureau: Bureau) -> None:
    actor = actor_for(bureau.inspector_user)
    neighbour = make_enterprise(960, street_code=JIANGAN_STREET, name="邻近测试企业",
                                supervising_department=bureau.department)
    mine = inspections.record_inspection({"enterprise": bureau.enterprise, "source": "plan",
                                          "inspected_on": timezone.localdate()}, actor=actor,
                                         inspectors=bureau.officers)
    theirs = inspections.record_inspection({"enterprise": neighbour, "source": "plan",
                                            "inspected_on": timezone.localdate()}, actor=actor,
                                           inspectors=bureau.officers)
    mine = inspections.order_rectification(mine, actor=actor, due=timezone.localdate() + timedelta(days=7),
                                           content="完善应急预案")
    served = documents.issue_document(mine, "order", actor=actor)
    other = documents.issue_document(theirs, "site_record", actor=actor)
    internal = documents.issue_document(open_test_case(bureau), "filing", actor=actor)
    member = make_user("qy_test", roles=["enterprise"], scope=JIANGAN_STREET)
    EnterpriseMember.objects.create(enterprise=bureau.enterprise, user=member)

    assert list(Document.objects.restrict(member, "view")) == [served]
    client = client_for(member)
    assert client.get(reverse("document_download", args=[served.pk])).status_code == 200
    for doc in (other, internal):
        assert client.get(reverse("document_download", args=[doc.pk])).status_code == 404
    listing = client.get(reverse("document_list")).content.decode()
    assert served.number in listing and other.number not in listing and internal.number not in listing
    inspections_page = client.get(reverse("inspection_list")).content.decode()
    assert mine.number in inspections_page and theirs.number not in inspections_page
    assert client.get(reverse("inspection_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("case_list")).status_code == 403
    # The enterprise file shows its inspections and documents, not the cases.
    page = client.get(reverse("enterprise_detail", args=[bureau.enterprise.pk])).content.decode()
    assert served.number in page and "执法案件" not in page.split("enforcement-section", 1)[-1][:2000]
    # Staff of the district still see all three.
    assert Document.objects.restrict(bureau.inspector_user, "view").count() == 3
