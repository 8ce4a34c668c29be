"""News of a network: the coordinators write a news item in one or more of the site's languages, for
the organisations of the network or for everyone, and publish or withdraw it.

A language version is either complete (a title and a text, with an optional short summary for lists,
the feed and the newsletter) or absent; at least one version must be complete. Texts are plain:
paragraphs are separated by blank lines and pages show them with `linebreaks` and `urlize`, never as
HTML.

Publication date: the first publication sets `published_at` and it is kept when the item is withdrawn
and published again (after a correction, say). Readers, feed readers (the Atom entry keeps its
`published` date and id) and newsletters already sent know the item by that date; publishing it again
must not make it look like new news and jump to the top of the lists. A correction shows as the
`updated` date instead (`updated_at`, set by every change of the item).

Every write is atomic and audited with what changed. Editing checks the version the coordinator
started from (`expected_updated_at`): a save over someone else's newer change is refused and the
form keeps the coordinator's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.coordination.models import Campaign, Event, NewsAudience, NewsItem, NewsState
from opencaf.coordination.texts import languages_of
from opencaf.core.texts import too_long
from opencaf.lib.texts import one_line, paragraphs
from opencaf.organisations.models import Network
from opencaf.organisations.permissions import is_coordinator

if TYPE_CHECKING:
    from opencaf.accounts.models import User

PARTS = ("title", "summary", "body")
TITLE_MAX = 200
SUMMARY_MAX = 400
BODY_MAX = 20_000


@dataclass(frozen=True)
class NewsData:
    # {"sl": {"title": …, "summary": …, "body": …}}; languages left empty may be missing or blank.
    texts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    audience: str = NewsAudience.PUBLIC
    campaign: Campaign | None = None
    event: Event | None = None


class StaleNewsError(ValidationError):
    """The item changed since the coordinator opened the form; their text has not been saved."""


class _Fields(TypedDict):
    texts: dict[str, dict[str, str]]
    audience: str
    campaign: Campaign | None
    event: Event | None


def _require_coordinator(actor: User, network: Network) -> None:
    if not is_coordinator(actor, network):
        raise PermissionDenied


# --- checking the language versions -------------------------------------------------------------------


def clean_texts(texts: Mapping[str, Mapping[str, str]], network: Network) -> dict[str, dict[str, str]]:
    """The language versions tidied, only those written, in the site's order; ValidationError (keyed by
    the form's field names, `title_sl`, `body_sl`, …) when a version is half-written, too long, in an
    unknown language, or when no version is complete."""
    known = [code for code, _name in settings.LANGUAGES]
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(texts) - set(known))
    if unknown:
        errors[NON_FIELD_ERRORS] = [_("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}]
    cleaned: dict[str, dict[str, str]] = {}
    for code in known:
        given = texts.get(code) or {}
        version = {
            "title": one_line(given.get("title")),
            "summary": one_line(given.get("summary")),
            "body": paragraphs(given.get("body")),
        }
        if not any(version.values()):
            continue
        for part, limit in (("title", TITLE_MAX), ("summary", SUMMARY_MAX), ("body", BODY_MAX)):
            if len(version[part]) > limit:
                errors.setdefault(f"{part}_{code}", []).append(too_long(limit))
        if not version["title"]:
            errors.setdefault(f"title_{code}", []).append(
                _("Give this language version a title, or clear its summary and text.")
            )
        if not version["body"]:
            errors.setdefault(f"body_{code}", []).append(
                _("Write the text of this language version, or clear its title and summary.")
            )
        cleaned[code] = version
    if not cleaned:
        first = network.default_language if network.default_language in known else known[0]
        errors[f"title_{first}"] = [_("Write the news in at least one language: a title and a text.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check(data: NewsData, network: Network) -> _Fields:
    errors: dict[str, list[str]] = {}
    try:
        texts = clean_texts(data.texts, network)
    except ValidationError as error:
        errors.update(error.message_dict)
        texts = {}
    if data.audience not in NewsAudience.values:
        errors["audience"] = [_("Choose for whom the news is.")]
    if data.campaign is not None and data.campaign.network_id != network.pk:
        errors["campaign"] = [_("Choose a campaign of this network.")]
    if data.event is not None and data.event.network_id != network.pk:
        errors["event"] = [_("Choose an event of this network.")]
    if errors:
        raise ValidationError(errors)
    return {"texts": texts, "audience": data.audience, "campaign": data.campaign, "event": data.event}


def _label(thing: Campaign | Event | None) -> str:
    return str(thing.title) if thing is not None else ""


# --- writing, publishing, withdrawing -------------------------------------------------------------------


@transaction.atomic
def create_news(*, actor: User, network: Network, data: NewsData) -> NewsItem:
    """A new news item, as a draft."""
    _require_coordinator(actor, network)
    fields = _check(data, network)
    now = timezone.now()
    item = NewsItem.objects.create(network=network, created_by=actor, created_at=now, updated_at=now, **fields)
    record_event(
        "coordination.news_created",
        actor=actor,
        obj=item,
        network=network,
        changes={
            "title": str(item),
            "news_languages": languages_of(item.texts),
            "news_audience": item.audience,
            "news_campaign": _label(item.campaign),
            "news_event": _label(item.event),
        },
    )
    return item


def _locked(item: NewsItem) -> NewsItem:
    # Only the network joined: PostgreSQL locks no row of an outer join (campaign and event may be null).
    return NewsItem.objects.select_for_update().select_related("network").get(pk=item.pk)


def _text_changes(before: Mapping[str, Mapping[str, str]], after: Mapping[str, Mapping[str, str]]) -> list[str]:
    return [
        f"{code}:{part}"
        for code, _name in settings.LANGUAGES
        for part in PARTS
        if (before.get(code) or {}).get(part, "") != (after.get(code) or {}).get(part, "")
    ]


@transaction.atomic
def update_news(
    *, actor: User, item: NewsItem, data: NewsData, expected_updated_at: datetime | None = None
) -> NewsItem:
    """Change the texts, the audience or what the item announces; a published item stays published
    (a correction). Refused when someone changed the item since `expected_updated_at`."""
    _require_coordinator(actor, item.network)
    item = _locked(item)
    if expected_updated_at is not None and item.updated_at != expected_updated_at:
        raise StaleNewsError(
            _(
                "Someone else changed this news item while you were editing it. Your text is below, "
                "not saved: compare it with the saved version, then save again to replace it."
            )
        )
    fields = _check(data, item.network)
    changes: dict[str, object] = {}
    texts_changed = _text_changes(item.texts, fields["texts"])
    if texts_changed:
        changes["news_texts"] = texts_changed
    languages_before, languages_after = languages_of(item.texts), languages_of(fields["texts"])
    if languages_before != languages_after:
        changes["news_languages"] = {"before": languages_before, "after": languages_after}
    if item.audience != fields["audience"]:
        changes["news_audience"] = {"before": item.audience, "after": fields["audience"]}
    if item.campaign_id != getattr(fields["campaign"], "pk", None):
        changes["news_campaign"] = {"before": _label(item.campaign), "after": _label(fields["campaign"])}
    if item.event_id != getattr(fields["event"], "pk", None):
        changes["news_event"] = {"before": _label(item.event), "after": _label(fields["event"])}
    if not changes:
        return item
    item.texts, item.audience = fields["texts"], fields["audience"]
    item.campaign, item.event = fields["campaign"], fields["event"]
    item.updated_at = timezone.now()
    item.save(update_fields=["texts", "audience", "campaign", "event", "updated_at"])
    record_event("coordination.news_changed", actor=actor, obj=item, network=item.network, changes=changes)
    return item


@transaction.atomic
def publish_news(*, actor: User, item: NewsItem) -> NewsItem:
    """Publish a draft: for the network's organisations, or also on the public pages and the feed.
    The first publication date is kept when the item is published again (see the module's note)."""
    _require_coordinator(actor, item.network)
    item = _locked(item)
    if item.state == NewsState.PUBLISHED:
        raise ValidationError(_("This news item is already published."))
    languages = languages_of(item.texts)
    if not languages:
        raise ValidationError(_("Write the news in at least one language before publishing it."))
    republished = item.published_at is not None
    if item.published_at is None:
        item.published_at = timezone.now()
    item.state = NewsState.PUBLISHED
    item.save(update_fields=["state", "published_at"])
    record_event(
        "coordination.news_published",
        actor=actor,
        obj=item,
        network=item.network,
        changes={"news_audience": item.audience, "news_languages": languages, "news_republished": republished},
    )
    return item


@transaction.atomic
def unpublish_news(*, actor: User, item: NewsItem) -> NewsItem:
    """Withdraw a published item: it becomes a draft again, seen by the coordinators only."""
    _require_coordinator(actor, item.network)
    item = _locked(item)
    if item.state != NewsState.PUBLISHED:
        raise ValidationError(_("This news item is not published."))
    item.state = NewsState.DRAFT
    item.save(update_fields=["state"])
    record_event(
        "coordination.news_unpublished",
        actor=actor,
        obj=item,
        network=item.network,
        changes={"news_audience": item.audience},
    )
    return item
