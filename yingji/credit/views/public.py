"""The public page (no login): the subjects now on the serious-dishonesty list and
published, with the ground, the decision and the management period; persons' names
masked."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from yingji.core.masking import mask_name
from yingji.credit.models import DishonestyEntry


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """安全生产严重失信主体名单公示."""
    entries = (DishonestyEntry.objects.filter(state="listed", published_at__isnull=False)
               .select_related("ground", "department").order_by("-listed_on", "-id")[:300])
    rows = [{"name": e.subject_name, "code": e.credit_code, "person": mask_name(e.person_name)
             if e.person_name else "", "ground": e.ground.title, "article": e.ground.article,
             "number": e.number, "department": e.department.name, "listed_on": e.listed_on,
             "remove_on": e.remove_on} for e in entries]
    return render(request, "credit/public_list.html",
                  {"entries": rows, "title": "安全生产严重失信主体名单公示"})
