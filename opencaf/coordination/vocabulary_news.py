"""Audit actions and changed fields of the coordination app's news (merged by audit_vocabulary.py).
Field keys are shared across the app: reuse one from audit_vocabulary.FIELDS when it means the same."""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, choice_label, language_name
from opencaf.coordination.models import NewsAudience

ACTIONS: dict[str, Promise] = {
    "coordination.news_created": _("News item created"),
    "coordination.news_changed": _("News item changed"),
    "coordination.news_published": _("News item published"),
    "coordination.news_unpublished": _("News item withdrawn from publication"),
}

# The parts of a language version, as `news_texts` records them ("sl:title").
TEXT_PARTS: dict[str, Promise] = {
    "title": _("Title"),
    "summary": _("Summary"),
    "body": _("Text"),
}


def text_part(value: Any) -> str:
    """A changed part of a language version, "sl:body", as "Slovenščina – Text" in the reader's language."""
    language, _sep, part = str(value).partition(":")
    label = TEXT_PARTS.get(part)
    return f"{language_name(language)} – {label}" if label is not None else str(value)


FIELDS: dict[str, Field] = {
    "news_texts": Field(_("Texts changed"), text_part),
    "news_languages": Field(_("Languages written"), language_name),
    "news_audience": Field(_("For whom"), choice_label(NewsAudience)),
    "news_campaign": Field(_("Campaign announced")),
    "news_event": Field(_("Event announced")),
    "news_republished": Field(_("Published again")),
}
