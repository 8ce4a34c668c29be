"""The network's monthly e-newsletter: the coordinator composes an issue (free text per language around
a choice of published news items), tries it on their own address, and sends it to every confirmed
subscriber. Every write is atomic and audited.

Sending queues one `NewsletterDelivery` per confirmed subscriber, in the language they will receive,
in the same transaction that marks the issue "being sent"; after the commit a background task works
through the deliveries in batches (`newsletter_sending`). What the mail server refused stays visible
with its reason and can be queued again (`retry_newsletter`), which also resumes a sending that
stopped (its worker died).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.coordination import newsletter_rendering as rendering
from opencaf.coordination.models import (
    DeliveryStatus,
    NewsItem,
    Newsletter,
    NewsletterDelivery,
    NewsletterState,
    NewsState,
)
from opencaf.coordination.selectors import newsletters as selectors
from opencaf.coordination.selectors.subscriptions import confirmed_subscribers
from opencaf.coordination.services import newsletter_sending
from opencaf.core import mail
from opencaf.organisations.models import Network
from opencaf.organisations.permissions import is_coordinator

if TYPE_CHECKING:
    from opencaf.accounts.models import User

MAX_SUBJECT = 200
MAX_TEXT = 20_000


@dataclass(frozen=True)
class NewsletterData:
    issue_date: date | None  # any day of the issue's month
    texts: Mapping[str, Mapping[str, str]]  # {"sl": {"subject": …, "introduction": …, "closing": …}}
    news_items: Sequence[NewsItem]


def _require_coordinator(actor: User, network: Network) -> None:
    if not is_coordinator(actor, network):
        raise PermissionDenied


def _require_draft(newsletter: Newsletter) -> None:
    if newsletter.state != NewsletterState.DRAFT:
        raise ValidationError(_("This newsletter has been sent and can no longer change."))


# --- composing ----------------------------------------------------------------------------------------


def _check_texts(texts: Mapping[str, Mapping[str, str]], errors: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """The written language versions, whitespace trimmed; a version begun but without its subject or
    introduction is refused at that field."""
    cleaned: dict[str, dict[str, str]] = {}
    for code, _name in settings.LANGUAGES:
        given = texts.get(code) or {}
        version = {part: str(given.get(part, "")).strip() for part in rendering.PARTS}
        version["subject"] = " ".join(version["subject"].split())  # one line: it becomes a mail header
        if not any(version.values()):
            continue
        for part in rendering.REQUIRED:
            if not version[part]:
                errors.setdefault(f"{part}_{code}", []).append(
                    _("Write the subject and the introduction of this language, or leave all its fields empty.")
                )
        if len(version["subject"]) > MAX_SUBJECT:
            errors.setdefault(f"subject_{code}", []).append(
                _("Keep the subject under %(count)s characters.") % {"count": MAX_SUBJECT}
            )
        for part in ("introduction", "closing"):
            if len(version[part]) > MAX_TEXT:
                errors.setdefault(f"{part}_{code}", []).append(
                    _("Keep this text under %(count)s characters.") % {"count": MAX_TEXT}
                )
        cleaned[code] = version
    if not errors and not rendering.complete_languages(cleaned):
        errors.setdefault("__all__", []).append(_("Write the subject and the introduction in at least one language."))
    return cleaned


def _check(data: NewsletterData, network: Network) -> tuple[dict[str, object], list[NewsItem]]:
    errors: dict[str, list[str]] = {}
    if data.issue_date is None:
        errors["issue_date"] = [_("Choose the month of the issue.")]
    texts = _check_texts(data.texts, errors)
    items = list(dict.fromkeys(data.news_items))
    if any(item.network_id != network.pk or item.state != NewsState.PUBLISHED for item in items):
        errors["news_items"] = [_("Choose published news items of the network.")]
    if errors:
        raise ValidationError(errors)
    assert data.issue_date is not None
    return {"issue_date": data.issue_date.replace(day=1), "texts": texts}, items


def _titles(items: Sequence[NewsItem]) -> list[str]:
    return [str(item) for item in items]


@transaction.atomic
def create_newsletter(*, actor: User, network: Network, data: NewsletterData) -> Newsletter:
    _require_coordinator(actor, network)
    fields, items = _check(data, network)
    newsletter = Newsletter.objects.create(network=network, created_by=actor, **fields)
    newsletter.news_items.set(items)
    record_event(
        "coordination.newsletter_created",
        actor=actor,
        obj=newsletter,
        network=network,
        changes={
            "issue_date": newsletter.issue_date.isoformat(),
            "newsletter_languages": rendering.complete_languages(newsletter.texts),
            "newsletter_items": _titles(items),
        },
    )
    return newsletter


@transaction.atomic
def update_newsletter(*, actor: User, newsletter: Newsletter, data: NewsletterData) -> Newsletter:
    """Change a draft; an issue being sent or sent stays as its readers got it."""
    _require_coordinator(actor, newsletter.network)
    newsletter = Newsletter.objects.select_for_update().select_related("network").get(pk=newsletter.pk)
    _require_draft(newsletter)
    fields, items = _check(data, newsletter.network)
    before_items = list(newsletter.news_items.order_by("pk"))
    changes: dict[str, object] = {}
    if newsletter.issue_date != fields["issue_date"]:
        changes["issue_date"] = {"before": newsletter.issue_date.isoformat(), "after": str(fields["issue_date"])}
    before_languages = rendering.complete_languages(newsletter.texts)
    after_languages = rendering.complete_languages(fields["texts"])  # type: ignore[arg-type]
    if before_languages != after_languages:
        changes["newsletter_languages"] = {"before": before_languages, "after": after_languages}
    after_texts: dict[str, dict[str, str]] = fields["texts"]  # type: ignore[assignment]
    changed = [
        code for code, _name in settings.LANGUAGES if newsletter.texts.get(code, {}) != after_texts.get(code, {})
    ]
    if changed:
        changes["newsletter_texts"] = changed
    if {item.pk for item in before_items} != {item.pk for item in items}:
        changes["newsletter_items"] = {"before": _titles(before_items), "after": _titles(items)}
    newsletter.issue_date = fields["issue_date"]  # type: ignore[assignment]
    newsletter.texts = after_texts
    newsletter.save(update_fields=["issue_date", "texts"])
    newsletter.news_items.set(items)
    if changes:
        record_event(
            "coordination.newsletter_changed",
            actor=actor,
            obj=newsletter,
            network=newsletter.network,
            changes=changes,
        )
    return newsletter


# --- trying it ------------------------------------------------------------------------------------------


def rendered(newsletter: Newsletter, language: str) -> rendering.RenderedIssue:
    """The issue's e-mail in a complete language, as subscribers of that language get it."""
    items = selectors.items_in(newsletter)
    return rendering.render_issue(rendering.issue_content(newsletter, language, items))


