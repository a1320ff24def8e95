"""Excel import of the resource registries."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from yingji.core.scope import may
from yingji.core.views.generic import PageView
from yingji.core.views.imports import ImportFileForm


class ResourceImportView(PageView):
    """批量导入 of one resource type (``kind``): upload, row-level report, template."""

    action = "add"

    @property
    def import_model(self) -> type[models.Model]:
        from yingji.resources.imports import MODELS

        model = MODELS.get(self.kwargs["kind"])
        if model is None:
            raise Http404("不支持导入该类型")
        return model

    def has_permission(self) -> bool:
        return may(self.request.user, self.import_model, "add")

    def get_title(self) -> str:
        return f"批量导入{self.import_model._meta.verbose_name_plural}"

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        from yingji.core.exports import xlsx_response
        from yingji.core.imports import template_workbook
        from yingji.resources.imports import spec_for

        if request.GET.get("template"):
            spec = spec_for(kind)
            return xlsx_response(template_workbook(spec), f"{spec.title}导入模板.xlsx")
        return self.render("resources/import.html", {"form": ImportFileForm(), "kind": kind})

    def post(self, request: HttpRequest, kind: str) -> HttpResponse:
        from yingji.core.imports import ImportFileError, run_import
        from yingji.resources.imports import spec_for

        form = ImportFileForm(request.POST, request.FILES)
        context: dict[str, Any] = {"form": form, "kind": kind}
        if form.is_valid():
            try:
                context["result"] = run_import(spec_for(kind), form.cleaned_data["file"],
                                               actor=self.actor)
            except ImportFileError as exc:
                form.add_error("file", str(exc))
        return self.render("resources/import.html", context,
                           status=200 if "result" in context or not form.errors else 400)
