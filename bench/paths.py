"""Which of the project's files a request passes through, and how often a call goes back up.

Runs requests in-process (Django's test client) on a fresh seeded SQLite database and records
every call between functions of the project's own files (`dialogue/`, `config/`), with
`sys.setprofile`. For each request it prints the files visited (in the order first entered),
how many, and the direct calls that go *up* the layers: from a lower layer into a higher one
(models < domain < interfaces < config), which is what makes a path hard to follow. A call
within a file or within a layer is neither, nor is a call back through a library (Django
calling the next middleware, a database wrapper, a router). Migrations and the test client
are not the project's.

    python bench/paths.py            # the table for docs/architecture.md
    python bench/paths.py --files    # and each request's files

The layers are those of the import contracts in pyproject.toml ([tool.importlinter]).
"""

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lower number: lower layer. A file not listed is the domain (writes, selectors, provenance…).
LAYERS = {
    "dialogue/models/": 0,
    "dialogue/choices.py": 0,
    "dialogue/validators.py": 0,
    "dialogue/dates.py": 0,
    "dialogue/edtf.py": 0,
    "dialogue/history.py": 0,
    "dialogue/api/": 2,
    "dialogue/admin.py": 2,
    "dialogue/ingestion/admin.py": 2,
    "dialogue/views.py": 2,
    "dialogue/middleware/": 2,
    "dialogue/templates/": 2,
    "config/": 3,
}
DOMAIN = 1


def layer(path: str) -> int:
    return next((rank for prefix, rank in LAYERS.items() if path.startswith(prefix)), DOMAIN)


def project_file(filename: str) -> str | None:
    """The path of `filename` inside the project, or None if it is not one of its own."""
    try:
        relative = Path(filename).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return None
    if not relative.startswith(("dialogue/", "config/")) or "/migrations/" in relative:
        return None
    return relative


def traced(request: Callable[[], object]) -> tuple[list[str], list[tuple[str, str]], object]:
    """Run `request`; the project's files it entered (in order) and its upward calls."""
    files: list[str] = []
    upward: list[tuple[str, str]] = []
    known: dict[str, str | None] = {}

    def file_of(code) -> str | None:
        name = code.co_filename
        if name not in known:
            known[name] = project_file(name)
        return known[name]

    def profile(frame, event, _arg):
        if event != "call":
            return
        callee = file_of(frame.f_code)
        if callee is None:
            return
        if callee not in files:
            files.append(callee)
        # A direct call only: a call back through a library (Django's middleware chain, a
        # database wrapper or router it calls) is the framework's path, not the project's.
        caller = None if frame.f_back is None else file_of(frame.f_back.f_code)
        if caller is not None and caller != callee and layer(callee) > layer(caller):
            upward.append((caller, callee))

    sys.setprofile(profile)
    try:
        answer = request()
    finally:
        sys.setprofile(None)
    return files, upward, answer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", action="store_true", help="List each request's files.")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/paths.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("RESPONSE_CACHE", "0")
    os.environ.setdefault("THROTTLE_ANON", "100000000/minute")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token

    for command in ("migrate", "createcachetable", "seed"):
        call_command(command, verbosity=0)
    from dialogue.models import Round
    from tests.admin_pages import admin_form

    user = User.objects.create_superuser("paths", password="paths-bench-only")
    token = Token.objects.create(user=user).key
    anonymous = Client(HTTP_HOST="127.0.0.1")
    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token}")
    admin = Client(HTTP_HOST="127.0.0.1")
    admin.force_login(user)
    round_ = Round.objects.filter(number=3).order_by("pk").first()
    assert round_ is not None
    detail = f"/api/v1/rounds/{round_.pk}/"
    participants = api.get(detail).json()["participants"]
    change = f"/admin/dialogue/round/{round_.pk}/change/"

    requests = {
        "GET /api/v1/rounds/?country=JP&q=security (a list read)": lambda: anonymous.get(
            "/api/v1/rounds/", {"country": "JP", "q": "security"}
        ),
        f"GET {detail} (a record)": lambda: anonymous.get(detail),
        f"PATCH {detail} with its participants (a nested write)": lambda: api.patch(
            detail,
            {"venue": "Iikura House", "participants": participants},
            content_type="application/json",
            HTTP_IF_MATCH=api.get(detail)["ETag"],
        ),
        "POST an admin round page (an admin save)": lambda: admin.post(
            change, {**admin_form(admin.get(change)), "venue": "Iikura Guest House"}
        ),
    }
    print("| request | status | project files | calls up a layer |")
    print("|---|---:|---:|---:|")
    for name, request in requests.items():
        request()  # warm: imports and first-use caches are not the path
        files, upward, answer = traced(request)
        status = getattr(answer, "status_code", "?")
        print(f"| {name} | {status} | {len(files)} | {len(upward)} |")
        if args.files:
            for path in files:
                print(f"|   {path} (layer {layer(path)}) | | | |")
            for caller, callee in sorted(set(upward)):
                print(f"|   up: {caller} → {callee} | | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
