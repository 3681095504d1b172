"""The project's own pages have no serious or critical axe-core violation of WCAG 2 A and AA
(issue 26): the front page, the pair pages, the timeline, the review page and the admin pages
the project customises, on the seeded registry.

axe-core comes from npm (tests/browser/package.json; `make test` installs it); the test is
skipped without it, as the browser tests are without Chromium.
"""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from tests.browser.conftest import accessibility_violations
from tests.conftest import load_migrations_data
from tests.factories import SourceFactory, UserFactory, analyst_permissions

# The server answers in its own thread: the seed must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

# Violations inside Django's own admin markup, which the project does not change: (rule, the
# element's selector) and why it is left.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


# The page's CSS transitions, once ended (an animation that repeats forever is not waited for).
FADES_ENDED = """Promise.all(
  document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished)
)"""


def serious_violations(visit, path: str | None = None) -> list[str]:
    """Each serious or critical violation on the page at path (or the page as it is), but the
    known exceptions: its rule, impact, number of elements and the first few of them."""
    if path is not None:
        visit.open(path)
    found = []
    # The admin follows the system's light or dark scheme, and the pages' colours must pass in
    # both.
    for scheme in ("light", "dark"):
        visit.page.emulate_media(color_scheme=scheme)
        # The admin's links fade from one scheme's colours to the other's (CSS transitions).
        visit.page.evaluate(FADES_ENDED)
        for violation in accessibility_violations(visit.page):
            targets = [
                target
                for target in violation["targets"]
                if (violation["id"], target) not in KNOWN_EXCEPTIONS
            ]
            if targets:
                found.append(
                    f"{scheme}: {violation['id']} ({violation['impact']}, {len(targets)}): "
                    + ", ".join(targets[:4])
                )
    return found


def test_the_projects_pages_have_no_serious_accessibility_violation(visit):
    from dialogue.models import Mechanism, Round
    from tests.ingestion.test_records import PUBLISHED, TEXT

    # One load of the seed for every page (it takes seconds on this machine).
    if not Mechanism._meta.apps.get_model("dialogue", "Country").objects.exists():
        load_migrations_data()
    call_command("loaddata", "release-2018-07-30", verbosity=0)
    mechanism = Mechanism.objects.get(slug="ru-jp-2plus2")
    round_ = Round.objects.filter(mechanism=mechanism).order_by("-start_date").first()
    source = SourceFactory(title="Comment on talks", text=TEXT, published_at=PUBLISHED)
    analyst = UserFactory(username="analyst", is_staff=True, permissions=analyst_permissions())
    analyst.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))

    pages = ["/dyads/", "/dyads/JP-RU/", "/timeline/"]
    found = {path: serious_violations(visit, path) for path in pages}

    visit.sign_in("analyst", "correct horse battery staple")
    review = f"/admin/dialogue/draft/review/{source.pk}/"
    visit.open(review)
    with visit.page.expect_navigation():
        visit.page.click("button[name=propose]")
    visit.page.wait_for_load_state("networkidle")
    # A rejected draft beside the others, and a draft's form fields, as an analyst opens them.
    with visit.page.expect_navigation():
        visit.page.locator("button[name=reject]").first.click()
    visit.page.wait_for_load_state("networkidle")
    visit.page.locator("summary", has_text="Edit, then accept").first.click()
    found[review] = serious_violations(visit)
    for path in (
        "/",
        "/admin/dialogue/round/",
        "/admin/dialogue/round/add/",
        f"/admin/dialogue/round/{round_.pk}/change/",
        f"/admin/dialogue/round/{round_.pk}/history/",
        f"/admin/dialogue/source/{source.pk}/change/",
        "/admin/dialogue/draft/",
    ):
        found[path] = serious_violations(visit, path)
    # The mechanism's page with a round opened: its participants' and citations' rows.
    mechanism_page = f"/admin/dialogue/mechanism/{mechanism.pk}/change/"
    visit.open(mechanism_page)
    visit.page.locator("#rounds-0 > details > summary").click()
    found[mechanism_page] = serious_violations(visit)

    failing = {path: violations for path, violations in found.items() if violations}
    assert not failing, "\n".join(
        f"{path}:\n  " + "\n  ".join(violations) for path, violations in failing.items()
    )
    # visit.problems is not read: axe-core itself applies inline styles the pages' CSP refuses
    # (console errors of its own). The other browser tests check these pages' CSP and console.
