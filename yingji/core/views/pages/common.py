"""What the shared models' pages have in common: the region filter widget, badges."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import FilterSet

from yingji.core.forms import RegionSelect
from yingji.core.views.generic import (
    ObjectListView,
)


def _active_badge(obj: Any) -> str:
    return "green" if obj.is_active else "secondary"


class RegionFilterWidgetMixin(ObjectListView):
    """Shows a FilterSet's ``region`` code filter as the region picker."""

    def get_filterset(self, queryset: QuerySet[Any]) -> FilterSet | None:
        filterset = super().get_filterset(queryset)
        if filterset is not None and "region" in filterset.form.fields:
            filterset.form.fields["region"].widget = RegionSelect(
                attrs={"class": "form-select"}, compact=True, empty_label="全部区划")
        return filterset
