"""双随机一公开: the pools, the exclusions, the stored seed and its replay, publication."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from yingji.core.testing import actor_for, client_for, system
from yingji.enforcement.models import Draw, DrawPick
from yingji.enforcement.services import draws, inspections, people
from yingji.enforcement.tests.conftest import Bureau, make_inspector
from yingji.enterprises import services as enterprise_services
from yingji.enterprises.tests.factories import make_enterprise

pytestmark = pytest.mark.django_db


def _world(bureau: Bureau, n: int = 12) -> dict[str, Any]:
    extra = [make_inspector(None, bureau.department, name=f"抽查员{k}") for k in range(4)]
    leave = make_inspector(None, bureau.department, name="请假员")
    people.update_inspector(leave, {"on_leave_from": timezone.localdate() - timedelta(days=1),
                                    "on_leave_until": timezone.localdate() + timedelta(days=3)},
                            actor=system())
    firms = [make_enterprise(700 + k, name=f"抽查企业{k}") for k in range(n)]
    return {"extra": extra, "leave": leave, "firms": firms}


def _draw(bureau: Bureau, seed: int = 7, count: int = 6, **extra: Any) -> Draw:
    return draws.run_draw({"title": "第一季度抽查", "department": bureau.department,
                           "region": bureau.enterprise.region.parent, "count": count,
                           "team_size": 2, **extra},
                          actor=actor_for(bureau.inspector_user), seed=seed)


def test_draw_stores_seed_and_pools_and_replays_to_the_same_result(bureau: Bureau) -> None:
    world = _world(bureau)
    draw = _draw(bureau)
    assert draw.seed == 7
    assert len(draw.enterprise_pool) == 13  # the bureau's enterprise and twelve more
    assert world["leave"].pk not in draw.inspector_pool
    assert bureau.expired.pk not in draw.inspector_pool
    assert sorted(draw.exclusions["leave"]) == [world["leave"].pk]
    assert bureau.expired.pk in draw.exclusions["certificate"]
    assert DrawPick.objects.filter(draw=draw).count() == 6
    assert all(p.inspectors.count() == 2 for p in draw.picks.all())
    assert draws.verify(draw)
    other = _draw(bureau, seed=8)
    assert other.result != draw.result
    # Tampering with the stored result is detected by the replay.
    draw.result["picks"][0][1] = [0, 0]
    assert not draws.verify(draw)


def test_draw_never_sends_a_conflicted_officer_the_supervisor_or_a_recent_visitor(bureau: Bureau) -> None:
    world = _world(bureau, n=2)
    target = world["firms"][0]
    a, b, c, d = world["extra"]
    people.declare_conflict({"inspector": a, "enterprise": target, "reason": "亲属"}, actor=system())
    enterprise_services.update_enterprise(target, {"supervising_officer": b.user or _user_for(b)},
                                          actor=system())
    inspections.record_inspection({"enterprise": target, "source": "plan",
                                   "inspected_on": timezone.localdate() - timedelta(days=20)},
                                  actor=system(), inspectors=[c, d])
    for seed in range(12):
        draw = _draw(bureau, seed=seed, count=3)
        pick = draw.picks.filter(enterprise=target).first()
        if pick is None:
            continue
        team = set(pick.inspectors.values_list("pk", flat=True))
        assert not team & {a.pk, b.pk, c.pk, d.pk}, seed


def _user_for(inspector: Any) -> Any:
    from yingji.core.testing import make_user

    user = make_user(f"u_{inspector.pk}", roles=["inspector"])
    people.update_inspector(inspector, {"user": user}, actor=system())
    return user


def test_bad_input_is_refused_with_field_messages_and_nothing_saved(bureau: Bureau) -> None:
    with pytest.raises(ValidationError) as err:
        draws.run_draw({"title": "", "department": bureau.department, "region": None, "count": 0},
                       actor=actor_for(bureau.inspector_user))
    assert set(err.value.message_dict) >= {"title", "region", "count"}
    assert not Draw.objects.exists()


def test_published_draw_is_on_the_public_page_and_exports(bureau: Bureau, client: Any) -> None:
    _world(bureau, n=3)
    draw = _draw(bureau, count=3)
    page = client.get(reverse("enforcement_public_draw", args=[draw.pk]))
    assert page.status_code == 404
    draws.publish_draw(draw, actor=actor_for(bureau.inspector_user))
    with pytest.raises(ValidationError):
        draws.publish_draw(draw, actor=actor_for(bureau.inspector_user))
    page = client.get(reverse("enforcement_public_draw", args=[draw.pk]))
    text = page.content.decode()
    first = draw.picks.select_related("enterprise").first()
    assert first is not None and first.enterprise.name in text
    assert str(draw.seed) in text
    export = client_for(bureau.inspector_user).get(
        reverse("drawpick_list") + f"?draw={draw.pk}&export=xlsx")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_snapshot_keeps_the_supervising_officers_as_a_column_and_refuses_a_cut_one(
        bureau: Bureau) -> None:
    world = _world(bureau, n=3)
    target = world["firms"][1]
    officer = world["extra"][0]
    enterprise_services.update_enterprise(
        target, {"supervising_officer": officer.user or _user_for(officer)}, actor=system())
    draw = _draw(bureau, count=2)
    column = draw.exclusions["supervising"]
    assert isinstance(column, list) and len(column) == len(draw.enterprise_pool)
    assert column[draw.enterprise_pool.index(target.pk)] == officer.pk
    assert sum(1 for i in column if i) == 1 == draws.supervised_count(draw)
    assert draws.verify(Draw.objects.get(pk=draw.pk))
    # A draw stored before the column (officers by enterprise) still replays.
    draw.exclusions["supervising"] = {str(target.pk): officer.pk}
    assert draws.verify(draw)
    # A snapshot whose column no longer matches its pool is refused, not replayed.
    draw.exclusions["supervising"] = column[:-1]
    with pytest.raises(ValidationError):
        draws.verify(draw)


def test_a_drawn_enterprise_is_inspected_from_its_row_and_links_back(bureau: Bureau) -> None:
    _world(bureau)
    draw = _draw(bureau, count=1)
    pick = DrawPick.objects.get(draw=draw)
    client = client_for(bureau.inspector_user)
    page = client.get(reverse("draw_detail", args=[draw.pk])).content.decode()
    assert f'{reverse("inspection_add")}?pick={pick.pk}' in page
    form = client.get(reverse("inspection_add") + f"?pick={pick.pk}").content.decode()
    assert f'name="pick" value="{pick.pk}"' in form
    crew = list(pick.inspectors.all())
    other = make_enterprise(790, name="别的企业")
    with pytest.raises(ValidationError) as err:
        inspections.record_inspection({"enterprise": other, "source": "draw", "pick": pick},
                                      actor=actor_for(bureau.inspector_user), inspectors=crew)
    assert "双随机抽中的企业" in err.value.message_dict["enterprise"][0]
    done = inspections.record_inspection({"enterprise": pick.enterprise, "source": "draw", "pick": pick},
                                         actor=actor_for(bureau.inspector_user), inspectors=crew)
    assert done.pick_id == pick.pk
    assert done.number in client.get(reverse("draw_detail", args=[draw.pk])).content.decode()