@transaction.atomic
def send_test(*, actor: User, newsletter: Newsletter, language: str) -> None:
    """E-mail one language version to the coordinator's own address (the subject marked as a test)."""
    _require_coordinator(actor, newsletter.network)
    if language not in rendering.complete_languages(newsletter.texts):
        raise ValidationError(
            {"language": _("Write the subject and the introduction of this language before trying it.")}
        )
    issue = rendered(newsletter, language)
    with_link = issue.body(rendering.sample_link(language))
    subject = _("[Test] %(subject)s") % {"subject": issue.subject}
    mail.send_after_commit(to=actor.email, subject=subject, body=with_link, kind="newsletter test")
    record_event(
        "coordination.newsletter_test_sent",
        actor=actor,
        obj=newsletter,
        network=newsletter.network,
        changes={"newsletter_language": language},
    )


# --- sending --------------------------------------------------------------------------------------------


@transaction.atomic
def send_newsletter(*, actor: User, newsletter: Newsletter) -> int:
    """Queue the issue for every confirmed subscriber, each in the language they will receive, and
    start the background sending once committed. Returns the number of subscribers."""
    _require_coordinator(actor, newsletter.network)
    newsletter = Newsletter.objects.select_for_update().select_related("network").get(pk=newsletter.pk)
    if newsletter.state != NewsletterState.DRAFT:
        raise ValidationError(_("This newsletter has been sent already."))
    complete = rendering.complete_languages(newsletter.texts)
    if not complete:
        raise ValidationError(_("Write the subject and the introduction in at least one language before sending."))
    network = newsletter.network
    subscribers = list(confirmed_subscribers(network).order_by("pk").values_list("pk", "language"))
    if not subscribers:
        raise ValidationError(_("Nobody has confirmed a subscription to the newsletter yet: nobody would receive it."))
    NewsletterDelivery.objects.bulk_create(
        (
            NewsletterDelivery(
                newsletter=newsletter,
                subscriber_id=subscriber_id,
                language=rendering.language_for(language, complete, network.default_language),
            )
            for subscriber_id, language in subscribers
        ),
        batch_size=1000,
    )
    now = timezone.now()
    newsletter.state = NewsletterState.SENDING
    newsletter.recipients_total = len(subscribers)
    newsletter.sending_started_at = now
    newsletter.save(update_fields=["state", "recipients_total", "sending_started_at"])
    record_event(
        "coordination.newsletter_sending",
        actor=actor,
        obj=newsletter,
        network=network,
        changes={"newsletter_recipients": len(subscribers), "newsletter_languages": complete},
    )
    transaction.on_commit(partial(newsletter_sending.start, newsletter.pk, now), robust=True)
    return len(subscribers)


@transaction.atomic
def retry_newsletter(*, actor: User, newsletter: Newsletter) -> int:
    """Queue the failed deliveries again and (re)start the sending: also resumes a sending that stopped.
    Returns the number of deliveries queued again."""
    _require_coordinator(actor, newsletter.network)
    newsletter = Newsletter.objects.select_for_update().select_related("network").get(pk=newsletter.pk)
    if newsletter.state == NewsletterState.DRAFT:
        raise ValidationError(_("This newsletter has not been sent yet."))
    progress = selectors.progress_of(newsletter)
    if not progress.failed and not progress.stalled:
        raise ValidationError(_("Every delivery has been sent or is on its way: there is nothing to send again."))
    requeued = newsletter.deliveries.filter(status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.QUEUED, attempts=0, error="", sent_at=None
    )
    # A new round of sending: a run of the earlier round still waiting in the queue stops when it sees it.
    now = timezone.now()
    newsletter.state = NewsletterState.SENDING
    newsletter.sending_started_at = now
    newsletter.sent_at = None
    newsletter.save(update_fields=["state", "sending_started_at", "sent_at"])
    record_event(
        "coordination.newsletter_retried",
        actor=actor,
        obj=newsletter,
        network=newsletter.network,
        changes={"newsletter_requeued": requeued},
    )
    transaction.on_commit(partial(newsletter_sending.start, newsletter.pk, now), robust=True)
    return requeued
