"""Pieces the resource pages share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest

from yingji.core.views.generic import Column

PER_PAGE = 50

REGION = Column("region", "所属区划", accessor="region.name")


@dataclass
class ListPage:
    """One page of a long result list, with the links to its neighbours (each list on a
    page pages with its own query parameter, so paging one keeps the others)."""

    items: list[Any]
    number: int
    pages: int
    total: int
    previous_url: str | None
    next_url: str | None


def paged(request: HttpRequest, items: Sequence[Any], param: str = "page",
          per_page: int = PER_PAGE) -> ListPage:
    """The page of ``items`` asked for by ``?<param>=`` (the first one when absent or
    out of range)."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    return ListPage(list(page.object_list), page.number, page.paginator.num_pages,
                    page.paginator.count,
                    url(page.previous_page_number()) if page.has_previous() else None,
                    url(page.next_page_number()) if page.has_next() else None)
