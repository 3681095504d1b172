"""Screenshots of the pages people look at, at 1280 and 1920 px, into docs/screenshots/
(JPEG, whole pages but the docs' first screen).

`make screenshots` runs it: a fresh SQLite database with the seed, the development server on a
free port, an analyst signed in for the admin pages, and Debian's Chromium (CHROMIUM, default
/usr/bin/chromium) driven by Playwright. Nothing is downloaded.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDTHS = (1280, 1920)
# The docs pages scroll inside themselves: their first screen shows what they are.
FIRST_SCREEN_ONLY = {"docs", "redoc"}
PAGES = {
    "front": "/",
    "dyads": "/dyads/",
    "dyad": "/dyads/RU-JP/",
    "timeline": "/timeline/",
    "timeline-2018": "/timeline/?year=2018",
    "docs": "/api/docs/",
    "redoc": "/api/redoc/",
    "admin-round": "/admin/dialogue/round/3/change/",
    "admin-mechanism": "/admin/dialogue/mechanism/1/change/",
    "admin-rounds": "/admin/dialogue/round/",
    "admin-history": "/admin/dialogue/person/1/history/",
    "admin-review": "/admin/dialogue/draft/review/1/",
}
# Pages that show what they are for only once an analyst has acted: the seed release's review
# page with the drafts read from it ("Read drafts from the text again").
PREPARE = {"admin-review": "button[name=propose]"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/shots.sqlite3",
            "DJANGO_SUPERUSER_PASSWORD": "screenshots",
            "LOG_FORMAT": "plain",
        }
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "createcachetable")
        manage(env, "seed")
        manage(env, "createsuperuser", "--noinput", "--username", "shots", "--email", "s@x.org")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz")
                    break
                except OSError:
                    time.sleep(0.2)
            take(base)
        finally:
            server.terminate()
            server.wait()


def take(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(f"{base}/admin/login/")
            page.fill("#id_username", "shots")
            page.fill("#id_password", "screenshots")
            page.click("input[type=submit]")
            page.wait_for_load_state("networkidle")
            for name, path in PAGES.items():
                page.goto(f"{base}{path}", wait_until="networkidle")
                if name in PREPARE and page.locator(".draft").count() == 0:
                    with page.expect_navigation():
                        page.click(PREPARE[name])
                    page.wait_for_load_state("networkidle")
                wide = page.evaluate("document.documentElement.scrollWidth")
                target = OUT / f"{name}-{width}.jpg"
                page.screenshot(
                    path=str(target),
                    full_page=name not in FIRST_SCREEN_ONLY,
                    type="jpeg",
                    quality=60,
                )
                overflow = " (overflows sideways)" if wide > width else ""
                print(f"{target.relative_to(ROOT)}{overflow}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
