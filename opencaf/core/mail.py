"""The one way OpenCAF sends e-mail: in the background, after the change that caused it commits, retried.

A mail server that is down, refuses or answers slowly must never turn a saved change into an error page
or hold a web worker, so no request sends mail itself. A service renders the message (in the
recipient's language) and calls `send_after_commit`; once its transaction commits, the message is
handed to the `core.tasks.deliver_mail` task as plain data. A failed attempt (any SMTP or network
error) is tried again later, after `RETRY_DELAYS`; after the last one the mail is given up, logged and
reported to the sender's `on_not_delivered` hook, which records it where people can see it (an audit
event, an invitation marked "not delivered").

Hooks are module-level functions of the app that sends the mail; the task carries only their dotted
paths and the plain `reference` (usually a primary key) they receive, so core imports no app.

Headers: a sender may add a few headers of its own (`headers=`), only those of `ALLOWED_HEADERS`, which
mail programs act on: `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 2369 and 8058: an
unsubscribe button that works in one click), `List-Id` (RFC 2919) and `Auto-Submitted` (RFC 3834: no
automatic replies). Any other name, or a line break in a value (a header injected into the message),
is refused with ValueError when the mail is queued. These headers are written on one line of up to 998
characters rather than folded at 78: a long unsubscribe address has no space to fold at, and Python
would otherwise turn it into RFC 2047 encoded words, which mail programs do not decode there.
"""

from __future__ import annotations

import email.policy
import logging
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from email.headerregistry import BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage as StdlibMessage
from email.policy import EmailPolicy, Policy
from functools import partial
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

logger = logging.getLogger("opencaf.mail")

# Waits before the 2nd, 3rd, … attempt: a server restart, a full queue or a network blip usually
# clears within minutes; an outage of more than a few hours needs a person anyway.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1), timedelta(hours=4))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

SENT = "sent"
RETRYING = "retrying"
NOT_DELIVERED = "not_delivered"

SentHook = Callable[[int], None]
NotDeliveredHook = Callable[[int, str], None]

# The only headers a sender may add (see the module's docstring); From, To, Reply-To, … are the platform's.
ALLOWED_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post", "List-Id", "Auto-Submitted")
LONGEST_LINE = 998  # RFC 5322's limit of a line, the header's name included
FORBIDDEN_IN_VALUES = ("\r", "\n", "\0")


def checked_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """The headers under their usual spelling; ValueError for a name not allowed or a value that could
    inject a header of its own (a line break), is not text, or would not fit on one line."""
    spelled = {name.lower(): name for name in ALLOWED_HEADERS}
    checked: dict[str, str] = {}
    for name, value in (headers or {}).items():
        proper = spelled.get(str(name).strip().lower())
        if proper is None:
            raise ValueError(f"The mail header {name!r} may not be set; allowed: {', '.join(ALLOWED_HEADERS)}.")
        if proper in checked:
            raise ValueError(f"The mail header {proper!r} is given twice.")
        if not isinstance(value, str):
            raise ValueError(f"The mail header {proper!r} must be text.")
        if any(character in value for character in FORBIDDEN_IN_VALUES):
            raise ValueError(f"The mail header {proper!r} may not contain a line break.")
        if len(proper) + 2 + len(value) > LONGEST_LINE:
            raise ValueError(f"The mail header {proper!r} is longer than a line of mail may be.")
        checked[proper] = value
    return checked


@dataclass(frozen=True)
class OutgoingMail:
    """Everything the background task needs, as plain values that survive a trip through the task queue."""

    to: str
    subject: str
    body: str
    kind: str  # what it is, for the logs: "invitation", "group member notice", …
    reference: int | None = None  # handed to the hooks: the invitation's, seat's or action's id
    on_sent: str = ""  # dotted path of a SentHook
    on_not_delivered: str = ""  # dotted path of a NotDeliveredHook
    # One optional text attachment (a calendar invitation): plain strings, so it survives the JSON queue.
    attachment_name: str = ""
    attachment_content: str = ""
    attachment_mimetype: str = ""
    # Headers of `ALLOWED_HEADERS` only, checked here: also when the task builds the mail again.
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", checked_headers(self.headers))


@dataclass(frozen=True)
class Attachment:
    """A text file sent with a message, e.g. `Attachment("event.ics", ics_text, "text/calendar")`."""

    name: str
    content: str
    mimetype: str


def render_mail(template_prefix: str, context: Mapping[str, Any], language: str) -> tuple[str, str]:
    """Subject and body from `<prefix>_subject.txt` and `<prefix>_body.txt`, rendered in `language`."""
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}_subject.txt", dict(context), using="plain_text").strip()
        body = render_to_string(f"{template_prefix}_body.txt", dict(context), using="plain_text")
    return subject, body


