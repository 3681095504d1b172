"""Page-number pagination shared by every list endpoint."""

import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import replace_query_param

from ..paging import EstimatingPaginator

WHOLE_NUMBER = re.compile(r"[0-9]+")


# The page sizes a list is cut in: every other size is rounded up to the next of these. Each
# page size is another answer to compute and to cache; a new one on each request defeated the
# response cache and made every request pay for its query (issue 25).
PAGE_SIZES = (1, 2, 5, 10, 20, 50, 100, 200, 500)


def page_size_of(asked: int) -> int:
    """The page size used for `asked`: the smallest of PAGE_SIZES that is as large, or the
    largest."""
    return next((size for size in PAGE_SIZES if size >= asked), PAGE_SIZES[-1])


class RegistryPagination(PageNumberPagination):
    """Pages of 50 by default; `?page_size=` one of PAGE_SIZES (others rounded up), up to 500.

    Every paged response says the size used in `X-Page-Size`, and its `next` and `previous`
    ask for it; the response cache keys a list by that size (`cache_path`), so `?page_size=37`
    and `?page_size=50` are one entry.
    """

    django_paginator_class = EstimatingPaginator
    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = (
        "Number of results per page: 1, 2, 5, 10, 20, 50, 100, 200 or 500 (50 when omitted). "
        "Any other number of 1 or more is rounded up to the next of these (`37` gives 50; "
        "more than 500 gives 500); the header `X-Page-Size` gives the size used, and `next` "
        "and `previous` ask for it."
    )
    max_page_size = PAGE_SIZES[-1]
    # `?page=last` is DRF's; the schema says a page is a number, so it is one.
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        self.check_query(request)
        return super().paginate_queryset(queryset, request, view)

    def check_query(self, request) -> None:
        """400 for a malformed `page` or `page_size`, also where a list is not paged (CSV).

        A page number past the last page stays a 404, as DRF has it.
        """
        self.get_page_size(request)
        value = request.query_params.get(self.page_query_param, "")
        if value != "" and (not WHOLE_NUMBER.fullmatch(value) or int(value) < 1):
            raise ValidationError({self.page_query_param: ["Give a page number, 1 or more."]})

    def get_page_size(self, request) -> int:
        """The requested page size; 400 for one that is not a whole number of at least 1.

        DRF falls back to the default page size for `?page_size=abc`, which hides the mistake.
        """
        value = request.query_params.get(self.page_size_query_param, "")
        if value == "":
            return self.page_size
        if not WHOLE_NUMBER.fullmatch(value) or int(value) < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        "Give a whole number of results per page, 1 or more."
                    ]
                }
            )
        return page_size_of(int(value))

    def cache_path(self, request) -> str:
        """The request's path and query as the response cache keys it: the page size asked
        for given as the one used (`?page_size=37` as `?page_size=50`). Those two answers are
        the same bytes, as their links ask for the size used."""
        path = request.get_full_path()
        if self.page_size_query_param not in request.query_params:
            return path
        try:
            size = self.get_page_size(request)
        except ValidationError:
            return path  # refused by the view; a refusal is not cached
        return replace_query_param(path, self.page_size_query_param, size)

    def get_next_link(self) -> str | None:
        return self.with_page_size_used(super().get_next_link())

    def get_previous_link(self) -> str | None:
        return self.with_page_size_used(super().get_previous_link())

    def with_page_size_used(self, link: str | None) -> str | None:
        if link is None or self.request is None or self.page is None:
            return link
        if self.page_size_query_param not in self.request.query_params:
            return link
        return replace_query_param(link, self.page_size_query_param, self.page.paginator.per_page)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.page is not None:
            response["X-Page-Size"] = str(self.page.paginator.per_page)
            if getattr(self.page.paginator, "estimated", False):
                response["X-Count-Estimated"] = "true"
        return response

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters

    def get_paginated_response_schema(self, schema: dict) -> dict:
        response = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": "How many records match, on all pages: exact up to 10,000; beyond that, on "
            "PostgreSQL, the query planner's estimate (the response then carries the header "
            "`X-Count-Estimated: true`), so paging through millions of rows stays cheap. An "
            "estimate may be low or high: every page that holds records is still answered and "
            "`next` leads on while records follow, a page past the last record is a 404, and "
            "the last page's count is exact.",
            "next": "The next page's address; null on the last page.",
            "previous": "The previous page's address; null on the first page.",
            "results": "The records on this page.",
        }
        for name, description in descriptions.items():
            prop = response["properties"][name]
            if isinstance(
                prop, dict
            ):  # drf-spectacular passes a placeholder when building examples
                prop["description"] = description
        return response
