"""Campaigns: services, the signed nomination link, the coordinator's pages and the reminders."""

from __future__ import annotations

import io
import smtplib
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import mail as outbox
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.coordination import links
from opencaf.coordination.models import Campaign, CampaignState, Recipient, ReplyStatus
from opencaf.coordination.services import campaigns as services
from opencaf.coordination.services.campaigns import CampaignData, RecipientData
from opencaf.coordination.tests.factories import MESSAGE, add_recipient, make_campaign
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Invitation, Organisation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}  # the tests' default
FAILING = {"default": {"BACKEND": "opencaf.coordination.tests.test_campaigns.FailingBackend"}}


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def _data(**changes: Any) -> CampaignData:
    values: dict[str, Any] = {
        "title": "Invitation to CAF 2026",
        "message": MESSAGE,
        "links": "https://video.example.org/caf",
        "deadline": timezone.localdate() + timedelta(days=30),
        "reminder_days": 7,
        **changes,
    }
    return CampaignData(**values)


def _send(world: World, campaign: Campaign) -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.send_campaign(actor=world.carol, campaign=campaign)


@pytest.fixture
def campaign(world: World) -> Campaign:
    return make_campaign(world.network, world.carol)


@pytest.fixture
def recipient(world: World, campaign: Campaign) -> Recipient:
    return add_recipient(campaign, world.alice_org, head_email="mayor@alice.example.org")


# --- services ----------------------------------------------------------------------------------------


def test_create_campaign_audited(world: World) -> None:
    campaign = services.create_campaign(actor=world.carol, network=world.network, data=_data())
    assert campaign.state == CampaignState.DRAFT
    assert campaign.message["en"]["subject"] == MESSAGE["en"]["subject"]
    assert AuditEvent.objects.filter(action="coordination.campaign_created", object_id=str(campaign.public_id)).exists()


