"""The coordinator's journey in a real browser: a campaign is sent; the head of an organisation names
its quality representative through the signed link, without an account; the representative
accepts the invitation, registers two members of the self-assessment group for the two-day
training; the coordinator records their attendance. axe runs on every page visited."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from browsing import PHONE, fits, tab_to
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

pytestmark = pytest.mark.e2e

STRONG_PASSWORD = "Kakovost-2026-Xy"
REPRESENTATIVE = "predstavnica@obcina-testna.example.org"


def _link(mailoutbox: list[Any], to: str, pattern: str) -> str:
    for message in reversed(mailoutbox):
        if to in message.to and (match := re.search(rf"https?://\S+?({pattern})", message.body)):
            return match.group(1)
    raise AssertionError(f"no e-mail to {to} with {pattern}: {[m.to for m in mailoutbox]}")


def _submit(page: Any, selector: str) -> Any:
    tab_to(page, selector)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    return navigation.value


def _world() -> tuple[Any, Any, Any]:
    """A new organisation of the demo network, a campaign inviting it and a published two-day training."""
    from opencaf.accounts.models import User
    from opencaf.coordination.services import campaigns, events
    from opencaf.organisations.models import Network, Organisation

    call_command("seed_demo", verbosity=0)
    coordinator = User.objects.get(email="coordinator@example.org")
    network = Network.objects.filter(coordinators=coordinator).first()
    assert network is not None
    organisation = Organisation.objects.create(
        network=network, name="Občina Testna", org_type="municipality", country="SI", size_band="50_249",
        default_language="en",
    )  # fmt: skip
    first_day = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=20)
    with transaction.atomic():
        campaign = campaigns.create_campaign(
            actor=coordinator,
            network=network,
            data=campaigns.CampaignData(
                title="Invitation to CAF 2027",
                message={
                    "en": {"subject": "Start CAF, {organisation}", "body": "Dear {head},\n\n{link}\n\nBy {deadline}."}
                },
                links="",
                deadline=timezone.localdate() + timedelta(days=30),
                reminder_days=7,
            ),
        )
        campaigns.add_recipients(
            actor=coordinator,
            campaign=campaign,
            rows=[campaigns.RecipientData(organisation, "Mayor Testni", "zupan@obcina-testna.example.org", "en")],
        )
        training = events.create_event(
            actor=coordinator,
            network=network,
            data=events.EventData(
                kind="training", title="Two-day SAG training", description="Scoring and consensus.",
                place="Ljubljana", online_link="", capacity=20, audience="anyone", registration_closes=None,
                sessions=[(first_day, first_day + timedelta(hours=7)),
                          (first_day + timedelta(days=1), first_day + timedelta(days=1, hours=7))],
            ),
        )  # fmt: skip
        events.publish_event(actor=coordinator, event=training)
    return network, campaign, training


def test_from_campaign_to_attendance(
    page: Any, login: Any, logout: Any, mailoutbox: list[Any], axe_report: Any
) -> None:
    from opencaf.coordination.models import Attendance, ReplyStatus
    from opencaf.organisations.models import Membership

    network, campaign, training = _world()

    # The coordinator sends the campaign from its page.
    login(page, "coordinator@example.org")
    page.goto(f"/network/{network.public_id}/campaigns/{campaign.public_id}/")
    axe_report.check(page, "campaign before sending")
    _submit(page, 'main form[action$="/send/"] button[type="submit"]')
    assert campaign.recipients.get().status == ReplyStatus.SENT
    axe_report.check(page, "campaign sent")
    logout(page)

    # The mayor names the quality representative through the link, on a phone, keyboard only.
    reply = _link(mailoutbox, "zupan@obcina-testna.example.org", r"/campaign-reply/[^/\s]+/")
    page.set_viewport_size(PHONE)
    page.goto(reply)
    fits(page)
    axe_report.check(page, "nomination link (390)")
    page.locator('input[name="n-name"]').fill("Petra Predstavnica")
    page.locator('input[name="n-position"]').fill("Head of the mayor's office")
    page.locator('input[name="n-email"]').fill(REPRESENTATIVE)
    _submit(page, 'main form:has(input[name="decision"][value="nominate"]) button[type="submit"]')
    assert campaign.recipients.get().status == ReplyStatus.NOMINATED
    axe_report.check(page, "nomination recorded (390)")
    assert page.goto(reply).status == 410, "the link works once"  # type: ignore[union-attr]

    # The representative accepts the invitation and becomes the organisation's administrator.
    page.set_viewport_size({"width": 1366, "height": 900})
    invitation = _link(mailoutbox, REPRESENTATIVE, r"/invitations/[^/\s]+/")
    page.goto(invitation)
    page.locator('main input[name="full_name"]').fill("Petra Predstavnica")
    page.locator('main select[name="language"]').select_option("en")
    page.locator('input[name="password1"]').fill(STRONG_PASSWORD)
    page.locator('input[name="password2"]').fill(STRONG_PASSWORD)
    _submit(page, 'main form:has(input[name="password1"]) button[type="submit"]')
    membership = Membership.objects.get(user__email=REPRESENTATIVE)
    assert membership.role_codes == ["org_admin"]

    # ... and registers two members of the self-assessment group for the training.
    organisation = membership.organisation
    page.goto(f"/org/{organisation.public_id}/events/{training.public_id}/register-people/")
    axe_report.check(page, "register people")
    people = [
        ("Ana Ocenjevalka", "ana@obcina-testna.example.org"),
        ("Bor Ocenjevalec", "bor@obcina-testna.example.org"),
    ]
    for number, (name, email) in enumerate(people, start=1):
        page.locator(f'input[name="name_{number}"]').fill(name)
        page.locator(f'input[name="email_{number}"]').fill(email)
    _submit(page, 'main form button[type="submit"]')
    assert training.registrations.filter(status="confirmed").count() == 2
    confirmation = next(m for m in mailoutbox if "ana@obcina-testna.example.org" in m.to)
    assert any(name.endswith(".ics") for name, _content, _type in confirmation.attachments)
    axe_report.check(page, "people registered")
    logout(page)

    # The coordinator records that both were at the first day.
    login(page, "coordinator@example.org")
    session = training.sessions.order_by("starts_at").first()
    page.goto(f"/network/{network.public_id}/events/{training.public_id}/sessions/{session.pk}/attendance/")
    axe_report.check(page, "attendance")
    for checkbox in page.locator('main input[name="present"]').all():
        checkbox.check()
    _submit(page, 'main form button[type="submit"]')
    assert Attendance.objects.filter(session=session, present=True).count() == 2
    axe_report.check(page, "attendance recorded")
    axe_report.assert_clean()
