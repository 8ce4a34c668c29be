"""Audit actions and changed fields of the community app's forum (merged by audit_vocabulary.py).
A post's text is never copied into the log: the post and its edit history keep it."""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, language_name

ACTIONS: dict[str, Promise] = {
    "community.forum_categories_created": _("Forum opened with its default categories"),
    "community.forum_category_created": _("Forum category created"),
    "community.forum_category_changed": _("Forum category changed"),
    "community.forum_category_moved": _("Forum category moved"),
    "community.forum_category_deleted": _("Forum category deleted"),
    "community.forum_thread_started": _("Forum thread started"),
    "community.forum_event_thread_started": _("Forum thread opened for an event"),
    "community.forum_post_written": _("Forum post written"),
    "community.forum_post_edited": _("Forum post edited"),
}


def names_by_language(value: Any) -> str:
    """{"sl": "Ankete", "en": "Surveys"} as "Slovenščina: Ankete; English: Surveys"."""
    if not isinstance(value, dict):
        return str(value)
    return "; ".join(f"{language_name(code)}: {name}" for code, name in value.items())


FIELDS: dict[str, Field] = {
    "forum_category_names": Field(_("Category names"), names_by_language),
    "forum_category_descriptions": Field(_("Descriptions changed in"), language_name),
    "forum_category": Field(_("Category")),
    "forum_position": Field(_("Place in the list")),
    "forum_thread": Field(_("Thread")),
    "forum_attachments": Field(_("Files attached")),
    "forum_attachments_removed": Field(_("Files removed")),
    "forum_quoted": Field(_("Quoted post")),
    "forum_event": Field(_("Event")),
    "forum_text_length": Field(_("Length of the text (characters)")),
}
