"""The wall screen page, its two JSON endpoints (the panels' figures; the followed
incident) and the layout's settings page. Views only read through the services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone

from yingji.core.views.generic import PageView, SettingsEditView, TemplatePageView
from yingji.screen import rules
from yingji.screen.forms import ScreenSettingsForm
from yingji.screen.models import ScreenSettings
from yingji.screen.services import focus, panels


class ScreenView(TemplatePageView):
    """指挥大屏: the map in the middle with the live layers, the layout's panels around
    it, filled and kept current by ``static/screen/screen.js``."""

    model = ScreenSettings
    title = "指挥大屏"
    template_name = "screen/screen.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from yingji.ui.views.map import map_settings
        from yingji.ui.views.map_layers import layers_for

        layout = ScreenSettings.current()
        places = dict(rules.placed(layout.layout()))
        columns: dict[str, list[dict[str, str]]] = {"left": [], "right": [], "bottom": []}
        for slot, _ in rules.SLOTS:
            panel = places.get(slot, "")
            columns[slot.split("_")[0]].append(
                {"slot": slot, "panel": panel, "title": rules.PANEL_TITLES.get(panel, "")})
        user: Any = self.request.user
        region = user.scope_region.name if user.scope_region_id else "全国"
        config = {"data_url": reverse("screen_data"), "follow_url": reverse("screen_follow", args=[0]),
                  "refresh_seconds": max(rules.MIN_REFRESH_SECONDS, layout.refresh_seconds),
                  "panels": list(places.values())}
        return {"layout": layout, "columns": columns, "region": region, "config": config,
                "map": map_settings(user), "layers": layers_for(user),
                "may_edit": user.has_perm("screen.change_screensettings")}


class ScreenDataView(PageView):
    """The figures of the screen's panels (``?panels=a,b``: only those; by default the
    layout's), each within the user's scope."""

    model = ScreenSettings

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        wanted = [c for c in request.GET.get("panels", "").split(",") if c]
        if not wanted:
            wanted = [panel for _, panel in rules.placed(ScreenSettings.current().layout())]
        now = timezone.now()
        data = panels.read_panels(request.user, wanted, now)
        return JsonResponse({"at": timezone.localtime(now).strftime("%H:%M:%S"), "panels": data},
                            json_dumps_params={"ensure_ascii": False})


class ScreenFollowView(PageView):
    """The followed incident: place, forces and their positions, resources near it, the
    plan and its tasks, the reports (404 outside the user's scope)."""

    model = ScreenSettings

    def get(self, request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> JsonResponse:
        return JsonResponse(focus.follow(request.user, pk), json_dumps_params={"ensure_ascii": False})


class ScreenSettingsView(SettingsEditView):
    """大屏布局: the administrator places the panels around the map (one row for the
    bureau's installation; the first save creates it)."""

    model = ScreenSettings
    form_class = ScreenSettingsForm
    title = "指挥大屏布局"
