"""Roles: the analysts and readers groups, and what each kind of user may do through the API."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from dialogue import models
from dialogue.roles import ANALYST_ACTIONS, ANALYSTS, READERS
from tests.conftest import REFUSED, assert_refused, member_of, results, token_client
from tests.factories import (
    MechanismFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db


ROLES = ("anonymous", "reader", "analyst", "admin")


def client_for(role: str) -> APIClient:
    if role == "anonymous":
        return APIClient()
    if role == "reader":
        return token_client(member_of(READERS))
    if role == "analyst":
        return token_client(member_of(ANALYSTS))
    assert role == "admin"
    return token_client(User.objects.create_superuser("root", "root@example.org", "pw"))


def registry_models() -> list:
    """The models that have permissions: all but history, and the counts the database keeps
    (`default_permissions = ()`)."""
    return [
        model
        for model in apps.get_app_config("dialogue").get_models()
        if not model._meta.model_name.startswith("historical") and model._meta.default_permissions
    ]


def test_role_groups_exist_after_migrate():
    assert Group.objects.filter(name__in=[ANALYSTS, READERS]).count() == 2


def test_analysts_may_add_change_delete_and_view_every_registry_model_but_not_history():
    group = Group.objects.get(name=ANALYSTS)
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    wanted = {
        ("dialogue", f"{action}_{model._meta.model_name}")
        for model in registry_models()
        for action in ANALYST_ACTIONS
    }
    assert len(registry_models()) >= 16
    assert granted == wanted
    assert not {codename for _app, codename in granted if "historical" in codename}


def test_readers_may_only_view_the_registry():
    group = Group.objects.get(name=READERS)
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == {
        ("dialogue", f"view_{model._meta.model_name}") for model in registry_models()
    }


def round_payload() -> dict:
    return {"mechanism": MechanismFactory().pk, "number": 7, "start_date": "2018-07-31"}


def mechanism_payload() -> dict:
    return {"slug": "ru-jp-new", "name": "New talks", "kind": "consultations", "countries": ["RU"]}


RESOURCES = {
    "rounds": (models.Round, RoundFactory, round_payload, {"venue": "Iikura House"}),
    "mechanisms": (models.Mechanism, MechanismFactory, mechanism_payload, {"short_name": "NT"}),
}


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads(role, resource):
    _model, factory, _payload, _change = RESOURCES[resource]
    record = factory()
    client = client_for(role)
    assert [item["id"] for item in results(client.get(f"/api/v1/{resource}/"))] == [record.pk]
    response = client.get(f"/api/v1/{resource}/{record.pk}/")
    assert response.status_code == 200
    assert response.json()["id"] == record.pk


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_create_by_role(role, resource):
    model, _factory, payload, _change = RESOURCES[resource]
    data = payload()
    response = client_for(role).post(f"/api/v1/{resource}/", data, format="json")
    if role in REFUSED:
        assert_refused(response, role)
        assert not model.objects.exists()
    else:
        assert response.status_code == 201, response.content
        assert model.objects.filter(pk=response.json()["id"]).exists()


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_update_by_role(role, resource):
    model, factory, _payload, change = RESOURCES[resource]
    record = factory()
    response = client_for(role).patch(f"/api/v1/{resource}/{record.pk}/", change, format="json")
    ((field, value),) = change.items()
    stored = model.objects.values_list(field, flat=True).get(pk=record.pk)
    if role in REFUSED:
        assert_refused(response, role)
        assert stored != value
    else:
        assert response.status_code == 200, response.content
        assert stored == value


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_delete_by_role(role, resource):
    model, factory, _payload, _change = RESOURCES[resource]
    record = factory()
    response = client_for(role).delete(f"/api/v1/{resource}/{record.pk}/")
    if role in REFUSED:
        assert_refused(response, role)
        assert model.objects.filter(pk=record.pk).exists()
    else:
        assert response.status_code == 204, response.content
        assert not model.objects.filter(pk=record.pk).exists()
