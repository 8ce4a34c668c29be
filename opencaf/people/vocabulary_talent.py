"""Audit vocabulary of the people app's talent part (merged by audit_vocabulary.py).

Key positions and their successors (services/talent.py), and the reads: every page that names people
with their place in the talent grid or in a succession plan records "people.talent_read".

The organisation's audit log is read by its administrators, who need not be HR or top management: the
events name the people concerned and their readiness (the facts of the plan, which an audit must show)
but never the texts written about them (a position's note, a successor's development actions), of which
the log says only that they changed."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.audit.registry import Field, Label, choice_label
from opencaf.people.models import Degree, Readiness

ACTIONS: dict[str, Label] = {
    "people.key_position_created": _("Key position added"),
    "people.key_position_changed": _("Key position changed"),
    "people.key_position_removed": _("Key position removed"),
    "people.successor_added": _("Successor added to a key position"),
    "people.successor_changed": _("Successor changed"),
    "people.successor_removed": _("Successor removed from a key position"),
    "people.talent_read": _("Talent and succession data read"),
}

# What a "people.talent_read" event says was read (its "view" field).
VIEWS: dict[str, Label] = {
    "key_positions": _("Key positions"),
    "talent_grid": _("Talent grid"),
    "key_position": _("Key position"),
}


def _view(value: object) -> str:
    return str(VIEWS.get(str(value), value))


FIELDS: dict[str, Field] = {
    "position_title": Field(_("Key position")),
    "position_unit": Field(pgettext_lazy("organisational unit", "Unit")),
    "holder": Field(_("Holder")),
    "risk_of_loss": Field(_("Risk of loss"), choice_label(Degree)),
    "impact": Field(_("Impact of loss"), choice_label(Degree)),
    "note_changed": Field(_("Note changed")),
    "successor": Field(_("Successor")),
    "readiness": Field(_("Readiness"), choice_label(Readiness)),
    "development_changed": Field(_("Development actions changed")),
    "successors_removed": Field(_("Successors removed")),
    "view": Field(_("Page"), _view),
    "review_cycle": Field(_("Competency review")),
}
