"""Settings for a developer's machine: debug on, a fixed throwaway secret key."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-development-key-not-for-production"  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "plain")  # noqa: F405
