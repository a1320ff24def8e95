"""The generic edit and delete pages; writes go through the module's services."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from yingji.core.forms import apply_errors, mark_invalid
from yingji.core.services.objects import create_object, delete_object, update_object
from yingji.core.services.settings import save_settings
from yingji.core.views.base import (
    PageView,
    object_url,
    restricted,
)

# --- edit and delete --------------------------------------------------------------------


class ObjectEditView(PageView):
    """Create (no ``pk`` in the URL) or update a ``model`` row with ``form_class``.

    The form is built with the requesting ``user`` so choices stay inside the scope;
    a valid form goes to the module's ``create_service(data, *, actor)`` /
    ``update_service(obj, data, *, actor)`` (the generic services when unset; override
    ``perform_*`` for more, e.g. files); a ValidationError from the service is shown on
    the form's fields.
    """

    form_class: ClassVar[type[forms.ModelForm[Any]]]
    template_name: ClassVar[str] = "ui/generic/object_edit.html"
    create_service: ClassVar[Any] = None
    update_service: ClassVar[Any] = None

    def required_action(self) -> str:
        return "change" if "pk" in self.kwargs else "add"

    def get_object(self) -> Any:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(restricted(self, "change"), pk=self.kwargs["pk"])

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.ModelForm[Any]:
        return self.form_class(data, files, instance=obj, user=self.request.user)  # type: ignore[call-arg]

    def form_data(self, form: forms.ModelForm[Any]) -> dict[str, Any]:
        """Cleaned values of the model's own fields (not disabled ones)."""
        assert self.model is not None
        names = {f.name for f in self.model._meta.get_fields()
                 if getattr(f, "concrete", False) or f.many_to_many}
        return {name: value for name, value in form.cleaned_data.items()
                if name in names and not form.fields[name].disabled}

    def perform_create(self, form: forms.ModelForm[Any]) -> Any:
        assert self.model is not None
        service = type(self).create_service
        if service is not None:
            return service(self.form_data(form), actor=self.actor)
        return create_object(self.model, self.form_data(form), actor=self.actor)

    def perform_update(self, obj: Any, form: forms.ModelForm[Any]) -> Any:
        service = type(self).update_service
        if service is not None:
            return service(obj, self.form_data(form), actor=self.actor)
        return update_object(obj, self.form_data(form), actor=self.actor)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.render_form(self.get_form(obj), obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.get_form(obj, request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = self.perform_update(obj, form) if obj is not None else self.perform_create(form)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                verb = "修改" if obj is not None else "新增"
                messages.success(request, f"已{verb}{self.verbose_name}：{saved}")
                return redirect(self.success_url(saved))
        return self.render_form(form, obj)

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name) if self.model else ""

    def success_url(self, obj: Any) -> str:
        return object_url(obj, "detail", obj.pk) or object_url(obj, "list") or "/"

    def render_form(self, form: forms.ModelForm[Any], obj: Any) -> HttpResponse:
        mark_invalid(form)
        title = f"修改{self.verbose_name}" if obj is not None else f"新增{self.verbose_name}"
        cancel = (object_url(obj, "detail", obj.pk) if obj is not None else None) or (
            object_url(self.model, "list") if self.model else None)
        return self.render(self.template_name, {
            "view": self, "form": form, "object": obj, "title": title,
            "pretitle": str(self.model._meta.verbose_name_plural) if self.model else "",
            "cancel_url": cancel or "/",
        })


class ObjectDeleteView(PageView):
    """Delete one ``model`` row (POST only) through ``delete_service(obj, *, actor)``
    (``delete_object`` when unset); a row still referenced elsewhere is kept and the
    reason shown."""

    action = "delete"
    http_method_names = ["post"]
    delete_service: ClassVar[Any] = None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.model is not None
        obj = get_object_or_404(restricted(self, "delete"), pk=kwargs["pk"])
        label = str(obj)
        try:
            self.perform_delete(obj)
        except ValidationError as exc:
            messages.error(request, f"未能删除“{label}”：{'；'.join(exc.messages)}")
            return redirect(object_url(obj, "detail", obj.pk) or self.deleted_url(obj))
        messages.success(request, f"已删除{self.model._meta.verbose_name}：{label}")
        return redirect(self.deleted_url(obj))

    def deleted_url(self, obj: Any) -> str:
        """Where to go once ``obj`` is gone (the list by default)."""
        return object_url(type(obj), "list") or "/"

    def perform_delete(self, obj: Any) -> None:
        service = type(self).delete_service
        if service is not None:
            service(obj, actor=self.actor)
        else:
            delete_object(obj, actor=self.actor)


# --- rows that belong to a parent object (an enterprise's licences, a team's members) ---


class ChildEditView(ObjectEditView):
    """Add or edit a row that belongs to a parent object: on creation the parent comes
    from the query string (``?<parent_field>=<pk>``); after saving, back to the parent's
    page. ``parent_of(obj)`` finds the parent of rows that hang deeper."""

    parent_field: ClassVar[str] = ""

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.ModelForm[Any]:
        initial = {}
        if obj is None and self.parent_field and self.request.GET.get(self.parent_field):
            initial[self.parent_field] = self.request.GET[self.parent_field]
        form_class: Any = self.form_class
        return form_class(data, files, instance=obj, user=self.request.user, initial=initial)

    def parent_of(self, obj: Any) -> Any:
        return getattr(obj, self.parent_field)

    def success_url(self, obj: Any) -> str:
        parent = self.parent_of(obj)
        return object_url(parent, "detail", parent.pk) or super().success_url(obj)


class ChildDeleteView(ObjectDeleteView):
    """Delete a row that belongs to a parent object; back to the parent's page."""

    parent_field: ClassVar[str] = ""

    def parent_of(self, obj: Any) -> Any:
        return getattr(obj, self.parent_field)

    def deleted_url(self, obj: Any) -> str:
        # The row is gone but its link to the parent is still on the instance.
        parent = self.parent_of(obj)
        return object_url(parent, "detail", parent.pk) or "/"


class SettingsEditView(ObjectEditView):
    """The edit page of a module's ``SingletonSettings`` row (no pk in the URL: there is
    one row); the first save creates it. Needs the change permission."""

    def required_action(self) -> str:
        return "change"

    def get_object(self) -> Any:
        assert self.model is not None
        return self.model.current()  # type: ignore[attr-defined]

    def perform_update(self, obj: Any, form: forms.ModelForm[Any]) -> Any:
        assert self.model is not None
        return save_settings(self.model, self.form_data(form), actor=self.actor)  # type: ignore[type-var]

    def success_url(self, obj: Any) -> str:
        return self.request.path
