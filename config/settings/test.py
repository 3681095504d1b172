"""Settings for the test suite: fast hashing, plain static storage, no manifest needed."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-key-not-for-production"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The suite makes many requests quickly; the throttling tests set their own rates.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
}

# Each test counts its SQL queries exactly (tests/api/test_query_counts.py), so throttle counters
# are kept out of the database: in memory, or in Redis when REDIS_URL is set as in production.
# tests/auth/test_throttling.py checks the database cache of the other settings.
if not os.environ.get("REDIS_URL"):
    CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405
else:
    # pytest-xdist's workers (`make test` runs two) share REDIS_URL's database: each keeps its
    # keys under a prefix of its own and clears only those (tests/worker_cache.py).
    CACHES = {
        **CACHES,
        "default": {
            **CACHES["default"],
            "BACKEND": "tests.worker_cache.WorkerRedisCache",
            "KEY_PREFIX": f"dialogue-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
        },
    }

# No request deadline, so a slow machine does not fail the suite; the tests of the deadline
# set their own.
REQUEST_TIMEOUT = 0
