"""What the audit log calls the network coordinators' work: campaigns and the engagement log."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, choice_label, register_vocabulary
from opencaf.coordination.models import Audience, ContactKind, EventKind, RegistrationStatus

ACTIONS: dict[str, Promise] = {
    # campaigns
    "coordination.campaign_created": _("Campaign created"),
    "coordination.campaign_changed": _("Campaign changed"),
    "coordination.campaign_sent": _("Campaign invitations sent"),
    "coordination.campaign_closed": _("Campaign closed"),
    "coordination.recipients_added": _("Organisations added to a campaign"),
    "coordination.invitation_not_delivered": _("Campaign invitation not delivered"),
    "coordination.nominated": _("Quality representative named"),
    "coordination.declined": _("Campaign invitation declined"),
    "coordination.reminder_sent": _("Campaign reminder sent"),
    # engagement log
    "coordination.contact_recorded": _("Contact with an organisation recorded"),
    # events and trainings
    "coordination.event_created": _("Event created"),
    "coordination.event_changed": _("Event changed"),
    "coordination.event_published": _("Event published for registration"),
    "coordination.event_cancelled": _("Event cancelled"),
    "coordination.event_attendance_recorded": _("Attendance at an event recorded"),
    "coordination.registration_created": _("Registered for an event"),
    "coordination.registration_cancelled": _("Registration for an event cancelled"),
    "coordination.registration_promoted": _("Registration moved from the waiting list to a place"),
    "coordination.registration_reminded": _("Event reminder sent"),
}
FIELDS: dict[str, Field] = {
    # campaigns
    "recipients": Field(_("Organisations e-mailed")),
    "again": Field(_("Sent again to those not reached")),
    "organisations": Field(_("Organisations")),
    "removed": Field(_("Organisation removed")),
    "reminder_days": Field(_("Reminder (days before the deadline)")),
    "deadline": Field(_("Nomination deadline")),
    "attachment": Field(_("Attachment")),
    "message": Field(_("Invitation")),
    "links": Field(_("Links")),
    "reason": Field(_("Reason")),
    "name": Field(_("Name")),
    # engagement log
    "kind": Field(_("Kind of contact"), choice_label(ContactKind)),
    "date": Field(_("Date of the contact")),
    # events and trainings
    "event_kind": Field(_("Kind of event"), choice_label(EventKind)),
    "title": Field(_("Title")),
    "description": Field(_("Description")),
    "place": Field(_("Place")),
    "online_link": Field(_("Online link")),
    "capacity": Field(_("Places")),
    "audience": Field(_("For whom"), choice_label(Audience)),
    "registration_closes": Field(_("Registration closes")),
    "sessions": Field(_("Sessions")),
    "notified": Field(_("People told by e-mail")),
    "participant": Field(_("Participant")),
    "status": Field(_("Registration status"), choice_label(RegistrationStatus)),
    "session": Field(_("Session")),
    "present": Field(_("People present")),
}


def register() -> None:
    from opencaf.coordination import (
        vocabulary_feedback,
        vocabulary_news,
        vocabulary_newsletter,
        vocabulary_recognitions,
    )

    parts = (vocabulary_news, vocabulary_newsletter, vocabulary_recognitions, vocabulary_feedback)
    actions = ACTIONS | {code: label for part in parts for code, label in part.ACTIONS.items()}
    fields = FIELDS | {key: field for part in parts for key, field in part.FIELDS.items()}
    register_vocabulary("coordination", actions=actions, fields=fields)
