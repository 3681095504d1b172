"""Request limits enforced before a view reads the body."""

from django.conf import settings

from .api.exceptions import problem_response


class RequestLimitsMiddleware:
    """Refuses requests no view should see: 413 for a body larger than
    DATA_UPLOAD_MAX_MEMORY_SIZE, 400 for a NUL character in a query parameter.

    Django checks the size only for form data; DRF's JSON parser reads the raw stream, so the
    limit is applied here to every request. PostgreSQL cannot store or compare NUL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem_response(request, 400, "The Content-Length header is not a number.")
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return problem_response(
                    request,
                    400,
                    f"Invalid input in: {name}.",
                    {name: ["A NUL character is not allowed."]},
                )
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return problem_response(
                request, 413, f"The request body is larger than {limit // 1024} KiB."
            )
        return self.get_response(request)
