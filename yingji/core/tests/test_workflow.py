"""The shared workflow mechanism: states, permissions, guards, required fields,
optimistic concurrency, audit and timeline."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from yingji.core.events import timeline
from yingji.core.models import AuditLog
from yingji.core.testing import JIANGAN, WUCHANG, actor_for, make_user, region
from yingji.core.tests.workflowapp.models import TICKET_FLOW, Ticket
from yingji.core.workflow import StaleObject, Transition, TransitionRefused, Workflow, check_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    user = make_user("ticket_officer", roles=["supervisor"], scope=JIANGAN)
    user.user_permissions.add(Permission.objects.get(codename="change_ticket"))
    return user


@pytest.fixture
def ticket():
    return Ticket.objects.create(title="消防通道堵塞", region=region(JIANGAN), state="registered")


def _assign(ticket, user):
    def apply(obj, data):
        obj.measures = data["measures"]

    return TICKET_FLOW.fire(ticket, "assign", actor=actor_for(user),
                            data={"measures": "清理通道"}, apply=apply)


def test_full_loop_records_state_version_audit_and_timeline(officer, ticket) -> None:
    t = _assign(ticket, officer)
    assert (t.state, t.version, t.measures) == ("rectifying", 1, "清理通道")
    t = TICKET_FLOW.fire(t, "submit", actor=actor_for(officer), data={"report": "已清理"})
    t = TICKET_FLOW.fire(t, "reject", actor=actor_for(officer), data={"comment": "仍有杂物"})
    t = TICKET_FLOW.fire(t, "submit", actor=actor_for(officer), data={"report": "复查已清理"})
    t = TICKET_FLOW.fire(t, "close", actor=actor_for(officer))
    assert (t.state, t.version) == ("closed", 5)
    summaries = [e.summary for e in reversed(timeline(t))]
    assert summaries[0] == "下发整改：登记 → 整改中"
    assert "验收不通过：待验收 → 整改中（仍有杂物）" in summaries
    assert summaries[-1] == "销号：待验收 → 已销号"
    entries = AuditLog.objects.filter(object_type="workflowapp.ticket", object_id=str(t.pk))
    assert entries.count() == 5
    assert entries.order_by("chain_index").first().before["state"] == "registered"


def test_wrong_state_is_refused_in_chinese(officer, ticket) -> None:
    with pytest.raises(TransitionRefused) as exc:
        TICKET_FLOW.fire(ticket, "close", actor=actor_for(officer))
    assert "当前状态为“登记”，不能执行“销号”" in str(exc.value)
    ticket.refresh_from_db()
    assert (ticket.state, ticket.version) == ("registered", 0)


def test_permission_and_role_are_required(ticket) -> None:
    stranger = make_user("no_perm", roles=["supervisor"], scope=JIANGAN)
    with pytest.raises(PermissionDenied):
        _assign(ticket, stranger)
    duty = make_user("duty_perm", roles=["duty_officer"], scope=JIANGAN)
    duty.user_permissions.add(Permission.objects.get(codename="change_ticket"))
    t = _assign(ticket, duty)
    t = TICKET_FLOW.fire(t, "submit", actor=actor_for(duty), data={"report": "ok"})
    with pytest.raises(PermissionDenied, match="销号"):
        TICKET_FLOW.fire(t, "close", actor=actor_for(duty))
    assert [tr.name for tr in TICKET_FLOW.available(t, actor_for(duty))] == []


def test_out_of_scope_actor_cannot_fire(ticket) -> None:
    outsider = make_user("wc_officer", roles=["supervisor"], scope=WUCHANG)
    outsider.user_permissions.add(Permission.objects.get(codename="change_ticket"))
    with pytest.raises(Exception, match="超出您的数据范围"):
        _assign(ticket, outsider)
    ticket.refresh_from_db()
    assert ticket.state == "registered"


def test_required_fields_and_guards(officer, ticket) -> None:
    with pytest.raises(TransitionRefused) as exc:
        TICKET_FLOW.fire(ticket, "assign", actor=actor_for(officer), data={"measures": "  "})
    assert exc.value.message_dict == {"measures": ["此项为必填项"]}
    ticket.state = "rectifying"
    ticket.save()
    with pytest.raises(TransitionRefused, match="尚未填写整改措施"):
        TICKET_FLOW.fire(ticket, "submit", actor=actor_for(officer), data={"report": "done"})


def test_two_people_acting_at_once_cannot_both_win(officer, ticket) -> None:
    mine, theirs = Ticket.objects.get(pk=ticket.pk), Ticket.objects.get(pk=ticket.pk)
    _assign(mine, officer)
    with pytest.raises(StaleObject, match="已被他人处理"):
        _assign(theirs, officer)
    ticket.refresh_from_db()
    assert ticket.version == 1


def test_an_edit_outside_a_transition_checks_the_version_the_same_way(officer, ticket) -> None:
    """check_version: what a service's own edit (a record's correction) calls on the
    locked row: the version the actor saw passes, another is refused like ``fire``'s."""
    check_version(ticket, ticket.version)
    _assign(Ticket.objects.get(pk=ticket.pk), officer)
    with pytest.raises(StaleObject, match="已被他人处理") as refused:
        check_version(Ticket.objects.get(pk=ticket.pk), 0)
    assert "version" in refused.value.message_dict


def test_declaration_errors_are_caught_early() -> None:
    with pytest.raises(ValueError, match="unknown states"):
        Workflow("bad", {"a": "甲"}, "a", [Transition("go", "去", ("a",), "b")])
    with pytest.raises(ValueError, match="duplicate"):
        Workflow("bad", {"a": "甲"}, "a",
                 [Transition("go", "去", ("a",), "a"), Transition("go", "去", ("a",), "a")])


def test_a_stay_transition_records_a_step_in_any_source_state(officer, ticket) -> None:
    from yingji.core.workflow import STAY

    flow = Workflow("ticket", states=dict(TICKET_FLOW.states), initial="registered",
                    transitions=[*TICKET_FLOW.transitions,
                                 Transition("note", "督办", ("registered", "rectifying"), STAY,
                                            permission="workflowapp.change_ticket")])
    t = flow.fire(ticket, "note", actor=actor_for(officer), data={"comment": "限期一周"})
    assert (t.state, t.version) == ("registered", 1)
    t = _assign(t, officer)
    t = flow.fire(t, "note", actor=actor_for(officer))
    assert (t.state, t.version) == ("rectifying", 3)
    assert timeline(t)[0].summary == "督办"
    assert "督办（限期一周）" in [e.summary for e in timeline(t)]
    assert [x.name for x in flow.available(t, actor_for(officer))] == ["submit", "note"]
    t = flow.fire(t, "submit", actor=actor_for(officer), data={"report": "已清理"})
    with pytest.raises(TransitionRefused):
        flow.fire(t, "note", actor=actor_for(officer))
