"""The cockpit (监测预警一张图), its map layers and the access-rate report."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.views.generic import TemplatePageView, restricted
from yingji.enterprises.models import Enterprise
from yingji.monitoring import rules
from yingji.monitoring.models import Alarm, MeasurementPoint
from yingji.monitoring.services import alarms, analytics
from yingji.monitoring.views.alarms import _alarm_state

COLOUR_HEX = {"red": "#d63939", "orange": "#f76707", "yellow": "#f59f00", "blue": "#206bc4"}


class AccessRateView(TemplatePageView):
    """接入率 / 在线率 / 达标 per enterprise or county for a day, with the scope's total
    (the figure the cockpit shows) and the bureau's target."""

    model = MeasurementPoint
    title = "接入率与在线率"
    template_name = "monitoring/access.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        try:
            day = date.fromisoformat(self.request.GET.get("day", ""))
        except ValueError:
            day = timezone.localdate()
        by = "region" if self.request.GET.get("by") == "region" else "enterprise"
        rows = analytics.access_rates(restricted(self, "view"), day, by)
        total = analytics.access_total(rows)
        chart = {"title": "在线率（%）", "items": [
            {"name": r.label, "value": round((r.online_rate or 0) * 100, 1)} for r in rows[:40]]}
        return {"rows": rows, "total": total, "day": day, "by": by, "chart": chart,
                "today": day == timezone.localdate(), "target": round(total.target * 100)}


class CockpitView(TemplatePageView):
    """监测预警一张图: enterprises coloured by live risk, counts, open alarm groups and
    the live alarm feed. ``?part=live`` answers only the counts and the groups, which the
    feed re-reads when an alarm event arrives."""

    model = Alarm
    title = "监测预警驾驶舱"
    template_name = "monitoring/cockpit.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("part") == "live":
            return self.render("monitoring/cockpit_live.html", self.live_context())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from yingji.ui.views.map import map_settings

        user = self.request.user
        url = reverse("monitoring_map")
        recent = Alarm.objects.restrict(user, "view").select_related("enterprise").order_by("-last_at")[:20]
        return {
            **self.live_context(),
            "map": map_settings(user),
            "layers": [{"name": rules.COLOUR_LABEL[c], "url": f"{url}?colour={c}", "color": COLOUR_HEX[c]}
                       for c in ("red", "orange", "yellow", "blue")],
            "recent": [{"alarm": a, "state": _alarm_state(a)} for a in recent],
        }

    def live_context(self) -> dict[str, Any]:
        user = self.request.user
        visible = Alarm.objects.restrict(user, "view")
        points = MeasurementPoint.objects.restrict(user, "view")
        total = analytics.access_total(analytics.access_rates(points, timezone.localdate(), "region"))
        return {
            "open_count": visible.filter(is_open=True).count(),
            "critical_count": visible.filter(is_open=True, severity=1).count(),
            "unacked_count": visible.filter(state__in=("raised", "pushed")).count(),
            "total": total,
            "target": round(total.target * 100),
            "groups": alarms.open_alarm_groups(visible)[:12],
        }


def cockpit_geojson(request: HttpRequest) -> HttpResponse:
    """Monitored enterprises in scope as GeoJSON points of one live colour layer."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": {"code": "not_authenticated", "message": "未登录"}}, status=401)
    if not may(request.user, Alarm, "view") or not may(request.user, Enterprise, "view"):
        raise PermissionDenied("您没有访问此页面的权限")
    colour = request.GET.get("colour", "")
    features = []
    for row in analytics.live_colours(Enterprise.objects.restrict(request.user, "view")):
        if (colour and row["colour"] != colour) or row["longitude"] is None or row["latitude"] is None:
            continue
        popup = (f"{row['name']}：{row['colour_label']}；未结束报警{row['open_alarms']}条"
                 f"（紧急{row['critical_alarms']}）；离线测点{row['offline_points']}/{row['total_points']}；"
                 f"逾期隐患{row['overdue_hazards']}")
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [
            row["longitude"], row["latitude"]]}, "properties": {"name": row["name"], "popup": popup,
                                                                "id": row["id"], "colour": row["colour"]}})
    return JsonResponse({"type": "FeatureCollection", "features": features},
                        json_dumps_params={"ensure_ascii": False})
