"""The departments' own document number prefixes (文书编号前缀): list, detail, add,
edit, delete; configuration of core's generic views. A department without a row numbers
with the default prefix derived from its region."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Row,
)
from yingji.enforcement.filtersets import DocumentPrefixFilterSet
from yingji.enforcement.forms import DocumentPrefixForm
from yingji.enforcement.models import DocumentPrefix
from yingji.enforcement.services.documents import default_prefix, default_prefixes

PREFIX_COLUMNS = (
    Column("department", "执法部门", accessor="department.name", link_to_detail=True),
    Column("prefix", "文书编号前缀", link_to_detail=True),
    Column("default", "默认前缀（未设置时）",
           accessor=lambda p: getattr(p, "default_text", None) or default_prefix(p.department)),
    Column("note", "说明"),
)


class DocumentPrefixListView(ObjectListView):
    """文书编号前缀: the departments that number with a prefix of their own."""

    model = DocumentPrefix
    title = "文书编号前缀"
    filterset_class = DocumentPrefixFilterSet
    select_related = ("department__region__parent__parent",)
    columns = PREFIX_COLUMNS

    def build_rows(self, objects: Sequence[Any]) -> Iterator[Row]:
        # The default prefixes of the page in one query, not one (or two) a row.
        defaults = default_prefixes(p.department for p in objects)
        for p in objects:
            p.default_text = defaults[p.department_id]
        return super().build_rows(objects)


class DocumentPrefixDetailView(ObjectDetailView):
    model = DocumentPrefix
    select_related = ("department",)
    fields = ("department", "prefix",
              Column("default", "默认前缀（未设置时）", accessor=lambda p: default_prefix(p.department)),
              "note")


class DocumentPrefixEditView(ObjectEditView):
    model = DocumentPrefix
    form_class = DocumentPrefixForm


class DocumentPrefixDeleteView(ObjectDeleteView):
    """Back to the default prefix (numbers already issued keep theirs)."""

    model = DocumentPrefix
