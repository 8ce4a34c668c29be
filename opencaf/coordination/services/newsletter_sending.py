"""Sending a newsletter in the background, batch by batch, at the pace the mail server allows.

A run takes the next `NEWSLETTER_BATCH_SIZE` queued deliveries, renders each language version of the
issue once and sends the batch over one SMTP connection, each message with its subscriber's own
unsubscribe link and the `List-Unsubscribe`, `List-Unsubscribe-Post` (RFC 8058 one-click) and
`List-Id` headers. Each delivery is marked sent the moment the server accepted its message, so a run
that dies loses nothing and repeats nothing it had marked. When deliveries remain, the task queues
itself again to run `NEWSLETTER_BATCH_PAUSE_SECONDS` later (the database queue of production can
wait); the immediate backend of the tests cannot, so there the batches follow one another in a loop.

Claims: a run first marks its batch as taken, in one short transaction (`select_for_update(skip_locked=
True)` on PostgreSQL, so a second worker takes the next rows instead of waiting; SQLite's IMMEDIATE
transactions serialise the claim anyway). The model has no "being sent" status, so a queued delivery
whose `sent_at` is set is taken: it holds the time of the claim until the delivery is sent (then it is
the time sent) or put back. A claim older than `CLAIM_SECONDS` is taken for abandoned (its worker died)
and the delivery is sent by the next run; a run stops sending its batch halfway through that time.
Each claim counts as an attempt.

Marks on PostgreSQL: each mark is its own commit, and a commit that waits for the disk cost more than
rendering and sending the message together (0.7 ms a row, 2.7× the bare messages for 10,000). The
sending session therefore commits with `synchronous_commit` off: a mark is still atomic and seen at
once by every other session, a worker that dies loses none, and only a crash of the database server
itself could lose the last fraction of a second of marks, whose messages would then go a second time
to those few readers: a fair price for a newsletter, and the setting goes back when the batch ends.

Failures: a recipient or message the server refuses for good (5xx, or an address it cannot take)
fails that delivery with the server's answer; a temporary refusal (4xx) puts it back for a later
batch. An error of the connection itself (refused, dropped, timed out) puts the rest of the batch
back and the run is tried again after `core.mail.RETRY_DELAYS`. A delivery tried
`core.mail.MAX_ATTEMPTS` times fails with the last reason. Failed deliveries stay listed on the
newsletter's page and can be queued again. A subscriber who unsubscribed after the issue was queued
is skipped: their delivery is deleted, as the person asked to hear nothing more.

Rounds: `sending_started_at` marks the round of sending; queuing failed deliveries again starts a new
round, and a run of an earlier round still waiting in the queue stops when it sees that, so two
chains of batches never double the pace.
"""

from __future__ import annotations

import email.policy
import functools
import logging
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage as StdlibMessage
from email.policy import EmailPolicy, Policy
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import connection as database
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from opencaf.audit.services import record_event
from opencaf.coordination import newsletter_rendering as rendering
from opencaf.coordination.models import (
    DeliveryStatus,
    Newsletter,
    NewsletterDelivery,
    NewsletterState,
    SubscriberStatus,
)
from opencaf.coordination.selectors import newsletters as selectors
from opencaf.coordination.subscription_links import unsubscribe_url
from opencaf.core import mail

logger = logging.getLogger("opencaf.newsletter")

FINISHED = "finished"  # every delivery has been tried: the issue is sent
STOPPED = "stopped"  # not this run's to send (another round, another worker, not being sent)
MORE = "more"  # deliveries remain: the next batch after the pause
RETRY = "retry"  # the mail server could not be reached: this batch again later

PERMANENT_CODES = range(500, 600)
SPECIALS = set('()<>[]:;@\\,."')
MAX_ERROR = 500


@dataclass(frozen=True)
class BatchResult:
    outcome: str
    delay: timedelta = timedelta(0)


# --- the task's work ----------------------------------------------------------------------------------


def _task() -> Any:
    # Imported here: the task module imports this one.
    from opencaf.coordination.tasks import send_newsletter_batch

    return send_newsletter_batch


def start(newsletter_id: int, round_started: datetime) -> None:
    """Queue the first batch of a round (called once the deliveries are committed)."""
    _task().enqueue(newsletter_id, round_started.isoformat())


