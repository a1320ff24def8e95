"""The workbench: to-dos, counts and activity inside the user's scope, account
security, the chart data, and the card registry later modules use."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yingji.core.models import Department, User
from yingji.core.services.notifications import notify
from yingji.core.services.objects import create_object
from yingji.core.testing import (
    JIANGAN,
    JIANGAN_STREET,
    WUCHANG,
    actor_for,
    client_for,
    make_department,
    region,
    system,
)
from yingji.ui import workbench
from yingji.ui.workbench import Card, Todo, register_card, register_todos

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client: Any) -> None:
    response = client.get(reverse("workbench"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_counts_are_inside_the_scope(district_admin: User) -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN)
    make_department("武昌区应急管理局", region_code=WUCHANG)
    html = client_for(district_admin).get(reverse("workbench")).content.decode()
    tile = re.search(r'stat-value">(\d+)</div>\s*<div class="text-secondary">组织机构', html)
    assert tile is not None and tile.group(1) == "1"
    assert "用户" in html and "行政区划" in html


def test_recent_activity_is_scoped(district_admin: User, other_district_admin: User) -> None:
    create_object(Department, {"name": "江岸区新单位", "kind": "office",
                               "region": region(JIANGAN)}, actor=actor_for(district_admin))
    create_object(Department, {"name": "武昌区新单位", "kind": "office",
                               "region": region(WUCHANG)}, actor=actor_for(other_district_admin))
    html = client_for(district_admin).get(reverse("workbench")).content.decode()
    assert "新增组织机构：江岸区新单位" in html
    assert "武昌区新单位" not in html


def test_todos_list_unread_messages_and_missing_second_factor(duty_officer: User) -> None:
    notify([duty_officer], title="请报送", actor=system())
    html = client_for(duty_officer).get(reverse("workbench")).content.decode()
    assert "未读站内消息" in html and "尚未启用双因子认证" in html


def test_security_card_counts_days_to_password_expiry(duty_officer: User) -> None:
    User.objects.filter(pk=duty_officer.pk).update(
        password_changed_at=timezone.now() - timedelta(days=80, hours=1))
    html = client_for(duty_officer).get(reverse("workbench")).content.decode()
    assert "还剩 9 天" in html
    assert "密码将在9天后过期" in html  # also a to-do


def test_chart_counts_departments_per_street(district_admin: User) -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN)
    make_department("大智街道办事处", region_code=JIANGAN_STREET)
    make_department("大智街道应急站", region_code=JIANGAN_STREET)
    html = client_for(district_admin).get(reverse("workbench")).content.decode()
    match = re.search(r'<script id="chart-departments" type="application/json">(.*?)</script>', html)
    assert match is not None
    items = json.loads(match.group(1))["items"]
    assert items == [{"name": "大智街道", "value": 2}, {"name": "江岸区本级", "value": 1}]
    assert "vendor/echarts/echarts.min.js" in html


def test_query_count_is_bounded(district_admin: User) -> None:
    client = client_for(district_admin)
    for i in range(3):
        make_department(f"单位{i}", region_code=JIANGAN_STREET)
    client.get(reverse("workbench"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("workbench"))
    for i in range(3, 30):
        make_department(f"单位{i}", region_code=JIANGAN_STREET)
        notify([district_admin], title=f"消息{i}", actor=system())
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("workbench"))
    assert len(many.captured_queries) == len(few.captured_queries) <= 30


@pytest.fixture
def extra_registry() -> Any:
    cards, todos = dict(workbench._CARDS), dict(workbench._TODOS)
    yield
    workbench._CARDS.clear()
    workbench._CARDS.update(cards)
    workbench._TODOS.clear()
    workbench._TODOS.update(todos)


def test_modules_add_cards_and_todos(extra_registry: Any, duty_officer: User,
                                     auditor: User) -> None:
    register_card(Card("hazards", "隐患统计", "ui/cards/todos.html",
                       lambda request: {"todos": [Todo("重大隐患待整改", 3, "/hazards/", "danger")]},
                       permission="core.view_department", order=1))
    register_card(Card("hidden", "不显示", "ui/cards/todos.html", lambda request: None))
    register_todos("drills", lambda user: [Todo("演练待评估", 2, "/drills/", "warning"),
                                           Todo("没有事项", 0, "/none/")])
    html = client_for(duty_officer).get(reverse("workbench")).content.decode()
    assert "隐患统计" in html and "重大隐患待整改" in html
    assert "不显示" not in html
    assert "演练待评估" in html and "没有事项" not in html
    # The user's work leads: to-dos and module cards come before the account's card.
    assert max(html.index('data-card="todos"'), html.index('data-card="hazards"')) < html.index(
        'data-card="security"')
    assert 'data-card="counts"' not in html  # organisation counts are the administrators'
    auditor_html = client_for(auditor).get(reverse("workbench")).content.decode()
    assert "隐患统计" not in auditor_html  # auditors lack core.view_department
