"""Page-number pagination shared by every list endpoint."""

from rest_framework.pagination import PageNumberPagination


class RegistryPagination(PageNumberPagination):
    """Pages of 50 by default; `?page_size=` up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Number of results per page (1 to 500; 50 when omitted)."
    max_page_size = 500