def test_other_coordinator_cannot_create(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.create_campaign(actor=world.dave, network=world.network, data=_data())


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ({"en": {"subject": "Hi", "body": "Dear {mayor}"}}, "body_en"),
        ({"en": {"subject": "Hi {organisation", "body": "x"}}, "subject_en"),
        ({"en": {"subject": "Hi", "body": "{head.__class__}"}}, "body_en"),
        ({"en": {"subject": "", "body": "text"}}, "subject_en"),
    ],
)
def test_bad_placeholders_refused(world: World, message: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_campaign(actor=world.carol, network=world.network, data=_data(message=message))
    assert field in caught.value.message_dict
    assert not Campaign.objects.exists()


def test_past_deadline_and_no_language_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_campaign(
            actor=world.carol, network=world.network, data=_data(message={}, deadline=timezone.localdate())
        )
    assert {"deadline", "__all__"} <= set(caught.value.message_dict)


def test_attachment_must_be_a_real_pdf(world: World, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("brochure.pdf", b"MZ not a pdf")
    with pytest.raises(ValidationError) as caught:
        services.create_campaign(actor=world.carol, network=world.network, data=_data(attachment=fake))
    assert "attachment" in caught.value.message_dict
    good = SimpleUploadedFile("brochure.pdf", b"%PDF-1.4 brochure")
    campaign = services.create_campaign(actor=world.carol, network=world.network, data=_data(attachment=good))
    assert campaign.attachment.name.endswith(".pdf")


def test_add_recipients_refuses_duplicates_other_network_and_bad_email(world: World, campaign: Campaign) -> None:
    good = RecipientData(world.alice_org, "Mayor", "mayor@example.org", "en")
    for rows in (
        [good, good],
        [good, RecipientData(world.bob_org, "Head", "head@example.org", "en")],
        [good, RecipientData(OrganisationFactory(network=world.network), "Head", "not an address", "en")],
    ):
        with pytest.raises(ValidationError):
            services.add_recipients(actor=world.carol, campaign=campaign, rows=rows)
    assert not campaign.recipients.exists()
    services.add_recipients(actor=world.carol, campaign=campaign, rows=[good])
    with pytest.raises(ValidationError):  # already invited
        services.add_recipients(actor=world.carol, campaign=campaign, rows=[good])


def test_send_in_each_language(world: World, campaign: Campaign) -> None:
    add_recipient(campaign, world.alice_org, head_name="Ana", head_email="ana@example.org", language="sl")
    other = OrganisationFactory(network=world.network, name="Beta Town")
    add_recipient(campaign, other, head_name="Ben", head_email="ben@example.org", language="en")
    assert _send(world, campaign) == 2
    subjects = {message.to[0]: message for message in outbox.outbox}
    assert subjects["ana@example.org"].subject == "Začnite s CAF, Alice Municipality"
    assert "Spoštovani Ana" in subjects["ana@example.org"].body
    assert "/campaign-reply/" in subjects["ben@example.org"].body
    assert "https://video.example.org/caf" not in subjects["ben@example.org"].body  # the factory has no links
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.SENT
    assert set(campaign.recipients.values_list("status", flat=True)) == {ReplyStatus.SENT}


def test_send_refused_when_a_language_is_missing(world: World, campaign: Campaign) -> None:
    add_recipient(campaign, world.alice_org, language="bg")
    with pytest.raises(ValidationError, match="Bulgarian"):
        services.send_campaign(actor=world.carol, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT


def test_smtp_failure_is_visible_and_retry_works(world: World, campaign: Campaign, recipient: Recipient) -> None:
    with override_settings(MAILERS=FAILING):
        _send(world, campaign)
    recipient.refresh_from_db()
    assert recipient.status == ReplyStatus.PENDING
    overview = services_overview(campaign)
    assert "SMTPServerDisconnected" in overview.rows[0].not_delivered
    page = client_for(world.carol).get(
        reverse("coordination:campaign", args=[world.network.public_id, campaign.public_id])
    )
    assert "could not be delivered" in page.content.decode()
    assert "Send again to the 1 organisation not reached" in page.content.decode()
    with override_settings(MAILERS=LOCMEM):
        assert _send(world, campaign) == 1
    recipient.refresh_from_db()
    assert recipient.status == ReplyStatus.SENT
    assert [message.to for message in outbox.outbox] == [["mayor@alice.example.org"]]
    assert services_overview(campaign).rows[0].not_delivered == ""


def test_a_second_click_while_the_mail_waits_for_the_worker_sends_nothing_twice(
    world: World, campaign: Campaign, recipient: Recipient
) -> None:
    with transaction.atomic():  # queued, the worker has not run yet (on_commit callbacks not executed)
        assert services.send_campaign(actor=world.carol, campaign=campaign) == 1
    with pytest.raises(ValidationError, match="on its way"):
        services.send_campaign(actor=world.carol, campaign=campaign)
    assert services_overview(campaign).not_reached == 0


def services_overview(campaign: Campaign) -> Any:
    from opencaf.coordination.selectors.campaigns import overview

    return overview(campaign)


def test_close_stops_sending(world: World, campaign: Campaign, recipient: Recipient) -> None:
    services.close_campaign(actor=world.carol, campaign=campaign)
    with pytest.raises(ValidationError):
        services.send_campaign(actor=world.carol, campaign=campaign)


# --- the signed link ---------------------------------------------------------------------------------


def _link(recipient: Recipient) -> str:
    return reverse("coordination:nomination", args=[links.make_token(recipient)])


def _nominate(client: Any, url: str, email: str = "rep@alice.example.org") -> Any:
    return client.post(url, {"decision": "nominate", "n-name": "Rea Rep", "n-position": "Head of HR", "n-email": email})


def test_nomination_invites_the_representative_as_admin(world: World, campaign: Campaign, recipient: Recipient) -> None:
    _send(world, campaign)
    recipient.refresh_from_db()
    url = _link(recipient)
    page = client_for(None).get(url)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in page["Cache-Control"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _nominate(client_for(None), url)
    assert response.status_code == 200
    recipient.refresh_from_db()
    assert recipient.status == ReplyStatus.NOMINATED
    assert recipient.representative_name == "Rea Rep"
    invitation = Invitation.objects.get(organisation=world.alice_org, email="rep@alice.example.org")
    assert invitation.roles == [Role.ORG_ADMIN]
    assert invitation.invited_by == world.carol
    assert "rep@alice.example.org" in [message.to[0] for message in outbox.outbox]
    # The same link again, and a second nomination through it: refused with a clear page.
    again = client_for(None).get(url)
    assert again.status_code == 410
    assert "already been recorded" in again.content.decode()
    second = _nominate(client_for(None), url, email="other@example.org")
    assert second.status_code == 410
    assert Invitation.objects.filter(organisation=world.alice_org).count() == 1


def test_nomination_of_an_existing_member_grants_the_role(
    world: World, campaign: Campaign, recipient: Recipient
) -> None:
    member = UserFactory(email="member@alice.example.org")
    add_member(world.alice_org, member, Role.VIEWER)
    services.nominate(recipient=recipient, name="M", position="Director", email="member@alice.example.org")
    assert world.alice_org.memberships.get(user=member).roles.filter(role=Role.ORG_ADMIN).exists()
    assert not Invitation.objects.exists()


def test_nomination_with_bad_input_writes_nothing(world: World, recipient: Recipient) -> None:
    response = _nominate(client_for(None), _link(recipient), email="not-an-address")
    assert response.status_code == 422
    recipient.refresh_from_db()
    assert recipient.status == ReplyStatus.PENDING
    assert not Invitation.objects.exists()


def test_decline(world: World, recipient: Recipient) -> None:
    response = client_for(None).post(_link(recipient), {"decision": "decline", "d-reason": "Reorganisation"})
    assert response.status_code == 200
    recipient.refresh_from_db()
    assert (recipient.status, recipient.decline_reason) == (ReplyStatus.DECLINED, "Reorganisation")
    assert AuditEvent.objects.filter(action="coordination.declined").exists()


def test_tampered_link(world: World, recipient: Recipient) -> None:
    token = links.make_token(recipient)
    response = client_for(None).get(reverse("coordination:nomination", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    forged = signing.dumps({"r": str(recipient.public_id), "v": 1}, salt="another.salt")
    assert client_for(None).get(reverse("coordination:nomination", args=[forged])).status_code == 400


def test_expired_link(world: World, recipient: Recipient) -> None:
    url = _link(recipient)
    later = timezone.now() + timedelta(days=61)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client_for(None).get(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_replaced_link(world: World, recipient: Recipient) -> None:
    url = _link(recipient)
    Recipient.objects.filter(pk=recipient.pk).update(link_version=2)
    assert client_for(None).get(url).status_code == 410


def test_closed_campaign_link(world: World, campaign: Campaign, recipient: Recipient) -> None:
    url = _link(recipient)
    services.close_campaign(actor=world.carol, campaign=campaign)
    response = _nominate(client_for(None), url)
    assert response.status_code == 410
    assert "closed" in response.content.decode()
    recipient.refresh_from_db()
    assert recipient.status == ReplyStatus.PENDING


def test_link_page_speaks_the_recipients_language(world: World, campaign: Campaign) -> None:
    recipient = add_recipient(campaign, world.alice_org, language="sl")
    response = client_for(None).get(_link(recipient))
    assert response["Content-Language"] == "sl"


# --- the coordinator's pages: permissions -----------------------------------------------------------


def _pages(world: World, campaign: Campaign, recipient: Recipient) -> list[tuple[str, str]]:
    net = world.network.public_id
    args = [net, campaign.public_id]
    return [
        ("get", reverse("coordination:campaigns", args=[net])),
        ("get", reverse("coordination:campaign_new", args=[net])),
        ("get", reverse("coordination:campaign", args=args)),
        ("get", reverse("coordination:campaign_edit", args=args)),
        ("get", reverse("coordination:campaign_pick", args=args)),
        ("get", reverse("coordination:campaign_import", args=args)),
        ("get", reverse("coordination:campaign_export", args=args)),
        ("post", reverse("coordination:campaign_send", args=args)),
        ("post", reverse("coordination:campaign_close", args=args)),
        ("post", reverse("coordination:recipient_remove", args=[*args, recipient.public_id])),
    ]


@pytest.mark.parametrize("who", ["dave", "alice", "member", "charlie"])
def test_pages_are_404_for_anyone_but_the_networks_coordinators(
    world: World, campaign: Campaign, recipient: Recipient, who: str
) -> None:
    if who == "member":
        user = UserFactory()
        add_member(world.alice_org, user, Role.VIEWER)
    else:
        user = getattr(world, who)
    client = client_for(user)
    for method, url in _pages(world, campaign, recipient):
        assert getattr(client, method)(url).status_code == 404, url
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT
    assert Recipient.objects.filter(pk=recipient.pk).exists()


def test_pages_redirect_anonymous_to_sign_in(world: World, campaign: Campaign, recipient: Recipient) -> None:
    for method, url in _pages(world, campaign, recipient):
        response = getattr(client_for(None), method)(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_coordinator_pages_work(world: World, campaign: Campaign, recipient: Recipient) -> None:
    client = client_for(world.carol)
    for method, url in _pages(world, campaign, recipient)[:7]:
        assert getattr(client, method)(url).status_code == 200, url
    assert "Campaigns" in client.get(reverse("organisations:network", args=[world.network.public_id])).content.decode()


def test_create_and_pick_through_the_pages(world: World) -> None:
    client = client_for(world.carol)
    net = world.network.public_id
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = client.post(
        reverse("coordination:campaign_new", args=[net]),
        {"title": "CAF 2026", "deadline": deadline, "reminder_days": "5", "subject_en": "Hi {nobody}", "body_en": "x"},
    )
    assert response.status_code == 422
    assert "Unknown placeholder: {nobody}" in response.content.decode()
    response = client.post(
        reverse("coordination:campaign_new", args=[net]),
        {"title": "CAF 2026", "deadline": deadline, "reminder_days": "5", "subject_en": "Hi", "body_en": "{link}"},
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    school = OrganisationFactory(network=world.network, name="A School", org_type="school")
    pick = reverse("coordination:campaign_pick", args=[net, campaign.public_id])
    listed = client.get(pick, {"org_type": "school"})
    assert "A School" in listed.content.decode() and "Alice Municipality" not in listed.content.decode()
    bad = client.post(pick + "?org_type=school", {f"pick_{school.pk}": "on", f"head_{school.pk}": "Head"})
    assert bad.status_code == 422
    assert not campaign.recipients.exists()
    good = client.post(
        pick + "?org_type=school",
        {
            f"pick_{school.pk}": "on",
            f"head_{school.pk}": "Head",
            f"email_{school.pk}": "h@s.example.org",
            f"language_{school.pk}": "en",
        },
    )
    assert good.status_code == 302
    assert campaign.recipients.get().organisation == school


def test_campaign_page_and_export_queries_are_bounded(
    world: World, campaign: Campaign, django_assert_max_num_queries: Any
) -> None:
    Organisation.objects.bulk_create(
        Organisation(
            network=world.network,
            name=f"Town {n:03}",
            org_type="municipality",
            country="SI",
            size_band="1-49",
            default_language="sl",
        )
        for n in range(200)
    )
    for organisation in Organisation.objects.filter(network=world.network, name__startswith="Town"):
        add_recipient(campaign, organisation)
    client = client_for(world.carol)
    url = reverse("coordination:campaign", args=[world.network.public_id, campaign.public_id])
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.content.decode().count("Town ") >= 200
    with django_assert_max_num_queries(15):
        exported = client.get(url + "export.xlsx")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet is not None and sheet.max_row == 201


# --- import ------------------------------------------------------------------------------------------


def _upload(client: Any, url: str, text: str) -> Any:
    return client.post(url, {"file": SimpleUploadedFile("list.csv", text.encode())})


def test_import_bad_file_writes_nothing(world: World, campaign: Campaign) -> None:
    OrganisationFactory(network=world.network, name="Beta Town")
    url = reverse("coordination:campaign_import", args=[world.network.public_id, campaign.public_id])
    client = client_for(world.carol)
    text = (
        "organisation,head,email,language\n"
        "Alice Municipality,Ana,ana@example.org,sl\n"
        "alice municipality,Ana,ana@example.org,sl\n"
        "Beta Town,Ben,not-an-address,en\n"
        "Bob Agency,Bob,bob@example.org,en\n"
    )
    response = _upload(client, url, text)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Row 2 already lists this organisation" in page
    assert "This is not a valid e-mail address." in page
    assert "No organisation of the network has this name." in page  # Bob Agency is another network's
    assert not campaign.recipients.exists()


def test_import_good_file(world: World, campaign: Campaign) -> None:
    url = reverse("coordination:campaign_import", args=[world.network.public_id, campaign.public_id])
    client = client_for(world.carol)
    preview = _upload(client, url, "organisation,head,email\nAlice Municipality,Ana,ana@example.org\n")
    assert preview.status_code == 200
    pending = preview.context["preview"].pending_id
    done = client.post(url, {"pending": str(pending), "decision": "confirm"})
    assert done.status_code == 302
    recipient = campaign.recipients.get()
    assert (recipient.head_email, recipient.language) == ("ana@example.org", "sl")


# --- reminders ---------------------------------------------------------------------------------------


def test_reminders_are_sent_once(world: World, campaign: Campaign, recipient: Recipient) -> None:
    _send(world, campaign)
    outbox.outbox.clear()
    call_command("send_campaign_reminders", stdout=io.StringIO())
    assert outbox.outbox == []  # the deadline is 30 days away, the reminder 7 days before
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.localdate() + timedelta(days=7))
    answered = add_recipient(campaign, OrganisationFactory(network=world.network), status=ReplyStatus.DECLINED)
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_campaign_reminders", stdout=io.StringIO())
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_campaign_reminders", stdout=io.StringIO())
    assert [message.to for message in outbox.outbox] == [["mayor@alice.example.org"]]
    assert "/campaign-reply/" in outbox.outbox[0].body
    recipient.refresh_from_db()
    assert recipient.reminded_at is not None
    answered.refresh_from_db()
    assert answered.reminded_at is None


def test_no_reminder_after_the_deadline(world: World, campaign: Campaign, recipient: Recipient) -> None:
    Recipient.objects.filter(pk=recipient.pk).update(status=ReplyStatus.SENT)
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.SENT, deadline=timezone.localdate() - timedelta(days=1)
    )
    call_command("send_campaign_reminders", stdout=io.StringIO())
    recipient.refresh_from_db()
    assert recipient.reminded_at is None


# --- picking organisations by region --------------------------------------------------------------


def test_pick_filters_by_region(world: World, campaign: Campaign) -> None:
    east = OrganisationFactory(network=world.network, name="East School", org_type="school", region="Pomurska")
    town = OrganisationFactory(network=world.network, name="East Town", region="Pomurska")
    OrganisationFactory(network=world.network, name="North School", org_type="school", region="Gorenjska")
    OrganisationFactory(network=world.other_network, name="Far Away", region="Oblast Sofia")
    client = client_for(world.carol)
    pick = reverse("coordination:campaign_pick", args=[world.network.public_id, campaign.public_id])
    response = client.get(pick, {"region": "Pomurska"})
    assert [organisation.name for organisation in response.context["form"].organisations] == [
        "East School",
        "East Town",
    ]
    # The choices: the regions of this network's organisations, alphabetically.
    assert [value for value, _label in response.context["filters"].fields["region"].choices] == [
        "",
        "Gorenjska",
        "Pomurska",
    ]
    assert '<label class="form-label" for="id_region">Region</label>' in response.content.decode()
    both = client.get(pick, {"region": "Pomurska", "org_type": "school"})
    assert [organisation.name for organisation in both.context["form"].organisations] == ["East School"]
    # A region of no organisation of the network filters nothing out.
    elsewhere = client.get(pick, {"region": "Oblast Sofia"})
    assert len(elsewhere.context["form"].organisations) == 4
    # Picking under the region filter adds the organisation ticked.
    added = client.post(
        pick + "?region=Pomurska",
        {
            f"pick_{east.pk}": "on",
            f"head_{east.pk}": "Head",
            f"email_{east.pk}": "head@east.example.org",
            f"language_{east.pk}": "sl",
            f"language_{town.pk}": "sl",  # every row listed sends its language, as the page does
        },
    )
    assert added.status_code == 302
    assert [recipient.organisation for recipient in campaign.recipients.all()] == [east]
    again = client.get(pick, {"region": "Pomurska"})
    assert [organisation.name for organisation in again.context["form"].organisations] == ["East Town"]
