"""The documentation's examples are real seed records, as the API renders them today."""

import pytest

from dialogue.api import examples
from dialogue.api.urls import router
from dialogue.management.commands.api_examples import render_examples


def test_every_resource_has_an_example():
    assert set(examples.load()) == {basename for _, _, basename in router.registry}


@pytest.mark.usefixtures("seeded")
def test_examples_match_the_api_on_the_seed():
    """Fails when the seed or a serializer changed: run `python manage.py api_examples`."""
    assert render_examples() == examples.load()


def test_request_examples_leave_out_what_the_server_sets():
    body = examples.request_body(examples.load()["round"])
    assert not {"id", "url", "created", "updated"} & body.keys()
    assert all("name" not in participant for participant in body["participants"])
