"""Rate limits outside the API: failed sign-ins to the admin, and the API's throttles for plain
Django pages."""

import hashlib
import json
import math
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.forms import UsernameField
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from ..rate_limits import count_in_window


def client_address(request: HttpRequest) -> str:
    """The client's address as the API's throttles see it: the socket's, unless NUM_PROXIES
    trusted proxies are in front (then taken from X-Forwarded-For)."""
    return BaseThrottle().get_ident(cast(Request, request)) or ""


def too_many_requests(wait: float | None) -> HttpResponse:
    seconds = max(1, round(wait or 1))
    response = HttpResponse(
        f"Too many requests; try again in {seconds} seconds.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(seconds)
    return response


def throttled(view: Callable) -> Callable:
    """A plain Django view behind the API's throttles (DEFAULT_THROTTLE_CLASSES): the same
    rates and the same counters, so a client's budget is shared between the API and the page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        waits = []
        for throttle_class in cast(list[Any], api_settings.DEFAULT_THROTTLE_CLASSES):
            throttle = throttle_class()
            if not throttle.allow_request(request, None):
                waits.append(throttle.wait())
        if waits:
            return too_many_requests(max((wait or 0) for wait in waits))
        return view(request, *args, **kwargs)

    return wrapper


def login_name(username: str) -> str:
    """The user name a sign-in is counted under: as Django's sign-in form reads it (UsernameField:
    stripped, NFKC-normalised, so `ｄａｖｅ`, `𝐝𝐚𝐯𝐞` and `dave` are one user), then casefolded,
    so that `Dave` counts as `dave` too (stricter than the case-sensitive look-up)."""
    user_model = get_user_model()
    field = user_model._meta.get_field(user_model.USERNAME_FIELD)
    # The form's own length: past it, Django does not normalise (nor sign in).
    max_length = getattr(field, "max_length", None) or 254
    return (UsernameField(max_length=max_length).to_python(username) or "").casefold()


class AdminLoginThrottleMiddleware:
    """Failed sign-ins to the admin are counted per fixed window of ADMIN_LOGIN_WINDOW seconds,
    three ways, as django-axes's lockout parameters allow. Once a count reaches its limit, the
    attempts it covers are refused until the window ends (429, the sign-in form with a message
    saying which limit and for how long) without checking the password:

    - a user name from one client address: ADMIN_LOGIN_FAILURES (10). The strict lock holds
      the name at that address only, so a stranger's wrong passwords for an analyst's name do
      not lock the analyst out at the analyst's own address;
    - one client address, whatever the user names: ADMIN_LOGIN_ADDRESS_FAILURES (30), higher,
      for an address trying many names, and so that people behind one office's address do not
      lock each other out. At the strict limit or below, the address's count (which also holds
      the name's failures there) would always reach it first and the strict lock never hold;
    - a user name, whatever the addresses: ADMIN_LOGIN_ACCOUNT_FAILURES (100), much higher,
      so a guesser spread over many addresses is still stopped.

    A limit of 0 is no limit. A user name is counted as the sign-in form reads it (login_name),
    so no other spelling of it escapes its counts. A successful sign-in clears the count of its
    user name at its address, not its address's (else an account of one's own, signed in to
    now and then, would let one address guess other names without end) nor its user name's
    (else the analyst signing in would give a spread-out guesser a fresh budget).

    A small limiter of our own rather than django-axes: it needs no tables and no migration,
    counts in the same shared cache as the API's throttles (Redis, or the database cache), with
    the same counter (count_in_window: each window's count under a key of its own, kept to the
    window's end, which no later failure moves), and the admin's sign-in form is the only place
    a password is checked. A window of 0 is no limit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def timer(self) -> float:
        return time.time()

    def __call__(self, request):
        length = settings.ADMIN_LOGIN_WINDOW
        if request.method != "POST" or not length or not self.is_login(request):
            return self.get_response(request)
        window, elapsed = divmod(self.timer(), length)
        ends_in = length - elapsed
        username = login_name(request.POST.get("username", ""))
        address = client_address(request)
        counted: list[tuple[str, tuple[str, ...], float]] = [
            ("address", (address,), settings.ADMIN_LOGIN_ADDRESS_FAILURES)
        ]
        if username:
            counted += [
                ("user-address", (username, address), settings.ADMIN_LOGIN_FAILURES),
                ("user", (username,), settings.ADMIN_LOGIN_ACCOUNT_FAILURES),
            ]
        limits = {
            self.key(kind, *values, window=int(window)): (kind, limit)
            for kind, values, limit in counted
            if limit
        }
        counts = cache.get_many(list(limits))
        for key, (kind, limit) in limits.items():
            if (counts.get(key) or 0) >= limit:
                return self.refuse(request, kind, ends_in)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated and response.status_code == 302
        if signed_in:
            if username:
                cache.delete(self.key("user-address", username, address, window=int(window)))
        elif response.status_code == 200 and limits:  # the form again: "a correct password"
            count_in_window(cache, list(limits), ends_in)
        return response

    @staticmethod
    def is_login(request) -> bool:
        try:
            return request.path_info == reverse("admin:login")
        except NoReverseMatch:
            return False

    @staticmethod
    def key(kind: str, *values: str, window: int) -> str:
        """The key of a count in the window numbered `window` (the time // the window)."""
        digest = hashlib.sha256(json.dumps(values).encode()).hexdigest()
        return f"admin-login-failures:{kind}:{digest}:{window}"

    REFUSALS = {
        "address": "Too many failed sign-ins from this address. Sign-in from this address is "
        "refused for up to {minutes} minutes; try again later.",
        "user-address": "Too many failed sign-ins for this user name from this address. "
        "Sign-in with it from this address is refused for up to {minutes} minutes; try again "
        "later.",
        "user": "Too many failed sign-ins for this user name. Sign-in with it is refused for up "
        "to {minutes} minutes, from any address; try again later.",
    }

    def refuse(self, request, kind: str, ends_in: float) -> HttpResponse:
        """Refused to the end of the window, at most ADMIN_LOGIN_WINDOW seconds."""
        seconds = max(1, math.ceil(ends_in))
        messages.error(request, self.REFUSALS[kind].format(minutes=math.ceil(seconds / 60)))
        context = {
            **admin.site.each_context(request),
            "title": "Log in",
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
            "form": AdminAuthenticationForm(
                request, initial={"username": request.POST.get("username", "")}
            ),
            REDIRECT_FIELD_NAME: request.POST.get(REDIRECT_FIELD_NAME, ""),
        }
        response = TemplateResponse(
            request, admin.site.login_template or "admin/login.html", context, status=429
        )
        response["Retry-After"] = str(seconds)
        return response.render()  # a middleware's response is not rendered for it