def send_batches(newsletter_id: int, round_started: str = "") -> str:
    """The background task: one batch, then the next one queued for after the pause; with a queue that
    cannot wait (the tests'), every batch in turn. Returns the last batch's outcome."""
    newsletter = Newsletter.objects.filter(pk=newsletter_id).only("sending_started_at").first()
    if newsletter is None or newsletter.sending_started_at is None:
        return STOPPED
    started = datetime.fromisoformat(round_started) if round_started else newsletter.sending_started_at
    task = _task()
    deferrable = task.get_backend().supports_defer
    while True:
        result = send_batch(newsletter_id, started)
        if result.outcome in (FINISHED, STOPPED):
            return result.outcome
        if deferrable:
            task.using(run_after=timezone.now() + result.delay).enqueue(newsletter_id, started.isoformat())
            return result.outcome
        # The immediate backend cannot wait: the next batch (or the retry) follows at once, bounded by
        # the attempts each claim counts.


def send_batch(newsletter_id: int, round_started: datetime) -> BatchResult:
    """Claim and send the next batch of the round's queued deliveries."""
    newsletter = Newsletter.objects.select_related("network").filter(pk=newsletter_id).first()
    if (
        newsletter is None
        or newsletter.state != NewsletterState.SENDING
        or newsletter.sending_started_at != round_started
    ):
        return BatchResult(STOPPED)
    claimed_at = timezone.now()
    claimed = _claim(newsletter, claimed_at)
    if not claimed:  # all sent, or the rest held by another run, which carries on
        return BatchResult(_finish(newsletter_id, round_started) or STOPPED)
    batch = _skip_unsubscribed(newsletter, claimed)
    if not batch:
        return BatchResult(_finish(newsletter_id, round_started) or MORE)
    pause = timedelta(seconds=settings.NEWSLETTER_BATCH_PAUSE_SECONDS)
    with _commits_without_waiting_for_disk():
        retry = _send(newsletter, batch, claimed_at)
    if retry is not None:
        return BatchResult(RETRY, retry)
    return BatchResult(_finish(newsletter_id, round_started) or MORE, pause)


# --- claiming ----------------------------------------------------------------------------------------


def _claim(newsletter: Newsletter, now: datetime) -> list[NewsletterDelivery]:
    """Take the next batch: queued deliveries nobody holds (or whose holder gave no sign for
    CLAIM_SECONDS), oldest first, each counted as an attempt."""
    abandoned = now - timedelta(seconds=selectors.CLAIM_SECONDS)
    with transaction.atomic():
        free = NewsletterDelivery.objects.filter(newsletter=newsletter, status=DeliveryStatus.QUEUED).filter(
            Q(sent_at__isnull=True) | Q(sent_at__lt=abandoned)
        )
        if database.features.has_select_for_update_skip_locked:
            free = free.select_for_update(skip_locked=True)
        ids = list(free.order_by("pk").values_list("pk", flat=True)[: settings.NEWSLETTER_BATCH_SIZE])
        NewsletterDelivery.objects.filter(pk__in=ids).update(sent_at=now, attempts=F("attempts") + 1)
    if not ids:
        return []
    rows = NewsletterDelivery.objects.filter(pk__in=ids).select_related("subscriber").order_by("pk")
    return list(rows.only("language", "attempts", "subscriber__email", "subscriber__token", "subscriber__status"))


def _skip_unsubscribed(newsletter: Newsletter, batch: list[NewsletterDelivery]) -> list[NewsletterDelivery]:
    gone = [delivery.pk for delivery in batch if delivery.subscriber.status != SubscriberStatus.CONFIRMED]
    if gone:
        with transaction.atomic():
            removed, _detail = NewsletterDelivery.objects.filter(pk__in=gone, status=DeliveryStatus.QUEUED).delete()
            Newsletter.objects.filter(pk=newsletter.pk).update(recipients_total=F("recipients_total") - removed)
    return [delivery for delivery in batch if delivery.pk not in gone]


