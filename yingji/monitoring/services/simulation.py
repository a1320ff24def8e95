"""Set up the sites a simulation drives: existing monitored enterprises first, then
enterprises given a simulated tank with points; each gets its own ``SIM-`` data source
with a fresh token (existing sources and their credentials are never touched)."""

from __future__ import annotations

from yingji.core.actor import Actor
from yingji.core.services.objects import create_object
from yingji.enterprises.models import Enterprise
from yingji.monitoring.ingest.pipeline import reset_registry
from yingji.monitoring.models import DataSource, MeasurementPoint, MonitoredObject
from yingji.monitoring.services.sources import create_source, rotate_token
from yingji.monitoring.simulator import SimPoint, Site

SIM_POINTS = (
    ("LT", "液位", "level", "m", 0.0, 12.0, 9.5, 10.5),
    ("TT", "温度", "temperature", "℃", -20.0, 120.0, 45.0, 60.0),
    ("PT", "压力", "pressure", "MPa", 0.0, 2.5, 1.6, 2.0),
    ("GT", "可燃气体浓度", "gas_combustible", "%LEL", 0.0, 100.0, 25.0, 50.0),
)


def prepare_sites(count: int, points_per_site: int, *, actor: Actor) -> list[Site]:
    """``count`` sites with at least ``points_per_site`` points each."""
    monitored = list(Enterprise.objects.filter(
        pk__in=MeasurementPoint.objects.values("enterprise_id")).order_by("id")[:count])
    others = list(Enterprise.objects.exclude(pk__in=[e.pk for e in monitored]).order_by(
        "major_hazard_grade", "id")[:max(0, count - len(monitored))])
    sites = []
    for enterprise in monitored + others:
        points = list(MeasurementPoint.objects.filter(enterprise=enterprise, enabled=True).order_by("code"))
        if len(points) < points_per_site:
            obj, _ = MonitoredObject.objects.get_or_create(
                enterprise=enterprise, code="SIM-TANK",
                defaults={"kind": "tank", "name": "模拟储罐", "longitude": enterprise.longitude,
                          "latitude": enterprise.latitude})
            for i in range(len(points), points_per_site):
                code, name, kind, unit, low, high, hi, hh = SIM_POINTS[i % len(SIM_POINTS)]
                points.append(create_object(MeasurementPoint, {
                    "enterprise": enterprise, "monitored_object": obj, "code": f"SIM-{code}-{i:03d}",
                    "name": f"模拟{name}{i}", "point_type": kind, "unit": unit, "range_low": low,
                    "range_high": high, "high": hi, "high_high": hh, "sampling_seconds": 10}, actor=actor))
        code = f"SIM-{enterprise.pk}"
        source = DataSource.objects.filter(code=code).first()
        if source is None:
            source, token = create_source(actor=actor, enterprise=enterprise, code=code, name="模拟数据源")
        else:
            token = rotate_token(source, actor=actor)
        sites.append(Site(code, token, [SimPoint(p.code, p.unit, p.range_low, p.range_high, p.high)
                                        for p in points[:points_per_site]]))
    reset_registry()
    return sites
