"""Public pages (no account): 我要举报 (phone-first), the receipt, the progress query by
receipt number and query code, the enterprise name search and the anonymised outcomes.
Every POST and the search are limited per address (and the report per phone); nothing
here tells whether a phone number, a receipt number or an enterprise id exists beyond
the public registry's names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from yingji.core.actor import Actor
from yingji.core.forms import apply_errors, mark_invalid
from yingji.tipoffs.forms import PublicReportForm
from yingji.tipoffs.services import intake, publicity, throttle

TEMPLATE = "tipoffs/public_{}.html"


def _map() -> dict[str, Any]:
    return {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION,
            "center": list(reversed(settings.MAP_CENTER))}


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """我要举报: the form; a valid report shows its receipt number and query code once."""
    form = PublicReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            # Always the anonymous public, even for a signed-in visitor (never named).
            public = intake.public_actor(Actor.from_request(request).ip)
            tipoff, secret = intake.submit_public(form.service_data(), actor=public,
                                                  files=form.cleaned_data["evidence"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(request, TEMPLATE.format("receipt"), {
                "title": "举报已提交", "number": tipoff.number, "secret": secret})
    mark_invalid(form)
    return render(request, TEMPLATE.format("report"), {"title": "我要举报", "form": form, "map": _map()},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest) -> HttpResponse:
    """举报进度查询: by receipt number and query code (one answer for any wrong pair)."""
    context: dict[str, Any] = {"title": "举报进度查询", "number": "", "error": ""}
    if request.method == "POST":
        number = str(request.POST.get("number", ""))[:20]
        secret = str(request.POST.get("secret", ""))[:20]
        context["number"] = number
        try:
            tipoff = intake.find(number, secret, ip=Actor.from_request(request).ip)
        except ValidationError as exc:
            context["error"] = "；".join(exc.messages)
        else:
            if tipoff is None:
                context["error"] = "受理编号或查询码不正确"
            else:
                context["progress"] = publicity.progress_of(tipoff)
    return render(request, TEMPLATE.format("progress"), context,
                  status=400 if context["error"] else 200)


@require_GET
def enterprises(request: HttpRequest) -> JsonResponse:
    """Names of operating enterprises matching ``q`` (2+ characters, 10 at most): the
    public part of the registry, limited per address."""
    ip = Actor.from_request(request).ip
    if not throttle.allowed(throttle.SEARCH, ip, throttle.SEARCHES_PER_HOUR, timedelta(hours=1)):
        return JsonResponse({"error": throttle.TOO_MANY, "results": []}, status=429)
    query = str(request.GET.get("q", "")).strip()[:40]
    rows = publicity.search_enterprises(query)
    throttle.hit(throttle.SEARCH, ip)
    return JsonResponse({"results": rows})


@require_GET
def outcomes(request: HttpRequest) -> HttpResponse:
    """举报处理结果公示: concluded reports, anonymised (district, matter, outcome, month)."""
    page = Paginator(publicity.outcomes(), 20).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    districts = publicity.districts_of(rows)
    return render(request, TEMPLATE.format("outcomes"), {
        "title": "举报处理结果公示", "page": page, "totals": publicity.outcome_totals(),
        "lines": [publicity.public_line(t, districts) for t in rows]})
