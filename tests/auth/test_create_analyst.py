"""The create_analyst command: a staff analyst or a reader, with a token that works."""

import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dialogue import models
from dialogue.roles import ANALYSTS, READERS
from tests.conftest import assert_problem
from tests.factories import (
    UserFactory,
)

pytestmark = pytest.mark.django_db


def create_user(*args, **options) -> tuple[User, str]:
    out = io.StringIO()
    call_command("create_analyst", *args, stdout=out, **options)
    match = re.search(r"API token: (\w+)", out.getvalue())
    assert match, out.getvalue()
    return User.objects.get(username=args[0]), match.group(1)


def test_create_analyst_makes_a_staff_analyst_whose_printed_token_writes():
    user, key = create_user("alice", email="alice@example.org")
    assert user.is_staff and not user.is_superuser
    assert user.email == "alice@example.org"
    assert list(user.groups.values_list("name", flat=True)) == [ANALYSTS]
    assert not user.has_usable_password()
    assert user.has_perms(["dialogue.add_round", "dialogue.change_round", "dialogue.delete_round"])

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post("/api/v1/topics/", {"slug": "security", "name": "Security"})
    assert response.status_code == 201, response.content
    topic = models.Topic.objects.get(slug="security")
    assert topic.history.get().history_user == user


def test_an_analyst_from_create_analyst_can_use_the_admin(client):
    user, _key = create_user("alice", email="alice@example.org")
    client.force_login(user)
    changelist = client.get("/admin/dialogue/round/")
    add = client.get("/admin/dialogue/round/add/")

    assert changelist.status_code == add.status_code == 200
    assert changelist.context["title"] == "Select round to change"
    assert add.context["title"] == "Add round"


def test_create_analyst_reader_makes_a_non_staff_reader():
    user, key = create_user("bob", reader=True)
    assert not user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [READERS]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/topics/").status_code == 200
    response = client.post("/api/v1/topics/", {"slug": "security", "name": "Security"})
    assert_problem(response, 403)
    assert not models.Topic.objects.exists()


def test_create_analyst_refuses_an_existing_username():
    UserFactory(username="alice")
    with pytest.raises(CommandError, match="alice"):
        call_command("create_analyst", "alice", email="a@example.org", stdout=io.StringIO())
    assert User.objects.filter(username="alice").count() == 1
    assert not Token.objects.exists()


@pytest.mark.parametrize(("username", "email"), [("bad name!", ""), ("carol", "not-an-email")])
def test_create_analyst_reports_invalid_input_as_a_command_error(username, email):
    with pytest.raises(CommandError):
        call_command("create_analyst", username, email=email, stdout=io.StringIO())
    assert not User.objects.filter(username=username).exists()


def test_create_analyst_refuses_without_the_role_groups():
    Group.objects.filter(name__in=[ANALYSTS, READERS]).delete()
    with pytest.raises(CommandError, match="migrate"):
        call_command("create_analyst", "alice", stdout=io.StringIO())
    assert not User.objects.filter(username="alice").exists()
