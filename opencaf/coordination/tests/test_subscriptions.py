"""Newsletter subscriptions: double opt-in through the public pages with the e-mails in the chosen
language, one answer for every address, links that GET cannot act on, one-click unsubscribe from mail
programs, expired and tampered links, limits, the purge of unconfirmed requests, and an audit log that
proves what happened to an address without holding it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.coordination import subscription_links as links
from opencaf.coordination.models import Subscriber, SubscriberStatus
from opencaf.coordination.selectors.subscriptions import address_history, confirmed_subscribers
from opencaf.coordination.services import subscriptions as services
from opencaf.coordination.services.subscriptions import Outcome
from opencaf.coordination.subscription_links import address_fingerprint, unsubscribe_url

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]  # pytest-django's django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Rate limits and the note-to-subscribers key live in the cache: each test starts without them."""
    cache.clear()
    yield
    cache.clear()


def _subscribe_url(world: World) -> str:
    return reverse("coordination:subscribe", args=[world.network.public_id])


def _post_form(client: Client, world: World, capture: Capture, email: str, language: str = "en") -> Any:
    with capture(execute=True):
        return client.post(_subscribe_url(world), {"email": email, "language": language})


def _link_in(message: Any, name: str) -> str:
    """The path of the first link to the named page in an e-mail's body."""
    prefix = django_settings.SITE_URL + reverse(f"coordination:{name}", args=["TOKEN"]).replace("TOKEN/", "")
    found = re.search(re.escape(prefix) + r"[^/\s]+/", message.body)
    assert found, message.body
    return found.group(0)[len(django_settings.SITE_URL) :]


def after_commit() -> Any:
    """Run the after-commit callbacks (the e-mails) of services called directly."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _request(world: World, email: str, language: str = "en", **kwargs: Any) -> Outcome:
    return services.request_subscription(network=world.network, email=email, language=language, **kwargs)


# --- the whole double opt-in through the pages ----------------------------------------------------------


def test_double_opt_in_through_the_pages_in_the_chosen_language(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    client = Client()
    form = client.get(_subscribe_url(world), HTTP_ACCEPT_LANGUAGE="sl")
    page = form.content.decode()
    assert form.status_code == 200 and world.network.name in page
    assert '<option value="sl" selected>' in page  # the visitor's language is the default
    response = _post_form(client, world, django_capture_on_commit_callbacks, "  Ana.Novak@Example.ORG ", "sl")
    assert response.status_code == 200 and "ana.novak@example.org" in response.content.decode().lower()
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language, subscriber.status) == ("ana.novak@example.org", "sl", "pending")
    assert not confirmed_subscribers(world.network).exists()  # nothing is sent before confirming
    [message] = mailoutbox
    assert message.to == ["ana.novak@example.org"]
    assert "slovenščina" in message.body  # rendered in Slovenian: the language names itself
    confirm = _link_in(message, "subscription_confirm")

    page = Client().get(confirm)  # a mail scanner, or the person: GET only shows the button
    assert page.status_code == 200 and page["Content-Language"] == "sl"
    assert page["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in page["Cache-Control"]
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING

    done = Client().post(confirm)
    assert done.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED and subscriber.confirmed_at is not None
    assert list(confirmed_subscribers(world.network)) == [subscriber]
    assert unsubscribe_url(subscriber) in django_settings.SITE_URL + done.content.decode()

    again = Client().get(confirm)  # the link once used says so and changes nothing
    with translation.override(again["Content-Language"]):
        already = escape(gettext("Your subscription is already confirmed"))
    assert again.status_code == 200 and already in again.content.decode()
    assert AuditEvent.objects.filter(action="coordination.subscription_confirmed").count() == 1


def test_each_e_mail_is_in_the_language_chosen_on_the_form(world: World, mailoutbox: list[Any]) -> None:
    with mock.patch.object(services.mail, "render_mail", wraps=services.mail.render_mail) as render, after_commit():
        _request(world, "en@example.org", "en")
        _request(world, "bg@example.org", "bg")
    assert [call.args[2] for call in render.call_args_list] == ["en", "bg"]
    by_address = {message.to[0]: message for message in mailoutbox}
    assert by_address["en@example.org"].subject == f"Confirm your subscription to the newsletter of {world.network}"
    assert "You chose to receive it in English." in by_address["en@example.org"].body
    assert "български" in by_address["bg@example.org"].body


# --- the answer never tells whether an address is subscribed ---------------------------------------------


def _answer_text(response: Any, email: str) -> str:
    """The page without what differs by design: the address typed and the visitor's CSRF token."""
    text = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_the_page_answers_the_same_for_new_waiting_and_subscribed_addresses(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    Subscriber.objects.create(
        network=world.network, email="old@example.org", language="en", status="confirmed", token="t-old"
    )
    Subscriber.objects.create(
        network=world.network, email="wait@example.org", language="en", token="t-wait", confirmation_sent_at=None
    )
    answers = {}
    for email in ("new@example.org", "wait@example.org", "old@example.org"):
        response = _post_form(Client(), world, django_capture_on_commit_callbacks, email)
        answers[email] = (response.status_code, _answer_text(response, email))
    assert len(set(answers.values())) == 1
    by_address = {message.to[0]: message for message in mailoutbox}
    assert "Confirm your subscription" in by_address["new@example.org"].subject
    assert "Confirm your subscription" in by_address["wait@example.org"].subject
    note = by_address["old@example.org"]
    assert "already subscribed" in note.subject
    assert unsubscribe_url(Subscriber.objects.get(email="old@example.org")) in note.body
    assert Subscriber.objects.get(email="old@example.org").status == SubscriberStatus.CONFIRMED


def test_the_address_is_one_subscription_whatever_its_case(world: World, mailoutbox: list[Any]) -> None:
    with after_commit():
        assert _request(world, "Mixed.Case@Example.org") == Outcome.CONFIRMATION_SENT
    later = timezone.now() + services.MAIL_INTERVAL + timedelta(seconds=1)
    with after_commit():
        assert _request(world, "MIXED.case@example.ORG", "bg", now=later) == Outcome.CONFIRMATION_SENT
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language) == ("mixed.case@example.org", "bg")  # refreshed
    assert [message.to for message in mailoutbox] == [["mixed.case@example.org"]] * 2
    assert confirmed_subscribers(world.network).count() == 0


