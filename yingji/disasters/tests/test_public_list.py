"""救助公示 (/public/relief/): open to everyone, it shows only the published cases and of
each only the masked name and ID, the village, the disaster, the category and the
amount — never the phone, the address, the members, the situation or the ID digest."""

from __future__ import annotations

from decimal import Decimal

import pytest

from yingji.core.testing import actor_for
from yingji.disasters.models import ReliefCase
from yingji.disasters.services import relief
from yingji.disasters.tests.test_relief import case_data

pytestmark = pytest.mark.django_db


def _published(event, people) -> ReliefCase:
    case = relief.create_case(
        case_data(
            event,
            phone="13900001111",
            address="保成路88号",
            member_names="李小明、李小红",
            situation="房屋进水，口粮被淹",
        ),
        actor=actor_for(people["informant"]),
    )
    case = relief.step(case, "village_review", actor=actor_for(people["informant"]), comment="同意")
    case = relief.step(case, "town_audit", actor=actor_for(people["street"]), comment="属实")
    case = relief.step(
        case,
        "approve",
        actor=actor_for(people["county_leader"]),
        comment="同意",
        approved_amount=Decimal("600"),
    )
    relief.issue_money(case, amount="600", signed_by_name="王桂兰", actor=actor_for(people["street"]))
    case = relief.step(case, "issue", actor=actor_for(people["street"]))
    return relief.step(case, "publish", actor=actor_for(people["street"]))


def test_the_public_list_shows_masked_details_only(client, event, people) -> None:
    case = _published(event, people)
    relief.create_case(
        case_data(event, head_name="赵未审", id_number="110105194912310038", category="transition"),
        actor=actor_for(people["informant"]),
    )
    answer = client.get("/public/relief/")
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "王*" in page and "110105********002X" in page and "600" in page
    for private in (
        "王桂兰",
        "11010519491231002X",
        "13900001111",
        "保成路88号",
        "李小明",
        "口粮被淹",
        case.id_number_index,
    ):
        assert private not in page, private
    assert "赵" not in page.split("<tbody", 1)[-1] and "110105********0038" not in page
