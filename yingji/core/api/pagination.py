"""One pagination convention for every endpoint: ?page=N&page_size=M."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = "页码无效"
