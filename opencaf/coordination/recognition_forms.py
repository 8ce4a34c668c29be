"""Forms of the recognition pages: a scheme with its levels, an award, its later changes and its
withdrawal, and the filter of the awards list.

A scheme's levels are a formset. Adding, removing and moving a level are ordinary submit buttons
(`op` = "add", "remove-2", "up-2", "down-2"): the page comes back with the change made and nothing saved
(`reshaped`), so they work from the keyboard and without scripts; "Save" writes everything at once."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.conf import settings
from django.forms import BaseFormSet, formset_factory
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from opencaf.coordination.models import Award, RecognitionLevel, RecognitionScheme
from opencaf.coordination.services.recognitions import (
    CITATION_LIMIT,
    CRITERION_LIMIT,
    DESCRIPTION_LIMIT,
    FIRST_YEAR,
    MAX_CRITERIA,
    MAX_LEVELS,
    MAX_VALIDITY,
    NAME_LIMIT,
    REASON_LIMIT,
    AwardData,
    ChecklistMismatch,
    LevelData,
    checklist_from_lines,
    checklist_text,
    default_award_year,
)
from opencaf.core.forms import StyledFormMixin
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Organisation

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = dict(settings.LANGUAGES)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEVELS_PREFIX = "levels"


def _per_language(form: forms.BaseForm, name: str, label: Any, initial: dict[str, str], *, limit: int) -> None:
    for code in LANGUAGES:
        long = limit > NAME_LIMIT
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({LANGUAGE_NAMES[code]})",
            required=False,
            max_length=limit,
            initial=initial.get(code, ""),
            widget=forms.Textarea(attrs={"rows": 4, "lang": code}) if long else forms.TextInput(attrs={"lang": code}),
        )


def _styled(form: forms.BaseForm) -> None:
    """Bootstrap classes for the fields added after StyledFormMixin styled the declared ones."""
    for field in form.fields.values():
        widget = field.widget
        if not widget.attrs.get("class") and not isinstance(widget, forms.HiddenInput):
            widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"


class SchemeForm(StyledFormMixin, forms.Form):
    validity_years = forms.IntegerField(
        label=_("Valid for (years)"),
        min_value=1,
        max_value=MAX_VALIDITY,
        required=False,
        help_text=_(
            "How many years after the year it is for an award stays valid (until 31 December). Leave empty if "
            "the recognitions do not lapse. A change applies to awards given from now on."
        ),
    )

    def __init__(self, *args: Any, scheme: RecognitionScheme | None = None, **kwargs: Any) -> None:
        if scheme is not None:
            kwargs.setdefault("initial", {"validity_years": scheme.validity_years})
        super().__init__(*args, **kwargs)
        validity = self.fields.pop("validity_years")
        _per_language(self, "name", _("Name"), scheme.name if scheme else {}, limit=NAME_LIMIT)
        _per_language(
            self, "description", _("Description"), scheme.description if scheme else {}, limit=DESCRIPTION_LIMIT
        )
        self.fields["validity_years"] = validity
        self.fields[f"name_{LANGUAGES[0]}"].help_text = _("At least one name; the others as you have them.")
        _styled(self)

    @staticmethod
    def field_names() -> list[str]:
        return [*(f"{name}_{code}" for name in ("name", "description") for code in LANGUAGES), "validity_years"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any((cleaned.get(f"name_{code}") or "").strip() for code in LANGUAGES):
            self.add_error(f"name_{LANGUAGES[0]}", _("Give the scheme a name in at least one language."))
        return cleaned

    def texts(self, name: str) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"{name}_{code}") or "" for code in LANGUAGES}


class LevelForm(StyledFormMixin, forms.Form):
    level = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "name", _("Name"), {}, limit=NAME_LIMIT)
        for code in LANGUAGES:
            self.fields[f"criteria_{code}"] = forms.CharField(
                label=_("Criteria (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                required=False,
                max_length=MAX_CRITERIA * (CRITERION_LIMIT + 2),
                widget=forms.Textarea(attrs={"rows": 5, "lang": code}),
            )
        self.fields[f"criteria_{LANGUAGES[0]}"].help_text = _(
            "One criterion per line, in the same order in every language you write."
        )
        for code in LANGUAGES:  # room for every line (a long criterion wraps onto a second)
            text = self.data.get(self.add_prefix(f"criteria_{code}")) if self.is_bound else None
            lines = str(text if text is not None else self.initial.get(f"criteria_{code}") or "").count("\n") + 1
            self.fields[f"criteria_{code}"].widget.attrs["rows"] = min(max(4, 2 * lines + 1), 20)
        _styled(self)
        self.checklist: list[dict[str, str]] = []
        self.award_count = 0  # set by the formset for a level that has awards
        self.items_used = 0

    @property
    def name_fields(self) -> list[forms.BoundField]:
        return [self[f"name_{code}"] for code in LANGUAGES]

    @property
    def criteria_fields(self) -> list[forms.BoundField]:
        return [self[f"criteria_{code}"] for code in LANGUAGES]

    @property
    def level_id(self) -> str:
        return str((self.data.get(self.add_prefix("level")) if self.is_bound else self.initial.get("level")) or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any((cleaned.get(f"name_{code}") or "").strip() for code in LANGUAGES):
            self.add_error(f"name_{LANGUAGES[0]}", _("Give the level a name in at least one language."))
        try:
            self.checklist = checklist_from_lines({code: cleaned.get(f"criteria_{code}") or "" for code in LANGUAGES})
        except ChecklistMismatch as mismatch:
            counts = ", ".join(f"{LANGUAGE_NAMES[code]}: {count}" for code, count in mismatch.counts.items())
            message = _(
                "The checklist does not have the same number of lines in every language (%(counts)s). Write the "
                "same criteria, one per line and in the same order, in each language you use."
            ) % {"counts": counts}
            first = next(iter(mismatch.counts.values()))
            for code, count in mismatch.counts.items():
                if count != first:
                    self.add_error(f"criteria_{code}", message)
            return cleaned
        if len(self.checklist) > MAX_CRITERIA:
            self.add_error(
                f"criteria_{LANGUAGES[0]}",
                _("A checklist can have at most %(max)s criteria.") % {"max": MAX_CRITERIA},
            )
        if any(len(text) > CRITERION_LIMIT for item in self.checklist for text in item.values()):
            self.add_error(
                f"criteria_{LANGUAGES[0]}",
                _("A criterion can be at most %(limit)s characters long.") % {"limit": CRITERION_LIMIT},
            )
        return cleaned

    def to_data(self) -> LevelData:
        data = self.cleaned_data
        return LevelData(
            name={code: data.get(f"name_{code}") or "" for code in LANGUAGES},
            criteria=self.checklist,
            public_id=data.get("level") or "",
        )


class BaseLevelFormSet(BaseFormSet[LevelForm]):
    """Every bound block counts as new (a blank one is skipped); the existing levels are told apart by
    their hidden public id, so blocks can be added, removed and moved in any order."""

    def __init__(self, *args: Any, usage: dict[str, tuple[int, int]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form in self.forms:
            form.award_count, form.items_used = (usage or {}).get(form.level_id, (0, 0))

    def initial_form_count(self) -> int:
        return 0 if self.is_bound else super().initial_form_count()

    def clean(self) -> None:
        if any(self.errors):
            return
        if not any(form.has_changed() for form in self.forms):
            raise forms.ValidationError(_("Add at least one level."))

    def levels(self) -> list[LevelData]:
        return [form.to_data() for form in self.forms if form.has_changed()]


LevelFormSet = cast(
    "type[BaseLevelFormSet]",
    formset_factory(
        LevelForm,
        formset=BaseLevelFormSet,
        extra=0,
        max_num=MAX_LEVELS,
        validate_max=True,
        absolute_max=MAX_LEVELS + 1,
    ),
)


def level_formset(
    data: QueryDict | None,
    scheme: RecognitionScheme | None,
    usage: dict[str, tuple[int, int]] | None = None,
    *,
    rows: list[dict[str, str]] | None = None,
) -> BaseLevelFormSet:
    """Bound to posted `data`; else showing `rows` (a reshaped form), else the scheme's levels (one empty
    block for a new scheme)."""
    if data is not None:
        return LevelFormSet(data, prefix=LEVELS_PREFIX, usage=usage)
    if rows is None:
        levels: list[RecognitionLevel] = list(scheme.levels.all()) if scheme is not None else []
        rows = [
            {
                "level": str(level.public_id),
                **{f"name_{code}": level.name.get(code, "") for code in LANGUAGES},
                **{f"criteria_{code}": checklist_text(level.criteria or [], code) for code in LANGUAGES},
            }
            for level in levels
        ] or [{}]
    return LevelFormSet(initial=rows, prefix=LEVELS_PREFIX, usage=usage)


def _level_fields() -> list[str]:
    return ["level", *(f"name_{code}" for code in LANGUAGES), *(f"criteria_{code}" for code in LANGUAGES)]


def posted_rows(data: QueryDict) -> list[dict[str, str]]:
    """The level blocks as posted, in order."""
    prefix = LEVELS_PREFIX
    try:
        total = max(0, min(int(data.get(f"{prefix}-TOTAL_FORMS", "0")), MAX_LEVELS))
    except ValueError:
        total = 0
    return [{name: data.get(f"{prefix}-{index}-{name}", "") for name in _level_fields()} for index in range(total)]


def reshaped(data: QueryDict, op: str) -> tuple[list[dict[str, str]], int | None] | None:
    """The posted level blocks with one added ("add"), removed ("remove-<n>") or moved ("up-<n>",
    "down-<n>"), n counting from 0, and the index of the block that was added or moved (for a removal,
    the block now in its place, None when none is left); None when `op` makes no sense."""
    rows = posted_rows(data)
    total = len(rows)
    verb, _sep, number = op.partition("-")
    if verb == "add" and not number and total < MAX_LEVELS:
        rows.append(dict.fromkeys(_level_fields(), ""))
        return rows, total
    if verb not in ("remove", "up", "down") or not number.isdigit() or int(number) >= total:
        return None
    index = int(number)
    if verb == "remove":
        del rows[index]
        return rows, (min(index, len(rows) - 1) if rows else None)
    other = index - 1 if verb == "up" else index + 1
    if not 0 <= other < total:
        return None
    rows[index], rows[other] = rows[other], rows[index]
    return rows, other


class LevelChoiceForm(StyledFormMixin, forms.Form):
    """Which level of the scheme to award (GET)."""

    level = forms.ChoiceField(label=_("Recognition"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["level"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = levels


# --- awards ----------------------------------------------------------------------------------------------


class AwardForm(StyledFormMixin, forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))
    year = forms.IntegerField(
        label=_("Year"),
        help_text=_(
            "The year the recognition is for. Until the end of February the form proposes last year, since "
            "recognitions are given early in the following year; from March, this year."
        ),
    )
    ceremony_on = forms.DateField(
        label=_("Ceremony date"),
        required=False,
        widget=DATE,
        help_text=_("Leave it empty if the date is not set yet; you can add it later."),
    )
    criteria = forms.MultipleChoiceField(
        label=_("Criteria met"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick every criterion the organisation meets. The recognition can be given with a criterion "
            "unticked only if you say why in the next field; the reason is kept in the award's history."
        ),
    )
    criteria_note = forms.CharField(
        label=_("Why not every criterion is ticked"),
        required=False,
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when a criterion is left unticked."),
    )
    citation = forms.CharField(
        label=_("Citation"),
        required=False,
        max_length=CITATION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the organisation is recognised, in a sentence or two. The certificate prints it as written."),
    )
    public = forms.BooleanField(
        label=_("Show in the public list of recognised organisations"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        level: RecognitionLevel,
        organisations: list[Organisation],
        language: str,
        today: date,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {"year": default_award_year(today), "public": True})
        super().__init__(*args, **kwargs)
        self.level = level
        self.organisations = {str(organisation.public_id): organisation for organisation in organisations}
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ChoiceField)
        organisation.choices = [
            ("", _("Choose an organisation")),
            *((key, o.name) for key, o in self.organisations.items()),
        ]
        declared = self.fields["year"]
        self.fields["year"] = forms.IntegerField(
            label=declared.label, help_text=declared.help_text, min_value=FIRST_YEAR, max_value=today.year
        )
        self.fields["year"].widget.attrs["class"] = "form-control"
        network = level.scheme.network
        criteria = self.fields["criteria"]
        assert isinstance(criteria, forms.MultipleChoiceField)
        criteria.choices = [
            (str(index), text_in(item, language, network.default_language))
            for index, item in enumerate(level.criteria or [])
        ]
        if not criteria.choices:
            del self.fields["criteria"], self.fields["criteria_note"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "criteria" in self.fields and "criteria" in cleaned:
            unticked = len(self.level.criteria or []) - len(cleaned["criteria"])
            if unticked and not (cleaned.get("criteria_note") or "").strip():
                self.add_error(
                    "criteria_note",
                    _("Not every criterion is ticked: say why the organisation receives the recognition all the same."),
                )
        return cleaned

    def to_data(self) -> AwardData:
        data = self.cleaned_data
        return AwardData(
            organisation=self.organisations[data["organisation"]],
            year=data["year"],
            ceremony_on=data["ceremony_on"],
            criteria_met=[int(index) for index in data.get("criteria") or []],
            criteria_note=data.get("criteria_note") or "",
            citation=data["citation"],
            public=data["public"],
        )


class AwardEditForm(StyledFormMixin, forms.Form):
    ceremony_on = forms.DateField(label=_("Ceremony date"), required=False, widget=DATE)
    citation = forms.CharField(
        label=_("Citation"),
        required=False,
        max_length=CITATION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the organisation is recognised, in a sentence or two. The certificate prints it as written."),
    )
    public = forms.BooleanField(label=_("Show in the public list of recognised organisations"), required=False)

    def __init__(self, *args: Any, award: Award, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"ceremony_on": award.ceremony_on, "citation": award.citation, "public": award.public}
        )
        super().__init__(*args, **kwargs)


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The organisation's members see it beside the withdrawn award."),
    )


class AwardFilterForm(forms.Form):
    """The year and the scheme of the awards list (GET)."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    scheme = forms.ChoiceField(label=_("Scheme"), required=False)

    def __init__(self, *args: Any, years: list[int], schemes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        scheme = self.fields["scheme"]
        assert isinstance(year, forms.TypedChoiceField) and isinstance(scheme, forms.ChoiceField)
        year.choices = [("", _("All years")), *((str(value), str(value)) for value in years)]
        scheme.choices = [("", _("All schemes")), *schemes]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
