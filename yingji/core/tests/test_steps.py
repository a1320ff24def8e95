"""core.steps: one step table for the detail page's buttons and the API's step action.

The test app's ticket (``workflowapp``) declares its steps once (``TICKET_STEPS``); the
page (``TicketStepView``) and the API (``TicketViewSet.transition`` / ``.assign``) are
configuration. Each test checks what a person or a caller sees and that a refused step
changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from yingji.core.models import AuditLog
from yingji.core.steps import NoInputs, Step, StepTable
from yingji.core.testing import JIANGAN, WUCHANG, actor_for, client_for, make_user, region
from yingji.core.tests.workflowapp.models import TICKET_FLOW, Ticket
from yingji.core.tests.workflowapp.views import TICKET_STEPS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("yingji.core.tests.workflowapp.urls")]

API = "/api/test/tickets"


@pytest.fixture
def officer():
    user = make_user("steps_officer", roles=["supervisor"], scope=JIANGAN)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["change_ticket", "view_ticket"]))
    return user


@pytest.fixture
def ticket():
    return Ticket.objects.create(title="消防通道堵塞", region=region(JIANGAN), state="registered")


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _unchanged(ticket: Ticket) -> None:
    before = ticket.version
    ticket.refresh_from_db()
    assert (ticket.state, ticket.measures, ticket.version) == ("registered", "", before)
    assert not AuditLog.objects.filter(object_type="workflowapp.ticket", action="update").exists()


# --- the table -------------------------------------------------------------------------


def test_the_table_keeps_its_order_and_takes_labels_from_the_workflow() -> None:
    assert TICKET_STEPS.names == ("assign", "submit", "close")
    assert [s.label for s in TICKET_STEPS] == ["下发整改", "提交验收", "验收销号"]
    assert "assign" in TICKET_STEPS and "fly" not in TICKET_STEPS and len(TICKET_STEPS) == 3


def test_an_unknown_name_is_refused_in_chinese_on_the_name_field() -> None:
    with pytest.raises(ValidationError) as refused:
        TICKET_STEPS.lookup("fly")
    assert refused.value.message_dict == {"name": ["未知的操作：fly"]}


def test_a_table_refuses_a_step_without_a_label_or_given_twice() -> None:
    with pytest.raises(TypeError):
        StepTable(Step("assign", service=print))
    with pytest.raises(TypeError):
        StepTable(Step("a", "甲", service=print), Step("a", "乙", service=print))
    with pytest.raises(TypeError):
        Step("a", "甲")  # neither a service nor run


def test_available_offers_the_steps_the_workflow_allows_the_actor_now(officer, ticket) -> None:
    actor = actor_for(officer)
    assert [s.name for s in TICKET_STEPS.available(ticket, actor)] == ["assign"]
    ticket.state = "verifying"
    assert [s.name for s in TICKET_STEPS.available(ticket, actor)] == ["close"]
    plain = make_user("steps_plain", roles=[], scope=JIANGAN)
    assert TICKET_STEPS.available(ticket, actor_for(plain)) == []


def test_available_offers_a_step_only_to_those_holding_its_own_permission(officer, ticket) -> None:
    table = StepTable(Step("note", "备注", service=print, permission="workflowapp.change_ticket"),
                      Step("look", "查看", service=print))
    assert [s.name for s in table.available(ticket, actor_for(officer))] == ["note", "look"]
    plain = make_user("steps_plain_p", roles=[], scope=JIANGAN)
    assert [s.name for s in table.available(ticket, actor_for(plain))] == ["look"]


def test_perform_maps_the_version_and_passes_only_the_named_inputs() -> None:
    seen: dict = {}

    def service(obj, *, actor, expected_version=None, comment=""):
        seen.update(obj=obj, actor=actor, expected_version=expected_version, comment=comment)
        return obj

    step = Step("x", "某步", form=NoInputs, service=service, inputs=("comment",))
    step.perform("obj", {"version": 3, "comment": "好", "extra": 1}, "actor")  # type: ignore[arg-type]
    assert seen == {"obj": "obj", "actor": "actor", "expected_version": 3, "comment": "好"}
    renamed = Step("y", "某步", service=lambda obj, *, actor, version=None: version, version_arg="version")
    assert renamed.perform("obj", {"version": 7}, "actor") == 7  # type: ignore[arg-type]


# --- the page --------------------------------------------------------------------------


def test_the_page_runs_the_named_step_and_says_so(officer, ticket) -> None:
    response = client_for(officer).post(f"/tickets/{ticket.pk}/step/",
                                        {"name": "assign", "measures": "清理通道", "days": 3, "version": 0})
    assert response.status_code == 302 and response["Location"] == f"/tickets/{ticket.pk}/"
    ticket.refresh_from_db()
    assert (ticket.state, ticket.measures) == ("rectifying", "清理通道")
    assert _messages(response) == ["下发整改完成：整改中"]


def test_the_page_refuses_an_unknown_step_and_changes_nothing(officer, ticket) -> None:
    response = client_for(officer).post(f"/tickets/{ticket.pk}/step/", {"name": "fly", "measures": "x"})
    assert response.status_code == 302
    assert _messages(response) == ["未知的操作：fly"]
    _unchanged(ticket)


def test_the_page_shows_every_form_error_with_its_label_and_changes_nothing(officer, ticket) -> None:
    response = client_for(officer).post(f"/tickets/{ticket.pk}/step/",
                                        {"name": "assign", "measures": "", "days": "abc"})
    (text,) = _messages(response)
    assert text.startswith("提交的数据有误：") and "整改措施：" in text and "整改天数：" in text
    assert "measures" not in text and "days" not in text
    _unchanged(ticket)


def test_the_page_shows_the_workflows_refusal_and_a_stale_version(officer, ticket) -> None:
    client = client_for(officer)
    wrong_state = client.post(f"/tickets/{ticket.pk}/step/", {"name": "submit", "report": "已清理"})
    assert _messages(wrong_state) == ["当前状态为“登记”，不能执行“提交验收”"]
    _unchanged(ticket)
    ticket.version = 4
    ticket.save()
    stale = client_for(officer).post(f"/tickets/{ticket.pk}/step/",
                                     {"name": "assign", "measures": "清理通道", "days": 3, "version": 0})
    assert _messages(stale) == ["该记录已被他人处理或修改，请刷新页面后重试"]
    ticket.refresh_from_db()
    assert ticket.state == "registered"


def test_the_page_uses_the_steps_own_message_and_a_local_next_only(officer, ticket) -> None:
    ticket.state, ticket.measures, ticket.report = "verifying", "清理通道", "已清理"
    ticket.save()
    client = client_for(officer)
    response = client.post(f"/tickets/{ticket.pk}/step/", {"name": "close", "next": "/workbench/"})
    assert response["Location"] == "/workbench/" and _messages(response) == ["工单已销号"]
    ticket.refresh_from_db()
    assert ticket.state == "closed"
    elsewhere = client.post(f"/tickets/{ticket.pk}/step/", {"name": "close", "next": "//evil.example/"})
    assert elsewhere["Location"] == f"/tickets/{ticket.pk}/"


def test_a_step_on_its_own_page_is_shown_when_offered_and_keeps_what_was_typed(officer, ticket) -> None:
    client = client_for(officer)
    url = f"/tickets/{ticket.pk}/assign-page/"
    page = client.get(url)
    assert page.status_code == 200 and "下发整改：消防通道堵塞" in page.content.decode()
    again = client.post(url, {"measures": "清理通道", "days": 0, "version": 0})
    assert again.status_code == 200 and 'value="清理通道"' in again.content.decode()
    assert "提交的数据有误：整改天数：确保该值大于或等于1。" in again.content.decode()
    _unchanged(ticket)
    done = client.post(url, {"measures": "清理通道", "days": 3, "version": 0})
    assert done.status_code == 302 and done["Location"] == f"/tickets/{ticket.pk}/"
    ticket.refresh_from_db()
    assert ticket.state == "rectifying"
    # Not offered in this state any more: the page is refused, the step not run.
    assert client.get(url).status_code == 403
    assert client.post(url, {"measures": "再次", "days": 3}).status_code == 403


def test_the_page_hides_a_ticket_outside_the_scope_and_needs_the_permission(ticket) -> None:
    other = make_user("steps_wuchang", roles=["supervisor"], scope=WUCHANG)
    other.user_permissions.add(Permission.objects.get(codename="change_ticket"))
    body = {"name": "assign", "measures": "清理通道", "days": 3}
    assert client_for(other).post(f"/tickets/{ticket.pk}/step/", body).status_code == 404
    plain = make_user("steps_plain2", roles=[], scope=JIANGAN)
    assert client_for(plain).post(f"/tickets/{ticket.pk}/step/", body).status_code == 403
    anonymous = Client().post(f"/tickets/{ticket.pk}/step/", body)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    _unchanged(ticket)


# --- the API ---------------------------------------------------------------------------


def test_the_api_runs_the_step_and_answers_the_object(officer, ticket) -> None:
    response = client_for(officer).post(f"{API}/{ticket.pk}/transition/",
                                        {"name": "assign", "measures": "清理通道", "days": 3},
                                        content_type="application/json")
    assert response.status_code == 200
    assert response.json()["state"] == "rectifying" and response.json()["measures"] == "清理通道"


def test_the_api_gives_field_level_400s_and_changes_nothing(officer, ticket) -> None:
    client = client_for(officer)
    unknown = client.post(f"{API}/{ticket.pk}/transition/", {"name": "fly"}, content_type="application/json")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["fields"] == {"name": ["未知的操作：fly"]}
    invalid = client.post(f"{API}/{ticket.pk}/transition/", {"name": "assign", "days": 0},
                          content_type="application/json")
    assert invalid.status_code == 400
    assert set(invalid.json()["error"]["fields"]) == {"measures", "days"}
    _unchanged(ticket)


def test_the_api_answers_409_for_a_refused_or_stale_step(officer, ticket) -> None:
    client = client_for(officer)
    refused = client.post(f"{API}/{ticket.pk}/transition/", {"name": "close"},
                          content_type="application/json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "conflict"
    ticket.version = 4
    ticket.save()
    stale = client.post(f"{API}/{ticket.pk}/assign/", {"measures": "清理通道", "days": 3, "version": 1},
                        content_type="application/json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale"
    ticket.refresh_from_db()
    assert ticket.state == "registered"


def test_the_api_answers_403_without_the_permission_and_404_outside_the_scope(ticket) -> None:
    reader = make_user("steps_reader", roles=[], scope=JIANGAN)
    reader.user_permissions.add(Permission.objects.get(codename="view_ticket"))
    body = {"name": "assign", "measures": "清理通道", "days": 3}
    denied = client_for(reader).post(f"{API}/{ticket.pk}/transition/", body, content_type="application/json")
    assert denied.status_code in (403, 404)  # restrict() hides what one may not change
    other = make_user("steps_wuchang2", roles=["supervisor"], scope=WUCHANG)
    other.user_permissions.add(*Permission.objects.filter(codename__in=["change_ticket", "view_ticket"]))
    hidden = client_for(other).post(f"{API}/{ticket.pk}/transition/", body, content_type="application/json")
    assert hidden.status_code == 404
    _unchanged(ticket)


def test_the_api_answers_403_when_the_workflow_refuses_the_actor(ticket) -> None:
    # The permission to change tickets, but not the role that closes one.
    clerk = make_user("steps_clerk", roles=[], scope=JIANGAN)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["change_ticket", "view_ticket"]))
    ticket.state = "verifying"
    ticket.save()
    response = client_for(clerk).post(f"{API}/{ticket.pk}/transition/", {"name": "close"},
                                      content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "您无权执行“销号”"
    ticket.refresh_from_db()
    assert ticket.state == "verifying"


def test_the_schema_documents_each_steps_body_and_every_answer() -> None:
    generator = SchemaGenerator(urlconf="yingji.core.tests.workflowapp.urls")
    schema = generator.get_schema(request=None, public=True)
    validate_schema(schema)
    post = schema["paths"]["/api/test/tickets/{id}/transition/"]["post"]
    # 401 and 415 are added to every write by core.api.schema.YingjiAutoSchema.
    assert set(post["responses"]) == {"200", "400", "401", "403", "404", "409", "415"}
    body = post["requestBody"]["content"]["application/json"]["schema"]
    request = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert request["discriminator"]["propertyName"] == "name"
    assert set(request["discriminator"]["mapping"]) == {"assign", "submit", "close"}
    components = schema["components"]["schemas"]
    assert body["$ref"].endswith("/TicketTransitionRequest")
    assign = components["TicketTransitionAssignRequest"]
    name = components[assign["properties"]["name"]["allOf"][0]["$ref"].rsplit("/", 1)[1]]
    assert name["enum"] == ["assign"]
    assert {"measures", "days", "version"} <= set(assign["properties"])
    assert set(assign["required"]) == {"name", "measures", "days"}
    fixed = schema["paths"]["/api/test/tickets/{id}/assign/"]["post"]
    fixed_body = fixed["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert fixed_body.endswith("/TicketAssignRequest")
    assert "name" not in components["TicketAssignRequest"]["properties"]


def test_every_transition_of_the_workflow_that_people_take_has_a_step() -> None:
    # The test app's table covers its workflow but for the rejection, which it leaves
    # out on purpose: a table need not offer every transition.
    assert set(TICKET_STEPS.names) <= {t.name for t in TICKET_FLOW.transitions}
