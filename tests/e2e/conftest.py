"""Browser journeys: one Chromium per xdist worker, a fresh browser context and demo data per test.

Chromium is Debian's (`apt-get install chromium`), never Playwright's own download. Without it the
journeys are skipped, unless OPENCAF_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

# Playwright's sync API keeps an event loop running in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate. The test code never awaits.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
AXE_SOURCE_PATH = HERE / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "demo"  # documented demo password (opencaf.demo.organisations)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Hooks in a conftest see the whole session's items: mark only the journeys in this directory.
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def _unavailable(reason: str) -> None:
    if os.environ.get("OPENCAF_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (OPENCAF_REQUIRE_BROWSER=1 requires the browser tests to run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for this worker's whole session."""
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db: None) -> None:
    """The CAF 2020 model and the demo network, organisations and users (password "demo").

    Only the first demo layer: journeys that need the demo self-assessments call `manage.py seed_demo`.
    """
    from opencaf.demo.organisations import seed_organisations

    call_command("load_frameworks", verbosity=0)
    seed_organisations()


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Any, live_server: Any, demo: None) -> Iterator[Any]:
    """A fresh tab in a fresh context (no cookies) against the live server, in English by default.

    The site's Content-Security-Policy stays in force: axe is injected through the DevTools protocol,
    which the policy does not govern. Every error printed to the console (a CSP violation, a failed
    script) fails the test.
    """
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    # Nothing asks for a favicon; keep Chromium from requesting one (a stray concurrent request).
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    yield page
    context.close()
    # Responses with an error status (404, 410, 422 …) are logged by Chromium; they are expected here.
    # A test that provokes errors on purpose (going offline, say) names them with
    # @pytest.mark.expected_console_errors("text", ...).
    marker = request.node.get_closest_marker("expected_console_errors")
    expected = ("the server responded with a status of", *(marker.args if marker else ()))
    unexpected = [text for text in console_errors if not any(part in text for part in expected)]
    assert not unexpected, "Errors in the browser console:\n" + "\n".join(unexpected)


# --- helpers ----------------------------------------------------------------------------------------


def _login(page: Any, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the allauth form, as a person would."""
    page.goto("/accounts/login/")
    form = page.locator("main form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    assert not page.url.rstrip("/").endswith("/accounts/login"), f"could not sign in as {email}"


def _logout(page: Any) -> None:
    """Sign out with the button in the navigation bar."""
    with page.expect_navigation():
        page.locator('header form[action$="/logout/"] button[type="submit"]').click()


def _switch_language(page: Any, code: str) -> None:
    """Change the interface language with the switcher in the navigation bar."""
    switcher = page.locator("header form.language-switcher")
    switcher.locator('select[name="language"]').select_option(code)
    with page.expect_navigation():
        switcher.locator('button[type="submit"]').click()


def _links(page: Any, selector: str, pattern: str) -> list[str]:
    """Paths of the links matched by `selector` whose path matches `pattern` (a regex), in page order."""
    found: list[str] = []
    for href in page.locator(selector).evaluate_all("links => links.map(a => a.pathname)"):
        if re.fullmatch(pattern, href) and href not in found:
            found.append(href)
    return found


@dataclass
class AxeReport:
    """Violations collected over several pages, reported together."""

    pages: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def check(self, page: Any, label: str | None = None) -> None:
        label = label or page.url
        self.pages.append(label)
        for violation in run_axe(page):
            targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"])
            self.problems.append(
                f"{label}: {violation['id']} ({violation['impact']}) – {violation['help']} – nodes: {targets}"
            )

    def assert_clean(self) -> None:
        assert not self.problems, (
            f"axe found {len(self.problems)} violation(s) on {len(self.pages)} page(s):\n" + "\n".join(self.problems)
        )


_axe_source: str | None = None


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page and return its violations."""
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE_SOURCE_PATH.read_text(encoding="utf-8")
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source)
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.map(String)})),
            }));
        }""",
        AXE_TAGS,
    )


def _assert_accessible(page: Any, label: str | None = None) -> None:
    report = AxeReport()
    report.check(page, label)
    report.assert_clean()


# The helpers reach the test modules as fixtures: this directory is not a package, and a second module
# called "conftest" (the project's own) rules out `from conftest import ...`.


@pytest.fixture
def login() -> Any:
    """`login(page, email, password="demo")`: sign in through the form."""
    return _login


@pytest.fixture
def logout() -> Any:
    """`logout(page)`: sign out with the navigation bar's button."""
    return _logout


@pytest.fixture
def switch_language() -> Any:
    """`switch_language(page, code)`: use the navigation bar's language switcher."""
    return _switch_language


@pytest.fixture
def links() -> Any:
    """`links(page, selector, pattern)`: paths of matching links whose path fully matches the regex."""
    return _links


@pytest.fixture
def axe_report() -> AxeReport:
    """Collects axe violations over several pages (`.check(page, label)`), then `.assert_clean()`."""
    return AxeReport()


@pytest.fixture
def assert_accessible() -> Any:
    """`assert_accessible(page, label=None)`: axe finds no WCAG 2.1 A/AA violation on the current page."""
    return _assert_accessible


def _start_demo_assessment(title: str = "Samoocenjevanje (brskalnik)") -> Any:
    """A started classical self-assessment in the demo municipality with assessor1 and assessor2
    in one group, as the demo's leader would set it up. Needs the demo's organisations."""
    from django.db import transaction

    from opencaf.accounts.models import User
    from opencaf.assessments import services
    from opencaf.assessments.lifecycle import Action
    from opencaf.frameworks.models import FrameworkVersion
    from opencaf.organisations.models import Membership

    leader = User.objects.get(email="leader@example.org")
    with transaction.atomic():
        assessment = services.create_assessment(
            actor=leader,
            organisation=Membership.objects.get(user=leader).organisation,
            framework=FrameworkVersion.objects.get(code="caf2020"),
            title=title,
            scoring_method="classical",
            scope="whole",
        )
        group = services.create_group(actor=leader, assessment=assessment, name="SAG", leader=None)
        for email in ("assessor1@example.org", "assessor2@example.org"):
            membership = Membership.objects.get(user__email=email)
            services.add_seat(
                actor=leader,
                group=group,
                membership=membership,
                functional_area=membership.department,
                staff_level=membership.staff_level or "front_line",
            )
        return services.change_state(actor=leader, assessment=assessment, action=Action.START)


@pytest.fixture
def running_assessment(demo: None) -> Any:
    """A started self-assessment in the demo municipality with assessor1 and assessor2 in one group."""
    return _start_demo_assessment()
