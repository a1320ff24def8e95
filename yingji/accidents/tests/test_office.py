"""安委办: its page lists the listed accidents, the cases waiting for 结案 and the 回头看
owed, in its scope; it closes cases and records the 回头看; an inspector may not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.accidents.models import Accident, Stage
from yingji.accidents.services import accidents, investigation
from yingji.accidents.tests.conftest import accident_data, seen
from yingji.core.models import Region
from yingji.core.testing import JIANGAN, WUCHANG, WUHAN, actor_for, client_for, make_user, system


def _replied(accident: Accident) -> Accident:
    actor = system()
    investigation.add_team_member(accident, expected_version=seen(accident),
                                  actor=actor, role="lead", name="江岸区应急管理局")
    today = timezone.localdate()
    investigation.submit_report(accident, expected_version=seen(accident), actor=actor, submitted_on=today)
    return investigation.record_reply(accident, expected_version=seen(accident),
                                      actor=actor, replied_on=today, document="岸政函〔2026〕9号")


def test_the_office_page_lists_listings_closings_and_reviews_in_scope(accident: Accident,
                                                                     supervisor: Any) -> None:
    office = make_user("ja_awb", roles=["safety_office"], scope=JIANGAN)
    elsewhere = make_user("wc_awb", roles=["safety_office"], scope=WUCHANG)
    investigation.supervise(accident, expected_version=seen(accident),
                            actor=system(), department="武汉市安委办",
                            due=timezone.localdate() + timedelta(days=30))
    wuchang = accidents.create_accident(
        accident_data(Region.objects.get(code="420106002000"), title="武昌区某仓库火灾事故"),
        actor=system())
    _replied(wuchang)
    page = client_for(office).get(reverse("accident_office"))
    assert page.status_code == 200
    context = page.context
    assert [a.pk for a in context["listed"]] == [accident.pk]
    assert context["to_close"] == [] and context["to_review"] == []
    assert "武汉市安委办" in page.content.decode()
    other = client_for(elsewhere).get(reverse("accident_office"))
    assert [a.pk for a in other.context["to_close"]] == [wuchang.pk]
    assert accident.title not in other.content.decode()  # 江岸区's stays in 江岸区


def test_the_office_closes_and_reviews_and_an_inspector_may_not(supervisor: Any, street: Any) -> None:
    larger = accidents.create_accident(accident_data(street, deaths=3), actor=actor_for(supervisor))
    _replied(larger)
    office = make_user("wh_awb", roles=["safety_office"], scope=WUHAN)
    inspector = make_user("ja_zf2", roles=["inspector"], scope=JIANGAN)
    today = str(timezone.localdate())
    url = reverse("accident_step", args=[larger.pk])
    larger.refresh_from_db()
    assert client_for(inspector).get(reverse("accident_office")).status_code == 403
    assert client_for(inspector).post(url, {"name": "close", "closed_on": today}).status_code == 403
    client_for(office).post(url, {"name": "close", "closed_on": today, "version": larger.version})
    larger.refresh_from_db()
    assert larger.state == Stage.CLOSED and larger.review_due is not None
    page = client_for(office).get(reverse("accident_office"))
    assert [a.pk for a in page.context["to_review"]] == [larger.pk]
    client_for(office).post(url, {"name": "review", "reviewed_on": today, "version": larger.version,
                                  "findings": "整改措施全部落实到位，未发现反弹"})
    larger.refresh_from_db()
    assert larger.state == Stage.REVIEWED


def test_closing_a_listed_case_closes_its_listing(accident: Accident) -> None:
    """结案 of a case still under 挂牌督办 closes the listing (销号 on the closing day)
    and its deadline: a closed case is no longer listed, nor reminded."""
    from yingji.accidents.services import deadlines as dl
    from yingji.core.models import Deadline

    today = timezone.localdate()
    investigation.supervise(accident, expected_version=seen(accident), actor=system(),
                            department="武汉市安委办", due=today + timedelta(days=30))
    replied = _replied(accident)
    closed = investigation.close_case(replied, expected_version=seen(replied), actor=system(),
                                      closed_on=today)
    assert closed.supervision_closed_at == today and closed.state == Stage.CLOSED
    listing = Deadline.objects.get(object_id=str(accident.pk), kind=dl.SUPERVISION)
    assert listing.closed_at is not None and listing.met_on_time
    assert not Accident.objects.filter(pk=accident.pk, supervised=True,
                                       supervision_closed_at__isnull=True).exists()
