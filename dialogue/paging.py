"""Counting and paging a list of any size, for the API and the admin alike: an exact count up
to EXACT_COUNT_LIMIT rows, beyond it PostgreSQL's estimate, and pages that still reach every
row."""

import json
from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import QuerySet

from . import search

EXACT_COUNT_LIMIT = 10_000


def estimated_rows(queryset) -> int | None:
    """PostgreSQL's estimate of how many rows a queryset returns (EXPLAIN); None elsewhere."""
    query = getattr(queryset, "query", None)
    if query is None or connections[queryset.db].vendor != "postgresql":
        return None
    sql, params = query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatingPaginator(Paginator):
    """Counts exactly up to EXACT_COUNT_LIMIT matches; beyond, on PostgreSQL, takes the
    planner's estimate, so a list of millions of rows does not pay for counting them."""

    estimated = False

    @cached_property
    def count(self) -> int:
        # A list read in parts (the provenance worklist) names the queryset that counts it,
        # or None when it counts itself exactly (from its block counts).
        queryset = getattr(self.object_list, "counted_by", self.object_list)
        if not isinstance(queryset, QuerySet) or connections[queryset.db].vendor != "postgresql":
            return super().count
        lower_bound = search.count_lower_bound(queryset)
        if lower_bound is not None:
            # A broad search: counting its matches would check every record; more than the
            # limit surely match when more than that many match in their own fields.
            at_least, bounded = lower_bound
            if bounded is None:
                bounded = at_least[: EXACT_COUNT_LIMIT + 1].count()
            if bounded > EXACT_COUNT_LIMIT:
                self.estimated = True
                return max(estimated_rows(at_least) or 0, bounded)
        # Counting stops after the limit, so a selective filter still gets its exact count.
        bounded = queryset[: EXACT_COUNT_LIMIT + 1].count()
        if bounded <= EXACT_COUNT_LIMIT:
            return bounded
        self.estimated = True
        return max(estimated_rows(queryset) or 0, bounded)

    def validate_number(self, number) -> int:
        """A whole number of at least 1; past the estimated last page too, as the estimate
        may be below the real count (`page` then finds out)."""
        _ = self.count  # counted first: it sets `estimated`
        if not self.estimated:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number) -> Page:
        """The page; with an estimated count, read with one row more than it holds, which
        says whether a next page exists, whatever the estimate: every row can be reached by
        `?page=` and by following `next`, and a page past the last row is not found."""
        number = self.validate_number(number)
        if not self.estimated:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        more = len(rows) > self.per_page
        shown = bottom + min(len(rows), self.per_page)
        if more:
            # At least one row after this page: the count says so even if the estimate
            # was lower.
            self.set_count(max(self.count, shown + 1), estimated=True)
        else:
            self.set_count(shown, estimated=False)  # the last page: the count is known
        return Page(rows[: self.per_page], number, self)

    def set_count(self, count: int, *, estimated: bool) -> None:
        self.__dict__["count"] = count
        self.__dict__.pop("num_pages", None)
        self.estimated = estimated
