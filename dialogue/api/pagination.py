"""Page-number pagination shared by every list endpoint."""

from rest_framework.pagination import PageNumberPagination


class RegistryPagination(PageNumberPagination):
    """Pages of 50 by default; `?page_size=` up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Number of results per page (1 to 500; 50 when omitted)."
    max_page_size = 500

    def get_paginated_response_schema(self, schema: dict) -> dict:
        response = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": "How many records match, on all pages.",
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
