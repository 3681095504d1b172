"""The database cache, as the settings use it without Redis (the suite's own is Redis with
REDIS_URL)."""

from collections.abc import Callable
from datetime import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, models


@pytest.fixture
def database_cache(settings, db):
    """The default cache in the table `dialogue_cache`, as in config/settings/base.py."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "dialogue_cache",
        },
    }
    call_command("createcachetable", verbosity=0)
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def cache_expiries(database_cache) -> Callable[[str], dict[str, datetime]]:
    """The expiry of each entry of the database cache whose key holds `fragment`."""

    def expiries(fragment: str) -> dict[str, datetime]:
        expression = models.Expression(output_field=models.DateTimeField())
        converters = [
            *connection.ops.get_db_converters(expression),
            *expression.get_db_converters(connection),
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT cache_key, expires FROM dialogue_cache WHERE cache_key LIKE %s",
                [f"%{fragment}%"],
            )
            rows = cursor.fetchall()
        found = {}
        for key, expires in rows:
            for converter in converters:
                expires = converter(expires, expression, connection)
            found[key] = expires
        return found

    return expiries


@pytest.fixture
def set_cache_expiry(database_cache) -> Callable[[str, datetime], None]:
    """Sets the expiry of the database cache's entries whose key holds `fragment`."""

    def set_expiry(fragment: str, expires: datetime) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE dialogue_cache SET expires = %s WHERE cache_key LIKE %s",
                [connection.ops.adapt_datetimefield_value(expires), f"%{fragment}%"],
            )

    return set_expiry
