"""End-to-end journeys through the real pages: inviting a person, importing organisations, the keyboard.

Links are followed from the dashboard, never built from identifiers, and nothing depends on
translated text: elements are found by their form field names, link targets and table cells.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from opencaf.accounts.models import User
from opencaf.organisations.models import Membership, Network

pytestmark = pytest.mark.e2e

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ORG = rf"/org/{UUID}/"
NETWORK = rf"/network/{UUID}/"
INVITEE = "nova.sodelavka@example.org"
STRONG_PASSWORD = "Kakovost-2026-Xy"
CSV_HEADER = "name,short_name,type,country,size,language,parent\n"
MUNICIPALITY_ROW = "Občina Test,,municipality,SI,50-249,sl,\n"
# Row 3 of the file (the header is row 1): an unknown organisation type.
BAD_FILE = CSV_HEADER + MUNICIPALITY_ROW + "Zavod Test,ZT,public_zoo,SI,1-49,sl,Občina Test\n"
FIXED_FILE = CSV_HEADER + MUNICIPALITY_ROW + "Zavod Test,ZT,agency,SI,1-49,sl,Občina Test\n"


def _submit(page: Any, form: Any) -> Any:
    """Press the form's submit button and return the response of the page it leads to."""
    with page.expect_navigation() as navigation:
        form.locator('button[type="submit"]').click()
    return navigation.value


def _path(page: Any) -> str:
    return urlsplit(page.url).path


def test_invited_person_creates_an_account_and_joins(
    page: Any, login: Any, logout: Any, links: Any, mailoutbox: list[Any], assert_accessible: Any
) -> None:
    # The quality representative finds the invitation form through the organisation's pages.
    login(page, "quality@example.org")
    org = links(page, "main a", ORG)[0]
    page.goto(org)
    page.goto(links(page, "main nav a", rf"{ORG}members/")[0])
    page.goto(links(page, "main a", rf"{ORG}invitations/new/")[0])

    form = page.locator("main form").filter(has=page.locator('input[name="email"]'))
    form.locator('input[name="email"]').fill(INVITEE)
    form.locator('input[name="roles"][value="assessor"]').check()
    _submit(page, form)
    assert _path(page) == f"{org}members/", "after inviting, the members page lists the pending invitation"
    assert page.locator("main").get_by_role("cell", name=INVITEE, exact=True).count() == 1

    # The e-mail carries a single-use link; the test server's address replaces the configured site.
    assert [message.to for message in mailoutbox] == [[INVITEE]]
    match = re.search(r"https?://\S+?(/invitations/[^/\s]+/)", mailoutbox[0].body)
    assert match, f"no invitation link in the e-mail:\n{mailoutbox[0].body}"
    invitation = match.group(1)
    logout(page)

    # The invitee has no account yet: the link offers to create one.
    response = page.goto(invitation)
    assert response is not None and response.status == 200
    form = page.locator("main form").filter(has=page.locator('input[name="password1"]'))
    assert_accessible(page, "creating an account from an invitation")
    form.locator('input[name="full_name"]').fill("Nova Sodelavka")
    form.locator('select[name="language"]').select_option("en")
    form.locator('input[name="password1"]').fill(STRONG_PASSWORD)
    form.locator('input[name="password2"]').fill(STRONG_PASSWORD + "!")
    _submit(page, form)
    assert _path(page) == invitation, "passwords that differ are refused"
    password2 = form.locator('input[name="password2"]')
    assert "id_password2-errors" in (password2.get_attribute("aria-describedby") or "")
    assert_accessible(page, "creating an account: passwords differ")
    assert not User.objects.filter(email=INVITEE).exists()
    form.locator('input[name="password1"]').fill(STRONG_PASSWORD)
    password2.fill(STRONG_PASSWORD)
    _submit(page, form)

    # Signed in, on the organisation's page, as a member with the invited role, in the chosen language.
    assert _path(page) == org
    assert page.locator("html").get_attribute("lang") == "en"
    assert org in links(page, "header nav a", ORG), "the navigation bar lists the new member's organisation"
    assert page.locator('header form[action$="/logout/"]').count() == 1, "the new member is signed in"
    membership = Membership.objects.get(user__email=INVITEE)
    assert f"/org/{membership.organisation.public_id}/" == org
    assert membership.role_codes == ["assessor"]
    assert User.objects.get(email=INVITEE).check_password(STRONG_PASSWORD)

    # The link works only once.
    response = page.goto(invitation)
    assert response is not None and response.status == 410
    assert_accessible(page, "used invitation (410)")


def test_coordinator_imports_organisations_from_a_csv_file(
    page: Any, login: Any, links: Any, assert_accessible: Any
) -> None:
    login(page, "coordinator@example.org")
    network = links(page, "main a", NETWORK)[0]
    page.goto(network)
    before = links(page, "main table a", ORG)
    page.goto(links(page, "main a", rf"{network}organisations/import/")[0])
    network_object = Network.objects.get(public_id=network.split("/")[2])
    count = network_object.organisations.count()

    def upload(text: str) -> Any:
        form = page.locator("main form").filter(has=page.locator('input[name="file"]'))
        form.locator('input[name="file"]').set_input_files(
            {"name": "organisations.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}
        )
        return _submit(page, form)

    # The file is checked as a whole: one bad row and nothing is imported.
    response = upload(BAD_FILE)
    assert response.status == 422
    assert page.evaluate("() => document.activeElement.id") == "error-summary", "the error summary takes focus"
    problems = page.locator("#import-errors tbody tr")
    assert problems.count() == 1, problems.all_inner_texts()
    cells = problems.first.locator("td")
    assert (cells.nth(0).inner_text().strip(), cells.nth(1).inner_text().strip()) == ("3", "type")
    assert network_object.organisations.count() == count, "nothing may be imported from a file with problems"
    assert_accessible(page, "import with problems")
    page.goto(network)
    assert links(page, "main table a", ORG) == before

    # The corrected file is shown first and imported only when confirmed: both organisations, the
    # second inside the first.
    page.goto(links(page, "main a", rf"{network}organisations/import/")[0])
    assert upload(FIXED_FILE).status == 200
    assert page.locator("main table tbody tr").count() == 2, "the preview lists the rows of the file"
    assert network_object.organisations.count() == count, "nothing is imported before it is confirmed"
    assert_accessible(page, "import preview")
    with page.expect_navigation():
        page.locator('main button[name="decision"][value="confirm"]').click()
    assert _path(page) == network, "after a successful import the portfolio is shown"
    assert network_object.organisations.count() == count + 2
    assert len(links(page, "main table a", ORG)) == len(before) + 2
    portfolio = page.locator("main table tbody tr")
    assert portfolio.filter(has=page.locator("td a", has_text="Občina Test")).count() == 1
    child = portfolio.filter(has=page.locator("td a", has_text="Zavod Test"))
    assert child.count() == 1
    assert child.locator("td").nth(2).inner_text().strip() == "Občina Test", "the parent is shown"


def test_first_tab_focuses_the_skip_link(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})"
    )
    assert "skip-link" in focused["cls"] and focused["href"] == "#main", focused
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["width"] > 10 and box["height"] > 10, "the focused skip link is visible"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main", "Enter moves the focus to the content"
