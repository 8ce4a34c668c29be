"""Sending a newsletter: one message per confirmed subscriber in their language with the unsubscribe
headers, in batches over one connection each, failures kept with the server's answer and sent again,
nothing sent twice, and the progress the page polls."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.tasks import task_backends
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.coordination.models import DeliveryStatus, Newsletter, NewsletterDelivery, Subscriber
from opencaf.coordination.selectors import newsletters as selectors
from opencaf.coordination.services import newsletter_sending as sending
from opencaf.coordination.services import newsletters as services
from opencaf.coordination.subscription_links import unsubscribe_url
from opencaf.coordination.tasks import send_newsletter_batch
from opencaf.coordination.tests.newsletter_factories import (
    TEXTS,
    committed,
    make_newsletter,
    news_item,
    subscribe,
    subscribe_many,
)
from opencaf.core import mail
from opencaf.core.tests import smtp_server
from opencaf.core.tests.smtp_server import SmtpServer

pytestmark = pytest.mark.django_db

smtp = smtp_server.smtp  # the shared aiosmtpd fixture, found by pytest under this name


def _send(world: World, newsletter: Newsletter) -> int:
    return committed(lambda: services.send_newsletter(actor=world.carol, newsletter=newsletter))


def _url(name: str, newsletter: Newsletter) -> str:
    return reverse(f"coordination:{name}", args=[newsletter.network.public_id, newsletter.public_id])


def _statuses(newsletter: Newsletter) -> dict[str, str]:
    return dict(newsletter.deliveries.values_list("subscriber__email", "status"))


# --- who gets what ------------------------------------------------------------------------------------


def test_every_confirmed_subscriber_gets_one_message_in_their_language(world: World, mailoutbox: list[Any]) -> None:
    item = news_item(world.network, {"en": "Training in March", "sl": "Usposabljanje marca"})
    internal = news_item(world.network, {"en": "For members only"}, audience="network")
    newsletter = make_newsletter(world.network, items=[item, internal])
    readers = {
        "ana@example.org": ("sl", "sl"),
        "ben@example.org": ("en", "en"),
        "bob@example.org": ("bg", "sl"),  # Bulgarian is not written: the network's language (sl)
    }
    for email, (language, _gets) in readers.items():
        subscribe(world.network, email, language)
    subscribe(world.network, "pending@example.org", status="pending")
    subscribe(world.network, "gone@example.org", status="unsubscribed")
    subscribe(world.other_network, "other@example.org")

    assert _send(world, newsletter) == 3

    assert sorted(message.to[0] for message in mailoutbox) == sorted(readers)
    for message in mailoutbox:
        email = message.to[0]
        subscriber = Subscriber.objects.get(network=world.network, email=email)
        link = unsubscribe_url(subscriber)
        language = readers[email][1]
        assert message.subject == newsletter.texts[language]["subject"]
        assert newsletter.texts[language]["introduction"].split("\n")[0] in message.body
        assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert str(world.network.public_id) in message.extra_headers["List-Id"]
        assert link in message.body
        assert message.body.count(link) == 1  # each reader's own link only
        public = reverse("coordination:public_news_item", args=[world.network.public_id, item.public_id])
        assert public in message.body
        assert "For members only" in message.body  # the only version there is, without a link
        internal_path = reverse("coordination:public_news_item", args=[world.network.public_id, internal.public_id])
        assert internal_path not in message.body
    by_language = dict(newsletter.deliveries.values_list("subscriber__email", "language"))
    assert by_language == {email: gets for email, (_language, gets) in readers.items()}
    newsletter.refresh_from_db()
    assert newsletter.state == "sent" and newsletter.sent_at is not None and newsletter.recipients_total == 3
    assert set(_statuses(newsletter).values()) == {DeliveryStatus.SENT}
    actions = set(AuditEvent.objects.filter(network=world.network).values_list("action", flat=True))
    assert {"coordination.newsletter_sending", "coordination.newsletter_sent"} <= actions
    finished = AuditEvent.objects.get(action="coordination.newsletter_sent")
    assert finished.changes == {"newsletter_delivered": 3, "newsletter_not_delivered": 0}


def test_the_message_reaches_a_real_smtp_server_with_its_headers(world: World, smtp: SmtpServer) -> None:
    world.network.name = "Mreža kakovosti „CAF“"
    world.network.save()
    texts = {"sl": {**TEXTS["sl"], "subject": 'Novice & dogodki "CAF"'}}
    newsletter = make_newsletter(world.network, texts=texts)
    reader = subscribe(world.network, "ana@example.org", "sl")
    _send(world, newsletter)
    [message] = smtp.mailbox.messages
    [raw] = smtp.mailbox.raw
    # As it travels: the address in plain sight, not in encoded words mail programs would not decode.
    assert f"List-Unsubscribe: <{unsubscribe_url(reader)}>\r\n".encode() in raw
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw
    assert message["Subject"] == 'Novice & dogodki "CAF"'  # plain text: nothing HTML-escaped
    assert message["List-Unsubscribe"] == f"<{unsubscribe_url(reader)}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Mreža kakovosti" in str(message["List-Id"]) and str(world.network.public_id) in str(message["List-Id"])
    assert "Mreža kakovosti" in str(message["From"])
    assert message.get_content_type() == "text/plain"
    assert "leto se končuje" in message.get_content()


def test_sending_is_refused_without_a_complete_language_or_confirmed_subscribers(world: World) -> None:
    half = make_newsletter(world.network, texts={"en": {"subject": "Only a subject"}})
    subscribe(world.network, "ana@example.org")
    with pytest.raises(ValidationError, match="at least one language"):
        services.send_newsletter(actor=world.carol, newsletter=half)
    nobody = make_newsletter(world.other_network)
    subscribe(world.other_network, "pending@example.org", status="pending")
    with pytest.raises(ValidationError, match="Nobody has confirmed"):
        services.send_newsletter(actor=world.dave, newsletter=nobody)
    assert not NewsletterDelivery.objects.exists()
    for outsider in (world.dave, world.alice):
        with pytest.raises(PermissionDenied):
            services.send_newsletter(actor=outsider, newsletter=half)


def test_an_issue_is_sent_once_and_running_the_task_again_sends_nothing(world: World, mailoutbox: list[Any]) -> None:
    newsletter = make_newsletter(world.network)
    subscribe_many(world.network, 4)
    _send(world, newsletter)
    assert len(mailoutbox) == 4
    with pytest.raises(ValidationError, match="sent already"):
        services.send_newsletter(actor=world.carol, newsletter=newsletter)
    send_newsletter_batch.enqueue(newsletter.pk)
    send_newsletter_batch.enqueue(newsletter.pk, timezone.now().isoformat())
    assert sending.send_batches(newsletter.pk) == sending.STOPPED
    assert len(mailoutbox) == 4
    assert AuditEvent.objects.filter(action="coordination.newsletter_sent").count() == 1


def test_a_subscriber_who_unsubscribes_after_queuing_is_skipped(
    world: World, settings: Any, mailoutbox: list[Any]
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    newsletter = make_newsletter(world.network)
    stays = subscribe(world.network, "stays@example.org")
    leaves = subscribe(world.network, "leaves@example.org")
    _send(world, newsletter)
    assert mailoutbox == [] and newsletter.deliveries.count() == 2  # queued; the dummy queue runs nothing
    Subscriber.objects.filter(pk=leaves.pk).update(status="unsubscribed", unsubscribed_at=timezone.now())
    newsletter.refresh_from_db()
    assert newsletter.sending_started_at is not None
    assert sending.send_batch(newsletter.pk, newsletter.sending_started_at).outcome == sending.FINISHED
    assert [message.to for message in mailoutbox] == [[stays.email]]
    newsletter.refresh_from_db()
    assert newsletter.state == "sent" and newsletter.recipients_total == 1
    assert list(newsletter.deliveries.values_list("subscriber__email", flat=True)) == [stays.email]


# --- batches and pace ---------------------------------------------------------------------------------


def test_batches_respect_the_batch_size_one_connection_each(world: World, settings: Any, smtp: SmtpServer) -> None:
    settings.NEWSLETTER_BATCH_SIZE = 3
    newsletter = make_newsletter(world.network)
    subscribe_many(world.network, 7, ("en", "sl", "bg"))
    _send(world, newsletter)
    assert len(smtp.mailbox.messages) == 7
    assert len(smtp.mailbox.connections) == 3  # 3 + 3 + 1, each batch over one connection
    assert len({message["To"] for message in smtp.mailbox.messages}) == 7


def test_with_a_queue_that_can_wait_each_batch_queues_the_next_after_the_pause(
    world: World, settings: Any, mailoutbox: list[Any]
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.NEWSLETTER_BATCH_SIZE = 2
    settings.NEWSLETTER_BATCH_PAUSE_SECONDS = 90
    newsletter = make_newsletter(world.network)
    subscribe_many(world.network, 5)
    _send(world, newsletter)
    queued = task_backends["default"].results  # type: ignore[attr-defined]
    assert len(queued) == 1 and queued[0].task.run_after is None  # the first batch at once
    round_started = queued[0].args[1]
    before = timezone.now()
    assert sending.send_batches(newsletter.pk, round_started) == sending.MORE
    assert len(mailoutbox) == 2
    assert len(queued) == 2 and queued[1].args == [newsletter.pk, round_started]
    wait = queued[1].task.run_after - before
    assert timedelta(seconds=89) < wait < timedelta(seconds=95)
    assert sending.send_batches(newsletter.pk, round_started) == sending.MORE
    assert sending.send_batches(newsletter.pk, round_started) == sending.FINISHED
    assert len(mailoutbox) == 5 and len(queued) == 3


def test_two_workers_never_send_the_same_delivery(world: World, settings: Any, mailoutbox: list[Any]) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.NEWSLETTER_BATCH_SIZE = 2
    newsletter = make_newsletter(world.network)
    subscribe_many(world.network, 3)
    _send(world, newsletter)
    newsletter.refresh_from_db()
    first = sending._claim(newsletter, timezone.now())
    second = sending._claim(newsletter, timezone.now())  # a second worker while the first is sending
    assert len(first) == 2 and len(second) == 1
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert sending._claim(newsletter, timezone.now()) == []
    # A claim nobody finished in CLAIM_SECONDS (its worker died) is taken again.
    later = timezone.now() + timedelta(seconds=selectors.CLAIM_SECONDS + 1)
    assert {d.pk for d in sending._claim(newsletter, later)} == {d.pk for d in first}


# --- failures ----------------------------------------------------------------------------------------


def test_a_refusing_server_leaves_failed_deliveries_visible_and_retry_sends_them(
    world: World, smtp: SmtpServer
) -> None:
    newsletter = make_newsletter(world.network)
    subscribe(world.network, "ok@example.org")
    subscribe(world.network, "typo@example.org")
    smtp.mailbox.refused = {"typo@example.org"}
    _send(world, newsletter)
    assert _statuses(newsletter) == {"ok@example.org": "sent", "typo@example.org": "failed"}
    failed = newsletter.deliveries.get(status="failed")
    assert failed.error.startswith("550") and "Mailbox unavailable" in failed.error
    newsletter.refresh_from_db()
    assert newsletter.state == "sent"
    page = client_for(world.carol).get(_url("newsletter", newsletter)).content.decode()
    assert "typo@example.org" in page and "550 5.1.1 Mailbox unavailable" in page
    assert _url("newsletter_retry", newsletter) in page

    smtp.mailbox.refused = set()
    response = committed(lambda: client_for(world.carol).post(_url("newsletter_retry", newsletter)))
    assert response.status_code == 302
    assert _statuses(newsletter) == {"ok@example.org": "sent", "typo@example.org": "sent"}
    assert smtp.mailbox.subjects_to("typo@example.org") == [newsletter.texts["en"]["subject"]]
    assert smtp.mailbox.subjects_to("ok@example.org") == [newsletter.texts["en"]["subject"]]  # not twice
    newsletter.refresh_from_db()
    assert newsletter.state == "sent"
    retried = AuditEvent.objects.get(action="coordination.newsletter_retried")
    assert retried.changes == {"newsletter_requeued": 1} and retried.actor == world.carol
    again = client_for(world.carol).post(_url("newsletter_retry", newsletter), follow=True)
    assert "nothing to send again" in again.content.decode()


def test_a_busy_recipient_is_tried_again_then_given_up(world: World, smtp: SmtpServer) -> None:
    newsletter = make_newsletter(world.network)
    subscribe(world.network, "busy@example.org")
    smtp.mailbox.busy = {"busy@example.org"}
    _send(world, newsletter)
    delivery = newsletter.deliveries.get()
    assert delivery.status == "failed" and delivery.attempts == mail.MAX_ATTEMPTS
    assert delivery.error.startswith("451")
    assert smtp.mailbox.recipients_tried == mail.MAX_ATTEMPTS


def test_a_stopped_server_loses_nothing_and_sends_nothing_twice(world: World, smtp: SmtpServer) -> None:
    newsletter = make_newsletter(world.network)
    subscribe_many(world.network, 3)
    smtp.stop()
    _send(world, newsletter)
    statuses = list(newsletter.deliveries.values_list("status", "attempts", "error"))
    assert all(status == "failed" and attempts == mail.MAX_ATTEMPTS for status, attempts, _error in statuses)
    assert all("Connection" in error or "refused" in error.lower() for _status, _attempts, error in statuses)
    newsletter.refresh_from_db()
    assert newsletter.state == "sent"
    assert selectors.progress_of(newsletter).failed == 3


def test_a_dropped_connection_puts_the_rest_of_the_batch_back(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch, mailoutbox: list[Any]
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    newsletter = make_newsletter(world.network)
    subscribe_many(world.network, 3)
    _send(world, newsletter)
    newsletter.refresh_from_db()
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages
    calls = []

    def drop_on_the_second(self: EmailBackend, messages: list[Any]) -> int:
        calls.append(messages[0].to[0])
        if len(calls) == 2:
            import smtplib

            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", drop_on_the_second)
    assert newsletter.sending_started_at is not None
    result = sending.send_batch(newsletter.pk, newsletter.sending_started_at)
    assert result.outcome == sending.RETRY and result.delay == mail.RETRY_DELAYS[0]
    rows = list(newsletter.deliveries.order_by("pk").values_list("status", "sent_at", "error"))
    assert rows[0][0] == "sent"
    assert [(status, sent_at) for status, sent_at, _error in rows[1:]] == [("queued", None), ("queued", None)]
    assert "SMTPServerDisconnected" in rows[1][2]
    monkeypatch.setattr(EmailBackend, "send_messages", original)
    assert sending.send_batch(newsletter.pk, newsletter.sending_started_at).outcome == sending.FINISHED
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        newsletter.deliveries.values_list("subscriber__email", flat=True)
    )


def test_resuming_starts_a_new_round_and_the_old_one_stops(world: World, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    newsletter = make_newsletter(world.network)
    subscribe_many(world.network, 2)
    _send(world, newsletter)
    newsletter.refresh_from_db()
    old_round = newsletter.sending_started_at
    assert old_round is not None
    with pytest.raises(ValidationError, match="nothing to send again"):
        services.retry_newsletter(actor=world.carol, newsletter=newsletter)  # it is on its way
    Newsletter.objects.filter(pk=newsletter.pk).update(sending_started_at=timezone.now() - timedelta(hours=1))
    newsletter.refresh_from_db()
    assert selectors.progress_of(newsletter).stalled
    committed(lambda: services.retry_newsletter(actor=world.carol, newsletter=newsletter))
    newsletter.refresh_from_db()
    assert sending.send_batch(newsletter.pk, old_round).outcome == sending.STOPPED
    assert newsletter.sending_started_at is not None
    assert sending.send_batch(newsletter.pk, newsletter.sending_started_at).outcome == sending.FINISHED


# --- progress ---------------------------------------------------------------------------------------


def test_progress_counts_and_the_fragment_polls_until_the_end(
    world: World, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.NEWSLETTER_BATCH_SIZE = 2
    newsletter = make_newsletter(world.network)
    subscribe_many(world.network, 5)
    _send(world, newsletter)
    newsletter.refresh_from_db()
    assert newsletter.sending_started_at is not None
    sending.send_batch(newsletter.pk, newsletter.sending_started_at)
    NewsletterDelivery.objects.filter(pk=newsletter.deliveries.filter(status="queued").first().pk).update(  # type: ignore[union-attr]
        status="failed", error="550 no"
    )
    progress = selectors.progress_of(newsletter)
    assert (progress.total, progress.sent, progress.failed, progress.waiting) == (5, 2, 1, 2)
    client = client_for(world.carol)
    url = _url("newsletter_progress", newsletter)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<progress class="w-100 mb-2" value="3" max="5"' in page and "hx-trigger" in page
    assert "2 sent, 1 not delivered, 2 waiting" in page
    unchanged = client.get(url, {"seen": progress.key}, headers={"HX-Request": "true"})
    assert unchanged.status_code == 204
    sending.send_batches(newsletter.pk, newsletter.sending_started_at.isoformat())
    done = client.get(url, {"seen": progress.key}, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and "Sending finished" in done
    # The same number of queries whatever the number of deliveries.
    bigger = make_newsletter(world.network)
    Subscriber.objects.bulk_create(
        Subscriber(
            network=world.network, email=f"more{n}@example.org", language="en", status="confirmed", token=f"t{n}"
        )
        for n in range(200)
    )
    _send(world, bigger)
    with django_assert_max_num_queries(8):
        assert client.get(_url("newsletter_progress", bigger)).status_code == 200


def test_the_progress_endpoint_is_for_the_networks_coordinators_only(world: World) -> None:
    newsletter = make_newsletter(world.network, state="sending", sending_started_at=timezone.now())
    url = _url("newsletter_progress", newsletter)
    assert client_for(world.carol).get(url).status_code == 200
    for outsider in (world.dave, world.alice, world.bob, world.charlie):
        assert client_for(outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_on_postgresql_marks_commit_without_waiting_for_disk_only_while_sending(
    world: World, monkeypatch: pytest.MonkeyPatch, mailoutbox: list[Any]
) -> None:
    def synchronous_commit() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return str(cursor.fetchone()[0])

    during: list[str] = []
    mark = sending.mark_sent

    def recording_mark(delivery_id: int) -> None:
        during.append(synchronous_commit())
        mark(delivery_id)

    monkeypatch.setattr(sending, "mark_sent", recording_mark)
    newsletter = make_newsletter(world.network)
    subscribe(world.network, "ana@example.org")
    subscribe(world.network, "ben@example.org")

    assert _send(world, newsletter) == 2

    assert during == ["off", "off"]
    assert synchronous_commit() == "on"
    assert set(_statuses(newsletter).values()) == {DeliveryStatus.SENT}
