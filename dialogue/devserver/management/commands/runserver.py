"""Django's development server (with whitenoise's static files), refused with DEBUG on at an
address other machines can reach.

`make run` serves with the local settings, where DEBUG is on: its error pages show settings,
code and data to whoever can reach the server. On 127.0.0.1 that is only this machine; on
0.0.0.0 it is the whole network.
"""

import ipaddress

from django.conf import settings
from django.core.management.base import CommandError
from whitenoise.runserver_nostatic.management.commands.runserver import (
    Command as RunserverCommand,
)

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})


def is_loopback(address: str) -> bool:
    """Whether `address` (as runserver takes it: `127.0.0.1`, `::1`, `localhost`, `0`) can be
    reached from this machine only."""
    if address.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:  # `0` (0.0.0.0) or a host name, which may resolve to anything
        return False


def public_debug_problem(address: str, debug: bool) -> str | None:
    """Why serving on `address` with this DEBUG is refused; None when it is not."""
    if not debug or is_loopback(address):
        return None
    shown = "0.0.0.0" if address == "0" else address
    return (
        f"Not serving on {shown} with DEBUG on: `make run` (runserver) is a development "
        "server, and with DEBUG on its error pages show settings, code and data to anyone who "
        "can reach it. It serves this machine only (HOST=127.0.0.1, the default, or ::1). "
        "To serve other people, deploy the image (README, “Deploying with Docker”); to try the "
        "development server from another machine anyway, turn DEBUG off: "
        f"DEBUG=0 ALLOWED_HOSTS=<its host name> make run HOST={shown}."
    )


class Command(RunserverCommand):
    help = RunserverCommand.help + " With DEBUG on, it serves the loopback address only."

    def run(self, **options):
        # handle() has read the address (`self.addr`, the default when none was given).
        problem = public_debug_problem(self.addr, settings.DEBUG)
        if problem:
            raise CommandError(problem)
        super().run(**options)
