"""叫应 without an SMS gateway: street duty officers receive the call in the app and
answer it on their workbench; the board records answers taken by telephone (who, when,
by whom recorded, audited), only inside the recorder's scope; the leader's to-dos list
the warnings waiting for review."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from yingji.core.models import AuditLog, Notification
from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, client_for, make_user
from yingji.warnings import workbench
from yingji.warnings.models import Bulletin
from yingji.warnings.services import board, bulletins
from yingji.warnings.tests.conftest import draft_data, publish

pytestmark = pytest.mark.django_db
B = "/api/v1/warnings/bulletins/"


@pytest.fixture
def street_duty(db: Any) -> Any:
    return make_user("dz_duty", roles=["duty_officer"], scope=JIANGAN_STREET, real_name="林晓燕",
                     phone="13900000077")


def silent_call(bulletin: Bulletin, name: str) -> int:
    figures = board.board(bulletin)
    return next(s.notification for row in figures.rows for s in row.silent if s.name == name)


def test_street_duty_officers_receive_the_call_and_answer_in_the_app(
        draft, officer, leader, people, street_duty) -> None:
    bulletin = publish(draft, officer, leader)
    note = Notification.objects.get(recipient=street_duty, requires_ack=True)
    # Escalated, her call goes to the county's leader of the directory.
    people["county"].refresh_from_db()
    assert note.escalation_chain == [people["county"].contact_id]
    figures = board.board(bulletin)
    assert figures.total == 3
    [row] = figures.rows
    assert row.code == JIANGAN_STREET and "林晓燕" in {s.name for s in row.silent}
    page = client_for(street_duty)
    home = page.get("/").content.decode()
    assert "预警叫应" in home and bulletin.title in home and "预警待叫应" in home
    assert workbench.todos(street_duty)[0].count == 1
    page.post(f"/notifications/{note.pk}/ack/", {"next": "/"})
    note.refresh_from_db()
    assert note.ack_via == "web"
    assert board.board(bulletin).acknowledged == 1
    assert "预警叫应" not in page.get("/").content.decode()
    # An officer of another street is not called.
    other = make_user("yy_duty", roles=["duty_officer"], scope="420102003000")
    assert not Notification.objects.filter(recipient=other).exists()


def test_a_phone_answer_is_recorded_on_the_board(draft, officer, leader, people) -> None:
    bulletin = publish(draft, officer, leader)
    call = silent_call(bulletin, "孙书记")
    page = client_for(officer)
    form = page.get(f"/warnings/{bulletin.pk}/board/").content.decode()
    assert "登记电话叫应" in form and f'value="{call}"' in form
    viewer = make_user("ja_inspector", roles=["inspector"], scope=JIANGAN)
    assert "登记电话叫应" not in client_for(viewer).get(f"/warnings/{bulletin.pk}/board/").content.decode()
    answered = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    done = page.post(f"/warnings/{bulletin.pk}/board/phone-ack/",
                     {"notification": call, "answered_at": answered}, follow=True)
    text = done.content.decode()
    assert "已登记孙书记的电话叫应" in text
    figures = board.board(bulletin)
    [entry] = [a for row in figures.rows for a in row.answered]
    assert (entry.name, entry.via, entry.recorded_by, entry.late) == ("孙书记", "电话", "江岸值班员",
                                                                      False)
    assert "江岸值班员" in page.get(f"/warnings/{bulletin.pk}/board/",
                                   headers={"HX-Request": "true"}).content.decode()
    assert AuditLog.objects.filter(detail__startswith="电话叫应登记：孙书记",
                                   actor_id=officer.pk).exists()
    again = page.post(f"/warnings/{bulletin.pk}/board/phone-ack/", {"notification": call},
                      follow=True)
    assert "孙书记已于" in again.content.decode()
    future = page.post(f"/warnings/{bulletin.pk}/board/phone-ack/",
                       {"notification": silent_call(bulletin, "钱主任"),
                        "answered_at": "2099-01-01T08:00"}, follow=True)
    assert "不能晚于当前时间" in future.content.decode()


def test_recording_is_refused_outside_the_scope_and_for_other_bulletins(
        draft, officer, leader, outsider, auditor, people, street) -> None:
    bulletin = publish(draft, officer, leader)
    call = silent_call(bulletin, "孙书记")
    # 武昌's leader may record phone answers on his own boards, not on 江岸's: 404.
    assert client_for(outsider).post(f"/warnings/{bulletin.pk}/board/phone-ack/",
                                     {"notification": call}).status_code == 404
    assert client_for(outsider).post(f"{B}{bulletin.pk}/phone-ack/", {"notification": call},
                                     content_type="application/json").status_code == 404
    assert client_for(auditor).post(f"/warnings/{bulletin.pk}/board/phone-ack/",
                                    {"notification": call}).status_code == 403
    # A call of another bulletin cannot be answered through this one's board.
    other = publish(bulletins.create_bulletin(draft_data(street), actor=actor_for(officer)),
                    officer, leader)
    refused = client_for(officer).post(f"/warnings/{other.pk}/board/phone-ack/",
                                       {"notification": call}, follow=True)
    assert "不是本预警最近一次叫应" in refused.content.decode()
    assert Notification.objects.get(pk=call).acked_at is None


def test_phone_answer_through_the_api(draft, officer, leader, people) -> None:
    bulletin = publish(draft, officer, leader)
    call = silent_call(bulletin, "钱主任")
    api = client_for(officer)
    done = api.post(f"{B}{bulletin.pk}/phone-ack/", {"notification": call},
                    content_type="application/json")
    assert done.status_code == 200, done.json()
    assert (done.json()["ack_via"], done.json()["recorded_by"]) == ("phone", officer.pk)
    figures = api.get(f"{B}{bulletin.pk}/board/").json()
    assert figures["acknowledged"] == 1 and figures["late"] == 0
    [answered] = figures["regions"][0]["answered"]
    assert answered["recorded_by"] == "江岸值班员"
    again = api.post(f"{B}{bulletin.pk}/phone-ack/", {"notification": call},
                     content_type="application/json")
    assert again.status_code == 400 and "已于" in str(again.json())


def test_the_leaders_todos_list_warnings_waiting_for_review(draft, officer, leader,
                                                            outsider) -> None:
    bulletins.submit_bulletin(draft, actor=actor_for(officer))
    [todo] = [t for t in workbench.todos(leader) if t.label == "预警待审核发布"]
    assert todo.count == 1 and todo.url.endswith("?state=review")
    assert "预警待审核发布" in client_for(leader).get("/").content.decode()
    assert not [t for t in workbench.todos(officer) if t.label == "预警待审核发布"]
    assert [t.count for t in workbench.todos(outsider) if t.label == "预警待审核发布"] == [0]
