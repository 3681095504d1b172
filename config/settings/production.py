"""Settings for production: secrets and hosts must come from the environment, and be safe."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, env_bool

DEBUG = False
for required in ("SECRET_KEY", "ALLOWED_HOSTS"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"{required} must be set in the environment in production.")

# Keys that are published (in this repository, in Django's project template) or that say they
# are placeholders. `check --deploy` only warns about them; production refuses to start.
KNOWN_SECRET_KEYS = {
    "build-only",  # the Dockerfile's build step used to pass it
    "local-development-key-not-for-production",  # config/settings/local.py
    "test-key-not-for-production",  # config/settings/test.py
}
PLACEHOLDER_WORDS = (
    "insecure",  # Django's startproject keys begin "django-insecure-"
    "change-me",
    "changeme",
    "change_me",
    "secret",
    "placeholder",
    "example",
    "dummy",
    "not-for-production",
    "build-only",
)
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_CHARACTERS = 10  # different characters: "xxxx…" is long but not random
# Guessable keys can have many different characters: the alphabet in order
# (`0123456789abc…`), a short string said again and again. Neither is in a random key: 8
# characters stepping evenly, or the same 8 characters twice, come by chance in about one
# random key (token_urlsafe, token_hex) in a million or fewer.
SECRET_KEY_RUN = 8


def longest_even_run(key: str) -> int:
    """The most characters in a row whose code points step evenly: `aaaa`, `abcd`, `9753`."""
    longest = run = min(len(key), 2)
    for i in range(2, len(key)):
        step = ord(key[i]) - ord(key[i - 1])
        run = run + 1 if step == ord(key[i - 1]) - ord(key[i - 2]) else 2
        longest = max(longest, run)
    return longest


def repeats_a_run(key: str, length: int = SECRET_KEY_RUN) -> bool:
    """Whether some `length` characters of the key occur in it twice (a string repeated)."""
    seen = set()
    for i in range(len(key) - length + 1):
        if key[i : i + length] in seen:
            return True
        seen.add(key[i : i + length])
    return False


def secret_key_problem(key: str) -> str | None:
    """Why `key` is not fit to sign production's sessions and tokens; None when it is."""
    if key in KNOWN_SECRET_KEYS:
        return "is a published development or build key"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"is shorter than {MIN_SECRET_KEY_LENGTH} characters"
    if len(set(key)) < MIN_SECRET_KEY_CHARACTERS:
        return f"has fewer than {MIN_SECRET_KEY_CHARACTERS} different characters"
    lowered = key.lower()
    for word in PLACEHOLDER_WORDS:
        if word in lowered:
            return f"contains “{word}”, a placeholder's word"
    if longest_even_run(key) >= SECRET_KEY_RUN:
        return (
            f"has {SECRET_KEY_RUN} or more characters in sequence (like “abcdefgh”, "
            "“87654321” or “xxxxxxxx”), which no random key has"
        )
    if repeats_a_run(key):
        return f"repeats a string of {SECRET_KEY_RUN} or more characters, which no random key does"
    return None


problem = secret_key_problem(SECRET_KEY)  # noqa: F405
if problem:
    raise ImproperlyConfigured(
        f"SECRET_KEY {problem}. Set a long random one, e.g. the output of: python -c "
        "'import secrets; print(secrets.token_urlsafe(50))'"
    )
if any("*" in host for host in ALLOWED_HOSTS):  # noqa: F405
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the site's hosts; '*' accepts any Host header, with which "
        "links and redirects can be made to point elsewhere."
    )

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_RENDERER_CLASSES": ["dialogue.api.renderers.JSONRenderer"],
}
