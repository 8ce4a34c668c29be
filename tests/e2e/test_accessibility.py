"""axe-core (WCAG 2.0/2.1 A and AA) on every page each demo role reaches from the navigation.

Pages are found by following links from the dashboard, never by hard-coded identifiers, so the walk
also checks that each role is offered exactly the pages its permissions allow. Demo users work in
Slovenian; the anonymous visitor is checked in English, and again in Bulgarian after using the
language switcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ORG = rf"/org/{UUID}/"
NETWORK = rf"/network/{UUID}/"
FRAMEWORK = "/framework/caf2020/"
# One enabler and one results subcriterion.
SUBCRITERIA = [f"{FRAMEWORK}subcriteria/1.1/", f"{FRAMEWORK}subcriteria/6.1/"]


@dataclass(frozen=True)
class Expect:
    """What the navigation must offer a demo role in its organisation (or network)."""

    organisation: bool = True
    members: bool = False
    manage: bool = False  # invite, edit members, audit log
    network: bool = False


ROLES = {
    "quality@example.org": Expect(members=True, manage=True),
    "leader@example.org": Expect(members=True),
    "assessor1@example.org": Expect(),
    "manager@example.org": Expect(members=True),
    "viewer@example.org": Expect(),
    "outsider@example.org": Expect(members=True, manage=True),
    "coordinator@example.org": Expect(organisation=False, network=True),
}


class Walk:
    """Visit pages, check each one's language and run axe on it."""

    def __init__(self, page: Any, report: Any, links: Any, language: str) -> None:
        self.page, self.report, self.links, self.language = page, report, links, language
        self.visited: list[str] = []

    def visit(self, path: str, status: int = 200) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == status, f"{path}: HTTP {response and response.status}"
        lang = self.page.locator("html").get_attribute("lang")
        assert lang == self.language, f"{path} is in {lang!r}, expected {self.language!r}"
        self.visited.append(path)
        self.report.check(self.page, f"{path} [{self.language}]")

    def one(self, selector: str, pattern: str, what: str) -> str:
        found = self.links(self.page, selector, pattern)
        assert found, f"no link to {what} on {self.page.url}"
        return found[0]

    def none(self, selector: str, pattern: str, what: str) -> None:
        found = self.links(self.page, selector, pattern)
        assert not found, f"{self.page.url} offers {what}: {found}"

    def framework(self) -> None:
        """The CAF model, reached from the navigation bar's link."""
        self.visit(self.one("header nav a", r"/framework/", "the CAF model"))
        self.visit(self.one("main a", re.escape(FRAMEWORK), "CAF 2020"))
        tabs = self.links(self.page, "main nav a", rf"{re.escape(FRAMEWORK)}(scoring|process)/")
        assert len(tabs) == 2, f"framework tabs: {tabs}"
        subcriteria = self.links(self.page, "main a", rf"{re.escape(FRAMEWORK)}subcriteria/[\d.]+/")
        assert set(SUBCRITERIA) <= set(subcriteria), f"subcriteria linked: {subcriteria}"
        for path in [*tabs, *SUBCRITERIA]:
            self.visit(path)

    def account(self) -> None:
        """The profile page from the navigation bar, and the security pages it links to."""
        self.visit(self.one("header a", r"/accounts/profile/", "the profile"))
        for path in self.links(self.page, "main a", r"/accounts/(2fa|password/change|email)/"):
            self.visit(path)
        assert "/accounts/2fa/" in self.visited, "the profile does not link to two-factor authentication"
        self.page.goto("/accounts/2fa/")
        for path in self.links(self.page, "main a", r"/accounts/2fa/[\w/-]+/"):  # authenticator app, security key
            self.visit(path)

    def organisation(self, org: str, expect: Expect) -> None:
        self.visit(org)
        tabs = "main nav a"
        if expect.members:
            members = self.one(tabs, rf"{ORG}members/", "the members")
            self.visit(members)
        else:
            self.none(tabs, rf"{ORG}members/", "the members list")
        if expect.manage:
            self.visit(self.one(tabs, rf"{ORG}audit/", "the audit log"))
            self.page.goto(members)
            invite = self.one("main a", rf"{ORG}invitations/new/", "the invitation form")
            edit = self.one("main a", rf"{ORG}members/{UUID}/", "editing a member")
            self.visit(invite)
            self.visit(edit)
        else:
            self.none(tabs, rf"{ORG}audit/", "the audit log")
            if expect.members:
                self.none("main a", rf"{ORG}invitations/new/", "the invitation form")

    def network(self, network: str) -> None:
        self.visit(network)
        self.visit(self.one("main a", rf"{network}organisations/new/", "adding an organisation"))
        self.page.goto(network)
        self.visit(self.one("main a", rf"{network}organisations/import/", "the import"))
        self.page.goto(network)
        organisations = self.links(self.page, "main table a", ORG)
        assert len(organisations) == 4, f"portfolio links: {organisations}"
        self.visit(self.one("main nav a", rf"{network}audit/", "the network audit log"))
        self.visit(organisations[0])  # a coordinator sees each organisation's overview


