"""The production settings, plus the benchmark's ceiling view."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
