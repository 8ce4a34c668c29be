"""Audit actions and changed fields of the community app's practices (merged by audit_vocabulary.py).
Field keys are shared by the community's parts: ours start with "practice_"."""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, choice_label, language_name
from opencaf.community.models import PracticeAudience, PracticeState

ACTIONS: dict[str, Promise] = {
    "community.practice_created": _("Good practice written"),
    "community.practice_changed": _("Good practice changed"),
    "community.practice_submitted": _("Good practice submitted for review"),
    "community.practice_returned": _("Good practice returned with comments"),
    "community.practice_published": _("Good practice published"),
    "community.practice_withdrawn": _("Good practice withdrawn"),
    "community.practice_translation_saved": _("Translation of a good practice saved"),
    "community.practice_translation_deleted": _("Translation of a good practice deleted"),
    "community.practice_attachment_added": _("Attachment added to a good practice"),
    "community.practice_attachment_removed": _("Attachment removed from a good practice"),
    "community.practice_helped_marked": _("“This helped us” given to a good practice"),
    "community.practice_helped_unmarked": _("“This helped us” taken back from a good practice"),
}

# The parts of a text, as `practice_texts` records them ("sl:problem").
TEXT_PARTS: dict[str, Promise] = {
    "title": _("Title"),
    "problem": _("The problem"),
    "actions": _("What was done"),
    "results": _("Results (with figures)"),
    "resources": _("Resources needed"),
}


def text_part(value: Any) -> str:
    """A changed part of a text, "sl:problem", as "Slovenščina – The problem" in the reader's language."""
    language, _sep, part = str(value).partition(":")
    label = TEXT_PARTS.get(part)
    return f"{language_name(language)} – {label}" if label is not None else str(value)


FIELDS: dict[str, Field] = {
    "practice_title": Field(_("Title")),
    "practice_texts": Field(_("Texts changed"), text_part),
    "practice_language": Field(_("Language"), language_name),
    "practice_subcriteria": Field(_("Subcriteria")),
    "practice_contact": Field(_("Contact person")),
    "practice_state": Field(_("State"), choice_label(PracticeState)),
    "practice_audience": Field(_("Published for"), choice_label(PracticeAudience)),
    "practice_comment": Field(_("Reviewer's comments")),
    "practice_file": Field(_("File")),
    "practice_file_size": Field(_("Size (bytes)")),
    "practice_helped_by": Field(_("Organisation")),
}
