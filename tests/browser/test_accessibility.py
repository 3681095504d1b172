"""The project's own pages have no serious or critical axe-core violation of WCAG 2 A and AA
(issue 26): the front page, the pair pages, the timeline, the review page and the admin pages
the project customises, on the seeded registry.

axe-core comes from npm (tests/browser/package.json; `make test` installs it); the test is
skipped without it, as the browser tests are without Chromium.
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from tests.conftest import load_migrations_data
from tests.factories import SourceFactory, UserFactory, analyst_permissions

# axe-core, as `make test` installs it from npm (tests/browser/package-lock.json).
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = [
    pytest.mark.skipif(not AXE.exists(), reason=f"no axe-core at {AXE} (`make test` installs it)"),
    # The server answers in its own thread: the seed must be committed.
    pytest.mark.django_db(transaction=True),
]
# Served to the page from the server's own origin (the browser never asks the server for it):
# the pages' Content-Security-Policy allows scripts from there only, not one written inline.
AXE_ADDRESS = "/__tests__/axe.min.js"

# The WCAG 2 A and AA rules, and of their violations the serious and critical ones: each as its
# rule, its impact and the elements (their CSS selectors) that fail it.
RUN_AXE = """async () => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}});
  return results.violations
    .filter((violation) => ["serious", "critical"].includes(violation.impact))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
}"""


def accessibility_violations(page) -> list[dict]:
    """The serious and critical axe-core violations of WCAG 2 A and AA on the page as it is now."""
    page.route(f"**{AXE_ADDRESS}", lambda route: route.fulfill(path=AXE), times=1)
    page.add_script_tag(url=AXE_ADDRESS)
    return page.evaluate(RUN_AXE)


# The page's CSS transitions, ended at once: the admin's links fade from one colour scheme's
# colours to the other's, and axe-core would measure a colour half-way. (Waiting for them to end
# hung on the mechanism page.)
END_FADES = """document.getAnimations()
  .filter((animation) => animation instanceof CSSTransition)
  .forEach((animation) => animation.finish())"""


def serious_violations(visit, path: str | None = None) -> list[str]:
    """Each serious or critical violation on the page at path (or the page as it is), in the
    light and the dark colour scheme: its rule, impact, number of elements and the first few."""
    if path is not None:
        visit.open(path)
    found = []
    # The admin follows the system's light or dark scheme, and the pages' colours must pass in
    # both.
    for scheme in ("light", "dark"):
        visit.page.emulate_media(color_scheme=scheme)
        visit.page.evaluate(END_FADES)
        found += [
            f"{scheme}: {violation['id']} ({violation['impact']}, {len(violation['targets'])}): "
            + ", ".join(violation["targets"][:4])
            for violation in accessibility_violations(visit.page)
        ]
    return found


def test_the_projects_pages_have_no_serious_accessibility_violation(visit):
    from dialogue.models import Country, Mechanism, Round
    from tests.ingestion.test_records import PUBLISHED, TEXT

    # One load of the seed for every page (it takes seconds on this machine).
    if not Country.objects.exists():  # emptied by a transactional test before this one
        load_migrations_data()
    call_command("loaddata", "release-2018-07-30", verbosity=0)
    mechanism = Mechanism.objects.get(slug="ru-jp-2plus2")
    round_ = Round.objects.filter(mechanism=mechanism).latest("start_date")
    source = SourceFactory(title="Comment on talks", text=TEXT, published_at=PUBLISHED)
    analyst = UserFactory(username="analyst", is_staff=True, permissions=analyst_permissions())
    analyst.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))

    found = {
        f"{path} (anonymous)": serious_violations(visit, path)
        for path in ("/", "/dyads/", "/dyads/JP-RU/", "/timeline/")
    }

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
