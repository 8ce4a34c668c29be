"""Audit vocabulary of the people app's engagement part (merged by audit_vocabulary.py): recording,
changing and deleting a staff involvement activity (services/engagement.py) and inviting the staff to
the network's e-newsletter.

The field keys carry the part's prefix where a plain word ("kind", "title") could mean something else
in another part of the app: the parts' fields are merged into one vocabulary. An activity's notes are
not copied into the log (rows there are kept for ever, even after the activity is deleted); the log
says only that they changed."""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, Label, choice_label
from opencaf.people.models import ActivityKind

ACTIONS: dict[str, Label] = {
    "people.activity_recorded": _("Staff involvement activity recorded"),
    "people.activity_changed": _("Staff involvement activity changed"),
    "people.activity_deleted": _("Staff involvement activity deleted"),
    "people.newsletter_invited": _("Staff invited to the network's e-newsletter"),
}


def _day(value: object) -> str:
    """A date recorded as ISO text, in the reader's format."""
    try:
        return formats.date_format(date.fromisoformat(str(value)), "DATE_FORMAT")
    except ValueError:
        return str(value)


FIELDS: dict[str, Field] = {
    "activity_kind": Field(_("Kind of activity"), choice_label(ActivityKind)),
    "activity_title": Field(_("Title of the activity")),
    "activity_held_on": Field(_("Held on"), _day),
    "activity_participants": Field(_("Participants")),
    "activity_themes": Field(_("Themes")),
    "activity_notes_changed": Field(_("Notes changed")),
    "newsletter_confirmations_sent": Field(_("Confirmation e-mails sent")),
    "newsletter_already_subscribed": Field(_("Subscribed already")),
    "newsletter_held": Field(_("Asked a few minutes ago, not asked again")),
    "newsletter_declined": Field(_("Unsubscribed earlier, not asked again")),
}
