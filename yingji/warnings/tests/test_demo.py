"""The demo builder: a directory with complete chains, bulletins in several states, and
a published warning whose board shows a real call: answered in time, late, by phone,
and not at all; the street duty officer answers on her workbench, the leader reviews."""

from __future__ import annotations

import pytest

from yingji.core.actor import Actor
from yingji.core.demo.registry import DemoContext
from yingji.core.models import AuditLog, User
from yingji.core.testing import JIANGAN, JIANGAN_STREET, client_for, make_user
from yingji.warnings import demo
from yingji.warnings.models import Bulletin, ResponsiblePerson
from yingji.warnings.services import board, bulletins
from yingji.warnings.services.directory import ChainBook

pytestmark = pytest.mark.django_db


def test_demo_is_deterministic_and_complete() -> None:
    lines: list[str] = []
    demo.build(DemoContext(Actor.system("demo"), 1, lines.append))
    people = list(ResponsiblePerson.objects.order_by("id").values_list("name", "phone", "region_id"))
    assert len(people) == 4 * (1 + 3 * (2 + 4 + 1))
    assert all(code.startswith("4201") for _, _, code in people)
    states = sorted(Bulletin.objects.values_list("state", flat=True))
    assert states == ["draft", "lifted", "published", "published", "review"]
    villages = ResponsiblePerson.objects.filter(tier="village", role="sanfang_village")
    book = ChainBook([p.region_id for p in villages])
    assert all(len(book.chain(p)) == 2 for p in villages)
    rain = Bulletin.objects.get(state="published", region_id=JIANGAN)
    figures = board.board(rain)
    assert figures.total == 2 * (2 + 4)  # two streets; monitors answer geology only
    # Without the demo accounts nobody records phone answers: in time and late only.
    assert (figures.acknowledged, figures.late) == (8, 3)
    review = Bulletin.objects.get(state="review")
    published = bulletins.publish_bulletin(review, actor=Actor.system("demo"))
    assert board.board(published).total == 3 * (2 + 4)  # every demo street of 江岸
    demo.build(DemoContext(Actor.system("demo"), 1, lines.append))
    assert ResponsiblePerson.objects.count() == len(people)
    assert "演示责任人已存在，跳过" in lines[-1]


def test_the_published_warning_reaches_the_street_and_the_leader_reviews() -> None:
    dz_duty = make_user("dz_duty", roles=["duty_officer"], scope=JIANGAN_STREET, real_name="林晓燕")
    ja_duty = make_user("ja_duty", roles=["duty_officer"], scope=JIANGAN, real_name="吴敏")
    ja_leader = make_user("ja_leader", roles=["duty_leader"], scope=JIANGAN, real_name="郑海涛")
    demo.build(DemoContext(Actor.system("demo"), 1, lambda line: None))
    rain = Bulletin.objects.get(state="published", region_id=JIANGAN)
    figures = board.board(rain)
    assert figures.total == 2 * (2 + 4) + 1  # and the street duty officer of 大智街道
    assert (figures.acknowledged, figures.late) == (10, 5)
    silent = [s.name for row in figures.rows for s in row.silent]
    assert "林晓燕" in silent and len(silent) == 3
    answered = [a for row in figures.rows for a in row.answered]
    phoned = [a for a in answered if a.via == "电话"]
    assert len(phoned) == 2 and all(a.recorded_by == "吴敏" and a.late for a in phoned)
    assert {a.via for a in answered} == {"短信链接", "短信回复", "电话"}
    assert AuditLog.objects.filter(detail__startswith="电话叫应登记", actor_id=ja_duty.pk).count() == 2
    assert any(row.escalated for row in figures.rows)
    assert User.objects.filter(username__startswith="contact-", notifications__title__startswith=
                               "未叫应上报").exists()
    # 林晓燕 answers on her workbench; 郑海涛 sees the warning waiting for his review.
    street = client_for(dz_duty)
    home = street.get("/").content.decode()
    assert "预警叫应" in home and rain.title in home and "预警待叫应" in home
    [call] = [n for n in dz_duty.notifications.all() if n.requires_ack]
    street.post(f"/notifications/{call.pk}/ack/", {"next": "/"})
    assert board.board(rain).acknowledged == 11
    assert "预警叫应" not in street.get("/").content.decode()
    leader_home = client_for(ja_leader).get("/").content.decode()
    assert "预警待审核发布" in leader_home
    assert "预警待审核发布" not in client_for(ja_duty).get("/").content.decode()