def _put_back(deliveries: list[NewsletterDelivery], reason: str) -> None:
    """Deliveries of the batch not sent because of `reason`: queued again, failed after the last attempt."""
    ids = [delivery.pk for delivery in deliveries]
    mine = NewsletterDelivery.objects.filter(pk__in=ids, status=DeliveryStatus.QUEUED)
    mine.filter(attempts__gte=mail.MAX_ATTEMPTS).update(status=DeliveryStatus.FAILED, error=reason, sent_at=None)
    mine.filter(attempts__lt=mail.MAX_ATTEMPTS).update(error=reason, sent_at=None)


def _release_untried(deliveries: list[NewsletterDelivery]) -> None:
    """Deliveries the run had no time for: free for the next one, their claim not counted."""
    ids = [delivery.pk for delivery in deliveries]
    NewsletterDelivery.objects.filter(pk__in=ids, status=DeliveryStatus.QUEUED).update(
        sent_at=None, attempts=F("attempts") - 1
    )


# --- sending -----------------------------------------------------------------------------------------


def list_id(newsletter: Newsletter) -> str:
    """The List-Id header (RFC 2919): the network's name and a stable identifier of its newsletter."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    # The description is a phrase: without the characters that would need quoting (encoded words,
    # which carry the non-ASCII letters, may not stand in quotes).
    name = " ".join("".join(" " if char in SPECIALS else char for char in newsletter.network.name).split())
    return f"{name} <{newsletter.network.public_id}.newsletter.{host}>"


def sender(newsletter: Newsletter) -> str:
    """The platform's address, named after the network."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    try:
        return str(Address(display_name=newsletter.network.name, addr_spec=address))
    except (ValueError, IndexError):
        return settings.DEFAULT_FROM_EMAIL


@functools.cache
def _header_class(name: str) -> Any:
    return HeaderRegistry()[name]


class _Headers(HeaderRegistry):
    """Python's registry makes a new class for every header of every message, a third of the cost of a
    newsletter's message; the class depends only on the header's name, so one per name is kept."""

    def __getitem__(self, name: str) -> Any:
        return _header_class(name.lower())


HEADERS = _Headers()


class NewsletterMessage(EmailMessage):
    """A message whose headers are folded at 998 characters rather than 78. A List-Unsubscribe address
    has no space to fold at, and Python's email package would otherwise turn it into RFC 2047 encoded
    words, which mail programs do not decode in that header: their unsubscribe button would break.
    The body is encoded as usual (the line length changes after it is set)."""

    def message(self, *, policy: Policy | None = email.policy.default) -> StdlibMessage:
        base = policy if isinstance(policy, EmailPolicy) else email.policy.default
        built = super().message(policy=base.clone(header_factory=HEADERS))
        built.policy = built.policy.clone(max_line_length=998)
        return built


