"""Involving staff: recording workshops, interviews and focus groups, and inviting the staff to the
network's e-newsletter.

- `record_activity`, `change_activity`, `delete_activity` (HR): an activity's kind, title, date (not in
  the future), number of participants (at least one: an interview may have a single participant),
  notes and up to `THEMES_MAX` short themes. The notes are anonymised by whoever writes them, and the
  service holds them to it: a title, notes or themes that contain the full name or the e-mail address
  of a member of the organisation are refused with a message naming what to remove (`named_members`).
- `invite_staff_to_newsletter` (HR, organisations of a network): every employee whose address is not
  subscribed to the network's e-newsletter is asked, in their language, through the coordination app's
  double opt-in (`request_subscription`): they receive an e-mail with a link to confirm and are
  subscribed only if they follow it. A person who unsubscribed earlier is not asked again: they said
  no, and their employer should not be the one to ask twice.

Every function runs in one transaction, checks that the actor is HR of the organisation and records
one audit event (the e-mails go once it commits).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.coordination.services.subscriptions import Outcome, request_subscription
from opencaf.lib.texts import one_line, paragraphs
from opencaf.organisations.models import Membership, Organisation
from opencaf.people.access import access_in
from opencaf.people.models import ActivityKind, EngagementActivity
from opencaf.people.names import MemberNames
from opencaf.people.selectors.engagement import newsletter_reach

if TYPE_CHECKING:
    from opencaf.accounts.models import User

TITLE_MAX = 200  # the model's column
NOTES_MAX = 20_000
THEMES_MAX = 10
THEME_MAX = 80
PARTICIPANTS_MAX = 10_000


# --- names of members in a text ----------------------------------------------------------------------


def named_members(organisation: Organisation) -> MemberNames:
    people = Membership.objects.filter(organisation=organisation).values_list("user__full_name", "user__email")
    return MemberNames.of(people)


# --- the activity's fields -------------------------------------------------------------------------


def themes_from_text(text: str) -> list[str]:
    """Themes typed one per line (the form's field), as the service takes them."""
    return [line for line in str(text or "").splitlines() if line.strip()]


@dataclass(frozen=True)
class ActivityFields:
    kind: str
    title: str
    held_on: date
    participants: int
    notes: str
    themes: list[str]


def _themes(themes: Sequence[str], errors: dict[str, list[str]]) -> list[str]:
    kept: list[str] = []
    seen: set[str] = set()
    for theme in themes:
        text = one_line(theme)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    if len(kept) > THEMES_MAX:
        errors.setdefault("themes", []).append(
            _("Give at most %(max)d themes, one per line: the %(count)d given are too many to read at a glance.")
            % {"max": THEMES_MAX, "count": len(kept)}
        )
    long = [theme for theme in kept if len(theme) > THEME_MAX]
    if long:
        errors.setdefault("themes", []).append(
            _("Keep each theme to %(max)d characters, a short phrase; too long: “%(theme)s”.")
            % {"max": THEME_MAX, "theme": long[0][:THEME_MAX] + "…"}
        )
    return kept


def _cleaned(
    organisation: Organisation,
    *,
    kind: str,
    title: str,
    held_on: date | None,
    participants: int | None,
    notes: str,
    themes: Sequence[str],
) -> ActivityFields:
    """The fields as kept, or a ValidationError with every field's problems at once."""
    errors: dict[str, list[str]] = {}
    title, notes = one_line(title), paragraphs(notes)
    if kind not in ActivityKind.values:
        errors["kind"] = [_("Choose a workshop, an interview or a focus group.")]
    if not title:
        errors["title"] = [_("Give the activity a title, such as “Workshop on the competency model”.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("Keep the title to %(max)d characters.") % {"max": TITLE_MAX}]
    if held_on is None:
        errors["held_on"] = [_("Give the date the activity was held.")]
    elif held_on > timezone.localdate():
        errors["held_on"] = [_("The date is in the future: record an activity once it has been held.")]
    if participants is None or participants < 1:
        errors["participants"] = [_("Give the number of participants: at least one (an interview may have one).")]
    elif participants > PARTICIPANTS_MAX:
        errors["participants"] = [_("Give at most %(max)d participants.") % {"max": PARTICIPANTS_MAX}]
    if len(notes) > NOTES_MAX:
        errors["notes"] = [_("Keep the notes to %(max)d characters.") % {"max": NOTES_MAX}]
    kept_themes = _themes(themes, errors)
    members = named_members(organisation)
    for field, text, message in (
        ("title", title, _("The title names a member of staff (%(names)s). Record what was said, not who said it.")),
        ("notes", notes, _("The notes name a member of staff (%(names)s). Record what was said, not who said it.")),
        (
            "themes",
            "\n".join(kept_themes),
            _("The themes name a member of staff (%(names)s). Record what was said, not who said it."),
        ),
    ):
        named = members.found_in(text)
        if named:
            errors.setdefault(field, []).append(message % {"names": ", ".join(named)})
    if errors:
        raise ValidationError(errors)
    assert held_on is not None and participants is not None
    return ActivityFields(kind, title, held_on, participants, notes, kept_themes)


def _require_hr(actor: User, organisation: Organisation) -> None:
    access = access_in(actor, organisation)
    if access is None or not access.can_manage:
        raise PermissionDenied


# The fields an activity's audit events record (a change records those that changed).
RECORDED = ("activity_kind", "activity_title", "activity_held_on", "activity_participants", "activity_themes")


def _recorded(fields: ActivityFields) -> dict[str, Any]:
    return dict(
        zip(
            RECORDED,
            (fields.kind, fields.title, fields.held_on.isoformat(), fields.participants, fields.themes),
            strict=True,
        )
    )


# --- recording, changing, deleting ------------------------------------------------------------------


@transaction.atomic
def record_activity(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    title: str,
    held_on: date | None,
    participants: int | None,
    notes: str = "",
    themes: Sequence[str] = (),
) -> EngagementActivity:
    _require_hr(actor, organisation)
    fields = _cleaned(
        organisation, kind=kind, title=title, held_on=held_on, participants=participants, notes=notes, themes=themes
    )
    activity = EngagementActivity.objects.create(
        organisation=organisation,
        kind=fields.kind,
        title=fields.title,
        held_on=fields.held_on,
        participants=fields.participants,
        notes=fields.notes,
        themes=fields.themes,
        created_by=actor,
    )
    record_event(
        "people.activity_recorded",
        actor=actor,
        obj=activity,
        organisation=organisation,
        changes={
            "activity_kind": fields.kind,
            "activity_title": fields.title,
            "activity_held_on": fields.held_on.isoformat(),
            "activity_participants": fields.participants,
            "activity_themes": fields.themes,
            "activity_notes_changed": bool(fields.notes),
        },
    )
    return activity


@transaction.atomic
def change_activity(
    *,
    actor: User,
    activity: EngagementActivity,
    kind: str,
    title: str,
    held_on: date | None,
    participants: int | None,
    notes: str,
    themes: Sequence[str],
) -> EngagementActivity:
    """Save the activity's fields; the log records what changed (nothing when nothing did). The names
    check runs on everything again: a member who joined since may share a name the notes give."""
    organisation = activity.organisation
    _require_hr(actor, organisation)
    fields = _cleaned(
        organisation, kind=kind, title=title, held_on=held_on, participants=participants, notes=notes, themes=themes
    )
    current = EngagementActivity.objects.select_for_update().get(pk=activity.pk, organisation=organisation)
    before = _recorded(
        ActivityFields(
            current.kind, current.title, current.held_on, current.participants, current.notes, list(current.themes)
        )
    )
    after = _recorded(fields)
    changes: dict[str, Any] = {}
    # RECORDED spelled out: the audit vocabulary's test reads the keys from the source.
    for key in ("activity_kind", "activity_title", "activity_held_on", "activity_participants", "activity_themes"):
        if before[key] != after[key]:
            changes[key] = {"before": before[key], "after": after[key]}
    if current.notes != fields.notes:
        changes["activity_notes_changed"] = True
    if not changes:
        return current
    current.kind, current.title, current.held_on = fields.kind, fields.title, fields.held_on
    current.participants, current.notes, current.themes = fields.participants, fields.notes, fields.themes
    current.save(update_fields=["kind", "title", "held_on", "participants", "notes", "themes"])
    record_event("people.activity_changed", actor=actor, obj=current, organisation=organisation, changes=changes)
    return current


@transaction.atomic
def delete_activity(*, actor: User, activity: EngagementActivity) -> None:
    """Delete the activity with its notes; the log keeps its kind, title and date."""
    organisation = activity.organisation
    _require_hr(actor, organisation)
    current = EngagementActivity.objects.select_for_update().filter(pk=activity.pk, organisation=organisation).first()
    if current is None:  # deleted in another tab meanwhile: nothing left to do
        return
    record_event(
        "people.activity_deleted",
        actor=actor,
        obj=current,
        organisation=organisation,
        changes={
            "activity_kind": current.kind,
            "activity_title": current.title,
            "activity_held_on": current.held_on.isoformat(),
        },
    )
    current.delete()


# --- the network's e-newsletter ---------------------------------------------------------------------


@dataclass(frozen=True)
class NewsletterInvitation:
    """What inviting the staff did."""

    sent: int  # confirmation e-mails on their way
    subscribed: int  # subscribed already: not written to
    held: int  # a confirmation went to the address a few minutes ago: not sent twice
    declined: int  # unsubscribed earlier: not asked again


def _language(preferred: str, organisation: Organisation) -> str:
    languages = dict(settings.LANGUAGES)
    for language in (preferred, organisation.default_language):
        if language in languages:
            return language
    return str(settings.LANGUAGE_CODE)


@transaction.atomic
def invite_staff_to_newsletter(*, actor: User, organisation: Organisation) -> NewsletterInvitation:
    """Ask every employee not subscribed to the network's e-newsletter to subscribe (double opt-in)."""
    _require_hr(actor, organisation)
    reach = newsletter_reach(organisation)
    if reach is None:
        raise ValidationError(
            _("The organisation belongs to no network, so there is no network e-newsletter to invite the staff to.")
        )
    sent = held = 0
    for person in reach.to_ask:
        outcome = request_subscription(
            network=reach.network, email=person.email, language=_language(person.language, organisation)
        )
        if outcome == Outcome.CONFIRMATION_SENT:
            sent += 1
        else:  # HELD: asked a few minutes ago; or confirmed since the addresses were read (a note was sent)
            held += 1
    result = NewsletterInvitation(sent=sent, subscribed=reach.subscribed, held=held, declined=reach.declined)
    record_event(
        "people.newsletter_invited",
        actor=actor,
        organisation=organisation,
        changes={
            "newsletter_confirmations_sent": result.sent,
            "newsletter_already_subscribed": result.subscribed,
            "newsletter_held": result.held,
            "newsletter_declined": result.declined,
        },
    )
    return result
