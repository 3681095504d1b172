"""Content negotiation that says what an address offers when it cannot give what was asked."""

from django.http import Http404
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


def offered(renderers) -> str:
    """The formats (`?format=`) and media types (`Accept`) of `renderers`, for a person."""
    return ", ".join(f"{renderer.format} ({renderer.media_type})" for renderer in renderers)


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, with a 406 that lists the formats offered: for a `?format=` the
    address does not give (DRF answered 404, as if the records were not there: `?format=xlsx`)
    and for an `Accept` header none of them satisfies."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if format_suffix and not any(renderer.format == format_suffix for renderer in renderers):
            # A path's suffix (`/documents/0.5/`) names no record there: not found, as before.
            raise Http404
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable as error:
            if getattr(error, "offered", False):
                raise
            raise self.refusal(
                f"No format here satisfies the Accept header "
                f"{request.headers.get('accept', '')!r}.",
                renderers,
            ) from error

    def filter_renderers(self, renderers, format):
        found = [renderer for renderer in renderers if renderer.format == format]
        if not found:
            raise self.refusal(f"This address does not give the format {format!r}.", renderers)
        return found

    @staticmethod
    def refusal(reason: str, renderers) -> NotAcceptable:
        error = NotAcceptable(f"{reason} It offers: {offered(renderers)}.")
        error.offered = True  # type: ignore[attr-defined]
        return error
