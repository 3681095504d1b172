"""Rate limits that hold: each kind of user has its own rate, counted once per request, shared by
the workers, and the admin's sign-in is locked after repeated failures."""

import json
import os
import secrets
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from dialogue.middleware.throttling import AdminLoginThrottleMiddleware
from tests.conftest import assert_problem
from tests.processes import ON_SQLITE_FILE, clean_env, load_settings, run_python, sqlite_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_throttle_cache():
    """No counts: of the API's rate limits, and of failed sign-ins."""
    for counts in (caches["rate_limits"], cache):
        counts.clear()
    yield
    for counts in (caches["rate_limits"], cache):
        counts.clear()


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


TOPICS = "/api/v1/topics/"


@pytest.fixture
def anon_rate(monkeypatch, no_throttle_cache):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")


def test_x_forwarded_for_does_not_escape_the_anonymous_rate(anon_rate):
    """With NUM_PROXIES unset DRF took the client's own X-Forwarded-For as its address: a new
    value each time and 600 requests were 600 × 200."""
    client = APIClient()
    statuses = [
        client.get(TOPICS, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_behind_a_trusted_proxy_the_address_it_appends_counts(anon_rate, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = APIClient()

    first = [
        client.get(TOPICS, HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.1").status_code
        for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3")
    ]
    other_client = client.get(TOPICS, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code

    assert first == [200, 200, 429]
    assert other_client == 200


def test_num_proxies_comes_from_the_environment():
    value = "REST_FRAMEWORK.NUM_PROXIES"
    cases = [
        {"module": "config.settings.local", "env": {}, "values": [value]},
        {"module": "config.settings.local", "env": {"NUM_PROXIES": "2"}, "values": [value]},
        {"module": "config.settings.local", "env": {"NUM_PROXIES": "-1"}, "values": [value]},
        {"module": "config.settings.local", "env": {"NUM_PROXIES": "one"}, "values": [value]},
    ]

    default, two, negative, word = load_settings(cases)

    assert default == {"values": {value: 0}}
    assert two == {"values": {value: 2}}
    assert "NUM_PROXIES must be a number of 0 or more" in negative["error"]
    assert "'one'" in word["error"]


def test_without_redis_rate_limits_are_counted_in_memory_and_sign_ins_in_the_database():
    """So that a read never writes: the rate limit's count was a write transaction on every
    GET (issue 24). Failed sign-ins, written only by a sign-in, stay shared by every worker."""
    backends = ["CACHES.default.BACKEND", "CACHES.rate_limits.BACKEND"]
    cases = [
        {"module": "config.settings.local", "env": {}, "values": backends},
        {
            "module": "config.settings.production",
            "env": {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "a.example.org"},
            "values": backends,
        },
        {
            "module": "config.settings.local",
            "env": {"REDIS_URL": "redis://127.0.0.1:6379/0"},
            "values": backends,
        },
    ]

    local, production, redis = load_settings(cases)

    assert local == {
        "values": dict(
            zip(
                backends,
                [
                    "django.core.cache.backends.db.DatabaseCache",
                    "django.core.cache.backends.locmem.LocMemCache",
                ],
                strict=True,
            )
        )
    }
    assert production == local
    assert redis == {"values": dict.fromkeys(backends, "dialogue.shared_cache.SharedRedisCache")}


THROTTLED_WORKER = (
    ON_SQLITE_FILE
    + """
from django.core.management import call_command
call_command("createcachetable", verbosity=0)
client = Client(HTTP_HOST="localhost")
print(json.dumps([client.get("/api/v1/topics/").status_code for _ in range(4)]))
"""
)


def two_workers(env: dict[str, str], sqlite_file) -> tuple[list[int], list[int]]:
    """Four reads by each of two processes, one after the other, as two workers."""
    first = json.loads(run_python(THROTTLED_WORKER, env, str(sqlite_file)))
    second = json.loads(run_python(THROTTLED_WORKER, env, str(sqlite_file)))
    return first, second


@sqlite_only()
def test_without_redis_each_worker_counts_its_own_requests(sqlite_file):
    """The price of reads that never write (docs/deploy.md): with N workers a client may
    make up to N times the rate. Two processes, as two workers, at 3 a minute."""
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.local", DEBUG="0", THROTTLE_ANON="3/minute"
    )

    assert two_workers(env, sqlite_file) == ([200, 200, 200, 429], [200, 200, 200, 429])


@sqlite_only()
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="the suite runs without Redis")
def test_with_redis_the_workers_share_the_anonymous_count(sqlite_file):
    """Each gunicorn worker counted alone in its own memory: the first 429 came at request
    ~323 instead of 120. With Redis, two processes, as two workers, share one count."""
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DEBUG="0",
        THROTTLE_ANON="5/minute",
        REDIS_URL=os.environ["REDIS_URL"],
    )
    caches["rate_limits"].clear()

    try:
        assert two_workers(env, sqlite_file) == ([200, 200, 200, 200], [200, 429, 429, 429])
    finally:
        caches["rate_limits"].clear()


def test_the_timeline_page_is_throttled(anon_rate):
    """/timeline/ had no limit at all."""
    client = APIClient()
    statuses = [client.get("/timeline/").status_code for _ in range(3)]
    refused = client.get("/timeline/")

    assert statuses == [200, 200, 429]
    assert int(refused["Retry-After"]) > 0
    assert b"Too many requests" in refused.content


def test_the_timeline_shares_the_api_budget(anon_rate):
    client = APIClient()

    assert client.get(TOPICS).status_code == 200
    assert client.get("/timeline/").status_code == 200
    refused = client.get("/timeline/")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert b"Too many requests" in refused.content


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/", "/api/redoc/"])
def test_the_schema_and_the_docs_are_throttled(anon_rate, url):
    client = APIClient()
    statuses = [client.get(url).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


@pytest.fixture
def login_clock(monkeypatch, no_throttle_cache):
    """The sign-in lockout's time, set by the test: 0.5 s into a window at first."""
    now = [0.5]
    monkeypatch.setattr(AdminLoginThrottleMiddleware, "timer", lambda self: now[0])
    return now


def wrong_password(client, username="root", address="192.0.2.1", **headers):
    return client.post(
        "/admin/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR=address, **headers
    )


def right_password(client, address="192.0.2.99"):
    return client.post("/admin/login/", {"username": "root", "password": "pw"}, REMOTE_ADDR=address)


def test_admin_sign_in_is_refused_after_thirty_failures_from_an_address(
    client, superuser, login_clock
):
    """ADMIN_LOGIN_ADDRESS_FAILURES (30): an address trying many user names, none of them ten
    times. At 10, as the strict limit, the address's count always locked first."""
    for attempt in range(29):
        response = wrong_password(
            client, f"guess{attempt % 5}", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}"
        )
        assert response.status_code == 200, attempt
    assert right_password(client, address="192.0.2.1").status_code == 302
    client.logout()
    assert wrong_password(client, "guess5").status_code == 200

    refused = right_password(client, address="192.0.2.1")
    text = refused.content.decode()
    assert refused.status_code == 429
    assert "Too many failed sign-ins from this address." in text
    assert "for this user name" not in text
    assert right_password(client, address="192.0.2.2").status_code == 302


# --- Look-alike spellings, and a lock that a stranger cannot set for someone else --------------

# Names Django's sign-in form takes for `dave` (stripped, NFKC).
LOOK_ALIKES = ["ｄａｖｅ", "𝐝𝐚𝐯𝐞", "𝗱𝗮𝘃𝗲", " dave\t"]
# Counted as `dave` too: the count ignores case, which is stricter.
SPELLINGS = ["dave", *LOOK_ALIKES, "DAVE", "Dave"]


@pytest.fixture
def dave(db):
    return User.objects.create_user("dave", "dave@example.org", "right", is_staff=True)


def sign_in(client, username, password, address):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in_as(client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).username if user_id else None


@pytest.mark.parametrize("spelling", LOOK_ALIKES)
def test_django_signs_in_a_look_alike_spelling_of_the_user_name(
    client, dave, login_clock, spelling
):
    """Why the lockout must count these as `dave`: Django's form normalises the name (NFKC)."""
    response = sign_in(client, spelling, "right", "192.0.2.1")

    assert response.status_code == 302
    assert signed_in_as(client) == "dave"


def test_a_look_alike_spelling_of_a_locked_user_name_is_refused(
    client, dave, login_clock, settings
):
    """After `dave` was locked, `𝗱𝗮𝘃𝗲` with the right password signed in (the count took the
    name as typed, Django's form its NFKC form). Every spelling now counts towards one lock."""
    settings.ADMIN_LOGIN_ACCOUNT_FAILURES = 10
    for attempt in range(10):
        spelling = SPELLINGS[attempt % len(SPELLINGS)]
        assert sign_in(client, spelling, "wrong", f"198.51.100.{attempt}").status_code == 200

    for spelling in ["𝗱𝗮𝘃𝗲", "ｄａｖｅ", "dave"]:
        refused = sign_in(client, spelling, "right", "203.0.113.7")
        text = refused.content.decode()
        assert refused.status_code == 429, spelling
        assert "Too many failed sign-ins for this user name." in text
        assert "from any address" in text
        assert 'id="login-form"' in text
    assert signed_in_as(client) is None


def test_wrong_passwords_from_one_address_do_not_lock_the_user_out_at_another(
    client, dave, login_clock
):
    """Ten wrong passwords for `dave` from anywhere locked `dave` out of the admin for 15
    minutes, the right password included. Now the strict lock is for `dave` at that address."""
    for _ in range(10):
        assert sign_in(client, "dave", "wrong", "192.0.2.66").status_code == 200

    elsewhere = sign_in(client, "dave", "right", "203.0.113.5")
    assert elsewhere.status_code == 302
    assert signed_in_as(client) == "dave"
    client.logout()

    refused = sign_in(client, "dave", "right", "192.0.2.66")
    text = refused.content.decode()
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 15 * 60
    assert "Too many failed sign-ins for this user name from this address." in text
    assert 'id="login-form"' in text
    assert signed_in_as(client) is None


def test_ten_wrong_passwords_lock_the_user_name_at_that_address_only(
    client, dave, superuser, login_clock
):
    """The strict limit locks: the address's own count (10 as well) always reached its limit
    first, so the refusal was for the whole address, and this lock was never reached."""
    for attempt in range(9):
        spelling = SPELLINGS[attempt % len(SPELLINGS)]
        assert sign_in(client, spelling, "wrong", "192.0.2.66").status_code == 200
    assert sign_in(client, "Dave", "wrong", "192.0.2.66").status_code == 200

    refused = sign_in(client, "dave", "right", "192.0.2.66")
    text = refused.content.decode()
    assert refused.status_code == 429
    assert "Too many failed sign-ins for this user name from this address." in text
    assert "Too many failed sign-ins from this address." not in text
    assert signed_in_as(client) is None
    # Another user name from that address, and the name from another address, sign in.
    assert sign_in(client, "root", "pw", "192.0.2.66").status_code == 302
    client.logout()
    assert sign_in(client, "dave", "right", "192.0.2.67").status_code == 302


def test_a_successful_sign_in_gives_its_user_name_at_its_address_a_fresh_count(
    client, dave, login_clock
):
    for _ in range(9):
        assert sign_in(client, "dave", "wrong", "192.0.2.5").status_code == 200
    assert sign_in(client, "dave", "right", "192.0.2.5").status_code == 302
    client.logout()

    for _ in range(9):
        assert sign_in(client, "dave", "wrong", "192.0.2.5").status_code == 200
    assert sign_in(client, "dave", "right", "192.0.2.5").status_code == 302
    client.logout()
    for _ in range(10):
        assert sign_in(client, "dave", "wrong", "192.0.2.5").status_code == 200
    refused = sign_in(client, "dave", "right", "192.0.2.5")
    assert refused.status_code == 429
    assert "for this user name from this address" in refused.content.decode()


def test_a_user_name_is_locked_after_the_higher_limit_from_many_addresses(
    client, dave, superuser, login_clock
):
    """A guesser spread over many addresses is still stopped: ADMIN_LOGIN_ACCOUNT_FAILURES
    (100) failures for one user name, whatever their addresses, lock it. A successful sign-in
    does not clear that count."""
    limit = 100
    for attempt in range(limit - 1):
        address = f"198.51.{attempt // 200}.{attempt % 200}"
        assert (
            sign_in(client, SPELLINGS[attempt % len(SPELLINGS)], "wrong", address).status_code
            == 200
        )

    assert sign_in(client, "dave", "right", "203.0.113.1").status_code == 302
    client.logout()
    assert sign_in(client, "dave", "wrong", "203.0.113.2").status_code == 200

    refused = sign_in(client, "dave", "right", "203.0.113.3")
    text = refused.content.decode()
    assert refused.status_code == 429
    assert "Too many failed sign-ins for this user name." in text
    assert "from any address" in text
    assert signed_in_as(client) is None
    # The lock is on the user name: another one signs in from the same address.
    assert sign_in(client, "root", "pw", "203.0.113.3").status_code == 302


def test_a_successful_sign_in_clears_its_user_names_count_at_its_address_only(
    client, dave, login_clock
):
    for _ in range(9):
        sign_in(client, "dave", "wrong", "192.0.2.5")

    assert sign_in(client, "𝐝𝐚𝐯𝐞", "right", "192.0.2.5").status_code == 302

    key = AdminLoginThrottleMiddleware.key
    assert cache.get(key("user-address", "dave", "192.0.2.5", window=0)) is None
    assert cache.get(key("address", "192.0.2.5", window=0)) == 9
    assert cache.get(key("user", "dave", window=0)) == 9


def test_a_lock_ends_with_its_window(client, dave, login_clock):
    """The counts are per fixed window of ADMIN_LOGIN_WINDOW seconds (900): a lock holds to
    the window's end, and says when that is."""
    login_clock[0] = 100.5
    for _ in range(10):
        assert sign_in(client, "dave", "wrong", "192.0.2.5").status_code == 200

    login_clock[0] = 600.5
    refused = sign_in(client, "dave", "right", "192.0.2.5")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "300"
    assert "refused for up to 5 minutes" in refused.content.decode()

    login_clock[0] = 900.5  # the next window
    assert sign_in(client, "dave", "right", "192.0.2.5").status_code == 302


def test_the_admin_sign_in_limits_come_from_the_environment():
    names = [
        "ADMIN_LOGIN_FAILURES",
        "ADMIN_LOGIN_ADDRESS_FAILURES",
        "ADMIN_LOGIN_ACCOUNT_FAILURES",
        "ADMIN_LOGIN_WINDOW",
    ]
    env = {
        "ADMIN_LOGIN_FAILURES": "5",
        "ADMIN_LOGIN_ADDRESS_FAILURES": "50",
        "ADMIN_LOGIN_ACCOUNT_FAILURES": "0",
    }
    cases = [
        {"module": "config.settings.local", "env": {}, "values": names},
        {"module": "config.settings.local", "env": env, "values": names},
        {"module": "config.settings.local", "env": {"ADMIN_LOGIN_WINDOW": "-1"}, "values": names},
    ]

    default, given, negative = load_settings(cases)

    assert default == {"values": dict(zip(names, [10, 30, 100, 900], strict=True))}
    assert given == {"values": dict(zip(names, [5, 50, 0, 900], strict=True))}
    assert "ADMIN_LOGIN_WINDOW must be a number of 0 or more" in negative["error"]


# --- The counts on the database cache (the production default without Redis) ------------------


def test_on_the_database_cache_later_failures_do_not_move_the_end_of_a_count(
    client, dave, settings, cache_expiries, set_cache_expiry
):
    """Django's incr() on the database cache saves the count again with the cache's default
    timeout (300 s): each failure moved its counts' end to 5 minutes after that failure, instead
    of the end of the window (ADMIN_LOGIN_WINDOW), and an hour's window was forgotten in 5."""
    settings.ADMIN_LOGIN_WINDOW = 3600
    before = time.time()
    assert sign_in(client, "dave", "wrong", "192.0.2.5").status_code == 200
    after = time.time()

    first = cache_expiries("admin-login-failures")
    window_ends = {(moment // 3600 + 1) * 3600 for moment in (before, after)}
    assert len(first) == 3  # the user name at the address, the address, the user name
    for end in first.values():
        assert any(abs(end.timestamp() - window_end) <= 1 for window_end in window_ends), end

    # As if the first failure were an hour ago, less a minute: its counts end in a minute.
    soon = (timezone.now() + timedelta(minutes=1)).replace(microsecond=0)
    set_cache_expiry("admin-login-failures", soon)
    for _ in range(3):
        assert sign_in(client, "dave", "wrong", "192.0.2.5").status_code == 200

    assert cache_expiries("admin-login-failures") == dict.fromkeys(first, soon)
    for _ in range(6):
        assert sign_in(client, "dave", "wrong", "192.0.2.5").status_code == 200
    refused = sign_in(client, "dave", "right", "192.0.2.5")
    assert refused.status_code == 429
    assert "Too many failed sign-ins for this user name from this address." in (
        refused.content.decode()
    )