@pytest.mark.parametrize("email", list(ROLES))
def test_pages_of_each_role_in_slovenian(page: Any, login: Any, links: Any, axe_report: Any, email: str) -> None:
    expect = ROLES[email]
    login(page, email)
    walk = Walk(page, axe_report, links, language="sl")
    walk.visit("/")
    organisations = links(page, "main a", ORG)
    networks = links(page, "main a", NETWORK)
    assert len(organisations) == (1 if expect.organisation else 0), f"dashboard organisations: {organisations}"
    assert len(networks) == (1 if expect.network else 0), f"dashboard networks: {networks}"
    for org in organisations:
        walk.organisation(org, expect)
    for network in networks:
        walk.network(network)
    walk.framework()
    walk.account()
    axe_report.assert_clean()


def test_pages_of_anonymous_visitor_in_english(page: Any, links: Any, axe_report: Any) -> None:
    walk = Walk(page, axe_report, links, language="en")
    walk.visit("/")
    walk.none("a", ORG, "an organisation")
    walk.framework()
    walk.visit(walk.one("header a", r"/accounts/login/", "signing in"))
    walk.visit(walk.one("main a", r"/accounts/password/reset/", "resetting the password"))
    walk.visit("/no-such-page/", status=404)
    axe_report.assert_clean()


def test_language_switcher_bulgarian_then_english(page: Any, links: Any, axe_report: Any, switch_language: Any) -> None:
    """The one journey that looks at translated text: the Bulgarian catalogue must be compiled and used."""
    page.goto("/")
    english = page.locator("main h1").inner_text()
    switch_language(page, "bg")
    assert page.url.endswith("/"), "the switcher returns to the page it was used on"
    assert page.locator("html").get_attribute("lang") == "bg"
    bulgarian = page.locator("main h1").inner_text()
    assert bulgarian != english and re.search(r"[\u0400-\u04FF]", bulgarian), f"not Bulgarian: {bulgarian!r}"
    walk = Walk(page, axe_report, links, language="bg")
    walk.visit("/")
    walk.framework()
    walk.visit("/no-such-page/", status=404)
    walk.visit("/accounts/login/")
    walk.visit("/accounts/password/reset/")
    switch_language(page, "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/accounts/password/reset/"), "the switcher returns to the page it was used on"
    walk.language = "en"
    walk.visit("/")
    assert page.locator("main h1").inner_text() == english
    axe_report.assert_clean()


def test_forms_showing_errors(page: Any, login: Any, links: Any, axe_report: Any) -> None:
    """A refused sign-in, and the invitation form sent empty: errors tied to their fields, no violation."""
    page.goto("/accounts/login/")
    page.locator('main input[name="login"]').fill("quality@example.org")
    page.locator('main input[name="password"]').fill("not the password")
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').first.click()
    assert page.url.rstrip("/").endswith("/accounts/login"), "a wrong password must not sign in"
    axe_report.check(page, "login with a wrong password")

    login(page, "quality@example.org")
    org = links(page, "main a", ORG)[0]
    page.goto(f"{org}members/")
    page.goto(links(page, "main a", rf"{ORG}invitations/new/")[0])
    form = page.locator("main form").filter(has=page.locator('input[name="email"]'))
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    email = form.locator('input[name="email"]')
    assert page.locator("main .errorlist").count() >= 2, "the empty invitation form shows no errors"
    assert "id_email-errors" in (email.get_attribute("aria-describedby") or "")
    axe_report.check(page, "invitation form sent empty [sl]")
    axe_report.assert_clean()


def test_axe_reports_a_planted_violation(page: Any, axe_report: Any) -> None:
    """The checks above mean something only if axe really runs under the site's CSP: plant two faults."""
    page.goto("/")
    page.evaluate(
        """() => {
            const image = document.createElement('img');
            image.src = 'data:,';
            const faint = document.createElement('p');
            faint.textContent = 'faint text';
            faint.style.color = '#ddd';
            document.querySelector('main').append(image, faint);
        }"""
    )
    axe_report.check(page, "planted")
    found = " ".join(axe_report.problems)
    assert "image-alt" in found and "color-contrast" in found, axe_report.problems


def test_forbidden_page(page: Any, login: Any, links: Any, assert_accessible: Any) -> None:
    """A viewer who follows a members link someone shared gets the 403 page, which must be accessible too."""
    login(page, "viewer@example.org")
    org = links(page, "main a", ORG)[0]
    response = page.goto(f"{org}members/")
    assert response is not None and response.status == 403
    assert_accessible(page, "403 [sl]")
