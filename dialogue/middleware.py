"""Request limits enforced before a view reads the body."""

from django.conf import settings

from .api.exceptions import problem_response


class BodySizeLimitMiddleware:
    """413 for a request whose declared body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE.

    Django checks the size only for form data; DRF's JSON parser reads the raw stream, so the
    limit is applied here to every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem_response(request, 400, "The Content-Length header is not a number.")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return problem_response(
                request, 413, f"The request body is larger than {limit // 1024} KiB."
            )
        return self.get_response(request)
