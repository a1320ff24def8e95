"""The command page (指挥调度): open incidents side by side on one map with the resources
sent to them and their movement states; live updates over SSE."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse

from yingji.core.views.generic import TemplatePageView
from yingji.incidents.models import DispatchOrder, Incident
from yingji.incidents.services import command
from yingji.incidents.workflow import DISPATCH_FLOW, INCIDENT_FLOW


class CommandView(TemplatePageView):
    """Open incidents in parallel: each with grade, reports due, forces and their states."""

    model = Incident
    title = "指挥调度"
    template_name = "incidents/command.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from yingji.ui.views.map import map_settings

        rows = command.open_incidents(self.request.user)
        # One GeoJSON request, split into these layers by incidents.js (concurrent
        # requests of one session can race on the session row).
        layers = [{"name": "处置中事件", "states": ["incident"], "color": "#d63939"},
                  {"name": "已下达/途中队伍", "states": ["issued", "accepted", "departed"],
                   "color": "#f59f00"},
                  {"name": "已到达现场队伍", "states": ["arrived", "working", "completed"],
                   "color": "#2fb344"}]
        return {"rows": rows, "map": map_settings(self.request.user), "command_layers": layers}


class CommandGeoJSONView(TemplatePageView):
    """Open incidents and the located resources sent to them, with movement states."""

    model = Incident

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        from yingji.resources.models import RescueTeam

        user = request.user
        incidents = list(Incident.objects.restrict(user, "view")
                         .filter(state__in=("received", "responding")).exclude(longitude=None)[:200])
        features: list[dict[str, Any]] = [{
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [i.longitude, i.latitude]},
            "properties": {"name": i.title, "kind": "incident", "state": "incident",
                           "popup": f"{i.title}｜{i.grade_display}｜{INCIDENT_FLOW.label(i.state)}"},
        } for i in incidents]
        orders = (DispatchOrder.objects.restrict(user, "view")
                  .filter(incident__in=incidents, resource_kind="team")
                  .exclude(state__in=("returned", "cancelled")))
        team_ids = [o.resource_id for o in orders]
        points = {t.pk: t for t in RescueTeam.objects.filter(pk__in=team_ids).exclude(longitude=None)}
        for order in orders:
            team = points.get(order.resource_id)
            if team is None:
                continue
            state = DISPATCH_FLOW.label(order.state)
            # Where the team last reported itself; else an arrived team at the scene,
            # otherwise at its base.
            incident = next(i for i in incidents if i.pk == order.incident_id)
            at_scene = order.state in ("arrived", "working", "completed")
            lon, lat = ((order.longitude, order.latitude) if order.longitude is not None
                        else (incident.longitude, incident.latitude) if at_scene
                        else (team.longitude, team.latitude))
            features.append({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"name": f"{team.name}（{state}）", "kind": "team",
                               "state": order.state,
                               "popup": f"{team.name}→{incident.title}｜{state}"},
            })
        layer = request.GET.get("layer", "")
        if layer:
            wanted = {"incident": ("incident",), "moving": ("issued", "accepted", "departed"),
                      "scene": ("arrived", "working", "completed")}.get(layer, ())
            features = [f for f in features
                        if f["properties"]["state"] in wanted]
        return JsonResponse({"type": "FeatureCollection", "features": features})
