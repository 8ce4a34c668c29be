"""News in a real browser: the coordinator announces a training in the news (the form prefilled from
the event, a half-written language refused with the focus on the error summary), publishes it for
everyone; a visitor reads it on a phone in their language and finds it in the Atom feed; a member of
an organisation of the network reads it on the organisation's news page. axe runs on every page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import Any

import pytest
from browsing import PHONE, fits, shot, tab_to
from django.db import transaction
from django.utils import timezone

pytestmark = pytest.mark.e2e

ATOM = "{http://www.w3.org/2005/Atom}"


def _submit(page: Any, selector: str) -> Any:
    """Reach the button with the keyboard and press Enter."""
    tab_to(page, selector)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    return navigation.value


def _training() -> tuple[Any, Any]:
    """The demo network and a published two-day training of it."""
    from opencaf.accounts.models import User
    from opencaf.coordination.services import events
    from opencaf.organisations.models import Network

    coordinator = User.objects.get(email="coordinator@example.org")
    network = Network.objects.filter(coordinators=coordinator).get()
    first_day = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=20)
    with transaction.atomic():
        training = events.create_event(
            actor=coordinator,
            network=network,
            data=events.EventData(
                kind="training", title="Dvodnevno usposabljanje za člane SSO",
                description="Ocenjevanje in konsenz.\n\nPrijave: https://example.org/prijava",
                place="Ljubljana", online_link="", capacity=20, audience="anyone", registration_closes=None,
                sessions=[(first_day, first_day + timedelta(hours=7)),
                          (first_day + timedelta(days=1), first_day + timedelta(days=1, hours=7))],
            ),
        )  # fmt: skip
        events.publish_event(actor=coordinator, event=training)
    return network, training


def test_announce_a_training_and_read_it(page: Any, login: Any, logout: Any, axe_report: Any) -> None:
    from opencaf.coordination.models import NewsItem, NewsState
    from opencaf.organisations.models import Membership

    network, training = _training()

    # The coordinator opens the training and announces it in the news: the form suggests its texts.
    login(page, "coordinator@example.org")
    page.goto(f"/network/{network.public_id}/events/{training.public_id}/")
    with page.expect_navigation():
        page.locator(f'main a[href$="/news/new/?event={training.public_id}"]').click()
    assert page.locator('input[name="title_sl"]').input_value() == training.title
    assert page.locator('select[name="event"]').input_value() == str(training.public_id)
    axe_report.check(page, "news form prefilled from the event")
    shot(page, "news-form")

    # A Bulgarian text without a title is refused; the error summary takes the focus and links the field.
    page.locator('textarea[name="body_bg"]').fill("Текст без заглавие.")
    _submit(page, 'main form button[type="submit"]')
    assert page.evaluate("() => document.activeElement.matches('[data-error-summary]')")
    assert page.locator('[data-error-summary] a[href="#id_title_bg"]').count() == 1
    assert page.locator('input[name="title_bg"]').get_attribute("aria-invalid") == "true"
    axe_report.check(page, "news form refused")
    shot(page, "news-form-refused")
    assert not NewsItem.objects.exists()

    page.locator('textarea[name="body_bg"]').fill("")
    page.locator('input[name="title_en"]').fill("Two-day training for self-assessment groups")
    page.locator('textarea[name="summary_en"]').fill("Twenty places, two days in Ljubljana.")
    page.locator('textarea[name="body_en"]').fill("Scoring and consensus.\n\nRegister: https://example.org/register")
    _submit(page, 'main form button[type="submit"]')
    item = NewsItem.objects.get()
    assert item.event == training and set(item.texts) == {"sl", "en"}
    axe_report.check(page, "news item (draft)")
    _submit(page, 'main form[action$="/publish/"] button[type="submit"]')
    item.refresh_from_db()
    assert item.state == NewsState.PUBLISHED
    axe_report.check(page, "news item published")
    shot(page, "news-item")
    page.goto(f"/network/{network.public_id}/news/")
    axe_report.check(page, "the coordinators' news list")
    shot(page, "news-list")
    logout(page)

    # A visitor reads it on a phone, in English (the browser's language), without signing in.
    page.set_viewport_size(PHONE)
    page.goto(f"/public/network/{network.public_id}/news/")
    fits(page)
    axe_report.check(page, "public news (390)")
    shot(page, "public-news-390")
    link = page.locator("main article h2 a").first
    assert link.inner_text() == "Two-day training for self-assessment groups"
    assert page.locator("main article h2").first.get_attribute("lang") == "en"
    with page.expect_navigation():
        link.click()
    fits(page)
    assert page.locator("main h1").inner_text() == "Two-day training for self-assessment groups"
    assert page.locator('main .news-body a[href="https://example.org/register"]').count() == 1
    assert page.locator("main aside").filter(has_text="Ljubljana").count() == 1  # the training announced
    axe_report.check(page, "public news item (390)")
    shot(page, "public-news-item-390")
    # ... and in Slovenian, through the language versions.
    with page.expect_navigation():
        page.locator('main a[hreflang="sl"]').click()
    assert page.locator("main h1").get_attribute("lang") == "sl"
    axe_report.check(page, "public news item in Slovenian (390)")

    # The feed the page links to is Atom, in the visitor's language.
    feed = page.locator('main a[type="application/atom+xml"]').get_attribute("href")
    assert feed is not None and feed.endswith("?language=en")
    response = page.request.get(feed)
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.body())  # noqa: S314 (our own feed, in a test)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]
    assert titles == ["Two-day training for self-assessment groups"]

    # A member of an organisation of the network reads it on the organisation's news page.
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "quality@example.org")
    organisation = Membership.objects.get(user__email="quality@example.org").organisation
    page.goto(f"/org/{organisation.public_id}/news/")
    assert page.locator("main article h2 a").first.inner_text() == "Dvodnevno usposabljanje za člane SSO"
    axe_report.check(page, "the organisation's news")
    with page.expect_navigation():
        page.locator("main article h2 a").first.click()
    register = page.locator("main aside a").get_attribute("href") or ""
    assert re.search(rf"/org/{organisation.public_id}/events/$", register)
    axe_report.check(page, "the organisation's news item")
    shot(page, "org-news-item")
    axe_report.assert_clean()