def _hook_path(hook: Callable[..., None] | None) -> str:
    if hook is None:
        return ""
    path = f"{hook.__module__}.{hook.__qualname__}"
    # The worker finds the hook again by its path, so it must be a module-level function.
    try:
        found = import_string(path)
    except ImportError:
        found = None
    if found is not hook:
        raise ValueError(f"A mail hook must be a module-level function, not {path!r}.")
    return path


def _outgoing(
    to: str,
    subject: str,
    body: str,
    kind: str,
    reference: int | None,
    on_sent: SentHook | None,
    on_not_delivered: NotDeliveredHook | None,
    attachment: Attachment | None = None,
    headers: Mapping[str, str] | None = None,
) -> OutgoingMail:
    return OutgoingMail(
        to=to,
        subject=subject,
        body=body,
        kind=kind,
        reference=reference,
        on_sent=_hook_path(on_sent),
        on_not_delivered=_hook_path(on_not_delivered),
        attachment_name=attachment.name if attachment else "",
        attachment_content=attachment.content if attachment else "",
        attachment_mimetype=attachment.mimetype if attachment else "",
        headers=dict(headers or {}),
    )


def send_after_commit(
    *,
    to: str,
    subject: str,
    body: str,
    kind: str,
    reference: int | None = None,
    on_sent: SentHook | None = None,
    on_not_delivered: NotDeliveredHook | None = None,
    attachment: Attachment | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Queue a message for the background once the current transaction commits (at once outside one).

    Rolled back, nothing is sent. `robust=True`: should even queueing fail, the change is already
    saved, so the error is logged rather than shown to the person who made it. A header not allowed
    (see `checked_headers`) raises ValueError at once, before anything is queued.
    """
    mail = _outgoing(to, subject, body, kind, reference, on_sent, on_not_delivered, attachment, headers)
    transaction.on_commit(partial(enqueue, mail), robust=True)


def send_in_background(
    *,
    to: str,
    subject: str,
    body: str,
    kind: str,
    reference: int | None = None,
    on_sent: SentHook | None = None,
    on_not_delivered: NotDeliveredHook | None = None,
    attachment: Attachment | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Queue a message now, for callers that write nothing first (the daily reminder command)."""
    enqueue(_outgoing(to, subject, body, kind, reference, on_sent, on_not_delivered, attachment, headers))


def enqueue(mail: OutgoingMail, attempt: int = 1) -> None:
    # Imported here: the task module imports this one to run deliver().
    from opencaf.core.tasks import deliver_mail

    task = deliver_mail
    if attempt > 1 and task.get_backend().supports_defer:
        # The immediate backend of the tests cannot wait, so there the retries follow at once.
        task = task.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 2])
    task.enqueue(asdict(mail), attempt)


class _OneLineHeader(UnstructuredHeader, BaseHeader):
    """A header of `ALLOWED_HEADERS`: written as it is, on one line, when it is plain ASCII and fits in
    one (else folded and encoded as usual)."""

    def fold(self, *, policy: Policy) -> str:
        value = str(self)
        line = f"{self.name}: {value}"
        if value.isascii() and len(line) <= LONGEST_LINE:
            return line + policy.linesep
        return super().fold(policy=policy)


_HEADERS = HeaderRegistry()
for _name in ALLOWED_HEADERS:
    _HEADERS.map_to_type(_name.lower(), _OneLineHeader)


class _Message(EmailMessage):
    """Django's message, with the allowed headers kept on one line (see the module's docstring)."""

    def message(self, *, policy: Policy | None = email.policy.default) -> StdlibMessage:
        if isinstance(policy, EmailPolicy):
            policy = policy.clone(header_factory=_HEADERS)
        return super().message(policy=policy)


def deliver(mail: OutgoingMail, attempt: int) -> str:
    """One attempt at sending; on failure queue the next one or, after the last, give up and tell the hook."""
    try:
        # From DEFAULT_FROM_EMAIL; the headers were checked when the mail was made.
        message = _Message(mail.subject, mail.body, to=[mail.to], headers=dict(mail.headers))
        if mail.attachment_name:
            message.attach(mail.attachment_name, mail.attachment_content, mail.attachment_mimetype)
        message.send()
    except OSError as error:  # smtplib.SMTPException, refused connections and timeouts are all OSErrors
        reason = f"{type(error).__name__}: {error}"
        if attempt < MAX_ATTEMPTS:
            logger.warning(
                "Mail (%s) to %s failed on attempt %d of %d, will retry: %s",
                mail.kind,
                mail.to,
                attempt,
                MAX_ATTEMPTS,
                reason,
            )
            enqueue(mail, attempt + 1)
            return RETRYING
        logger.error("Mail (%s) to %s not delivered after %d attempts: %s", mail.kind, mail.to, attempt, reason)
        if mail.on_not_delivered:
            import_string(mail.on_not_delivered)(mail.reference, reason)
        return NOT_DELIVERED
    logger.info("Mail (%s) to %s sent on attempt %d", mail.kind, mail.to, attempt)
    if mail.on_sent:
        import_string(mail.on_sent)(mail.reference)
    return SENT