def message_for(
    issue: rendering.RenderedIssue, delivery: NewsletterDelivery, headers: dict[str, str], from_email: str
) -> EmailMessage:
    link = unsubscribe_url(delivery.subscriber)
    return NewsletterMessage(
        subject=issue.subject,
        body=issue.body(link),
        from_email=from_email,
        to=[delivery.subscriber.email],
        headers={
            **headers,
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [f"{code} {_text(text)}" for code, text in error.recipients.values()]
        return "; ".join(answers)[:MAX_ERROR]
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"[:MAX_ERROR]
    return f"{type(error).__name__}: {error}"[:MAX_ERROR]


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _is_temporary(error: BaseException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(code not in PERMANENT_CODES for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code not in PERMANENT_CODES
    return False


# What one message can suffer without the connection being at fault; any other OSError (smtplib's
# SMTPServerDisconnected, a refused connection, a timeout) is the connection's.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError, ValueError)


def _refused(delivery: NewsletterDelivery, error: BaseException) -> None:
    reason = _reason(error)
    row = NewsletterDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.QUEUED)
    if _is_temporary(error) and delivery.attempts < mail.MAX_ATTEMPTS:
        row.update(error=reason, sent_at=None)
    else:
        row.update(status=DeliveryStatus.FAILED, error=reason, sent_at=None)
    logger.info("Newsletter delivery %s refused: %s", delivery.pk, reason)


def mark_sent(delivery_id: int) -> None:
    """The server accepted the message: marked at once, in its own statement. Plain SQL, as this runs
    once per recipient and the ORM's compiling of the same UPDATE cost a tenth of the whole send."""
    options, quote = NewsletterDelivery._meta, database.ops.quote_name
    table = quote(options.db_table)
    columns = (quote(getattr(options.get_field(name), "column", name)) for name in ("status", "sent_at", "error", "id"))
    status, sent_at, error, key = columns
    # Only identifiers from the model's own metadata, quoted, go into the text; values are parameters.
    sql = (
        f"UPDATE {table} SET {status} = %s, {sent_at} = %s, {error} = %s "  # noqa: S608
        f"WHERE {key} = %s AND {status} = %s"
    )
    now = database.ops.adapt_datetimefield_value(timezone.now())
    with database.cursor() as cursor:
        cursor.execute(sql, [DeliveryStatus.SENT.value, now, "", delivery_id, DeliveryStatus.QUEUED.value])


@contextmanager
def _commits_without_waiting_for_disk() -> Iterator[None]:
    """On PostgreSQL, this session's commits return before the disk has them (see the module's
    docstring); elsewhere nothing changes."""
    if database.vendor != "postgresql":
        yield
        return
    with database.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with suppress(Exception), database.cursor() as cursor:  # a broken connection is closed anyway
            cursor.execute("RESET synchronous_commit")


def _send(newsletter: Newsletter, batch: list[NewsletterDelivery], claimed_at: datetime) -> timedelta | None:
    """Send the batch over one connection. None when done; the wait before trying again when the
    connection failed (the rest of the batch is back in the queue)."""
    items = selectors.items_in(newsletter)
    issues = {
        language: rendering.render_issue(rendering.issue_content(newsletter, language, items))
        for language in sorted({delivery.language for delivery in batch})
    }
    archive = rendering.issue_content(newsletter, batch[0].language, ()).archive_url
    headers = {"List-Id": list_id(newsletter), "List-Archive": f"<{archive}>", "Precedence": "bulk"}
    from_email = sender(newsletter)
    give_up_at = claimed_at + timedelta(seconds=selectors.CLAIM_SECONDS / 2)
    connection = mailers.default
    position = 0
    try:
        connection.open()
        for position, delivery in enumerate(batch):
            if timezone.now() > give_up_at:
                _release_untried(batch[position:])
                return None
            message = message_for(issues[delivery.language], delivery, headers, from_email)
            try:
                connection.send_messages([message])
            except MESSAGE_ERRORS as error:
                _refused(delivery, error)
                continue
            mark_sent(delivery.pk)
    except OSError as error:
        reason = _reason(error)
        logger.warning("Newsletter %s: the mail server failed, the batch is put back: %s", newsletter.pk, reason)
        _put_back(batch[position:], reason)
        attempts = max(delivery.attempts for delivery in batch[position:])
        return mail.RETRY_DELAYS[min(attempts, len(mail.RETRY_DELAYS)) - 1]
    except Exception as error:  # a fault of the platform: logged by the worker, visible on the deliveries
        _put_back(batch[position:], _reason(error))
        raise
    finally:
        with suppress(OSError):
            connection.close()
    return None


# --- the end -----------------------------------------------------------------------------------------


def _finish(newsletter_id: int, round_started: datetime) -> str:
    """Mark the issue sent when no delivery of the round waits any more: FINISHED; "" while some do;
    STOPPED when the issue is no longer this round's to finish."""
    with transaction.atomic():
        newsletter = Newsletter.objects.select_for_update().select_related("network").get(pk=newsletter_id)
        if newsletter.state != NewsletterState.SENDING or newsletter.sending_started_at != round_started:
            return STOPPED
        if newsletter.deliveries.filter(status=DeliveryStatus.QUEUED).exists():
            return ""
        progress = selectors.progress_of(newsletter)
        newsletter.state = NewsletterState.SENT
        newsletter.sent_at = timezone.now()
        newsletter.save(update_fields=["state", "sent_at"])
        record_event(
            "coordination.newsletter_sent",
            actor=None,
            obj=newsletter,
            network=newsletter.network,
            changes={"newsletter_delivered": progress.sent, "newsletter_not_delivered": progress.failed},
        )
    logger.info("Newsletter %s sent: %d delivered, %d not", newsletter_id, progress.sent, progress.failed)
    return FINISHED
