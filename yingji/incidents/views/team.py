"""The rescue team's pages (救援队伍工作台): its own dispatch orders to accept and report
on (出发 / 到达 / 处置中 / 返回 with its position), and its status and members. Every
order comes through ``access.orders_for``: another team's order is a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from yingji.core.views.generic import ObjectActionView, TemplatePageView
from yingji.incidents import access
from yingji.incidents.forms import ORDER_STEPS, StepForm, TeamStatusForm, bootstrap
from yingji.incidents.models import DispatchOrder
from yingji.incidents.services import teams
from yingji.incidents.workflow import ACTIVE_ORDER_STATES, DISPATCH_FLOW

# The steps a team reports itself (the duty officer alone withdraws an order).
TEAM_STEPS = ("accept", "depart", "arrive", "work", "complete", "return")


def _decorate(order: DispatchOrder, actor: Any) -> DispatchOrder:
    order.state_label = DISPATCH_FLOW.label(order.state)  # type: ignore[attr-defined]
    order.steps = [t for t in DISPATCH_FLOW.available(order, actor)  # type: ignore[attr-defined]
                   if t.name in TEAM_STEPS]
    return order


class TeamWorkbenchView(TemplatePageView):
    """救援队伍工作台: the team's status and members, its active orders with the next
    steps, and the orders it finished lately."""

    model = DispatchOrder
    title = "救援队伍工作台"
    template_name = "incidents/team.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from yingji.resources.models import RescueTeam

        user = self.request.user
        orders = access.orders_for(user, "view").select_related("incident", "incident__region")
        mine = list(RescueTeam.objects.filter(pk__in=access.own_team_ids(user)).order_by("name"))
        for team in mine:
            team.status_form = bootstrap(TeamStatusForm(initial={
                "status": team.status, "headcount": team.headcount, "members": team.members}))
        return {
            "teams": mine,
            "active": [_decorate(o, self.actor) for o in
                       orders.filter(state__in=ACTIVE_ORDER_STATES).order_by("-issued_at")[:50]],
            "finished": [_decorate(o, self.actor) for o in orders.exclude(
                state__in=ACTIVE_ORDER_STATES).order_by("-issued_at")[:20]],
        }


class TeamOrderDetailView(TemplatePageView):
    """One of the team's orders: where to go, the task, every step's time, the position
    last reported, and the next steps."""

    model = DispatchOrder
    template_name = "incidents/team_order.html"

    def get_title(self) -> str:
        return "调度指令"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from yingji.core.audit import object_type_of
        from yingji.core.models import DomainEvent

        order = get_object_or_404(access.orders_for(self.request.user, "view").select_related(
            "incident", "incident__region"), pk=self.kwargs["pk"])
        events = DomainEvent.objects.filter(object_type=object_type_of(order),
                                            object_id=str(order.pk)).order_by("-time", "-id")[:50]
        return {"order": _decorate(order, self.actor), "events": list(events),
                "title": f"调度指令：{order.incident.title}"}


class TeamOrderStepView(ObjectActionView):
    """A step the team reports on its own order, with its position."""

    model = DispatchOrder
    form_class = StepForm

    def get_object(self) -> Any:
        return get_object_or_404(access.orders_for(self.request.user, "change"),
                                 pk=self.kwargs["pk"])

    def perform(self, obj: DispatchOrder, data: dict[str, Any]) -> Any:
        if data["step"] not in TEAM_STEPS:
            raise Http404
        return ORDER_STEPS[data["step"]](obj, data, actor=self.actor)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return f"{result.resource_name}：{DISPATCH_FLOW.label(result.state)}"

    def success_url(self, obj: Any) -> str:
        if self.request.POST.get("next") == "workbench":
            return reverse("team_workbench")
        return reverse("dispatchorder_detail", kwargs={"pk": self.kwargs["pk"]})


class TeamStatusView(ObjectActionView):
    """The team account reports its own team's status and members."""

    model = DispatchOrder
    action = "view"
    form_class = TeamStatusForm
    success_message = "已上报队伍状态"

    def get_object(self) -> Any:
        from yingji.resources.models import RescueTeam

        if self.kwargs["pk"] not in access.own_team_ids(self.request.user):
            raise Http404
        return RescueTeam.objects.get(pk=self.kwargs["pk"])

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return teams.report_team_status(obj, data, actor=self.actor)

    def success_url(self, obj: Any) -> str:
        return reverse("team_workbench")
