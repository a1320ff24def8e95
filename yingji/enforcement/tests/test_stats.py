"""Statistics (零处罚 districts, year on year, scope), publication with masking, and the
penalty-decision service for the credit module."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.core.testing import WUCHANG, actor_for, client_for, make_user, system
from yingji.enforcement.services import penalties, stats, steps
from yingji.enforcement.services.inspections import record_inspection
from yingji.enforcement.tests.conftest import Bureau, open_test_case
from yingji.enforcement.tests.test_cases import _investigated

pytestmark = pytest.mark.django_db


def _penalised(b: Bureau) -> Any:
    case = _investigated(b, person_name="张伟强", person_fine=Decimal("5000"))
    case = steps.review_case(steps.submit_review(case, actor=system()), actor=actor_for(b.legal),
                             passed=True)
    case = steps.notify_party(case, actor=system())
    case = steps.decide(case, actor=actor_for(b.leader), waived=True)
    return steps.serve_decision(case, actor=system(), service_method="直接送达")


def test_zero_penalty_district_is_flagged_until_a_penalty_is_decided(bureau: Bureau) -> None:
    record_inspection({"enterprise": bureau.enterprise, "source": "plan"}, actor=system(),
                      inspectors=bureau.officers)
    open_test_case(bureau)
    year = timezone.localdate().year
    figures = stats.statistics(bureau.leader, year)
    assert figures.total.inspections == 1 and figures.total.cases == 1
    assert [r.label for r in figures.zero_districts] == ["江岸区"]
    _penalised(bureau)
    figures = stats.statistics(bureau.leader, year)
    assert figures.zero_districts == []
    assert figures.total.fines == Decimal("15000")
    outsider = make_user("wc_leader_s", roles=["duty_leader"], scope=WUCHANG)
    assert stats.statistics(outsider, year).total.inspections == 0


def test_statistics_page_and_excel_export(bureau: Bureau) -> None:
    _penalised(bureau)
    client = client_for(bureau.leader)
    page = client.get(reverse("enforcement_stats"))
    assert "江岸区" in page.content.decode()
    export = client.get(reverse("enforcement_stats") + "?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_published_decisions_mask_the_person_and_serve_the_credit_module(bureau: Bureau,
                                                                        client: Any) -> None:
    case = _penalised(bureau)
    assert penalties.public_decisions() == []
    assert penalties.publish_served(actor=system()) == 1
    text = client.get(reverse("enforcement_public_penalties")).content.decode()
    assert bureau.enterprise.name in text
    assert "张**" in text and "张伟强" not in text
    decisions = penalties.penalty_decisions([bureau.enterprise.pk])
    assert [d.case_id for d in decisions] == [case.pk]
    assert decisions[0].unit_fine == Decimal("10000") and decisions[0].person == "张**"
    assert penalties.penalty_decisions([bureau.enterprise.pk + 1000]) == []


def test_certificate_reminders_on_the_marked_days(bureau: Bureau) -> None:
    from datetime import timedelta

    from yingji.core.models import Notification
    from yingji.enforcement.services import people
    from yingji.enforcement.services.reminders import remind_certificates

    today = timezone.localdate()
    people.update_inspector(bureau.officers[0], {"certificate_expires_on": today + timedelta(days=7)},
                            actor=system())
    assert remind_certificates(actor=system(), today=today) == 1
    assert Notification.objects.filter(recipient=bureau.inspector_user, title="执法证即将到期").exists()
    assert remind_certificates(actor=system(), today=today + timedelta(days=1)) == 0


def test_a_year_out_of_range_shows_this_year_with_a_message_and_the_api_refuses_it(bureau: Bureau) -> None:
    client = client_for(bureau.leader)
    for raw in ("1", "10000"):
        page = client.get(reverse("enforcement_stats") + f"?year={raw}")
        assert page.status_code == 200
        text = page.content.decode()
        assert f"年度“{raw}”无效" in text and f"{timezone.localdate().year}年" in text
    answer = client.get("/api/v1/enforcement/plans/?year=10000")
    assert answer.status_code == 400 and "年度" in answer.json()["error"]["fields"]["year"][0]
