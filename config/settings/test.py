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

# The caches are those of the other settings: the database cache, and rate limits in memory
# (or Redis when REDIS_URL is set, as in production). No read touches the database cache, so
# each test's exact count of SQL queries holds on either (tests/api/test_reads_never_write.py).
if os.environ.get("REDIS_URL"):
    # pytest-xdist's workers (`make test` runs two) share REDIS_URL's database: each keeps its
    # keys under a prefix of its own and clears only those (tests/worker_cache.py).
    WORKER_REDIS = {
        **CACHES["default"],  # noqa: F405
        "BACKEND": "tests.worker_cache.WorkerRedisCache",
        "KEY_PREFIX": f"dialogue-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
    }
    CACHES["default"] = CACHES["rate_limits"] = WORKER_REDIS  # noqa: F405

# No request deadline, so a slow machine does not fail the suite; the tests of the deadline
# set their own.
REQUEST_TIMEOUT = 0
