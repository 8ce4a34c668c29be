"""Forms of good practices: the practice (original text, language, subcriteria, contact), a
translation, the coordinator's return and publication, and an attachment. The rules are the service's
(`services.practices`); its errors come back on the fields of the same names. Every form that changes
a practice carries the `version` the person started from (optimistic locking)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from opencaf.community.models import GoodPractice, PracticeAudience, PracticeText
from opencaf.community.services.practices import (
    COMMENT_MAX,
    CONTACT_NAME_MAX,
    CONTACT_PHONE_MAX,
    LIMITS,
    TEXT_PARTS,
    PracticeData,
    TextData,
)
from opencaf.core.forms import StyledFormMixin
from opencaf.evidence.rules import ALLOWED_EXTENSIONS
from opencaf.frameworks.models import Subcriterion

PLAIN_TEXT = _("Plain text. Leave an empty line between paragraphs.")


class SubcriterionPicker(forms.CheckboxSelectMultiple):
    """Checkboxes grouped by criterion, one fieldset each (community/practices/_field.html gives the
    whole picker its legend)."""

    template_name = "community/practices/_subcriterion_picker.html"


def by_criterion(subcriteria: Iterable[Subcriterion]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices grouped by criterion ("1. Leadership"), each subcriterion by its code."""
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    for sub in subcriteria:
        label = f"{sub.criterion.number}. {sub.criterion.title}"
        groups.setdefault(sub.criterion.number, (label, []))[1].append((sub.code, f"{sub.code} {sub.title}"))
    return list(groups.values())


class TextVersionForm(forms.Form):
    """The fields of one language version: the practice's original, or a translation."""

    title = forms.CharField(label=_("Title"), max_length=LIMITS["title"])
    problem = forms.CharField(
        label=_("The problem"),
        max_length=LIMITS["problem"],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was wrong or missing, and for whom. Plain text: leave an empty line between paragraphs."),
    )
    actions = forms.CharField(
        label=_("What was done"),
        max_length=LIMITS["actions"],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=PLAIN_TEXT,
    )
    results = forms.CharField(
        label=_("Results (with figures)"),
        max_length=LIMITS["results"],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What changed, with figures where you have them (before and after)."),
    )
    resources = forms.CharField(
        label=_("Resources needed"),
        max_length=LIMITS["resources"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("People, time, money or tools it took."),
    )
    # The version of the practice the person started from: a save over a newer change is refused.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def mark_language(self, language: str) -> None:
        """The text fields say which language they are typed in (spell-checkers and screen readers)."""
        for part in TEXT_PARTS:
            self.fields[part].widget.attrs["lang"] = language

    def to_text(self) -> TextData:
        return TextData(**{part: self.cleaned_data.get(part, "") for part in TEXT_PARTS})

    def expected_version(self) -> int | None:
        version = self.cleaned_data.get("version")
        return int(version) if version is not None else None


class PracticeForm(StyledFormMixin, TextVersionForm):
    original_language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=settings.LANGUAGES,
        help_text=_("Translations into other languages can be added once the practice is saved."),
    )
    subcriteria = forms.MultipleChoiceField(
        label=_("CAF subcriteria it concerns"),
        required=False,
        widget=SubcriterionPicker,
        help_text=_("Choose at least one before submitting the practice for review."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=CONTACT_NAME_MAX)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=CONTACT_PHONE_MAX, required=False)

    def __init__(
        self,
        *args: Any,
        subcriteria: Iterable[Subcriterion],
        practice: GoodPractice | None = None,
        original: PracticeText | None = None,
        linked: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = kwargs.setdefault("initial", {})
        if practice is not None:
            initial.update(
                {
                    "original_language": practice.original_language,
                    "subcriteria": list(linked),
                    "contact_name": practice.contact_name,
                    "contact_email": practice.contact_email,
                    "contact_phone": practice.contact_phone,
                    "version": practice.version,
                }
            )
        if original is not None:
            initial.update({part: getattr(original, part) for part in TEXT_PARTS})
        super().__init__(*args, **kwargs)
        self.fields["subcriteria"].choices = by_criterion(subcriteria)  # type: ignore[attr-defined]
        typed = self["original_language"].value()
        self.mark_language(typed if typed in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)

    @property
    def text_fields(self) -> list[forms.BoundField]:
        return [self[part] for part in TEXT_PARTS]

    @property
    def filing_fields(self) -> list[forms.BoundField]:
        return [self["original_language"], self["subcriteria"]]

    @property
    def contact_fields(self) -> list[forms.BoundField]:
        return [self["contact_name"], self["contact_email"], self["contact_phone"]]

    def to_data(self) -> PracticeData:
        data = self.cleaned_data
        return PracticeData(
            text=self.to_text(),
            original_language=data["original_language"],
            subcriteria=tuple(data.get("subcriteria") or ()),
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data.get("contact_phone", ""),
        )


class TranslationForm(StyledFormMixin, TextVersionForm):
    def __init__(
        self, *args: Any, language: str, practice: GoodPractice, text: PracticeText | None, **kwargs: Any
    ) -> None:
        initial: dict[str, Any] = kwargs.setdefault("initial", {})
        initial["version"] = practice.version
        if text is not None:
            initial.update({part: getattr(text, part) for part in TEXT_PARTS})
        super().__init__(*args, **kwargs)
        self.mark_language(language)


class ReturnForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comments for the organisation"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What to change before the practice can be published. The organisation reads them."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PublishForm(StyledFormMixin, forms.Form):
    audience = forms.ChoiceField(
        label=_("Publish for"),
        choices=PracticeAudience.choices,
        initial=PracticeAudience.NETWORK,
        widget=forms.RadioSelect,
        help_text=_("For everyone: also on a public page anyone can open without signing in, with the contact person."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AttachmentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, office documents, images or text, at most 20 MB."),
        widget=forms.FileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)}),
    )
