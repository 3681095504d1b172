"""`make run` (runserver with the local settings, DEBUG on) serves this machine only: on an
address other machines reach, its debug pages would show settings, code and data to them."""

import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dialogue.devserver.management.commands import runserver
from tests.processes import PYTHON, ROOT, clean_env


def test_make_run_on_all_addresses_with_debug_on_is_refused_and_says_why():
    """Issue 25: `make run HOST=0.0.0.0` (as the README suggested) served DEBUG pages to the
    network. It now stops at once with a message; before, it served (and this timed out)."""
    done = subprocess.run(
        [PYTHON, "manage.py", "runserver", "0.0.0.0:0", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=clean_env(),  # the local settings, DEBUG on by default
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 1, done.stderr[-2000:]
    assert "Not serving on 0.0.0.0 with DEBUG on" in done.stderr
    assert "Deploying with Docker" in done.stderr
    assert "DEBUG=0" in done.stderr


@pytest.mark.parametrize("address", ["0.0.0.0", "0", "::", "192.168.1.5", "registry.example.org"])
def test_debug_on_a_reachable_address_is_refused(address):
    assert runserver.public_debug_problem(address, debug=True)
    assert runserver.public_debug_problem(address, debug=False) is None


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_debug_on_the_loopback_address_is_served(address):
    assert runserver.public_debug_problem(address, debug=True) is None


@pytest.fixture
def served(monkeypatch) -> list[str]:
    """The addresses the installed runserver went on to serve (instead of serving)."""
    addresses: list[str] = []

    def run(self, **options):
        addresses.append(self.addr)

    monkeypatch.setattr(runserver.RunserverCommand, "run", run)
    return addresses


def test_manage_py_runserver_is_the_guarded_one(settings, served):
    settings.DEBUG = True

    call_command("runserver", "--skip-checks")
    call_command("runserver", "127.0.0.1:8000", "--skip-checks")
    with pytest.raises(CommandError, match=r"Not serving on 0\.0\.0\.0 with DEBUG on"):
        call_command("runserver", "0.0.0.0:8000", "--skip-checks")
    settings.DEBUG = False
    call_command("runserver", "0.0.0.0:8000", "--skip-checks")

    assert served == ["127.0.0.1", "127.0.0.1", "0.0.0.0"]
