"""Forms of the survey designer. A text the survey shows gets one field per language of the survey
("Title (Slovenian)", "Title (English)"); `texts_from()` gathers them back into {"sl": …, "en": …}."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin
from opencaf.surveys.models import Audience, Breakdown, Question, QuestionKind
from opencaf.surveys.rules import CHOICE_KINDS, Kind
from opencaf.surveys.selectors import Structure
from opencaf.surveys.services.design import QuestionInput
from opencaf.surveys.starter_templates import starter_templates
from opencaf.surveys.texts import text_in

LANGUAGE_NAMES = dict(settings.LANGUAGES)
SUBCRITERION_CODE = re.compile(r"^[1-9]\.[1-9]$")


def language_choices() -> list[tuple[str, Any]]:
    return [(code, name) for code, name in settings.LANGUAGES]


def add_text_fields(
    form: forms.BaseForm,
    name: str,
    label: Any,
    languages: list[str],
    *,
    initial: dict[str, str] | None = None,
    required: bool = False,
    long: bool = False,
    help_text: Any = "",
) -> None:
    for code in languages:
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({LANGUAGE_NAMES.get(code, code)})",
            required=required,
            max_length=5000 if long else 500,
            initial=(initial or {}).get(code, ""),
            widget=forms.Textarea(attrs={"rows": 4 if long else 2, "lang": code})
            if long
            else forms.TextInput(attrs={"lang": code}),
            help_text=help_text,
        )


def texts_from(cleaned: dict[str, Any], name: str, languages: list[str]) -> dict[str, str]:
    return {
        code: cleaned.get(f"{name}_{code}", "").strip()
        for code in languages
        if cleaned.get(f"{name}_{code}", "").strip()
    }


class NewSurveyForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    audience = forms.ChoiceField(label=_("Who is asked"), choices=Audience.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages the survey is offered in"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Respondents choose among these. Every question needs a text in each of them."),
    )
    start = forms.ChoiceField(label=_("Start from"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, previous: list[Any], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("scratch", _("An empty survey"))]
        choices += [
            (f"template:{code}", _("Template: %(title)s") % {"title": text_in(template.title, language, "en")})
            for code, template in starter_templates().items()
        ]
        choices += [
            (
                f"copy:{survey.public_id}",
                _("Next wave of: %(title)s") % {"title": text_in(survey.title, language, survey.languages)},
            )
            for survey in previous
        ]
        start = self.fields["start"]
        assert isinstance(start, forms.ChoiceField)
        start.choices = choices
        start.initial = "scratch"
        self.fields["start"].widget.attrs["class"] = "form-check-input"


class SettingsForm(StyledFormMixin, forms.Form):
    audience = forms.ChoiceField(label=_("Who is asked"), choices=Audience.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages the survey is offered in"), choices=language_choices, widget=forms.CheckboxSelectMultiple
    )
    opens_on = forms.DateField(label=_("Opens on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    public_link = forms.BooleanField(
        label=_("Anyone with the public link may answer (citizens, businesses)"), required=False
    )

    def __init__(self, *args: Any, survey: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = survey.languages or ["en"]
        add_text_fields(self, "title", _("Title"), languages, initial=survey.title, required=True)
        add_text_fields(
            self,
            "introduction",
            _("Introduction"),
            languages,
            initial=survey.introduction,
            long=True,
            help_text=_("What respondents read first: why you ask, how long it takes, that answers are anonymous."),
        )
        # Titles first, as people read the form.
        order = [name for name in self.fields if name.startswith(("title_", "introduction_"))]
        self.order_fields([*order, "audience", "languages", "opens_on", "closes_on", "public_link"])
        self.languages_before = languages


class SectionForm(StyledFormMixin, forms.Form):
    def __init__(self, *args: Any, languages: list[str], section: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_text_fields(self, "title", _("Page title"), languages, initial=section.title if section else None)
        add_text_fields(
            self,
            "introduction",
            _("Text at the top of the page"),
            languages,
            initial=section.introduction if section else None,
            long=True,
        )


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class QuestionForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Type of question"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    breakdown = forms.ChoiceField(
        label=_("Use the answers to break down results by"),
        choices=[("", _("— not a breakdown —")), *Breakdown.choices],
        required=False,
        help_text=_("Only for single-choice questions. Groups smaller than the minimum are never shown."),
    )
    subcriteria = forms.CharField(
        label=_("CAF subcriteria"),
        required=False,
        max_length=100,
        help_text=_("Codes separated by commas, e.g. 7.1, 3.3. Published results become evidence there."),
    )
    scale_min = forms.IntegerField(
        label=_("Lowest value of the scale"), min_value=0, max_value=10, initial=1, required=False
    )
    scale_max = forms.IntegerField(
        label=_("Highest value of the scale"), min_value=1, max_value=10, initial=5, required=False
    )
    dont_know = forms.BooleanField(label=_("Offer “don't know”"), required=False, initial=True)
    number_min = forms.DecimalField(
        label=_("Smallest number accepted"), required=False, max_digits=14, decimal_places=2
    )
    number_max = forms.DecimalField(label=_("Largest number accepted"), required=False, max_digits=14, decimal_places=2)
    show_if = forms.MultipleChoiceField(
        label=_("Show this question only if an earlier answer was"),
        required=False,
        help_text=_("Choose one or more answers of one earlier question; leave empty to always show it."),
    )

    def __init__(
        self, *args: Any, languages: list[str], structure: Structure, question: Question | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.languages = languages
        view = structure.question(question.code) if question else None
        add_text_fields(
            self,
            "text",
            _("Question"),
            languages,
            initial=question.text if question else None,
            required=True,
            long=True,
        )
        add_text_fields(
            self,
            "help",
            _("Explanation under the question"),
            languages,
            initial=question.help_text if question else None,
        )
        for name, label, rows in (
            ("options", _("Options, one per line"), [o.text for o in view.options] if view else []),
            ("items", _("Statements to rate (grid), one per line"), [i.text for i in view.items] if view else []),
        ):
            for code in languages:
                self.fields[f"{name}_{code}"] = forms.CharField(
                    label=f"{label} ({LANGUAGE_NAMES.get(code, code)})",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 5, "lang": code}),
                    initial="\n".join(row.get(code, "") for row in rows),
                    max_length=20000,
                )
        add_text_fields(
            self, "low", _("Label of the lowest value"), languages, initial=question.low_label if question else None
        )
        add_text_fields(
            self, "high", _("Label of the highest value"), languages, initial=question.high_label if question else None
        )
        # Conditions: the answers of earlier questions that can steer (choices, ratings, NPS).
        groups = []
        for earlier in structure.questions:
            if question is not None and earlier.question.pk == question.pk:
                break
            name = text_in(earlier.question.text, languages)[:60] or earlier.code
            if earlier.kind in CHOICE_KINDS:
                values = [(o.code, text_in(o.text, languages)) for o in earlier.options]
            elif earlier.kind in (Kind.RATING, Kind.NPS):
                low, high = earlier.bounds
                values = [(str(v), str(v)) for v in range(low, high + 1)]
            else:
                continue
            groups.append((name, [(f"{earlier.code}={code}", label) for code, label in values]))
        show_if = self.fields["show_if"]
        assert isinstance(show_if, forms.MultipleChoiceField)
        show_if.choices = groups
        self.fields["show_if"].widget.attrs["size"] = 6
        if question is not None:
            self.initial.update(
                kind=question.kind,
                required=question.required,
                breakdown=question.breakdown,
                subcriteria=", ".join(question.subcriteria),
                scale_min=question.scale_min or 1,
                scale_max=question.scale_max or 5,
                dont_know=question.dont_know,
                number_min=question.number_min,
                number_max=question.number_max,
            )
            if question.show_if_question_id:
                source = next(
                    (q.code for q in structure.questions if q.question.pk == question.show_if_question_id), ""
                )
                self.initial["show_if"] = [f"{source}={value}" for value in question.show_if_values]
        self.structure = structure
        order = [n for n in self.fields if n.startswith(("text_", "help_"))] + ["kind", "required"]
        order += [n for n in self.fields if n.startswith(("options_", "items_"))]
        order += ["scale_min", "scale_max"] + [n for n in self.fields if n.startswith(("low_", "high_"))]
        order += ["dont_know", "number_min", "number_max", "breakdown", "subcriteria", "show_if"]
        self.order_fields(order)

    def _rows(self, name: str) -> list[dict[str, str]]:
        per_language = {code: _lines(self.cleaned_data.get(f"{name}_{code}", "")) for code in self.languages}
        count = max((len(lines) for lines in per_language.values()), default=0)
        if any(lines and len(lines) != count for lines in per_language.values()):
            self.add_error(
                f"{name}_{self.languages[0]}",
                _("Every language needs the same number of lines, in the same order."),
            )
        return [{code: lines[n] for code, lines in per_language.items() if n < len(lines)} for n in range(count)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        codes = [code.strip() for code in cleaned.get("subcriteria", "").split(",") if code.strip()]
        if any(not SUBCRITERION_CODE.match(code) for code in codes):
            self.add_error("subcriteria", _("Write subcriterion codes such as 7.1, separated by commas."))
        cleaned["subcriteria_codes"] = codes
        cleaned["option_rows"] = self._rows("options")
        cleaned["item_rows"] = self._rows("items")
        if kind in CHOICE_KINDS and len(cleaned["option_rows"]) < 2:
            self.add_error(f"options_{self.languages[0]}", _("A choice question needs at least two options."))
        if kind == Kind.GRID and not cleaned["item_rows"]:
            self.add_error(f"items_{self.languages[0]}", _("A grid needs at least one statement to rate."))
        if kind in (Kind.RATING, Kind.GRID):
            low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
            if low is None or high is None or low >= high:
                self.add_error("scale_max", _("The highest value must be above the lowest."))
        if cleaned.get("breakdown") and kind != Kind.SINGLE:
            self.add_error("breakdown", _("Only a single-choice question can break down the results."))
        low_number, high_number = cleaned.get("number_min"), cleaned.get("number_max")
        if low_number is not None and high_number is not None and low_number > high_number:
            self.add_error("number_max", _("The largest number must not be below the smallest."))
        chosen = cleaned.get("show_if") or []
        sources = {value.split("=", 1)[0] for value in chosen}
        if len(sources) > 1:
            self.add_error("show_if", _("Choose answers of one question only."))
        cleaned["show_if_source"] = self.structure.question(next(iter(sources))) if len(sources) == 1 else None
        cleaned["show_if_values"] = [value.split("=", 1)[1] for value in chosen]
        return cleaned

    def question_input(self) -> QuestionInput:
        data = self.cleaned_data
        languages = self.languages
        source = data["show_if_source"]
        return QuestionInput(
            kind=data["kind"],
            text=texts_from(data, "text", languages),
            help_text=texts_from(data, "help", languages),
            required=data["required"],
            breakdown=data.get("breakdown") or "",
            subcriteria=data["subcriteria_codes"],
            options=data["option_rows"],
            items=data["item_rows"],
            scale=(data["scale_min"], data["scale_max"])
            if data.get("scale_min") is not None and data.get("scale_max") is not None
            else None,
            low_label=texts_from(data, "low", languages),
            high_label=texts_from(data, "high", languages),
            dont_know=data["dont_know"],
            number_min=data.get("number_min"),
            number_max=data.get("number_max"),
            show_if_question=source.question if source else None,
            show_if_values=data["show_if_values"],
        )
