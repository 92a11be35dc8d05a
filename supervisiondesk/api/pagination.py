from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, QuerySet, Window
from django.db.models.query import ModelIterable
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
        rows, count = self._rows(bottom)
        if rows:
            self.__dict__["count"] = count  # Paginator.count is cached
            return self._get_page(rows, number, self)
        if number == 1 and self.allow_empty_first_page:
            self.__dict__["count"] = 0  # nothing at all
            return self._get_page(rows, number, self)
        return super().page(number)  # past the end: counts, and answers 404

    def _rows(self, bottom: int) -> tuple[list, int | None]:
        """The page's records and the list's length. A list of records read
        with their related rows (`select_related`) is read in two steps: its
        keys and length from its own rows, then the page's records by key,
        joined. Joining every row of the list before counting costs more (a
        team's 3,000 sessions: 17 ms instead of 27); without joins, one
        query is cheaper."""
        objects = self.object_list
        query = objects.query
        joined = (
            bool(query.select_related)
            and objects._iterable_class is ModelIterable
            and not query.annotations
            and query.deferred_loading == (frozenset(), True)
        )
        counted = objects.annotate(**{TOTAL: Window(Count("pk"))})
        if not joined:
            rows = list(counted[bottom : bottom + self.per_page])
            return rows, getattr(rows[0], TOTAL) if rows else None
        keys = list(counted.values_list("pk", TOTAL)[bottom : bottom + self.per_page])
        if not keys:
            return [], None
        # By key alone: the keys already passed the list's filters (its
        # privacy rule among them), which need not be computed again.
        page = objects.model._base_manager.filter(pk__in=[pk for pk, _total in keys])
        page.query.select_related = query.select_related
        page = page.prefetch_related(*objects._prefetch_related_lookups)
        by_pk = {record.pk: record for record in page}
        return [by_pk[pk] for pk, _total in keys], keys[0][1]

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
