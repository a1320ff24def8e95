"""The module kit: the generic action view, the workflow's refusals as 409, the settings
singleton that never writes on a read, background starters, and an anonymous request
that is never the system."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from yingji.core import starters
from yingji.core.actor import Actor
from yingji.core.api.errors import exception_handler
from yingji.core.models import AuditLog
from yingji.core.services.objects import check_permission, check_scope
from yingji.core.services.settings import save_settings
from yingji.core.testing import JIANGAN, WUCHANG, actor_for, client_for, make_user, region, system
from yingji.core.tests.workflowapp.models import TICKET_FLOW, Ticket, TicketSettings
from yingji.core.workflow import StaleObject, TransitionRefused

pytestmark = [pytest.mark.django_db, pytest.mark.urls("yingji.core.tests.workflowapp.urls")]


@pytest.fixture
def officer():
    user = make_user("kit_officer", roles=["supervisor"], scope=JIANGAN)
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["change_ticket", "view_ticket", "change_ticketsettings", "view_ticketsettings"]))
    return user


@pytest.fixture
def ticket():
    return Ticket.objects.create(title="消防通道堵塞", region=region(JIANGAN), state="registered")


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the generic action view ---------------------------------------------------------


def test_action_view_runs_the_step_and_says_so(officer, ticket) -> None:
    response = client_for(officer).post(f"/tickets/{ticket.pk}/assign/",
                                        {"measures": "清理通道", "days": 3, "version": 0})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.state, ticket.measures) == ("rectifying", "清理通道")
    assert _messages(response) == ["已下发整改：消防通道堵塞"]


def test_action_view_shows_every_form_error_with_its_label_and_changes_nothing(officer, ticket) -> None:
    response = client_for(officer).post(f"/tickets/{ticket.pk}/assign/",
                                        {"measures": "", "days": "abc", "version": 0})
    assert response.status_code == 302
    (text,) = _messages(response)
    assert "整改措施：" in text and "整改天数：" in text and "measures" not in text
    ticket.refresh_from_db()
    assert ticket.state == "registered"


def test_action_view_shows_the_services_refusal_in_chinese(officer, ticket) -> None:
    ticket.version = 4
    ticket.save()
    response = client_for(officer).post(f"/tickets/{ticket.pk}/assign/",
                                        {"measures": "清理通道", "days": 3, "version": 0})
    assert _messages(response) == ["该记录已被他人处理或修改，请刷新页面后重试"]
    ticket.refresh_from_db()
    assert ticket.state == "registered"


def test_action_view_hides_an_object_outside_the_scope(ticket) -> None:
    other = make_user("kit_wuchang", roles=["supervisor"], scope=WUCHANG)
    other.user_permissions.add(Permission.objects.get(codename="change_ticket"))
    response = client_for(other).post(f"/tickets/{ticket.pk}/assign/",
                                      {"measures": "清理通道", "days": 3, "version": 0})
    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.state == "registered"


def test_action_view_refuses_without_the_permission_and_sends_strangers_to_login(ticket) -> None:
    plain = make_user("kit_plain", roles=[], scope=JIANGAN)
    assert client_for(plain).post(f"/tickets/{ticket.pk}/assign/", {}).status_code == 403
    from django.test import Client

    anonymous = Client().post(f"/tickets/{ticket.pk}/assign/", {})
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]


# --- the workflow's refusals in the API ----------------------------------------------


@pytest.mark.parametrize(("exc", "code", "message"), [
    (TransitionRefused({"state": "当前状态为“登记”，不能执行“销号”"}), "conflict",
     "当前状态为“登记”，不能执行“销号”"),
    (StaleObject({"version": "该记录已被他人处理或修改，请刷新页面后重试"}), "stale",
     "该记录已被他人处理或修改，请刷新页面后重试"),
])
def test_workflow_refusals_are_409_with_the_reason(exc, code, message) -> None:
    response = exception_handler(exc, {})
    assert response.status_code == 409
    assert response.data["error"]["code"] == code
    assert response.data["error"]["message"] == message
    assert list(response.data["error"]["fields"]) in (["state"], ["version"])


# --- settings: one row, never written by a read --------------------------------------


def test_settings_read_gives_the_defaults_without_writing() -> None:
    with CaptureQueriesContext(connection) as queries:
        current = TicketSettings.current()
    assert current.remind_hours == 24 and current.pk == 1
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert not TicketSettings.objects.exists()


def test_settings_first_save_creates_the_row_then_updates_it_audited(officer) -> None:
    save_settings(TicketSettings, {"remind_hours": 12}, actor=system())
    save_settings(TicketSettings, {"remind_hours": 6}, actor=system())
    assert [(s.pk, s.remind_hours) for s in TicketSettings.objects.all()] == [(1, 6)]
    actions = list(AuditLog.objects.filter(object_type="workflowapp.ticketsettings")
                   .order_by("chain_index").values_list("action", flat=True))
    assert actions == ["create", "update"]


def test_settings_page_saves_through_the_service() -> None:
    city = make_user("kit_city", roles=["supervisor"], scope="4201")
    city.user_permissions.add(*Permission.objects.filter(
        codename__in=["change_ticketsettings", "view_ticketsettings"]))
    client = client_for(city)
    assert client.get("/tickets/settings/").status_code == 200
    response = client.post("/tickets/settings/", {"remind_hours": 48})
    assert response.status_code == 302
    assert TicketSettings.current().remind_hours == 48


def test_district_staff_read_settings_but_cannot_change_them() -> None:
    district = make_user("kit_district", roles=["supervisor"], scope=JIANGAN)
    district.user_permissions.add(*Permission.objects.filter(
        codename__in=["change_ticketsettings", "view_ticketsettings"]))
    assert client_for(district).get("/tickets/settings/").status_code == 403


# --- background starters ---------------------------------------------------------------


def test_starters_start_only_the_enabled_ones(monkeypatch) -> None:
    monkeypatch.setattr(starters, "_STARTERS", {})
    started: list[str] = []
    starters.register("a", lambda: started.append("a"), label="甲")
    starters.register("b", lambda: started.append("b"), enabled=lambda: False)
    assert starters.start_all() == ["甲"]
    assert started == ["a"]


def test_monitoring_registers_its_mqtt_consumer_as_a_starter() -> None:
    assert "monitoring_mqtt" in {s.name for s in starters.registered()}


# --- an anonymous request is never the system ------------------------------------------


def test_anonymous_request_is_not_the_system(ticket) -> None:
    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    actor = Actor.from_request(request)
    assert actor.anonymous and not actor.is_system and actor.label == "匿名访问"
    with pytest.raises(PermissionDenied):
        check_permission(actor, Ticket, "change")
    with pytest.raises(Exception, match="超出您的数据范围"):
        check_scope(actor, ticket)
    with pytest.raises(PermissionDenied):
        TICKET_FLOW.fire(ticket, "assign", actor=actor, data={"measures": "x"})
    ticket.refresh_from_db()
    assert ticket.state == "registered"


def test_only_a_named_system_actor_acts_everywhere(ticket, officer) -> None:
    with pytest.raises(ValueError):
        Actor.system("")
    done = TICKET_FLOW.fire(ticket, "assign", actor=system(), data={"measures": "x"})
    assert done.state == "rectifying"
    assert actor_for(officer).is_system is False
