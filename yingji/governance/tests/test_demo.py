"""The demo work plan: Wuhan 2024 imported from its seed, with nodes, owners and
progress so that the board shows every status and the to-dos are live; not repeated."""

from __future__ import annotations

import pytest
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo.builder import build_accounts, build_departments
from yingji.core.demo.registry import DemoContext
from yingji.core.models import Attachment, Deadline, User
from yingji.governance.demo import build
from yingji.governance.models import Node, Supervision, WorkItem, WorkPlan
from yingji.governance.services import board
from yingji.governance.workbench import node_todos

pytestmark = pytest.mark.django_db


def test_demo_plan_is_live() -> None:
    log: list[str] = []
    ctx = DemoContext(Actor.system("demo"), 1, log.append)
    build_departments(ctx)
    build_accounts(ctx)
    build(ctx)
    plan = WorkPlan.objects.get()
    assert plan.item_count == 33 and WorkItem.objects.filter(plan=plan).count() == 33
    assert Node.objects.count() == 54
    assert Deadline.objects.filter(kind="governance-node", closed_at__isnull=True).count() == \
        Node.objects.filter(done_on__isnull=True).count()
    office = User.objects.get(username="wh_safety")
    data = board.board(plan, office)
    assert all(data.items.counts[s] > 0 for s in ("done", "on_time", "late", "not_started"))
    assert {t.name for t in data.by_district} == {"武汉市本级", "江岸区", "武昌区"}
    assert Supervision.objects.count() == 1
    assert Attachment.objects.filter(purpose="progress-evidence").count() == \
        Node.objects.filter(done_on__isnull=False).count()
    ja = User.objects.get(username="ja_supervisor")
    assert board.board(plan, ja).items.total == 1
    assert any("逾期" in t.label or "到期" in t.label for t in node_todos(office) + node_todos(ja))
    build(ctx)  # a second run adds nothing
    assert WorkPlan.objects.count() == 1 and Node.objects.count() == 54


def test_demo_indicators_have_district_targets() -> None:
    from yingji.core import kpis as core_kpis
    from yingji.governance import demo_kpis
    from yingji.governance.models import Indicator, IndicatorEntry, IndicatorTarget
    from yingji.governance.services import kpis

    log: list[str] = []
    ctx = DemoContext(Actor.system("demo"), 1, log.append)
    build_departments(ctx)
    build_accounts(ctx)
    demo_kpis.build(ctx)
    assert Indicator.objects.filter(kind="computed").count() == len(core_kpis.providers())
    closure = Indicator.objects.get(code="hazard_closure")
    # Every district of Wuhan has its target for the 2024 plan's year.
    assert IndicatorTarget.objects.filter(indicator=closure, year=2024).count() == 13
    assert not IndicatorTarget.objects.filter(indicator__code="accidents").exists()  # the module's
    assert IndicatorEntry.objects.count() == 4
    assert Attachment.objects.filter(purpose="kpi-evidence").count() == 4
    office = User.objects.get(username="wh_safety")
    rows = kpis.table(closure, office, 2024)
    assert rows[0].name == "武汉市" and len(rows) == 14 and all(r.target == 90.0 for r in rows[1:])
    ja = User.objects.get(username="ja_supervisor")
    training = Indicator.objects.get(code="training_coverage")
    [row] = kpis.table(training, ja, timezone.localdate().year)
    assert (row.name, row.measure.value, row.target, row.met) == ("江岸区", 93.5, 90.0, True)
    demo_kpis.build(ctx)  # a second run adds nothing
    assert IndicatorEntry.objects.count() == 4


def test_demo_consultations_show_every_stage() -> None:
    from yingji.governance import demo_consultations
    from yingji.governance.models import Consultation

    log: list[str] = []
    ctx = DemoContext(Actor.system("demo"), 1, log.append)
    build_departments(ctx)
    build_accounts(ctx)
    demo_consultations.build(ctx)
    monthly = Consultation.objects.get(kind="monthly")
    assert monthly.auto and monthly.is_draft and len(monthly.sections) == 6
    special = Consultation.objects.get(kind="holiday")
    assert not special.is_draft and special.number.startswith("研判〔")
    tasks = Node.objects.filter(item=special.item).select_related("owner")
    assert sorted(n.owner.username for n in tasks) == ["ja_supervisor", "wh_supervisor"]
    ja = User.objects.get(username="ja_supervisor")
    assert any("到期" in t.label for t in node_todos(ja))  # the follow-up is the owner's to-do
    assert Consultation.objects.filter(kind="daily", region_id="420102000000").exists()
    demo_consultations.build(ctx)  # a second run adds nothing
    assert Consultation.objects.count() == 3
