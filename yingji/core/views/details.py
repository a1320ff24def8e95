"""The generic detail page: fields, timeline and attachments of one object."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from yingji.core import events
from yingji.core.detail_links import links_for
from yingji.core.models import Attachment
from yingji.core.personal.fields import BlindIndexField, PersonalField
from yingji.core.personal.reveal import may_reveal
from yingji.core.scope import may
from yingji.core.services.attachments import is_append_only
from yingji.core.views.base import (
    Column,
    PageView,
    display,
    object_url,
    resolve,
    restricted,
)

# --- detail -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldRow:
    """One label/value line of a detail page."""

    label: str
    text: str
    url: str | None = None
    # A personal field the user may reveal: (model label, pk, field) for the 查看 button.
    reveal: tuple[str, str, str] | None = None


class ObjectDetailView(PageView):
    """One object: its fields, timeline of domain events and attachments.

    ``fields`` lists field names or Columns (default: every concrete field but the
    ones in ``audit_exclude``); ``extra_template`` adds module-specific panels.
    """

    fields: ClassVar[Sequence[str | Column]] = ()
    select_related: ClassVar[Sequence[str]] = ()
    template_name: ClassVar[str] = "ui/generic/object_detail.html"
    extra_template: ClassVar[str | None] = None
    show_timeline: ClassVar[bool] = True
    show_attachments: ClassVar[bool] = True

    def get_queryset(self) -> QuerySet[Any]:
        queryset = restricted(self, "view")
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def get_object(self) -> Any:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.render(self.template_name, self.get_context_data(obj))

    def field_rows(self, obj: Any) -> list[FieldRow]:
        assert self.model is not None
        names: Sequence[str | Column] = self.fields or [
            f.name for f in self.model._meta.concrete_fields
            if not f.primary_key and f.name not in getattr(self.model, "audit_exclude", ())
            and not isinstance(f, BlindIndexField)
        ]
        rows = []
        for entry in names:
            if isinstance(entry, Column):
                link = entry.link(obj) if entry.link else None
                rows.append(FieldRow(entry.label, entry.text(obj), link))
                continue
            field = self.model._meta.get_field(entry)
            label = str(getattr(field, "verbose_name", entry))
            url = None
            # A related object is linked only for those who may open it (no dead link).
            if (field.is_relation and field.many_to_one and field.related_model is not None
                    and may(self.request.user, field.related_model, "view")):  # type: ignore[arg-type]
                key = getattr(obj, f"{entry}_id", None)
                if key is not None:
                    url = object_url(field.related_model, "detail", key)  # type: ignore[arg-type]
            reveal = None
            if (isinstance(field, PersonalField) and getattr(obj, field.attname)
                    and may_reveal(self.request.user)):
                reveal = (obj._meta.label_lower, str(obj.pk), field.name)
            rows.append(FieldRow(label, display(resolve(obj, entry)), url, reveal))
        return rows

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        assert self.model is not None
        user = self.request.user
        edit_url = object_url(obj, "edit", obj.pk) if may(user, self.model, "change") else None
        delete_url = object_url(obj, "delete", obj.pk) if may(user, self.model, "delete") else None
        context: dict[str, Any] = {
            "view": self,
            "object": obj,
            "title": str(obj),
            "pretitle": str(self.model._meta.verbose_name),
            "field_rows": self.field_rows(obj),
            "list_url": object_url(self.model, "list"),
            "edit_url": edit_url,
            "delete_url": delete_url,
            "extra_template": self.extra_template,
            "object_links": links_for(user, obj),
        }
        if self.show_timeline:
            context["timeline"] = events.timeline(obj, limit=100)
        if self.show_attachments:
            context["attachments"] = attachments_of(obj)
            context["attachment_upload"] = (
                attachment_upload_url(obj) if may(user, self.model, "change") else None
            )
        return context


def attachments_of(obj: models.Model) -> list[Attachment]:
    """The object's attachments, each marked ``append_only`` (no delete button)."""
    content_type = ContentType.objects.get_for_model(type(obj))
    found = list(
        Attachment.objects.filter(content_type=content_type, object_id=str(obj.pk))
        .select_related("uploaded_by")
    )
    for attachment in found:
        attachment.append_only = is_append_only(attachment, type(obj))  # type: ignore[attr-defined]
    return found


@dataclass(frozen=True)
class UploadTarget:
    """Where the attachment upload form posts, and the hidden fields it needs."""

    url: str
    fields: dict[str, str]


def attachment_upload_url(obj: models.Model) -> UploadTarget | None:
    """The upload endpoint for ``obj`` ("attachment_upload"), whether it takes the
    object in the path or in the POST body; None while it does not exist."""
    meta = obj._meta
    params = {"app_label": meta.app_label, "model": str(meta.model_name), "object_id": str(obj.pk)}
    try:
        return UploadTarget(reverse("attachment_upload", kwargs=params), {})
    except NoReverseMatch:
        pass
    try:
        return UploadTarget(reverse("attachment_upload"), params)
    except NoReverseMatch:
        return None
