"""What the browser tests share: a headless Chromium, and a page that records what must not
happen on it (issue 10).

They run when the `playwright` package (dev extras) and a Chromium at CHROMIUM (default
/usr/bin/chromium, `apt-get install chromium`; .ci/run installs it) are there; playwright's own
browser downloads are never used. Skipped otherwise.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

# Every CSP violation the page sees, as the browser reports it to the page.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture(scope="module", autouse=True)
def database_beside_the_browser_loop():
    """Playwright's sync API runs an event loop in this thread, so Django takes the test's own
    queries (factories, the database's flush) for queries from async code and refuses them.
    They are not: the server answers in its own thread."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="module")
def browser(database_beside_the_browser_loop):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


class Visit:
    """A browser page that records what must not happen: console errors, uncaught errors, CSP
    violations, and requests to any host but the server's."""

    def __init__(self, browser, base_url: str):
        self.base = urlsplit(base_url)
        self.context = browser.new_context(base_url=base_url)
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.context.route("**/*", self.route)

    def console(self, message):
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def route(self, route):
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == self.base.netloc:
            route.continue_()
        else:
            self.problems.append(f"request to another host: {route.request.url}")
            route.abort()

    def open(self, path: str, wait_for: str | None = None) -> None:
        response = self.page.goto(path, wait_until="networkidle")
        assert response is not None, path
        assert response.status == 200, (path, response.status)
        if wait_for:
            self.page.wait_for_selector(wait_for, timeout=20_000)
        self.page.wait_for_load_state("networkidle")
        self.problems += self.page.evaluate("window.__violations")

    def sign_in(self, username: str, password: str) -> None:
        self.open("/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("input[type=submit]")
        self.page.wait_for_load_state("networkidle")


@pytest.fixture
def visit(browser, live_server):
    visit = Visit(browser, live_server.url)
    yield visit
    visit.context.close()
