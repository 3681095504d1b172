"""Run alone by tests/suite/test_isolation.py (its name is not collected with the suite)."""

import pytest
from django.db import connection


@pytest.fixture(scope="module")
def database_name(django_db_setup, django_db_blocker) -> str:
    with django_db_blocker.unblock():
        return connection.settings_dict["NAME"]


def test_the_session_fixtures_read_the_test_database(database_name):
    assert database_name == connection.creation._get_test_db_name(), database_name
