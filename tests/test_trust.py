"""Trust in the registry's data: roles, history, ETags, stale forms, safe deletes, bulk and
spreadsheet writes, and a hardened API (problem details, size limits, throttling)."""

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from import_export.formats.base_formats import CSV, XLSX
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from dialogue import models
from dialogue.roles import ANALYST_ACTIONS, ANALYSTS, READERS

from .factories import (
    MechanismFactory,
    ParticipantFactory,
    PersonFactory,
    PlaceFactory,
    RoundFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
ROLES = ("anonymous", "reader", "analyst", "admin")
REFUSED = {"anonymous": 401, "reader": 403}


# --- Helpers ---------------------------------------------------------------------------------


def token_client(user: User) -> APIClient:
    """A client authenticated by the user's API token, as integrators are."""
    client = APIClient()
    key = Token.objects.get_or_create(user=user)[0].key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def member_of(group_name: str, **kwargs) -> User:
    """A user whose only rights come from membership of one role group."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def client_for(role: str) -> APIClient:
    if role == "anonymous":
        return APIClient()
    if role == "reader":
        return token_client(member_of(READERS))
    if role == "analyst":
        return token_client(member_of(ANALYSTS))
    assert role == "admin"
    return token_client(User.objects.create_superuser("root", "root@example.org", "pw"))


def assert_problem(response, status: int) -> dict:
    """The response is an RFC 9457 problem with this status; returns its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"]
    assert isinstance(body["detail"], str)
    assert body["instance"] == response.wsgi_request.path
    return body


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


class Forms(HTMLParser):
    """Every form of a page with the fields a browser would post (inline templates left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attributes, "data": {}}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        data = self._form["data"]
        if tag == "option":
            if self._select and "selected" in attributes:
                value = attributes.get("value") or ""
                if isinstance(data[self._select], list):
                    data[self._select].append(value)
                else:
                    data[self._select] = value
            return
        name = attributes.get("name")
        if not name or "__prefix__" in name:
            return
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    data[name] = attributes.get("value") or "on"
                return
            data[name] = attributes.get("value") or ""
        elif tag == "select":
            self._select = name
            data[name] = [] if "multiple" in attributes else ""
        elif tag == "textarea":
            self._textarea = name
            data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._form is not None and self._textarea:
            # Browsers drop the newline that follows <textarea>.
            data = self._form["data"]
            data[self._textarea] = data[self._textarea].removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["data"][self._textarea] += data


def page_forms(response) -> list[dict]:
    assert response.status_code == 200, response.content[:2000]
    parser = Forms()
    parser.feed(response.content.decode())
    return parser.forms


def admin_form(response) -> dict:
    """The fields of the admin's change (or history) form, the one with `*_form` as its id."""
    forms = [f for f in page_forms(response) if f["attrs"].get("id", "").endswith("_form")]
    assert len(forms) == 1, [f["attrs"] for f in page_forms(response)]
    data = dict(forms[0]["data"])
    data.pop("csrfmiddlewaretoken", None)
    return data


def posted_form(response) -> tuple[str, dict]:
    """The action and fields of the page's one posted form other than the logout form."""
    forms = [
        f
        for f in page_forms(response)
        if f["attrs"].get("method", "").lower() == "post" and f["attrs"].get("id") != "logout-form"
    ]
    assert len(forms) == 1, [f["attrs"] for f in forms]
    data = dict(forms[0]["data"])
    data.pop("csrfmiddlewaretoken", None)
    return forms[0]["attrs"].get("action", ""), data


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture
def group_analyst(db) -> User:
    """An analyst whose rights come only from the `analysts` group."""
    return member_of(ANALYSTS, username="ann")


@pytest.fixture
def group_analyst_client(group_analyst) -> APIClient:
    return token_client(group_analyst)


@pytest.fixture
def reader_token_client(db) -> APIClient:
    return token_client(member_of(READERS, username="rita"))


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def admin_client_(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def spreadsheet_formats(settings):
    """Work around the setting bug (see test_import_export_formats_setting_is_usable)."""
    settings.IMPORT_EXPORT_FORMATS = [CSV, XLSX]


@pytest.fixture
def no_throttle_cache():
    cache.clear()
    yield
    cache.clear()


# --- Role groups -----------------------------------------------------------------------------


def registry_models() -> list:
    return [
        model
        for model in apps.get_app_config("dialogue").get_models()
        if not model._meta.model_name.startswith("historical")
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


# --- create_analyst --------------------------------------------------------------------------


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
    assert client.get("/admin/dialogue/round/").status_code == 200
    assert client.get("/admin/dialogue/round/add/").status_code == 200


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


# --- Role matrix on the API ------------------------------------------------------------------


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


def assert_refused(response, role: str) -> None:
    body = assert_problem(response, REFUSED[role])
    assert body["detail"]
    if role == "anonymous":
        assert response["WWW-Authenticate"].startswith("Token")


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


# --- History ---------------------------------------------------------------------------------


def test_round_history_lists_create_change_and_delete_by_the_analyst(
    group_analyst, group_analyst_client
):
    client = group_analyst_client
    created = client.post("/api/v1/rounds/", round_payload(), format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    changed = client.patch(f"/api/v1/rounds/{pk}/", {"venue": "Iikura House"}, format="json")
    assert changed.status_code == 200, changed.content
    assert client.delete(f"/api/v1/rounds/{pk}/").status_code == 204
    assert client.get(f"/api/v1/rounds/{pk}/").status_code == 404

    versions = results(client.get(f"/api/v1/rounds/{pk}/history/"))
    assert [v["history_type"] for v in versions] == ["-", "~", "+"]
    assert {v["history_user"] for v in versions} == {group_analyst.username}
    # Anonymous readers see that an analyst made them, not who.
    anonymous = results(APIClient().get(f"/api/v1/rounds/{pk}/history/"))
    assert {v["history_user"] for v in anonymous} == {"analyst"}
    assert {v["model"] for v in versions} == {"round"}
    assert {v["object_id"] for v in versions} == {str(pk)}
    dates = [v["history_date"] for v in versions]
    assert dates == sorted(dates, reverse=True)
    assert versions[1]["changed_fields"] == ["venue"]
    assert "updated" not in versions[2]["changed_fields"]
    assert {"mechanism", "number", "start_date"} <= set(versions[2]["changed_fields"])


def test_history_of_a_record_that_never_existed_is_404():
    assert_problem(APIClient().get("/api/v1/rounds/999999/history/"), 404)


def test_recent_changes_filter_by_user(group_analyst, group_analyst_client):
    other = token_client(member_of(ANALYSTS, username="otto"))
    TopicFactory()  # a change by no user (a script)
    mine = group_analyst_client.post("/api/v1/topics/", {"slug": "mine", "name": "Mine"})
    theirs = other.post("/api/v1/topics/", {"slug": "theirs", "name": "Theirs"})
    assert mine.status_code == theirs.status_code == 201
    patched = group_analyst_client.patch(
        f"/api/v1/topics/{mine.json()['id']}/", {"name": "Mine, renamed"}
    )
    assert patched.status_code == 200

    everything = results(other.get("/api/v1/history/"))
    assert {v["history_user"] for v in everything} == {None, "ann", "otto"}

    versions = results(other.get("/api/v1/history/", {"user": "ann"}))
    assert [(v["model"], v["object_id"], v["history_type"]) for v in versions] == [
        ("topic", str(mine.json()["id"]), "~"),
        ("topic", str(mine.json()["id"]), "+"),
    ]
    assert {v["history_user"] for v in versions} == {"ann"}
    assert versions[0]["changed_fields"] == ["name"]


def test_history_of_a_malformed_id_is_404():
    client = APIClient(raise_request_exception=False)
    assert_problem(client.get("/api/v1/rounds/abc/history/"), 404)


def test_recent_changes_refuse_a_nul_in_the_user():
    client = token_client(member_of(READERS))
    body = assert_problem(client.get("/api/v1/history/", {"user": "ann\x00"}), 400)
    assert list(body["errors"]) == ["user"]


def test_recent_changes_since_the_future_are_empty():
    TopicFactory()
    assert results(APIClient().get("/api/v1/history/", {"since": "2999-01-01"})) == []
    assert len(results(APIClient().get("/api/v1/history/", {"since": "2000-01-01T00:00"}))) == 1
    assert len(results(APIClient().get("/api/v1/history/", {"since": "2000-01-01T00:00+03:00"})))


def test_recent_changes_refuse_a_bad_since():
    body = assert_problem(APIClient().get("/api/v1/history/", {"since": "last tuesday"}), 400)
    assert list(body["errors"]) == ["since"]


def test_recent_changes_refuse_an_unknown_user():
    reader = token_client(member_of(READERS))
    body = assert_problem(reader.get("/api/v1/history/", {"user": "nobody"}), 400)
    assert list(body["errors"]) == ["user"]
    assert "nobody" in body["errors"]["user"][0]


def test_an_admin_edit_is_recorded_with_its_user(admin_client_, superuser):
    person = PersonFactory(name="Taro Kono")
    url = f"/admin/dialogue/person/{person.pk}/change/"
    data = admin_form(admin_client_.get(url))
    data["name"] = "Kono Taro"
    response = admin_client_.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    person.refresh_from_db()
    assert person.name == "Kono Taro"
    latest = person.history.order_by("-history_date", "-history_id").first()
    assert latest.history_type == "~"
    assert latest.history_user == superuser
    versions = results(admin_client_.get(f"/api/v1/people/{person.pk}/history/"))
    assert versions[0]["history_user"] == "root"
    assert versions[0]["changed_fields"] == ["name"]


def test_admin_history_page_and_revert(admin_client_):
    person = PersonFactory(name="Old Name")
    person.name = "New Name"
    person.save()
    page = admin_client_.get(f"/admin/dialogue/person/{person.pk}/history/")
    assert page.status_code == 200
    assert "New Name" in page.content.decode()
    old = person.history.get(history_type="+")

    url = f"/admin/dialogue/person/{person.pk}/history/{old.history_id}/"
    data = admin_form(admin_client_.get(url))
    assert data["name"] == "Old Name"
    response = admin_client_.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    person.refresh_from_db()
    assert person.name == "Old Name"
    assert person.history.count() == 3


# --- ETags -----------------------------------------------------------------------------------


@pytest.fixture
def tagged_round(db):
    record = RoundFactory(venue="Iikura House")
    response = APIClient().get(f"/api/v1/rounds/{record.pk}/")
    assert response.status_code == 200
    return record, response["ETag"]


def test_detail_has_a_strong_etag(tagged_round):
    _record, tag = tagged_round
    assert re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', tag)


def test_if_none_match_gives_304_with_an_empty_body(tagged_round):
    record, tag = tagged_round
    response = APIClient().get(f"/api/v1/rounds/{record.pk}/", HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == tag
    other = APIClient().get(f"/api/v1/rounds/{record.pk}/", HTTP_IF_NONE_MATCH='"nope"')
    assert other.status_code == 200


def test_etag_is_of_the_full_representation_whatever_fields_are_asked(tagged_round):
    record, tag = tagged_round
    client = APIClient()
    assert client.get(f"/api/v1/rounds/{record.pk}/", {"fields": "id"})["ETag"] == tag
    assert client.get(f"/api/v1/rounds/{record.pk}/", {"brief": "1"})["ETag"] == tag


def test_patch_with_a_stale_if_match_is_412_and_changes_nothing(analyst_client, tagged_round):
    record, _tag = tagged_round
    response = analyst_client.patch(
        f"/api/v1/rounds/{record.pk}/", {"venue": "Kremlin"}, HTTP_IF_MATCH='"nope"'
    )
    body = assert_problem(response, 412)
    assert "If-Match" in body["detail"]
    record.refresh_from_db()
    assert record.venue == "Iikura House"


def test_patch_with_the_current_tag_succeeds_and_gives_the_new_tag(analyst_client, tagged_round):
    record, tag = tagged_round
    url = f"/api/v1/rounds/{record.pk}/"
    response = analyst_client.patch(url, {"venue": "Kremlin"}, HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.content
    new_tag = response["ETag"]
    assert new_tag != tag
    assert APIClient().get(url)["ETag"] == new_tag
    # The old tag is stale now; the new one works.
    stale = analyst_client.patch(url, {"venue": "Elsewhere"}, HTTP_IF_MATCH=tag)
    assert_problem(stale, 412)
    again = analyst_client.patch(url, {"venue": "Elsewhere"}, HTTP_IF_MATCH=new_tag)
    assert again.status_code == 200
    record.refresh_from_db()
    assert record.venue == "Elsewhere"


def test_mechanism_patch_tag_matches_a_fresh_read(analyst_client):
    mechanism = MechanismFactory()
    RoundFactory(mechanism=mechanism)
    url = f"/api/v1/mechanisms/{mechanism.pk}/"
    tag = APIClient().get(url)["ETag"]
    response = analyst_client.patch(url, {"short_name": "2+2"}, HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.content
    assert APIClient().get(url)["ETag"] == response["ETag"]


def test_delete_with_a_stale_if_match_is_412_and_keeps_the_record(analyst_client, tagged_round):
    record, _tag = tagged_round
    response = analyst_client.delete(f"/api/v1/rounds/{record.pk}/", HTTP_IF_MATCH='"nope"')
    assert_problem(response, 412)
    assert models.Round.objects.filter(pk=record.pk).exists()


def test_delete_with_the_current_tag_succeeds(analyst_client, tagged_round):
    record, tag = tagged_round
    response = analyst_client.delete(f"/api/v1/rounds/{record.pk}/", HTTP_IF_MATCH=tag)
    assert response.status_code == 204
    assert not models.Round.objects.filter(pk=record.pk).exists()


def test_if_match_star_matches_any_version(analyst_client, tagged_round):
    record, _tag = tagged_round
    url = f"/api/v1/rounds/{record.pk}/"
    response = analyst_client.patch(url, {"venue": "Kremlin"}, HTTP_IF_MATCH="*")
    assert response.status_code == 200, response.content
    assert analyst_client.delete(url, HTTP_IF_MATCH="*").status_code == 204
    assert not models.Round.objects.filter(pk=record.pk).exists()


def test_if_match_among_several_tags(analyst_client, tagged_round):
    record, tag = tagged_round
    response = analyst_client.patch(
        f"/api/v1/rounds/{record.pk}/", {"venue": "Kremlin"}, HTTP_IF_MATCH=f'"nope", {tag}'
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_if_match_on_a_malformed_id_is_404(analyst, method):
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=analyst).key}")
    response = getattr(client, method)("/api/v1/rounds/abc/", {}, HTTP_IF_MATCH='"nope"')
    assert_problem(response, 404)


# --- The admin refuses stale forms -----------------------------------------------------------


@pytest.mark.parametrize(
    ("model_name", "make", "field"),
    [
        ("person", lambda: PersonFactory(name="Taro Kono"), "name"),
        ("topic", lambda: TopicFactory(name="Security"), "name"),
    ],
)
def test_admin_refuses_a_stale_form(admin_client_, model_name, make, field):
    record = make()
    url = f"/admin/dialogue/{model_name}/{record.pk}/change/"
    opened = admin_form(admin_client_.get(url))
    assert opened["loaded_version"]

    # Someone else saves the record meanwhile.
    setattr(record, field, "Their change")
    record.save()

    stale = dict(opened, **{field: "My change"})
    response = admin_client_.post(url, stale)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    record.refresh_from_db()
    assert getattr(record, field) == "Their change"

    reopened = admin_form(admin_client_.get(url))
    assert reopened["loaded_version"] != opened["loaded_version"]
    response = admin_client_.post(url, dict(reopened, **{field: "My change"}))
    assert response.status_code == 302, response.content[:3000]
    record.refresh_from_db()
    assert getattr(record, field) == "My change"


def test_admin_refuses_a_stale_round_form(admin_client_, analyst_client):
    record = RoundFactory(venue="Iikura House", summary="")
    url = f"/admin/dialogue/round/{record.pk}/change/"
    opened = admin_form(admin_client_.get(url))
    assert {"participants-TOTAL_FORMS", "citations-TOTAL_FORMS"} <= set(opened)
    assert opened["loaded_version"]

    changed = analyst_client.patch(f"/api/v1/rounds/{record.pk}/", {"venue": "Kremlin"})
    assert changed.status_code == 200

    response = admin_client_.post(url, dict(opened, summary="My summary"))
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    record.refresh_from_db()
    assert (record.venue, record.summary) == ("Kremlin", "")

    reopened = admin_form(admin_client_.get(url))
    assert reopened["venue"] == "Kremlin"
    response = admin_client_.post(url, dict(reopened, summary="My summary"))
    assert response.status_code == 302, response.content[:3000]
    record.refresh_from_db()
    assert (record.venue, record.summary) == ("Kremlin", "My summary")


def test_admin_revert_form_refuses_when_the_record_changed_meanwhile(admin_client_):
    person = PersonFactory(name="Old Name")
    old = person.history.get()
    person.name = "New Name"
    person.save()
    url = f"/admin/dialogue/person/{person.pk}/history/{old.history_id}/"
    data = admin_form(admin_client_.get(url))
    person.name = "Newest Name"
    person.save()
    response = admin_client_.post(url, data)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    person.refresh_from_db()
    assert person.name == "Newest Name"


def test_mechanism_page_does_not_overwrite_a_round_changed_meanwhile(admin_client_, analyst_client):
    mechanism = MechanismFactory()
    record = RoundFactory(mechanism=mechanism, name="Talks at Iikura House")
    url = f"/admin/dialogue/mechanism/{mechanism.pk}/change/"
    opened = admin_form(admin_client_.get(url))
    assert opened["rounds-0-name"] == "Talks at Iikura House"

    changed = analyst_client.patch(f"/api/v1/rounds/{record.pk}/", {"name": "Kremlin talks"})
    assert changed.status_code == 200

    admin_client_.post(url, dict(opened, description="Only the mechanism is edited."))
    record.refresh_from_db()
    assert record.name == "Kremlin talks"


# --- Safe deletes ----------------------------------------------------------------------------


def test_deleting_a_mechanism_with_rounds_is_409_naming_them(analyst_client):
    mechanism = MechanismFactory(short_name="2+2")
    rounds = [RoundFactory(mechanism=mechanism, number=n) for n in (1, 2)]
    body = assert_problem(analyst_client.delete(f"/api/v1/mechanisms/{mechanism.pk}/"), 409)
    assert "2 rounds" in body["detail"]
    for round_ in rounds:
        assert str(round_) in body["detail"]
    assert models.Mechanism.objects.filter(pk=mechanism.pk).exists()
    assert mechanism.rounds.count() == 2


def test_deleting_a_person_who_took_part_is_409(analyst_client):
    participant = ParticipantFactory()
    body = assert_problem(analyst_client.delete(f"/api/v1/people/{participant.person_id}/"), 409)
    assert "participant" in body["detail"]
    assert models.Person.objects.filter(pk=participant.person_id).exists()
    assert models.Participant.objects.filter(pk=participant.pk).exists()


def test_deleting_a_country_a_mechanism_links_is_409_and_keeps_the_link(analyst_client):
    mechanism = MechanismFactory(name="Kazakhstan–Japan talks", countries=["KZ", "JP"])
    body = assert_problem(analyst_client.delete("/api/v1/countries/KZ/"), 409)
    assert "Kazakhstan–Japan talks" in body["detail"]
    assert models.Country.objects.filter(code="KZ").exists()
    assert set(mechanism.countries.values_list("code", flat=True)) == {"KZ", "JP"}


def test_deleting_a_topic_on_a_round_agenda_is_409_and_keeps_the_link(analyst_client):
    topic = TopicFactory()
    round_ = RoundFactory()
    round_.topics.add(topic)
    assert_problem(analyst_client.delete(f"/api/v1/topics/{topic.pk}/"), 409)
    assert list(round_.topics.all()) == [topic]


def test_deleting_a_cited_source_is_409(analyst_client):
    source = SourceFactory()
    citation = models.Citation.objects.create(
        record=RoundFactory(), source=source, quote="They discussed security."
    )
    body = assert_problem(analyst_client.delete(f"/api/v1/sources/{source.pk}/"), 409)
    assert "citation" in body["detail"]
    assert models.Source.objects.filter(pk=source.pk).exists()
    assert models.Citation.objects.filter(pk=citation.pk).exists()


def test_deleting_an_unreferenced_record_succeeds(analyst_client):
    topic, country = TopicFactory(), "KZ"
    assert analyst_client.delete(f"/api/v1/topics/{topic.pk}/").status_code == 204
    assert analyst_client.delete(f"/api/v1/countries/{country}/").status_code == 204
    assert not models.Country.objects.filter(code=country).exists()


def test_admin_delete_page_lists_a_linking_mechanism_as_protected(admin_client_):
    mechanism = MechanismFactory(name="Kazakhstan–Japan talks", countries=["KZ", "JP"])
    url = "/admin/dialogue/country/KZ/delete/"
    page = admin_client_.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kazakhstan–Japan talks" in html
    assert "would require deleting the following protected related objects" in html

    response = admin_client_.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert models.Country.objects.filter(code="KZ").exists()
    assert set(mechanism.countries.values_list("code", flat=True)) == {"KZ", "JP"}


def test_admin_delete_selected_action_keeps_a_linked_country(admin_client_):
    MechanismFactory(countries=["KZ", "JP"])
    action = {"action": "delete_selected", "_selected_action": ["KZ"]}
    page = admin_client_.post("/admin/dialogue/country/", action)
    assert page.status_code == 200
    assert "protected" in page.content.decode()
    response = admin_client_.post("/admin/dialogue/country/", dict(action, post="yes"))
    assert response.status_code == 200
    assert models.Country.objects.filter(code="KZ").exists()


# --- Bulk ------------------------------------------------------------------------------------


def bulk_items(mechanism, count: int = 3) -> list[dict]:
    return [
        {"mechanism": mechanism.pk, "number": n, "start_date": f"2018-0{n}-01"}
        for n in range(1, count + 1)
    ]


def test_bulk_creates_every_round(group_analyst_client):
    mechanism = MechanismFactory()
    response = group_analyst_client.post("/api/v1/rounds/bulk/", bulk_items(mechanism))
    assert response.status_code == 201, response.content
    assert len(response.json()) == 3
    assert sorted(mechanism.rounds.values_list("number", flat=True)) == [1, 2, 3]


def test_bulk_with_one_invalid_round_creates_nothing(group_analyst_client):
    mechanism = MechanismFactory()
    items = bulk_items(mechanism)
    items[1]["end_date"] = "2017-01-01"
    body = assert_problem(group_analyst_client.post("/api/v1/rounds/bulk/", items), 400)
    errors = body["errors"]
    assert isinstance(errors, list) and len(errors) == 3
    assert errors[0] == {} and errors[2] == {}
    assert list(errors[1]) == ["end_date"]
    assert not models.Round.objects.exists()


def test_bulk_reports_a_duplicate_within_the_batch(group_analyst_client):
    mechanism = MechanismFactory()
    items = bulk_items(mechanism, 2)
    items[1]["number"] = items[0]["number"]
    body = assert_problem(group_analyst_client.post("/api/v1/rounds/bulk/", items), 400)
    assert body["errors"][0] == {}
    assert "number" in body["errors"][1]
    assert not models.Round.objects.exists()


@pytest.mark.parametrize("payload", [{"mechanism": 1, "number": 1}, [], "rounds"])
def test_bulk_needs_a_non_empty_list(group_analyst_client, payload):
    response = group_analyst_client.post("/api/v1/rounds/bulk/", payload, format="json")
    body = assert_problem(response, 400)
    assert "non_field_errors" in body["errors"]


def test_bulk_is_refused_to_readers_and_anonymous(reader_token_client):
    items = bulk_items(MechanismFactory())
    assert_problem(reader_token_client.post("/api/v1/rounds/bulk/", items), 403)
    assert_refused(APIClient().post("/api/v1/rounds/bulk/", items, format="json"), "anonymous")
    assert not models.Round.objects.exists()


def test_bulk_reports_items_that_are_not_objects(group_analyst_client):
    items = [*bulk_items(MechanismFactory(), 1), "round", 5]
    body = assert_problem(group_analyst_client.post("/api/v1/rounds/bulk/", items), 400)
    assert body["errors"][0] == {}
    assert "non_field_errors" in body["errors"][1]
    assert "non_field_errors" in body["errors"][2]
    assert not models.Round.objects.exists()


def test_bulk_refuses_more_than_its_limit(group_analyst_client):
    response = group_analyst_client.post("/api/v1/rounds/bulk/", [{}] * 1001, format="json")
    body = assert_problem(response, 400)
    assert "1000" in body["errors"]["non_field_errors"][0]


# --- Spreadsheets in the admin ---------------------------------------------------------------


def test_import_export_formats_setting_is_usable(admin_client_):
    assert admin_client_.get("/admin/dialogue/round/import/").status_code == 200
    assert admin_client_.get("/admin/dialogue/round/export/").status_code == 200


@pytest.fixture
def round_references(db):
    MechanismFactory(slug="ru-jp-2plus2", countries=["RU", "JP"])
    PlaceFactory(slug="tokyo", name="Tokyo", country=models.Country.objects.get(code="JP"))
    TopicFactory(slug="security")
    TopicFactory(slug="trade")


CSV_HEADER = "mechanism,number,start_date,end_date,date_precision,status,city,host_country,topics"


def import_csv(client, model_name: str, lines: list[str]):
    """Upload a CSV through the admin's import page; returns the preview page."""
    url = f"/admin/dialogue/{model_name}/import/"
    page = client.get(url)
    _action, fields = posted_form(page)
    assert {"format", "resource"} <= set(fields)
    formats = re.findall(r'<option value="(\d+)">(\w+)</option>', page.content.decode())
    fields["format"] = {label: value for value, label in formats}["csv"]
    content = "\n".join(lines).encode()
    fields["import_file"] = SimpleUploadedFile("data.csv", content, content_type="text/csv")
    return client.post(url, fields)


def import_rounds(client, rows: list[str]):
    return import_csv(client, "round", [CSV_HEADER, *rows])


def test_round_import_with_a_bad_row_shows_the_error_and_creates_nothing(
    admin_client_, spreadsheet_formats, round_references
):
    preview = import_rounds(
        admin_client_,
        [
            "ru-jp-2plus2,1,2018-07-31,2018-07-31,day,held,tokyo,JP,security;trade",
            "ru-jp-2plus2,2,2019-05-30,2019-05-01,day,held,tokyo,JP,",
        ],
    )
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "The end date must be on or after the start date." in html
    assert "process_import" not in html  # no confirm form is offered
    assert not models.Round.objects.exists()


def test_round_import_previews_then_creates_on_confirm(
    admin_client_, spreadsheet_formats, round_references
):
    preview = import_rounds(
        admin_client_,
        [
            "ru-jp-2plus2,1,2018-07-31,2018-07-31,day,held,tokyo,JP,security;trade",
            "ru-jp-2plus2,2,2019-05-01,,month,scheduled,,RU,",
        ],
    )
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "errorlist" not in html and "Errors" not in html, html[-5000:]
    assert not models.Round.objects.exists()  # a preview writes nothing

    action, confirm = posted_form(preview)
    assert "process_import" in action
    assert confirm.get("import_file_name")
    response = admin_client_.post(action, confirm)
    assert response.status_code == 302, response.content[-5000:]
    first, second = models.Round.objects.order_by("number")
    assert {version.history_user.username for version in first.history.all()} == {"root"}
    assert (first.number, str(first.start_date), first.city.slug, first.host_country_id) == (
        1,
        "2018-07-31",
        "tokyo",
        "JP",
    )
    assert sorted(first.topics.values_list("slug", flat=True)) == ["security", "trade"]
    assert (str(second.start_date), str(second.end_date), second.date_precision) == (
        "2019-05-01",
        "2019-05-31",
        "month",
    )
    assert second.status == "scheduled"


def test_round_import_with_an_unknown_mechanism_shows_the_error(
    admin_client_, spreadsheet_formats, round_references
):
    preview = import_rounds(admin_client_, ["nope,1,2018-07-31,,day,held,tokyo,JP,"])
    html = preview.content.decode()
    assert "Mechanism matching query does not exist" in html
    assert "process_import" not in html
    assert not models.Round.objects.exists()


@pytest.mark.parametrize(
    ("model_name", "lines"),
    [
        ("round", [CSV_HEADER, "ru-jp-2plus2,1,2018-07-31,,day,held,tokyo,JP,security;securty"]),
        ("mechanism", ["slug,name,kind,countries", "ru-xx-talks,Talks,consultations,RU;XX"]),
    ],
)
def test_import_refuses_unknown_many_to_many_keys(
    admin_client_, spreadsheet_formats, round_references, model_name, lines
):
    model = apps.get_model("dialogue", model_name)
    before = model.objects.count()
    preview = import_csv(admin_client_, model_name, lines)
    if "process_import" in preview.content.decode():  # offered: confirm, see what is stored
        action, confirm = posted_form(preview)
        admin_client_.post(action, confirm)
    assert model.objects.count() == before


def test_round_export_escapes_formulae(admin_client_, spreadsheet_formats):
    RoundFactory(name="=HYPERLINK(1)")
    page = admin_client_.get("/admin/dialogue/round/export/")
    _action, fields = posted_form(page)
    formats = re.findall(r'<option value="(\d+)">(\w+)</option>', page.content.decode())
    fields["format"] = dict((label, value) for value, label in formats)["csv"]
    assert fields.get("roundresource_name") == "on"
    response = admin_client_.post("/admin/dialogue/round/export/", fields)
    assert response.status_code == 200, response.content[:3000]
    assert "csv" in response["Content-Type"]
    content = b"".join(getattr(response, "streaming_content", [response.content])).decode()
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
    assert len(rows) == 1
    assert "HYPERLINK(1)" in rows[0]["name"]
    assert not rows[0]["name"].startswith("=")


# --- Hardening -------------------------------------------------------------------------------


def test_malformed_json_is_a_400_problem(analyst_client):
    response = analyst_client.post(
        "/api/v1/topics/", data='{"slug": "x", ', content_type="application/json"
    )
    assert_problem(response, 400)
    assert not models.Topic.objects.exists()


def test_an_unsupported_media_type_is_a_415_problem(analyst_client):
    response = analyst_client.post("/api/v1/topics/", data="slug=x", content_type="text/plain")
    body = assert_problem(response, 415)
    assert "text/plain" in body["detail"]


def test_a_body_over_one_mebibyte_is_a_413_problem(analyst_client):
    data = json.dumps({"slug": "big", "name": "Big", "description": "x" * (1024 * 1024)})
    response = analyst_client.post("/api/v1/topics/", data=data, content_type="application/json")
    assert_problem(response, 413)
    assert not models.Topic.objects.exists()


def test_a_body_just_under_the_limit_is_read(analyst_client):
    data = json.dumps({"slug": "big", "name": "Big", "description": "x" * (1024 * 1024 - 100)})
    response = analyst_client.post("/api/v1/topics/", data=data, content_type="application/json")
    assert response.status_code == 201, response.content[:500]


def test_a_content_length_that_is_not_a_number_is_a_400_problem(analyst_client):
    response = analyst_client.post(
        "/api/v1/topics/", {"slug": "a", "name": "A"}, format="json", CONTENT_LENGTH="many"
    )
    assert_problem(response, 400)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"host_country": "XX"}, "host_country"),
        ({"status": "maybe"}, "status"),
        ({"date_precision": "fortnight"}, "date_precision"),
        ({"start_date": "10000-01-01"}, "start_date"),
        ({"start_date": "2018-02-30"}, "start_date"),
        ({"end_date": "2018-13-01"}, "end_date"),
        ({"mechanism": 999999}, "mechanism"),
    ],
)
def test_bad_values_are_400_naming_the_field(analyst_client, change, field):
    payload = {**round_payload(), **change}
    body = assert_problem(analyst_client.post("/api/v1/rounds/", payload), 400)
    assert list(body["errors"]) == [field]
    assert field in body["detail"]
    assert not models.Round.objects.exists()


def test_anonymous_requests_are_throttled(monkeypatch, no_throttle_cache):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    client = APIClient()
    for _ in range(2):
        assert client.get("/api/v1/topics/").status_code == 200
    response = client.get("/api/v1/topics/")
    body = assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0
    assert "throttled" in body["detail"].lower()


def test_token_users_are_throttled_by_their_own_rate(
    monkeypatch, no_throttle_cache, analyst_client
):
    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "3/minute")
    for _ in range(3):
        assert analyst_client.get("/api/v1/topics/").status_code == 200
    response = analyst_client.get("/api/v1/topics/")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0
    # Anonymous clients are counted separately.
    assert APIClient().get("/api/v1/topics/").status_code == 200


def test_an_anonymous_request_counts_once_against_the_anonymous_rate_only(
    monkeypatch, no_throttle_cache
):
    """DRF's two throttle classes counted each anonymous request twice, against both rates."""
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "1/minute")
    client = APIClient()
    assert [client.get("/api/v1/topics/").status_code for _ in range(4)] == [200, 200, 200, 429]
