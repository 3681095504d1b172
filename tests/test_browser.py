"""The HTML pages in headless Chromium: no Content-Security-Policy violation, no console error,
nothing fetched from another host (issue 10).

Runs when the `playwright` package (dev extras) and a Chromium at CHROMIUM (default
/usr/bin/chromium, `apt-get install chromium`; .ci/run installs it) are there; playwright's own
browser downloads are never used. Skipped otherwise.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .factories import ParticipantFactory, RoundFactory, UserFactory

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
    # The server answers in its own thread: the test's records must be committed.
    pytest.mark.django_db(transaction=True),
]

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


def test_swagger_ui(visit):
    visit.open("/api/docs/", wait_for=".swagger-ui .opblock")
    assert not visit.problems, "\n".join(visit.problems)


def test_redoc(visit):
    visit.open("/api/redoc/", wait_for="[role=menuitem]")
    assert not visit.problems, "\n".join(visit.problems)


def test_timeline(visit):
    round_ = RoundFactory(start_date=datetime.date(2018, 7, 31), summary="Talks")
    ParticipantFactory(round=round_)
    RoundFactory(start_date=datetime.date(2018, 4, 1), status="scheduled")

    visit.open("/timeline/", wait_for="svg rect")
    visit.open("/timeline/?status=scheduled&year=2018", wait_for="svg rect")
    assert not visit.problems, "\n".join(visit.problems)


def test_admin(visit):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    round_ = RoundFactory(start_date=datetime.date(2018, 7, 31), summary="Talks")
    ParticipantFactory(round=round_)

    visit.sign_in("root", "correct horse battery staple")
    for path in (
        "/admin/",
        "/admin/dialogue/round/",
        "/admin/dialogue/round/?start_date__year=2018",
        f"/admin/dialogue/round/{round_.pk}/change/",
        "/admin/dialogue/round/add/",
        f"/admin/dialogue/mechanism/{round_.mechanism.pk}/change/",
        "/admin/dialogue/round/export/",
        f"/admin/dialogue/round/{round_.pk}/history/",
    ):
        visit.open(path)
    assert not visit.problems, "\n".join(visit.problems)


def test_timeline_marks_stay_on_their_lanes_for_any_number_of_lanes(visit):
    # Labels were HTML rows 27 px tall beside 26 px lanes: by lane 15 the marks sat 16 px off,
    # and from about 27 mechanisms on beside the wrong name.
    for number in range(40):
        RoundFactory(start_date=datetime.date(2018, 1, 1) + datetime.timedelta(days=7 * number))
    visit.open("/timeline/", wait_for="svg rect")
    offsets = visit.page.evaluate(
        """() => [...document.querySelectorAll("#timeline-chart g.lane")].map((lane) => {
             const label = lane.querySelector("text.lane-name").getBoundingClientRect();
             const mark = lane.querySelector("rect.mark").getBoundingClientRect();
             return (label.top + label.height / 2) - (mark.top + mark.height / 2);
           })"""
    )
    assert len(offsets) == 40
    assert max(abs(offset) for offset in offsets) <= 3, offsets
    assert not visit.problems, "\n".join(visit.problems)
