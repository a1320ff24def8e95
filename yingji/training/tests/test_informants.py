"""Disaster informants: one person on the warnings directory, the A/B roster, the login
linked as the directory's contact, the village coverage, pages and API in scope."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.core.models import Notification, Region
from yingji.core.models.regions import RegionLevel
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, actor_for, client_for, make_user, system
from yingji.disasters.services import events as disaster_events
from yingji.disasters.services.rounds import call_late_reporters
from yingji.disasters.tests.conftest import event_data
from yingji.training import rules
from yingji.training.models import Informant
from yingji.training.services import informants
from yingji.warnings.models import DutyRole, ResponsiblePerson
from yingji.warnings.services import directory

pytestmark = pytest.mark.django_db
VILLAGE = "420102002003"  # 大智街道 保成社区
VILLAGE2 = "420102002004"  # 大智街道 泰宁社区


@pytest.fixture
def relief(db: Any) -> Any:
    return make_user("ja_relief", roles=["relief_section"], scope=JIANGAN, real_name="江岸救灾科")


@pytest.fixture
def wc_relief(db: Any) -> Any:
    return make_user("wc_relief", roles=["relief_section"], scope=WUCHANG, real_name="武昌救灾科")


def add(name: str = "钱信息", region: str = VILLAGE, duty: str = "a", **extra: Any) -> Informant:
    return informants.create_informant({"name": name, "phone": "13900001111",
                                        "region": Region.objects.get(code=region), "duty": duty,
                                        **extra}, actor=system())


def test_one_person_on_the_directory(relief: Any) -> None:
    informant = informants.create_informant(
        {"name": "钱信息", "phone": "13900001111", "region": Region.objects.get(code=VILLAGE),
         "duty": "a", "trained_on": timezone.localdate()}, actor=actor_for(relief))
    [entry] = ResponsiblePerson.objects.all()
    assert informant.person == entry and entry.role == DutyRole.INFORMANT
    informants.update_informant(informant, {"name": "钱新名", "phone": "13900002222",
                                            "duty": "b"}, actor=actor_for(relief))
    entry.refresh_from_db()
    assert (entry.name, entry.phone, ResponsiblePerson.objects.count()) == ("钱新名", "13900002222", 1)
    # warnings' 叫应 reaches this entry: the people of the village for any hazard
    informants.delete_informant(Informant.objects.get(), actor=actor_for(relief))
    assert not ResponsiblePerson.objects.exists()


def test_adopting_an_entry_and_refusing_other_roles(relief: Any) -> None:
    street = Region.objects.get(code=JIANGAN_STREET)
    entry = directory.create_person({"name": "孙街道", "phone": "13900003333", "region": street,
                                     "role": DutyRole.INFORMANT}, actor=system())
    other = directory.create_person({"name": "周书记", "phone": "13900004444", "region": street,
                                     "role": DutyRole.SANFANG_TOWN}, actor=system())
    informants.create_informant({"person": entry, "duty": "a"}, actor=actor_for(relief))
    with pytest.raises(ValidationError) as refused:
        informants.create_informant({"person": other, "duty": "a"}, actor=actor_for(relief))
    assert "灾害信息员" in str(refused.value.message_dict["person"])
    with pytest.raises(ValidationError):
        informants.create_informant({"person": entry, "duty": "b"}, actor=actor_for(relief))
    assert ResponsiblePerson.objects.count() == 2 and Informant.objects.count() == 1


def test_the_login_becomes_the_directory_contact(relief: Any) -> None:
    login = make_user("cun_informant", roles=["informant"], scope=JIANGAN_STREET)
    outsider = make_user("wc_informant", roles=["informant"], scope="420106001000")
    informant = add()
    contact = directory.ensure_contact(informant.person)  # a login-less contact made by a warning
    with pytest.raises(ValidationError) as refused:
        informants.update_informant(informant, {"account": outsider}, actor=actor_for(relief))
    assert "数据范围" in str(refused.value.message_dict["account"])
    informants.update_informant(informant, {"account": login}, actor=actor_for(relief))
    informant.person.refresh_from_db()
    contact.refresh_from_db()
    assert informant.person.contact == login and not contact.is_active


def test_a_region_outside_the_scope_or_above_a_street_is_refused(relief: Any) -> None:
    with pytest.raises(ValidationError):
        informants.create_informant({"name": "外区", "phone": "13900005555", "duty": "a",
                                     "region": Region.objects.get(code="420106001001")},
                                    actor=actor_for(relief))
    with pytest.raises(ValidationError) as refused:
        informants.create_informant({"name": "区级", "phone": "13900005555", "duty": "a",
                                     "region": Region.objects.get(code=JIANGAN)}, actor=actor_for(relief))
    assert "村（社区）" in str(refused.value.message_dict["region"])
    assert not ResponsiblePerson.objects.exists()


def test_village_coverage(relief: Any) -> None:
    add("甲", VILLAGE, "a")
    add("乙", VILLAGE, "b")
    add("丙", VILLAGE2, "b")
    report = informants.village_coverage(relief)
    villages = Region.objects.filter(code__startswith="420102", level=RegionLevel.VILLAGE).count()
    assert report.total.villages == villages and report.total.covered == 2
    assert report.total.full == 1 and report.total.statuses[rules.VILLAGE_NO_A] == 1
    status = dict((v.code, s) for v, s in report.villages)
    assert status[VILLAGE] == rules.VILLAGE_FULL and status[VILLAGE2] == rules.VILLAGE_NO_A
    assert report.villages[0][1] == rules.VILLAGE_NONE  # the gaps come first
    assert informants.uncovered_villages(relief) == villages - 2


def test_problems_follow_the_settings() -> None:
    today = timezone.localdate()
    assert rules.informant_problems(today, None, None, 12, 60) == ["未参加培训", "无证书"]
    assert rules.informant_problems(today, today - timedelta(days=400), today - timedelta(days=1),
                                    12, 60) == ["超过12个月未培训", "证书已过期"]
    assert rules.informant_problems(today, today, today + timedelta(days=30), 12, 60) == ["证书即将到期"]
    assert rules.informant_problems(today, today, today + timedelta(days=300), 12, 60) == []


def test_pages_in_and_out_of_scope(relief: Any, wc_relief: Any) -> None:
    add("江岸信息员")
    inside = client_for(relief)
    listing = inside.get("/training/informants/").content.decode()
    assert "江岸信息员" in listing and "保成社区" in listing
    coverage = inside.get("/training/informants/coverage/?status=none").content.decode()
    assert "无信息员" in coverage and "保成社区" not in coverage
    answer = inside.post("/training/informants/add/", {"name": "新信息员", "phone": "12",
                                                       "region": VILLAGE2, "duty": "a"})
    assert answer.status_code == 200 and "手机号" in answer.content.decode()
    assert not ResponsiblePerson.objects.filter(name="新信息员").exists()
    done = inside.post("/training/informants/add/", {"name": "新信息员", "phone": "13900006666",
                                                     "region": VILLAGE2, "duty": "b",
                                                     "training_hours": "8"})
    assert done.status_code == 302, done.content.decode()[:2000]
    assert Informant.objects.get(person__name="新信息员").person.region_id == VILLAGE2
    outside = client_for(wc_relief)
    assert "江岸信息员" not in outside.get("/training/informants/").content.decode()
    other = outside.get("/training/informants/coverage/").content.decode()
    assert "大智街道" not in other
    pk = Informant.objects.get(person__name="江岸信息员").pk
    assert outside.get(f"/training/informants/{pk}/").status_code == 404


def test_api_writes_through_to_the_directory(relief: Any, wc_relief: Any) -> None:
    client = client_for(relief)
    bad = client.post("/api/v1/training/informants/", {"name": "接口", "phone": "13900007777",
                                                       "region": JIANGAN, "duty": "a"},
                      content_type="application/json")
    assert bad.status_code == 400 and "region" in bad.json()["error"]["fields"]
    made = client.post("/api/v1/training/informants/", {"name": "接口", "phone": "13900007777",
                                                        "region": VILLAGE, "duty": "a"},
                       content_type="application/json")
    assert made.status_code == 201, made.content
    body = made.json()
    entry = ResponsiblePerson.objects.get(pk=body["directory_entry"])
    assert entry.name == "接口" and body["problems"] == ["未参加培训", "无证书"]
    listed = client_for(wc_relief).get("/api/v1/training/informants/").json()
    assert listed["count"] == 0


def test_a_late_disaster_round_calls_the_roster_once(relief: Any) -> None:
    login = make_user("cun_informant2", roles=["informant"], scope=JIANGAN_STREET)
    linked = add("有账号", VILLAGE, "a", account=login)
    plain = add("无账号", VILLAGE, "b")
    village = Region.objects.get(code=VILLAGE)
    event = disaster_events.create_event(event_data(), actor=system())
    called = call_late_reporters(event, [village], label="初报", due_at=timezone.now(), actor=system())
    plain.person.refresh_from_db()
    assert called == 2 and linked.person.contact == login
    assert Notification.objects.filter(recipient=login, title__contains="初报逾期").count() == 1
    assert Notification.objects.filter(recipient_id=plain.person.contact_id).count() == 1
