"""Audit actions and changed fields of external feedback: the organiser part (merged by audit_vocabulary.py).

The network's external feedback actors (services/actors.py), their assignment to a case, the visit and
the actors' declarations of interests (services/organiser.py). Accepting and returning an application
are moves of the case, recorded as "feedback.case_accept" and "feedback.case_return"."""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, choice_label
from opencaf.feedback.models import Declaration

ACTIONS: dict[str, Promise] = {
    "feedback.actor_added": _("External feedback actor added to the network"),
    "feedback.actor_changed": _("External feedback actor changed"),
    "feedback.actor_assigned": _("External feedback actor assigned to an application"),
    "feedback.actor_unassigned": _("External feedback actor removed from an application"),
    "feedback.visit_scheduled": _("External feedback visit scheduled"),
    "feedback.interests_declared": _("External feedback actor declared their interests"),
}


def _moment(value: object) -> str:
    """A date and time recorded as ISO text, in the reader's format and the site's time zone."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")


FIELDS: dict[str, Field] = {
    "external_actor": Field(_("External feedback actor")),
    "qualification": Field(_("Qualification")),
    "account_created": Field(_("Account created")),
    "active": Field(_("Active")),
    "lead": Field(_("Leads the case")),
    "visit_starts_at": Field(_("Visit starts"), _moment),
    "visit_ends_at": Field(_("Visit ends"), _moment),
    "visit_place": Field(_("Place of the visit")),
    "visit_agenda": Field(_("Agenda of the visit")),
    "declaration": Field(_("Declaration of interests"), choice_label(Declaration)),
    "declaration_note": Field(_("What the conflict is")),
}
