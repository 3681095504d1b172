"""Settings for building the image: `manage.py collectstatic` and `gazetteer_index`, nothing else.

The static files are collected at build time, when no secret key or host name exists yet, and
the production settings refuse to load without real ones. These are the production settings'
static files (STATIC_ROOT, the manifest storage, the same apps) with a key that signs nothing:
they refuse to load for any other command, so they cannot serve a request.
"""

import sys

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

BUILD_COMMANDS = {"collectstatic", "gazetteer_index"}

if not BUILD_COMMANDS & set(sys.argv[1:3]):
    raise ImproperlyConfigured(
        "config.settings.build is only for `manage.py collectstatic` and `gazetteer_index` while "
        "building the image; "
        "run the application with config.settings.production."
    )

SECRET_KEY = "collectstatic-at-build-time-signs-nothing"
DEBUG = False
ALLOWED_HOSTS = []
