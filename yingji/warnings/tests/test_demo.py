"""The demo builder: a directory with complete chains and bulletins in several states."""

from __future__ import annotations

import pytest

from yingji.core.actor import Actor
from yingji.core.demo.registry import DemoContext
from yingji.core.models import User
from yingji.warnings import demo
from yingji.warnings.models import Bulletin, ResponsiblePerson
from yingji.warnings.services import board, bulletins
from yingji.warnings.services.directory import ChainBook

pytestmark = pytest.mark.django_db


def test_demo_is_deterministic_and_complete() -> None:
    lines: list[str] = []
    demo.build(DemoContext(Actor.system("demo"), 1, lines.append))
    people = list(ResponsiblePerson.objects.order_by("id").values_list("name", "phone", "region_id"))
    assert len(people) == 3 * (1 + 3 * (2 + 4 + 1))
    assert all(code.startswith("4201") for _, _, code in people)
    states = sorted(Bulletin.objects.values_list("state", flat=True))
    assert states == ["draft", "lifted", "published", "review"]
    assert User.objects.filter(username__startswith="contact-").count() == 0
    villages = ResponsiblePerson.objects.filter(tier="village", role="sanfang_village")
    book = ChainBook([p.region_id for p in villages])
    assert all(len(book.chain(p)) == 2 for p in villages)
    rain = Bulletin.objects.get(state="review")
    published = bulletins.publish_bulletin(rain, actor=Actor.system("demo"))
    assert board.board(published).total == 2 * (2 + 4)  # two streets; monitors answer geology only
    demo.build(DemoContext(Actor.system("demo"), 1, lines.append))
    assert ResponsiblePerson.objects.count() == len(people)
    assert "演示责任人已存在，跳过" in lines[-1]
