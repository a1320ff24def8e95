"""The workbench's accident to-dos: each count is the number of rows its link lists
(the same condition, ``filtersets.due_condition``), and a 非生产安全事故 owes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from yingji.accidents.models import Accident
from yingji.accidents.services import accidents, investigation
from yingji.accidents.tests.conftest import accident_data, seen
from yingji.accidents.workbench import accident_todos
from yingji.core.actor import Actor
from yingji.core.testing import actor_for, client_for


def _listed(client: Any, url: str) -> int:
    """The rows the to-do's page lists, read through the API with the same query."""
    query = url.split("?", 1)[1]
    return int(client.get(f"/api/v1/accidents/accidents/?{query}").json()["count"])


def test_each_todo_counts_the_rows_its_link_lists(accident: Accident, supervisor: Any,
                                                  street: Any) -> None:
    today = timezone.localdate()
    system = Actor.system("test")
    investigation.supervise(accident, actor=system, expected_version=seen(accident),
                            department="武汉市安委办", due=today + timedelta(days=30))
    # A second listed accident whose supervision was closed: no longer a to-do.
    other = accidents.create_accident(accident_data(street, title="江岸区某仓库火灾事故"),
                                      actor=actor_for(supervisor))
    investigation.supervise(other, actor=system, expected_version=seen(other),
                            department="武汉市安委办", due=today + timedelta(days=30))
    investigation.close_supervision(other, actor=system, expected_version=seen(other), on=today)
    # The first one's report is late; a 非生产安全事故 with a past date owes no report.
    Accident.objects.filter(pk=accident.pk).update(report_due=today - timedelta(days=2))
    excluded = accidents.create_accident(accident_data(
        street, title="江岸区某居民楼坠亡", is_production=False, non_production_reason="illness"),
        actor=actor_for(supervisor))
    Accident.objects.filter(pk=excluded.pk).update(report_due=today - timedelta(days=2))
    todos = {t.label: t for t in accident_todos(supervisor)}
    assert todos["1起事故调查报告逾期未提交"].count == 1
    assert todos["1起事故挂牌督办中"].count == 1
    client = client_for(supervisor)
    for todo in todos.values():
        if "/accidents/?" in todo.url:
            assert _listed(client, todo.url) == todo.count, todo.label


def test_a_reply_past_its_limit_is_a_todo_of_its_own(accident: Accident, supervisor: Any,
                                                     leader: Any) -> None:
    """The ledger marks a report past its 批复 limit red (批复逾期): the workbench says so
    too, and its link lists that many."""
    today = timezone.localdate()
    system = Actor.system("test")
    investigation.add_team_member(accident, actor=system, expected_version=seen(accident),
                                  role="lead", name="江岸区应急管理局")
    investigation.submit_report(accident, actor=system, expected_version=seen(accident),
                                submitted_on=today)
    assert not [t for t in accident_todos(leader) if "批复逾期" in t.label]
    Accident.objects.filter(pk=accident.pk).update(reply_due=today - timedelta(days=1))
    late = [t for t in accident_todos(leader) if "批复逾期" in t.label]
    assert [t.label for t in late] == ["1起事故调查报告批复逾期"]
    assert _listed(client_for(leader), late[0].url) == 1
