from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, QuerySet, Window
from rest_framework.pagination import PageNumberPagination

TOTAL = "_pagination_total"
MAX_PAGE = 10**9


class CountingPaginator(Paginator):
    """Reads a page and the list's length in one query (`COUNT(*) OVER ()`),
    where Django's paginator counts first and reads the page after: a list
    whose privacy rule is a union of sets computes the sets once, not twice
    (benchmarks/api_load.py). A page past the end (no rows to carry the
    count) falls back to counting, so it still answers 404."""

    def page(self, number):
        query = getattr(self.object_list, "query", None)
        if not isinstance(self.object_list, QuerySet) or query.distinct or query.combinator:
            # A window over DISTINCT rows counts the rows before DISTINCT, and
            # a union cannot be annotated: count first, as Django does.
            return super().page(number)
        number = self.validate_number_shape(number)
        if number > MAX_PAGE:  # an offset the database cannot hold: count, and 404
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(
            self.object_list.annotate(**{TOTAL: Window(Count("pk"))})[
                bottom : bottom + self.per_page
            ]
        )
        if rows:
            self.__dict__["count"] = getattr(rows[0], TOTAL)  # Paginator.count is cached
            return self._get_page(rows, number, self)
        if number == 1 and self.allow_empty_first_page:
            self.__dict__["count"] = 0  # nothing at all
            return self._get_page(rows, number, self)
        return super().page(number)  # past the end: counts, and answers 404

    def validate_number_shape(self, number) -> int:
        """`validate_number` without the count: a whole number, 1 or more."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            return super().validate_number(number)  # raises PageNotAnInteger
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number


class Pagination(PageNumberPagination):
    """`?page=2&page_size=100`: 50 a page, at most 500; `count`, `next`,
    `previous` and `results`. A page past the end answers 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CountingPaginator
