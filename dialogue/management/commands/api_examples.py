"""Write the OpenAPI examples file from the seeded database."""

import json
from typing import Any, cast

from django.core.management.base import BaseCommand
from rest_framework.test import APIRequestFactory

from dialogue.api import examples
from dialogue.api.urls import router


class Command(BaseCommand):
    help = (
        "Render one seed record per resource with the API and write dialogue/api/examples.json. "
        "Run it on a freshly seeded database (make seed on an empty one)."
    )

    def handle(self, *args, **options) -> None:
        examples.EXAMPLES_FILE.write_text(
            json.dumps(render_examples(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        self.stdout.write(f"Wrote {examples.EXAMPLES_FILE}")


def render_examples() -> dict[str, dict]:
    """Each resource's example record, as the API's retrieve endpoint returns it."""
    rendered = {}
    for _prefix, viewset, basename in router.registry:
        model = cast(Any, viewset).queryset.model
        instance = model.objects.get(**examples.EXAMPLE_RECORDS[basename])
        request = APIRequestFactory().get("/", HTTP_HOST="127.0.0.1:8000")
        response = viewset.as_view({"get": "retrieve"})(request, pk=instance.pk)
        response.render()
        rendered[basename] = json.loads(response.content)
    return rendered