def test_bad_input_gets_a_clear_message_and_nothing_is_written(world: World) -> None:
    client = Client()
    response = client.post(_subscribe_url(world), {"email": "not an address", "language": "xx"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Enter a valid e-mail address." in page and "Choose one of the languages" in page
    assert "data-error-summary" in page and 'aria-describedby="id_email-errors' in page
    assert not Subscriber.objects.exists() and not AuditEvent.objects.exists()
    with pytest.raises(ValidationError):
        _request(world, "a@example.org", "xx")
    assert not Subscriber.objects.exists()


def test_an_unknown_network_is_404(world: World) -> None:
    url = reverse("coordination:subscribe", args=["00000000-0000-4000-8000-000000000000"])
    assert Client().get(url).status_code == 404


def test_a_robot_filling_the_hidden_field_gets_the_same_answer_and_nothing_happens(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            _subscribe_url(world), {"email": "bot@example.org", "language": "en", "website": "http://spam"}
        )
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    assert not Subscriber.objects.exists() and mailoutbox == []


# --- limits -------------------------------------------------------------------------------------------


def test_at_most_one_e_mail_per_address_every_ten_minutes(world: World, mailoutbox: list[Any]) -> None:
    start = timezone.now()
    with after_commit():
        assert _request(world, "ana@example.org", now=start) == Outcome.CONFIRMATION_SENT
        assert _request(world, "ana@example.org", now=start + timedelta(minutes=9)) == Outcome.HELD
        assert _request(world, "ana@example.org", now=start + timedelta(minutes=11)) == Outcome.CONFIRMATION_SENT
    assert len(mailoutbox) == 2
    subscriber = Subscriber.objects.get()
    Subscriber.objects.filter(pk=subscriber.pk).update(status="confirmed")
    with after_commit():
        assert _request(world, "ana@example.org") == Outcome.NOTICE_SENT
        assert _request(world, "ana@example.org") == Outcome.HELD  # the note too, once per interval
    assert len(mailoutbox) == 3


def test_each_connection_may_ask_a_limited_number_of_times(
    world: World, settings: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "newsletter_subscribe": "3/h/ip"}
    client = Client()
    for number in range(3):
        response = _post_form(client, world, django_capture_on_commit_callbacks, f"p{number}@example.org")
        assert response.status_code == 200
    refused = _post_form(client, world, django_capture_on_commit_callbacks, "p4@example.org")
    assert refused.status_code == 429 and "Too many requests" in refused.content.decode()
    assert Subscriber.objects.count() == 3 and len(mailoutbox) == 3
    other = Client(REMOTE_ADDR="192.0.2.7")  # another connection is not held back
    assert _post_form(other, world, django_capture_on_commit_callbacks, "p5@example.org").status_code == 200


def test_the_site_configures_a_per_connection_limit_for_subscribing() -> None:
    """Without this entry allauth's limiter lets every request through (see the final report)."""
    assert "newsletter_subscribe" in django_settings.ACCOUNT_RATE_LIMITS, (
        'settings.ACCOUNT_RATE_LIMITS needs "newsletter_subscribe": '
        'env_str("NEWSLETTER_SUBSCRIBE_LIMITS", "5/m/ip,30/h/ip")'
    )


# --- confirmation links -------------------------------------------------------------------------------


@pytest.fixture
def pending(world: World) -> Subscriber:
    with after_commit():
        _request(world, "ana@example.org", "sl")
    return Subscriber.objects.get()


def _confirm_path(subscriber: Subscriber) -> str:
    return reverse("coordination:subscription_confirm", args=[links.make_confirm_token(subscriber)])


def test_a_browser_confirms_with_the_pages_own_csrf_token(world: World, pending: Subscriber) -> None:
    browser = Client(enforce_csrf_checks=True)
    path = _confirm_path(pending)
    page = browser.get(path).content.decode()
    assert "slovenščina" in page  # the page speaks the subscriber's language
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    assert browser.post(path).status_code == 403  # a forged cross-site POST is refused
    assert browser.post(path, {"csrfmiddlewaretoken": token.group(1)}).status_code == 200
    pending.refresh_from_db()
    assert pending.status == SubscriberStatus.CONFIRMED


def test_an_expired_link_says_to_subscribe_again_in_the_subscribers_language(world: World, pending: Subscriber) -> None:
    path = _confirm_path(pending)
    later = timezone.now() + timedelta(days=links.CONFIRM_VALID_DAYS, hours=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        page = Client().get(path)
        posted = Client().post(path)
    assert page.status_code == 410 and page["Content-Language"] == "sl"
    assert reverse("coordination:subscribe", args=[world.network.public_id]) in page.content.decode()
    assert posted.status_code == 410
    pending.refresh_from_db()
    assert pending.status == SubscriberStatus.PENDING


def test_a_tampered_or_foreign_link_is_refused(world: World, pending: Subscriber) -> None:
    token = links.make_confirm_token(pending)
    assert Client().post(reverse("coordination:subscription_confirm", args=[token[:-2] + "xx"])).status_code == 400
    forged = signing.dumps({"n": str(world.network.public_id), "s": str(pending.public_id), "v": "x"}, salt="other")
    response = Client().post(reverse("coordination:subscription_confirm", args=[forged]))
    assert response.status_code == 400 and "not valid" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == SubscriberStatus.PENDING


def test_a_link_of_an_ended_subscription_no_longer_confirms(world: World, pending: Subscriber) -> None:
    path = _confirm_path(pending)
    services.unsubscribe(subscriber=pending)
    assert Client().post(path).status_code == 410
    pending.refresh_from_db()
    assert pending.status == SubscriberStatus.UNSUBSCRIBED


# --- unsubscribing -------------------------------------------------------------------------------------


@pytest.fixture
def confirmed(world: World) -> Subscriber:
    return Subscriber.objects.create(
        network=world.network,
        email="reader@example.org",
        language="bg",
        status="confirmed",
        token=links.new_token(),
        confirmed_at=timezone.now(),
    )


def _unsubscribe_path(subscriber: Subscriber) -> str:
    return reverse("coordination:unsubscribe", args=[subscriber.token])


def test_get_shows_a_button_and_changes_nothing(confirmed: Subscriber) -> None:
    response = Client().get(_unsubscribe_path(confirmed))
    assert response.status_code == 200 and response["Content-Language"] == "bg"
    assert '<form method="post">' in response.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.status == SubscriberStatus.CONFIRMED
    assert not AuditEvent.objects.exists()


def test_one_click_post_from_a_mail_program_without_csrf_or_cookies(world: World, confirmed: Subscriber) -> None:
    client = Client(enforce_csrf_checks=True)
    url = unsubscribe_url(confirmed)
    assert url.startswith(django_settings.SITE_URL + "/")
    path = url[len(django_settings.SITE_URL) :]
    response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    confirmed.refresh_from_db()
    assert confirmed.status == SubscriberStatus.UNSUBSCRIBED and confirmed.unsubscribed_at is not None
    assert not confirmed_subscribers(world.network).exists()
    again = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert again.status_code == 200  # idempotent: the same answer, nothing more recorded
    event = AuditEvent.objects.get(action="coordination.unsubscribed")
    assert event.actor is None and event.network == world.network
    assert event.changes == {
        "subscriber": address_fingerprint(world.network, confirmed.email),
        "unsubscribe_one_click": True,
    }


def test_the_button_on_the_page_unsubscribes_too(confirmed: Subscriber) -> None:
    response = Client(enforce_csrf_checks=True).post(_unsubscribe_path(confirmed))
    assert response.status_code == 200 and response["Content-Language"] == "bg"
    confirmed.refresh_from_db()
    assert confirmed.status == SubscriberStatus.UNSUBSCRIBED
    assert AuditEvent.objects.get(action="coordination.unsubscribed").changes["unsubscribe_one_click"] is False
    shown = Client().get(_unsubscribe_path(confirmed))  # afterwards the page says so and offers to come back
    assert reverse("coordination:subscribe", args=[confirmed.network.public_id]) in shown.content.decode()


def test_an_unknown_token_gets_a_neutral_page(world: World, confirmed: Subscriber) -> None:
    for method in ("get", "post"):
        response = getattr(Client(enforce_csrf_checks=True), method)(reverse("coordination:unsubscribe", args=["nope"]))
        assert response.status_code == 200
        body = response.content.decode()
        assert "No newsletter is sent through this link" in body and world.network.name not in body
    confirmed.refresh_from_db()
    assert confirmed.status == SubscriberStatus.CONFIRMED


def test_subscribing_again_after_unsubscribing(world: World, confirmed: Subscriber, mailoutbox: list[Any]) -> None:
    old_token = confirmed.token
    old_unsubscribe = _unsubscribe_path(confirmed)
    services.unsubscribe(subscriber=confirmed)
    with after_commit():
        assert _request(world, "Reader@example.org", "en") == Outcome.CONFIRMATION_SENT
    confirmed.refresh_from_db()
    assert confirmed.status == SubscriberStatus.PENDING and confirmed.language == "en"
    assert confirmed.token != old_token and confirmed.unsubscribed_at is None
    assert not confirmed_subscribers(world.network).exists()
    assert Client().post(old_unsubscribe).status_code == 200  # the old link is unknown now: nothing happens
    confirmed.refresh_from_db()
    assert confirmed.status == SubscriberStatus.PENDING
    [message] = mailoutbox
    assert Client().post(_link_in(message, "subscription_confirm")).status_code == 200
    confirmed.refresh_from_db()
    assert confirmed.status == SubscriberStatus.CONFIRMED


# --- the audit log ----------------------------------------------------------------------------------------


def test_the_audit_log_proves_each_step_without_holding_the_address(world: World, pending: Subscriber) -> None:
    services.confirm_subscription(subscriber=pending)
    services.unsubscribe(subscriber=pending, one_click=True)
    events = AuditEvent.objects.filter(network=world.network).order_by("occurred_at", "id")
    assert [event.action for event in events] == [
        "coordination.subscription_requested",
        "coordination.subscription_confirmed",
        "coordination.unsubscribed",
    ]
    for event in events:
        assert event.actor is None and event.organisation is None
        assert "ana@example.org" not in str(event.changes) + event.object_repr + event.object_id
    history = address_history(world.network, "ANA@example.org")
    assert [event.action for event in history] == [  # newest first
        "coordination.unsubscribed",
        "coordination.subscription_confirmed",
        "coordination.subscription_requested",
    ]
    assert address_history(world.other_network, "ana@example.org") == []
    assert address_fingerprint(world.network, "ana@example.org") != address_fingerprint(
        world.other_network, "ana@example.org"
    )


def test_the_history_survives_a_rotated_secret_key(world: World, pending: Subscriber, settings: Any) -> None:
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-for-the-test", [old_key]
    assert len(address_history(world.network, "ana@example.org")) == 1


# --- the purge of unconfirmed requests ------------------------------------------------------------------


def test_unconfirmed_subscriptions_are_deleted_after_thirty_days(world: World) -> None:
    old = timezone.now() - timedelta(days=services.UNCONFIRMED_KEPT_DAYS + 1)
    recent = timezone.now() - timedelta(days=2)

    def make(email: str, status: str, created: Any, sent: Any, network: Any = None) -> Subscriber:
        return Subscriber.objects.create(
            network=network or world.network,
            email=email,
            language="en",
            status=status,
            token=links.new_token(),
            created_at=created,
            confirmation_sent_at=sent,
        )

    make("stale@example.org", "pending", old, old)
    make("stale@other.example.org", "pending", old, None, world.other_network)
    make("asked-again@example.org", "pending", old, recent)  # the request was renewed: kept
    make("fresh@example.org", "pending", recent, recent)
    make("reader@example.org", "confirmed", old, old)
    make("left@example.org", "unsubscribed", old, old)
    out: list[str] = []
    call_command("purge_unconfirmed_subscriptions", stdout=_Writer(out))
    assert "2 unconfirmed subscription(s) deleted." in "".join(out)
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "asked-again@example.org",
        "fresh@example.org",
        "left@example.org",
        "reader@example.org",
    ]
    purged = AuditEvent.objects.filter(action="coordination.subscriptions_purged")
    assert sorted((event.network_id, event.changes["count"]) for event in purged) == sorted(
        [(world.network.pk, 1), (world.other_network.pk, 1)]
    )
    out.clear()
    call_command("purge_unconfirmed_subscriptions", stdout=_Writer(out))  # idempotent
    assert "0 unconfirmed" in "".join(out) and purged.count() == 2


class _Writer:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def write(self, text: str) -> None:
        self.lines.append(text)

    def flush(self) -> None:
        pass
