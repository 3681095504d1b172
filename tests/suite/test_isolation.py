"""The suite never touches the developer's own database, whichever tests are selected."""

import os
import subprocess
import sys
from pathlib import Path

PROBE = Path(__file__).with_name("probe_database.py")


def test_a_test_run_alone_whose_fixture_reads_the_database_gets_the_test_database(tmp_path):
    """Run alone, a test with a session fixture over `django_db_setup` and no `django_db` mark
    used to get DATABASE_URL's database: pytest-django set up no test database for it."""
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'own.sqlite3'}"}
    environment.pop("PYTEST_XDIST_WORKER", None)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "-q",
            "--no-migrations",
            str(PROBE),
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    assert not (tmp_path / "own.sqlite3").exists()
