"""Forms of the selection part: a vacancy and its settings, the guide's questions (from the bank or
written for the vacancy), the panel, the candidates, a member's scores of a candidate, an agreed score,
the decision and a cancellation. The rules are the services' (services/vacancies.py, vacancy_moves.py,
panel_scoring.py); their errors come back on these fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin, add_service_errors
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Membership
from opencaf.people.models import Candidate, Competency, InterviewQuestion, JobProfile, QuestionKind
from opencaf.people.retention import DEFAULT_MONTHS, MAX_MONTHS, MIN_MONTHS
from opencaf.people.selectors.selection import Anchor, GuideItem, language
from opencaf.people.services.panel_scoring import NOTE_MAX, RATIONALE_MAX
from opencaf.people.services.vacancy_moves import DECISION_MAX

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def styled[FieldT: forms.Field](field: FieldT) -> FieldT:
    """The Bootstrap class StyledFormMixin gives a field, for a field added after the form was built
    (the mixin styles only the fields there when it runs)."""
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return field


class ProfileField(forms.ModelChoiceField[JobProfile]):
    def label_from_instance(self, obj: JobProfile) -> str:
        return f"{obj.title} ({obj.family})" if obj.family else obj.title


class MemberField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return str(obj.user.display_name)


class CompetencyField(forms.ModelChoiceField[Competency]):
    def label_from_instance(self, obj: Competency) -> str:
        return f"{obj.code} {text_in(obj.names, language(), 'en')}"


class BankQuestionField(forms.ModelChoiceField[InterviewQuestion]):
    def label_from_instance(self, obj: InterviewQuestion) -> str:
        competency = text_in(obj.competency.names, language(), "en") or obj.competency.code
        return f"{competency} – {obj.get_kind_display()}: {text_in(obj.texts, language(), 'en')}"


def _retention_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Keep the candidates' data for (months)"),
        min_value=MIN_MONTHS,
        max_value=MAX_MONTHS,
        initial=DEFAULT_MONTHS,
        help_text=_(
            "Counted from the decision (or the cancellation). Then the candidates' names, contacts, notes and "
            "scores are deleted; the vacancy keeps how many candidates there were."
        ),
    )


class VacancyForm(StyledFormMixin, forms.Form):
    profile = ProfileField(label=_("Job profile"), queryset=JobProfile.objects.none(), to_field_name="public_id")
    title = forms.CharField(label=_("Title"), max_length=200)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)

    def __init__(self, *args: Any, profiles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        profile = self.fields["profile"]
        assert isinstance(profile, ProfileField)
        profile.queryset = profiles
        profile.help_text = _("The interview guide is built from the question bank of its key competencies.")
        self.fields["retention_months"] = styled(_retention_field())


class VacancySettingsForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["retention_months"] = styled(_retention_field())


class PanelMemberForm(StyledFormMixin, forms.Form):
    member = MemberField(
        label=_("Member of the organisation"), queryset=Membership.objects.none(), to_field_name="public_id"
    )
    chair = forms.BooleanField(label=_("Chairs the panel"), required=False)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, MemberField)
        field.queryset = members


class CandidateForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what the panel needs; the note is deleted with the candidate's data."),
    )


class BankQuestionForm(StyledFormMixin, forms.Form):
    question = BankQuestionField(label=_("Question from the bank"), queryset=InterviewQuestion.objects.none())

    def __init__(self, *args: Any, questions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["question"]
        assert isinstance(field, BankQuestionField)
        field.queryset = questions


class WrittenQuestionForm(StyledFormMixin, forms.Form):
    """A question written for the vacancy: its text, and per level what an answer at that level sounds
    like, in each language (the organisation's languages are required, the others optional)."""

    competency = CompetencyField(label=_("Competency"), queryset=Competency.objects.none(), to_field_name="code")
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)

    def __init__(
        self,
        *args: Any,
        competencies: Any,
        levels: int,
        level_names: list[Any],
        required_languages: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competency"]
        assert isinstance(field, CompetencyField)
        field.queryset = competencies
        self.levels = levels
        self.required_languages = required_languages
        ordered = required_languages + [code for code in LANGUAGE_NAMES if code not in required_languages]
        self.languages = ordered
        for code in ordered:
            self.fields[f"text_{code}"] = styled(
                forms.CharField(
                    label=_("Question (%(language)s)") % {"language": LANGUAGE_NAMES.get(code, code)},
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
                )
            )
        for level in range(1, levels + 1):
            name = text_in(level_names[level - 1], language(), "en") if level - 1 < len(level_names) else ""
            for code in ordered:
                self.fields[f"anchor_{level}_{code}"] = styled(
                    forms.CharField(
                        label=_("Level %(level)s – %(name)s: an answer at this level (%(language)s)")
                        % {"level": level, "name": name, "language": LANGUAGE_NAMES.get(code, code)},
                        required=False,
                        max_length=2000,
                        widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
                    )
                )

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"text_{code}", "") for code in self.languages}

    def anchors(self) -> dict[int, dict[str, str]]:
        return {
            level: {code: self.cleaned_data.get(f"anchor_{level}_{code}", "") for code in self.languages}
            for level in range(1, self.levels + 1)
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """The service names "texts" and "anchor_<level>": put them beside the first required language."""
        first = self.required_languages[0] if self.required_languages else self.languages[0]
        if hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                target = f"text_{first}" if key == "texts" else f"{key}_{first}" if key.startswith("anchor_") else key
                for item in errors:
                    self.add_error(target if target in self.fields else None, item)
        else:
            add_service_errors(self, error)


# --- scores -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionFields:
    item: GuideItem
    score: forms.BoundField
    note: forms.BoundField

    @property
    def anchors(self) -> list[Anchor]:
        return self.item.anchors


def scale_choices(levels: int, names: list[str]) -> list[tuple[int, str]]:
    """1 … levels, each with the level's name when the model version names it."""
    named = [names[level - 1] if level - 1 < len(names) else "" for level in range(1, levels + 1)]
    return [(level, f"{level} – {name}" if name else str(level)) for level, name in enumerate(named, start=1)]


class ScoresForm(StyledFormMixin, forms.Form):
    """A radio group 1…levels and a note per question of the guide; the fields are named by the
    question's number in the guide, never by a database id."""

    def __init__(self, *args: Any, items: list[GuideItem], levels: int, level_names: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        choices = scale_choices(levels, level_names)
        for item in items:
            self.fields[f"score_{item.number}"] = styled(
                forms.TypedChoiceField(
                    label=_("Question %(number)s") % {"number": item.number},
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )
            )
            self.fields[f"note_{item.number}"] = styled(
                forms.CharField(
                    label=_("Note on question %(number)s") % {"number": item.number},
                    required=False,
                    max_length=NOTE_MAX,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            )

    @staticmethod
    def initial_from(items: list[GuideItem], scores: dict[int, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for item in items:
            score = scores.get(item.question.pk)
            if score is not None:
                initial[f"score_{item.number}"] = score.score
                initial[f"note_{item.number}"] = score.note
        return initial

    def questions(self) -> list[QuestionFields]:
        return [QuestionFields(item, self[f"score_{item.number}"], self[f"note_{item.number}"]) for item in self.items]

    def scores(self) -> dict[int, int | None]:
        return {item.question.pk: self.cleaned_data.get(f"score_{item.number}") for item in self.items}

    def notes(self) -> dict[int, str]:
        return {item.question.pk: self.cleaned_data.get(f"note_{item.number}", "") for item in self.items}


class AgreedScoreForm(StyledFormMixin, forms.Form):
    """The agreed score of one competency and its rationale (the service says what is missing)."""

    score = forms.TypedChoiceField(
        label=_("Agreed score"), choices=(), coerce=int, empty_value=None, required=False, widget=forms.RadioSelect
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        max_length=RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the panel agreed on this score: what the candidate's answers showed."),
    )

    def __init__(self, *args: Any, levels: int, level_names: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["score"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = scale_choices(levels, level_names)


class DecisionForm(StyledFormMixin, forms.Form):
    chosen = forms.ChoiceField(label=_("Chosen candidate"), widget=forms.RadioSelect)
    decision = forms.CharField(
        label=_("Decision and its reasons"),
        max_length=DECISION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Why this candidate (or nobody) is chosen, in the light of the ranking and the agreed scores. Refer to "
            "the candidates by their rank, not by name: the decision is kept after their data is deleted."
        ),
    )

    def __init__(self, *args: Any, candidates: list[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(candidate.public_id): candidate for candidate in candidates}
        field = self.fields["chosen"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            *((key, candidate.name) for key, candidate in self.candidates.items()),
            ("none", _("Nobody is chosen")),
        ]

    def chosen_candidate(self) -> Candidate | None:
        return self.candidates.get(self.cleaned_data.get("chosen", ""))


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=DECISION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Without candidates' names: the reason is kept after their data is deleted."),
    )
