from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=2&page_size=100`: 50 a page, at most 500; `count`, `next`,
    `previous` and `results`. A page past the end answers 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
