"""The 查看 button of a personal field on a detail page: one value in clear, audited
(``core.personal.reveal``). HTMX swaps the masked text for the answer; without HTMX a
small page shows it."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from yingji.core.personal import reveal
from yingji.core.security.redirects import local_path
from yingji.core.security.refusals import record_refusal
from yingji.core.views.base import PageView


class RevealView(PageView):
    """POST model (``app.model``), pk and field: the clear value of one personal field.
    403 without ``core.reveal_personal_data``, 404 (and a security event) for an object
    outside the user's scope."""

    action = None
    http_method_names = ["post"]

    def has_permission(self) -> bool:
        return reveal.may_reveal(self.request.user)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            model, pk, name = reveal.target(request.POST.get("model", ""), request.POST.get("pk", ""),
                                            request.POST.get("field", ""))
            value = reveal.reveal_value(request.user, model, pk, name, actor=self.actor)
        except reveal.OutOfScope as exc:
            record_refusal(request, "scope", exc.object_type, exc.object_id)
            raise Http404("对象不存在") from None
        except reveal.NotRevealable:
            raise Http404("对象不存在") from None
        field: Any = model._meta.get_field(name)
        context = {"value": value, "field_label": str(field.verbose_name)}
        if request.headers.get("HX-Request"):
            return render(request, "core/personal/revealed.html", context)
        context.update(title=f"查看{context['field_label']}",
                       back_url=local_path(request, request.POST.get("next"), ""))
        return render(request, "core/personal/revealed_page.html", context)
