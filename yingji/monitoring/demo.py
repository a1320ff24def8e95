"""Demo monitoring: objects, points and a data source for the demo enterprise account's
enterprise and the enterprises with the gravest major hazards; a day of readings sent
through the real pipeline (so aggregates, rules and alarms are the real ones), with a
tank overfilling, a stuck temperature and a gateway gone quiet.

Deterministic (seeded); a second run adds nothing. While ``yingji serve`` runs in demo
mode, ``demo_feed`` keeps these gateways sending (the quiet one stays quiet)."""

from __future__ import annotations

import json
import random
import time

from yingji.core.demo.registry import DemoContext, register
from yingji.core.services.objects import create_object
from yingji.enterprises.models import Enterprise, MajorHazardUnit
from yingji.monitoring.demo_feed import POINTS, feed_token, reading_value
from yingji.monitoring.ingest.mqtt import DEFAULT_ROOT, readings_topic
from yingji.monitoring.ingest.pipeline import Incoming, Pipeline, reset_registry
from yingji.monitoring.models import MeasurementPoint, MonitoredObject
from yingji.monitoring.services.checks import check_offline
from yingji.monitoring.services.sources import create_source

SEED = 20261125
PER_SCALE = 24
@register(600, "监测测点、一天的监测数据和报警")
def build_monitoring(ctx: DemoContext) -> None:
    if MonitoredObject.objects.filter(code__startswith="DEMO-").exists():
        ctx.log("  演示监测数据已存在，跳过")
        return
    owned = list(Enterprise.objects.filter(members__isnull=False).distinct().order_by("id")[:1])
    wanted = PER_SCALE * ctx.scale - len(owned)
    graded = list(Enterprise.objects.filter(major_hazard_grade__isnull=False).exclude(
        pk__in=[e.pk for e in owned]).order_by("major_hazard_grade", "id")[:wanted])
    enterprises = owned + graded
    if not enterprises:
        ctx.log("  没有演示企业，跳过监测数据")
        return
    rng = random.Random(SEED)
    sites = []
    for n, enterprise in enumerate(enterprises):
        unit = MajorHazardUnit.objects.filter(source__enterprise=enterprise).order_by("id").first()
        lon = (enterprise.longitude or 114.3) + 0.001
        lat = (enterprise.latitude or 30.6) + 0.001
        obj = create_object(MonitoredObject, {
            "enterprise": enterprise, "kind": "major_hazard_unit" if unit else "tank",
            "name": unit.name if unit else "1号储罐", "code": f"DEMO-{n:03d}", "major_hazard_unit": unit,
            "longitude": lon, "latitude": lat}, actor=ctx.actor)
        for code, name, kind, unit_name, (low, high), (ll, lo, hi, hh), _, _ in POINTS:
            create_object(MeasurementPoint, {
                "enterprise": enterprise, "monitored_object": obj, "code": f"{code}-{n:03d}", "name": name,
                "point_type": kind, "unit": unit_name, "range_low": low, "range_high": high, "low_low": ll,
                "low": lo, "high": hi, "high_high": hh, "sampling_seconds": 60}, actor=ctx.actor)
        code = f"DEMO-GW-{n:03d}"
        source, token = create_source(actor=ctx.actor, enterprise=enterprise, code=code,
                                      name=f"{enterprise.name[:20]}数据网关", token=feed_token(code))
        sites.append((n, source.code, token))
    reset_registry()
    pipeline = Pipeline()
    now = time.time()
    start = now - 24 * 3600
    quiet = {len(sites) - 1}  # this gateway stops an hour before now
    for n, code, token in sites:
        readings = []
        for minute in range(0, 24 * 60, 2):
            ts = start + minute * 60
            if n in quiet and ts > now - 3600:
                break
            for pcode, _, _, _, _, _, base, amplitude in POINTS:
                # The wave's phase is the wall-clock minute: the live feed continues it.
                value = reading_value(base, amplitude, int(ts // 60) + n * 37, rng)
                if pcode == "LT" and n == 0 and 1300 <= minute <= 1330:
                    value = 9.8 + (minute - 1300) / 40  # overfilling: 高报 then 高高报
                if pcode == "TT" and n == 1 and minute >= 1200:
                    value = 31.5  # stuck transmitter
                if pcode == "GT" and n == 2 and 900 <= minute <= 910:
                    value = 32.0  # combustible gas leak: 高报
                readings.append({"point": f"{pcode}-{n:03d}", "value": value, "ts": round(ts, 3)})
        for i in range(0, len(readings), 2000):
            body = json.dumps({"source": code, "token": token, "readings": readings[i:i + 2000]}).encode()
            pipeline.process([Incoming(raw=body, door="http", source_code=code, token=token)])
    bad = json.dumps({"source": sites[0][1], "token": sites[0][2], "readings": [
        {"point": "LT-999", "value": 1, "ts": now - 60},
        {"point": f"LT-{0:03d}", "value": 5, "unit": "cm", "ts": now - 60}]}).encode()
    pipeline.process([Incoming(raw=bad, door="mqtt", topic=readings_topic(DEFAULT_ROOT, sites[0][1])),
                      Incoming(raw=b"{not json", door="mqtt", topic=readings_topic(DEFAULT_ROOT, "UNKNOWN"))])
    offline = check_offline()
    ctx.log(f"  {len(sites)}家企业、{len(sites) * len(POINTS)}个测点、一天的数据；离线测点{offline}个")
