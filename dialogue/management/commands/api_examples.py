"""Write the OpenAPI examples file from the seeded database."""

import json

from django.core.management.base import BaseCommand
from rest_framework.test import APIRequestFactory

from dialogue.api import examples
from dialogue.api.urls import router


class Command(BaseCommand):
    help = "Render one seed record per resource with the API and write dialogue/api/examples.json."

    def handle(self, *args, **options) -> None:
        examples.EXAMPLES_FILE.write_text(
            json.dumps(render_examples(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        self.stdout.write(f"Wrote {examples.EXAMPLES_FILE}")


def render_examples() -> dict[str, dict]:
    """Each resource's example record, as the API's retrieve endpoint returns it."""
    request = APIRequestFactory().get("/", HTTP_HOST="127.0.0.1:8000")
    rendered = {}
    for _prefix, viewset, basename in router.registry:
        lookup = examples.EXAMPLE_RECORDS[basename]
        view = viewset(request=request, format_kwarg=None, action="retrieve")
        view.request = view.initialize_request(request)
        instance = view.get_queryset().get(**lookup)
        rendered[basename] = json.loads(json.dumps(view.get_serializer(instance).data, default=str))
    return rendered
