"""Public pages (no login): active warnings for phones, one warning, its CAP XML, the
Atom feed of current warnings, and the published responsible-person directory."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from yingji.core.models import Region
from yingji.core.rules import RegionCodeError, normalize_region_code
from yingji.core.scope import region_range_q
from yingji.warnings import cap
from yingji.warnings.models import Bulletin, ResponsiblePerson

PUBLIC_STATES = ("published", "lifted", "expired")


def active_bulletins() -> QuerySet[Bulletin]:
    return (Bulletin.objects.filter(state="published", expires_at__gt=timezone.now())
            .select_related("warning_type", "region").prefetch_related("target_regions")
            .order_by("-published_at"))


@require_GET
def active_list(request: HttpRequest) -> HttpResponse:
    """Current warnings, highest level first, on one phone-sized page."""
    rows = sorted(active_bulletins(), key=lambda b: b.level_rank)
    return render(request, "warnings/public_list.html", {"bulletins": rows, "title": "当前预警"})


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
