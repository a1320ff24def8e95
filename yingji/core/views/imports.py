"""The Excel import pages every module shares: upload a file and see the row-level
report, and download the template. A module configures them with its ``ImportSpec``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from yingji.core.imports import ImportSpec
from yingji.core.views.generic import PageView


class ImportFileForm(forms.Form):
    """An Excel file to import."""

    file = forms.FileField(label="Excel文件（.xlsx）")


class ImportPageView(PageView):
    """批量导入: ``spec_factory`` builds the module's ImportSpec; ``help_text`` says how
    rows are matched; ``template_route`` and ``back_route`` name the template download
    and the list to return to. Needs the model's add permission."""

    action = "add"
    template_name: ClassVar[str] = "ui/generic/import.html"
    spec_factory: ClassVar[Callable[[], ImportSpec]]
    help_text: ClassVar[str] = ""
    template_route: ClassVar[str]
    back_route: ClassVar[str]

    def context(self, form: forms.Form) -> dict[str, Any]:
        from yingji.core.forms import bootstrapify

        bootstrapify(form)
        return {"form": form, "help_text": self.help_text,
                "template_url": reverse(self.template_route), "back_url": reverse(self.back_route)}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render(self.template_name, self.context(ImportFileForm()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from yingji.core.imports import ImportFileError, run_import

        form = ImportFileForm(request.POST, request.FILES)
        context = self.context(form)
        if form.is_valid():
            try:
                context["result"] = run_import(type(self).spec_factory(), form.cleaned_data["file"],
                                               actor=self.actor)
            except ImportFileError as exc:
                form.add_error("file", str(exc))
        return self.render(self.template_name, context,
                           status=200 if "result" in context or not form.errors else 400)


class ImportTemplateView(PageView):
    """The import template (.xlsx) of ``spec_factory``'s spec, named ``filename``."""

    action = "add"
    spec_factory: ClassVar[Callable[[], ImportSpec]]
    filename: ClassVar[str]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from yingji.core.exports import xlsx_response
        from yingji.core.imports import template_workbook

        return xlsx_response(template_workbook(type(self).spec_factory()), self.filename)
