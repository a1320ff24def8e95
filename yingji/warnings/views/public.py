"""Public pages (no login): active warnings for phones, one warning, its CAP XML, the
Atom feed of current warnings, and the published responsible-person directory."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from yingji.core.models import Region
from yingji.core.rules import RegionCodeError, normalize_region_code
from yingji.core.scope import region_range_q
from yingji.warnings import cap, rules
from yingji.warnings.models import Bulletin, Level, ResponsiblePerson

PUBLIC_STATES = ("published", "lifted", "expired")


def active_bulletins() -> QuerySet[Bulletin]:
    return (Bulletin.objects.filter(state="published", expires_at__gt=timezone.now())
            .select_related("warning_type", "region").prefetch_related("target_regions")
            .order_by("-published_at"))


@require_GET
def active_list(request: HttpRequest) -> HttpResponse:
    """Current warnings, highest level first, on one phone-sized page: a map of their
    areas coloured by level above the list."""
    rows = sorted(active_bulletins(), key=lambda b: b.level_rank)
    center = list(reversed(settings.MAP_CENTER))  # settings hold lon, lat
    map_config = {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION,
                  "center": center, "zoom": 9}
    return render(request, "warnings/public_list.html", {
        "bulletins": rows, "title": "当前预警", "map": map_config,
        "map_legend": [{"level": code, "label": label, "color": rules.LEVEL_COLORS[code]}
                       for code, label in Level.choices]})


@require_GET
def active_map(request: HttpRequest) -> JsonResponse:
    """GeoJSON of the current warnings' areas: the drawn polygon, else the centres of
    the target regions (of the issuing region when none is named); ``level`` colours."""
    features = []
    for bulletin in sorted(active_bulletins(), key=lambda b: b.level_rank):
        geometry = area_geometry(bulletin)
        if geometry is None:
            continue
        areas = "、".join(r.name for r in bulletin.target_regions.all()) or bulletin.region.name
        targets = list(bulletin.target_regions.all()) or [bulletin.region]
        features.append({"type": "Feature", "geometry": geometry, "properties": {
            "name": bulletin.title, "level": bulletin.level,
            "radius": AREA_RADIUS_M.get(max(r.level for r in targets), 1000),
            "popup": (f"{bulletin.title}\n{bulletin.issuer} · 有效期至"
                      f"{timezone.localtime(bulletin.expires_at):%m-%d %H:%M}\n区域：{areas}"),
            "url": reverse("warnings_public_detail", args=[bulletin.identifier])}})
    return JsonResponse({"type": "FeatureCollection", "features": features})


# A warning for named regions is drawn as a circle round each region's centre, about
# the size of a region of that level (city, county, town, village), in metres.
AREA_RADIUS_M = {1: 60000, 2: 20000, 3: 8000, 4: 2500, 5: 800}


def _ancestors(code: str) -> list[str]:
    """The code itself, then its town, county and city (12-digit codes)."""
    return [code, code[:9] + "000", code[:6] + "000000", code[:4] + "00000000"]


def area_geometry(bulletin: Bulletin) -> dict[str, Any] | None:
    """The bulletin's area as GeoJSON geometry (lon, lat), or None if nothing is placed.
    A region without its own centre (streets and villages have none in the division
    data) is placed at its nearest ancestor's."""
    if bulletin.polygon:
        return dict(bulletin.polygon)
    codes = [r.code for r in bulletin.target_regions.all()] or [bulletin.region_id]
    centres: dict[str, list[float]] = {
        code: [lon, lat] for code, lon, lat in Region.objects.filter(
            code__in={a for c in codes for a in _ancestors(c)}, longitude__isnull=False,
            latitude__isnull=False).values_list("code", "longitude", "latitude")
        if lon is not None and lat is not None}
    points: list[list[float]] = []
    for code in codes:
        centre = next((centres[a] for a in _ancestors(code) if a in centres), None)
        if centre is not None and centre not in points:
            points.append(centre)
    if not points:
        return None
    return {"type": "MultiPoint", "coordinates": points}


@require_GET
def map_regions(request: HttpRequest) -> JsonResponse:
    """The offline base of the public map: centres of the city and county regions of the
    cities that have current warnings (of every city with coordinates when none)."""
    cities = {b.region_id[:4] for b in active_bulletins()}
    regions = Region.objects.filter(level__in=(2, 3), longitude__isnull=False, latitude__isnull=False)
    if cities:
        area = Q()
        for city in cities:
            area |= region_range_q("code", city)
        regions = regions.filter(area)
    rows = regions.order_by("code").values_list("code", "name", "level", "longitude", "latitude")[:300]
    return JsonResponse({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"code": code, "name": name, "level": level}}
        for code, name, level, lon, lat in rows]})


def _public(identifier: str) -> Bulletin:
    return get_object_or_404(
        Bulletin.objects.select_related("warning_type", "region").prefetch_related("target_regions"),
        identifier=identifier, state__in=PUBLIC_STATES)


@require_GET
def public_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    bulletin = _public(identifier)
    return render(request, "warnings/public_detail.html", {"bulletin": bulletin,
                                                            "title": bulletin.title})


@require_GET
def public_cap(request: HttpRequest, identifier: str) -> HttpResponse:
    return HttpResponse(cap.to_cap(_public(identifier)),
                        content_type="application/cap+xml; charset=utf-8")


@require_GET
def atom_feed(request: HttpRequest) -> HttpResponse:
    """Atom 1.0 feed of current warnings, each entry linking its CAP message."""
    base = settings.PUBLIC_URL
    now = timezone.now().replace(microsecond=0).isoformat()
    entries = []
    for b in active_bulletins()[:200]:
        page = base + reverse("warnings_public_detail", args=[b.identifier])
        xml = base + reverse("warnings_public_cap", args=[b.identifier])
        updated = (b.state_changed_at or b.updated_at).replace(microsecond=0).isoformat()
        entries.append(
            f"<entry><id>urn:yingji:{escape(b.identifier)}</id><title>{escape(b.title)}</title>"
            f"<updated>{updated}</updated><author><name>{escape(b.issuer)}</name></author>"
            f"<summary>{escape(b.content[:500])}</summary>"
            f'<link rel="alternate" type="text/html" href="{escape(page)}"/>'
            f'<link rel="alternate" type="application/cap+xml" href="{escape(xml)}"/></entry>')
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{escape(base)}/warnings/feed.atom</id><title>当前预警信息</title>"
        f"<updated>{now}</updated>"
        f'<link rel="self" href="{escape(base + reverse("warnings_feed"))}"/>'
        + "".join(entries) + "</feed>")
    return HttpResponse(feed.encode("utf-8"), content_type="application/atom+xml; charset=utf-8")


@require_GET
def public_directory(request: HttpRequest) -> HttpResponse:
    """The published responsible persons (三防责任人 by rule), phones masked."""
    people = (ResponsiblePerson.objects.filter(published=True, active=True)
              .select_related("region").order_by("region_id", "tier", "name"))
    region = request.GET.get("region", "").strip()
    if region:
        try:
            code = normalize_region_code(region)
        except RegionCodeError as exc:  # a malformed parameter is the asker's error
            context: dict[str, Any] = {"page": None, "title": "责任人公示", "region": "",
                                       "error": f"区划参数有误：{exc}"}
            return render(request, "warnings/public_directory.html", context, status=400)
        known = Region.objects.filter(code=code).values_list("prefix", flat=True).first()
        people = people.filter(region_range_q("region_id", known or region))
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    context = {"page": page, "title": "责任人公示", "region": region}
    return render(request, "warnings/public_directory.html", context)
