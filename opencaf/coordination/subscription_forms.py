"""Forms of the newsletter subscriptions: the public subscription form and the coordinators' search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from opencaf.coordination.models import SubscriberStatus
from opencaf.core.forms import StyledFormMixin

HONEYPOT = "website"  # a field people never see (hidden from view and from screen readers); robots fill it


def language_choices() -> list[tuple[str, str]]:
    """The site's languages, each named in itself, so everyone finds their own."""
    return [(code, settings.LANGUAGE_SELF_NAMES.get(code, str(name))) for code, name in settings.LANGUAGES]


class SubscribeForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": _("Enter your e-mail address."), "invalid": _("Enter a valid e-mail address.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the newsletter"),
        choices=language_choices,
        help_text=_("The newsletter and our e-mails to you will be in this language."),
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("language", visitor_language())
        super().__init__(*args, **kwargs)


def visitor_language() -> str:
    """The language the visitor reads the site in, when it is one the newsletter is written in."""
    current = (get_language() or "").split("-")[0]
    return current if current in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class SubscriberSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search by address"),
        required=False,
        max_length=254,
        help_text=_("Part of an address; a whole address also shows its history in the audit log."),
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("subscription", "Status"),
        required=False,
        choices=[("", _("Any status")), *SubscriberStatus.choices],
    )
