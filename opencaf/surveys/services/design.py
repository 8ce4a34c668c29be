"""Designing a survey: its settings, sections and questions, from scratch, a template or last wave."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.organisations.models import Organisation
from opencaf.surveys import permissions
from opencaf.surveys.lifecycle import ANSWERED
from opencaf.surveys.models import Option, Question, QuestionKind, Section, Survey
from opencaf.surveys.rules import CHOICE_KINDS, SCALE_KINDS, Change, Kind, unsafe_changes
from opencaf.surveys.selectors import QuestionView, forget_visit_snapshots, structure_of
from opencaf.surveys.starter_templates import starter_templates
from opencaf.surveys.template_schema import SurveyTemplate

if TYPE_CHECKING:
    from opencaf.accounts.models import User

type Texts = dict[str, str]

CHANGE_MESSAGES = {
    Change.KIND_CHANGED: lambda: _("The type of a question cannot change once the survey has answers."),
    Change.OPTION_REMOVED: lambda: _(
        "Options cannot be removed once the survey has answers: answers given to them would lose their meaning."
    ),
    Change.ITEM_REMOVED: lambda: _("Items of a grid cannot be removed once the survey has answers."),
    Change.SCALE_CHANGED: lambda: _(
        "The scale cannot change once the survey has answers: old and new answers would not be comparable."
    ),
    Change.DONT_KNOW_REMOVED: lambda: _("“Don't know” cannot be taken away once the survey has answers."),
    Change.QUESTION_REMOVED: lambda: _("A question cannot be deleted once the survey has answers."),
}


def _require_design(actor: User, survey: Survey) -> None:
    if not permissions.access_for(actor, survey).can_design:
        raise PermissionDenied


def _changed(survey: Survey) -> None:
    """A new version of the survey's structure: respondents' pages stop using the copy they cached."""
    Survey.objects.filter(pk=survey.pk).update(version=F("version") + 1)
    survey.version += 1
    forget_visit_snapshots()


def _clean_texts(texts: Texts | None) -> Texts:
    return {code: text.strip() for code, text in (texts or {}).items() if text and text.strip()}


# --- the survey ----------------------------------------------------------------------------------


@transaction.atomic
def create_survey(
    *,
    actor: User,
    organisation: Organisation,
    title: Texts,
    audience: str,
    languages: list[str],
    template_code: str = "",
    copy_from: Survey | None = None,
) -> Survey:
    """A new draft survey: empty, from a shipped template, or as the next wave of an earlier survey."""
    if not permissions.can_create_survey(actor, organisation):
        raise PermissionDenied
    if copy_from is not None and copy_from.organisation_id != organisation.pk:
        raise PermissionDenied
    template = starter_templates().get(template_code) if template_code else None
    if template_code and template is None:
        raise ValidationError(_("This template does not exist."))
    survey = Survey.objects.create(
        organisation=organisation,
        title=_clean_texts(title),
        audience=audience,
        languages=languages,
        created_by=actor,
        template_code=template.code if template else "",
        previous_wave=copy_from,
        public_link=copy_from.public_link if copy_from else audience != "employees",
        introduction=dict(copy_from.introduction) if copy_from else dict(template.introduction) if template else {},
    )
    if template is not None:
        _build_from_template(survey, template)
    elif copy_from is not None:
        _copy_structure(copy_from, survey)
    else:
        Section.objects.create(survey=survey, position=1, title={})
    record_event(
        "surveys.created",
        actor=actor,
        obj=survey,
        organisation=organisation,
        changes={
            "template": template.code if template else "",
            "copy_of": str(copy_from.public_id) if copy_from else "",
        },
    )
    return survey


def _build_from_template(survey: Survey, template: SurveyTemplate) -> None:
    created: dict[str, Question] = {}
    options_by_question: dict[str, dict[str, Option]] = {}
    for section_index, section in enumerate(template.sections, start=1):
        section_row = Section.objects.create(
            survey=survey, position=section_index, title=section.title, introduction=section.introduction
        )
        for position, q in enumerate(section.questions, start=1):
            question = Question.objects.create(
                survey=survey,
                section=section_row,
                position=position,
                code=q.code,
                kind=q.kind.value,
                text=q.text,
                help_text=q.help_text,
                required=q.required,
                breakdown=q.breakdown,
                scale_min=q.scale[0] if q.scale else None,
                scale_max=q.scale[1] if q.scale else None,
                low_label=q.low_label,
                high_label=q.high_label,
                dont_know=q.dont_know,
                number_min=q.number_range[0],
                number_max=q.number_range[1],
                subcriteria=list(q.subcriteria),
                show_if_question=created[q.show_if.question] if q.show_if else None,
                show_if_values=sorted(q.show_if.values) if q.show_if else [],
            )
            created[q.code] = question
            options = [
                Option(question=question, position=n, code=o.code, text=o.text, is_item=False)
                for n, o in enumerate(q.options, start=1)
            ] + [
                Option(question=question, position=n, code=i.code, text=i.text, is_item=True)
                for n, i in enumerate(q.items, start=1)
            ]
            options_by_question[q.code] = {o.code: o for o in Option.objects.bulk_create(options)}
        if section.show_if is not None:
            section_row.show_if_question = created[section.show_if.question]
            section_row.show_if_values = sorted(section.show_if.values)
            section_row.save(update_fields=["show_if_question", "show_if_values"])


def _copy_structure(source: Survey, target: Survey) -> None:
    """The next wave asks the same questions with the same codes, so its results compare."""
    structure = structure_of(source)
    copied: dict[int, Question] = {}
    pending_conditions: list[tuple[Question | Section, int, list[Any]]] = []
    for view in structure.sections:
        section = view.section
        new_section = Section.objects.create(
            survey=target, position=section.position, title=section.title, introduction=section.introduction
        )
        if section.show_if_question_id:
            pending_conditions.append((new_section, section.show_if_question_id, section.show_if_values))
        for question_view in view.questions:
            old = question_view.question
            new = Question.objects.create(
                survey=target,
                section=new_section,
                **{
                    name: getattr(old, name)
                    for name in (
                        "position", "code", "kind", "text", "help_text", "required", "breakdown", "scale_min",
                        "scale_max", "low_label", "high_label", "dont_know", "number_min", "number_max", "subcriteria",
                    )
                },
            )  # fmt: skip
            copied[old.pk] = new
            if old.show_if_question_id:
                pending_conditions.append((new, old.show_if_question_id, old.show_if_values))
            Option.objects.bulk_create(
                Option(question=new, position=o.position, code=o.code, text=o.text, is_item=o.is_item)
                for o in [*question_view.options, *question_view.items]
            )
    for row, source_question_id, values in pending_conditions:
        if source_question_id in copied:
            row.show_if_question = copied[source_question_id]
            row.show_if_values = values
            row.save(update_fields=["show_if_question", "show_if_values"])


@transaction.atomic
def update_settings(
    *,
    actor: User,
    survey: Survey,
    title: Texts,
    introduction: Texts,
    audience: str,
    languages: list[str],
    opens_on: date | None,
    closes_on: date | None,
    public_link: bool,
) -> Survey:
    _require_design(actor, survey)
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": _("The survey cannot close before it opens.")})
    if survey.lifecycle_state in ANSWERED and set(survey.languages) - set(languages):
        raise ValidationError({"languages": _("A language cannot be removed once the survey has answers in it.")})
    new = {
        "title": _clean_texts(title),
        "introduction": _clean_texts(introduction),
        "audience": audience,
        "languages": languages,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "public_link": public_link,
    }
    changes: dict[str, list[Any]] = {}
    for name in ("title", "introduction", "audience", "languages", "opens_on", "closes_on", "public_link"):
        if getattr(survey, name) != new[name]:
            changes[name] = [_auditable(getattr(survey, name)), _auditable(new[name])]
    for name, value in new.items():
        setattr(survey, name, value)
    survey.version += 1
    # Only these fields: answers arriving meanwhile keep their count (response_count is written by
    # submissions, and this object may have been read before them).
    survey.save(update_fields=[*new, "version"])
    forget_visit_snapshots()
    if changes:
        record_event(
            "surveys.settings_changed", actor=actor, obj=survey, organisation=survey.organisation, changes=changes
        )
    return survey


def _auditable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- sections -------------------------------------------------------------------------------------


@transaction.atomic
def add_section(*, actor: User, survey: Survey, title: Texts, introduction: Texts | None = None) -> Section:
    _require_design(actor, survey)
    last = Section.objects.filter(survey=survey).aggregate(last=Max("position"))["last"] or 0
    section = Section.objects.create(
        survey=survey, position=last + 1, title=_clean_texts(title), introduction=_clean_texts(introduction)
    )
    _changed(survey)
    record_event("surveys.section_added", actor=actor, obj=survey, organisation=survey.organisation)
    return section


@transaction.atomic
def update_section(*, actor: User, section: Section, title: Texts, introduction: Texts) -> Section:
    _require_design(actor, section.survey)
    section.title = _clean_texts(title)
    section.introduction = _clean_texts(introduction)
    section.save(update_fields=["title", "introduction"])
    _changed(section.survey)
    record_event("surveys.section_changed", actor=actor, obj=section.survey, organisation=section.survey.organisation)
    return section


@transaction.atomic
def delete_section(*, actor: User, section: Section) -> None:
    survey = section.survey
    _require_design(actor, survey)
    if section.questions.exists():
        raise ValidationError(_("Move or delete the questions of this page first."))
    if Section.objects.filter(survey=survey).count() == 1:
        raise ValidationError(_("A survey needs at least one page."))
    section.delete()
    _changed(survey)
    record_event("surveys.section_deleted", actor=actor, obj=survey, organisation=survey.organisation)


# --- questions ------------------------------------------------------------------------------------


@dataclass
class QuestionInput:
    """What the question form collects. Options and items are lists of texts per language, in order;
    the n-th line keeps the n-th existing code, new lines get new codes."""

    kind: str
    text: Texts
    help_text: Texts = field(default_factory=dict)
    required: bool = False
    breakdown: str = ""
    subcriteria: list[str] = field(default_factory=list)
    options: list[Texts] = field(default_factory=list)
    items: list[Texts] = field(default_factory=list)
    scale: tuple[int, int] | None = None
    low_label: Texts = field(default_factory=dict)
    high_label: Texts = field(default_factory=dict)
    dont_know: bool = False
    number_min: Decimal | None = None
    number_max: Decimal | None = None
    show_if_question: Question | None = None
    show_if_values: list[str] = field(default_factory=list)


def _next_code(taken: set[str], prefix: str) -> str:
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    code = f"{prefix}{number}"
    taken.add(code)
    return code


def _apply(question: Question, data: QuestionInput) -> None:
    kind = Kind(data.kind)
    question.kind = kind.value
    question.text = _clean_texts(data.text)
    question.help_text = _clean_texts(data.help_text)
    question.required = data.required
    question.breakdown = data.breakdown if kind in CHOICE_KINDS else ""
    question.subcriteria = data.subcriteria
    if kind in SCALE_KINDS:
        low, high = data.scale or (1, 5)
        question.scale_min, question.scale_max = low, high
        question.low_label, question.high_label = _clean_texts(data.low_label), _clean_texts(data.high_label)
        question.dont_know = data.dont_know
    else:
        question.scale_min = question.scale_max = None
        question.low_label, question.high_label, question.dont_know = {}, {}, False
    if kind == Kind.NUMBER:
        question.number_min, question.number_max = data.number_min, data.number_max
    else:
        question.number_min = question.number_max = None
    question.show_if_question = data.show_if_question
    question.show_if_values = data.show_if_values if data.show_if_question else []


def _sync_options(question: Question, lines: list[Texts], *, is_item: bool) -> None:
    existing = list(Option.objects.filter(question=question, is_item=is_item).order_by("position", "id"))
    taken = {option.code for option in existing}
    for position, texts in enumerate(lines, start=1):
        if position <= len(existing):
            option = existing[position - 1]
            option.text, option.position = _clean_texts(texts), position
            option.save(update_fields=["text", "position"])
        else:
            code = _next_code(taken, "i" if is_item else "o")
            Option.objects.create(
                question=question, position=position, code=code, text=_clean_texts(texts), is_item=is_item
            )
    for option in existing[len(lines) :]:
        option.delete()


@transaction.atomic
def save_question(
    *, actor: User, survey: Survey, section: Section, data: QuestionInput, question: Question | None = None
) -> Question:
    """Add or change a question. Once the survey has answers, edits that would change the meaning of
    answers already given (see rules.unsafe_changes) are refused with the reason."""
    _require_design(actor, survey)
    if section.survey_id != survey.pk or (question is not None and question.survey_id != survey.pk):
        raise PermissionDenied
    kind = Kind(data.kind)
    if data.show_if_question is not None and data.show_if_question.survey_id != survey.pk:
        raise PermissionDenied
    before = None
    if question is not None:
        structure = structure_of(survey)
        view = next(v for v in structure.questions if v.question.pk == question.pk)
        codes = {q.question.pk: q.code for q in structure.questions}
        before = view.spec(codes)
    if question is None:
        last = Question.objects.filter(section=section).aggregate(last=Max("position"))["last"] or 0
        taken = set(Question.objects.filter(survey=survey).values_list("code", flat=True))
        question = Question(survey=survey, section=section, position=last + 1, code=_next_code(taken, "q"))
    _apply(question, data)
    if before is not None and survey.lifecycle_state in ANSWERED:
        after = QuestionView(
            question=question,
            options=[Option(code=f"{n}") for n in range(len(data.options))] if kind in CHOICE_KINDS else [],
            items=[Option(code=f"{n}") for n in range(len(data.items))] if kind == Kind.GRID else [],
        )
        # Compare by position: the n-th line keeps the n-th code, so fewer lines means removed options.
        before_positions = type(before)(
            code=before.code,
            kind=before.kind,
            options=tuple(str(n) for n in range(len(before.options))),
            items=tuple(str(n) for n in range(len(before.items))),
            scale=before.scale,
            dont_know=before.dont_know,
        )
        problems = unsafe_changes(before_positions, after.spec({}))
        if problems:
            raise ValidationError([CHANGE_MESSAGES[change]() for change in problems])
    question.full_clean(exclude=["survey", "section", "show_if_question"])
    is_new = question.pk is None
    question.save()
    _sync_options(question, data.options if kind in CHOICE_KINDS else [], is_item=False)
    _sync_options(question, data.items if kind == Kind.GRID else [], is_item=True)
    _changed(survey)
    changes = {"question": question.code, "kind": QuestionKind(kind.value).value}
    if is_new:
        record_event(
            "surveys.question_added", actor=actor, obj=survey, organisation=survey.organisation, changes=changes
        )
    else:
        record_event(
            "surveys.question_changed", actor=actor, obj=survey, organisation=survey.organisation, changes=changes
        )
    return question


@transaction.atomic
def delete_question(*, actor: User, question: Question) -> None:
    survey = question.survey
    _require_design(actor, survey)
    if survey.lifecycle_state in ANSWERED:
        raise ValidationError(CHANGE_MESSAGES[Change.QUESTION_REMOVED]())
    if (
        Question.objects.filter(show_if_question=question).exists()
        or Section.objects.filter(show_if_question=question).exists()
    ):
        raise ValidationError(_("Other questions or pages are shown depending on this question: change them first."))
    code = question.code
    question.delete()
    _changed(survey)
    record_event(
        "surveys.question_deleted",
        actor=actor,
        obj=survey,
        organisation=survey.organisation,
        changes={"question": code},
    )


@transaction.atomic
def move_question(*, actor: User, question: Question, up: bool) -> None:
    """Swap the question with its neighbour on the same page. A question may not move above the
    question its condition depends on (the rules read conditions in order)."""
    survey = question.survey
    _require_design(actor, survey)
    siblings = list(Question.objects.filter(section=question.section).order_by("position", "id"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return
    other = siblings[other_index]
    first, second = (other, question) if up else (question, other)
    if second.show_if_question_id == first.pk:
        raise ValidationError(_("A question must come after the question it depends on."))
    for position, q in enumerate(siblings, start=1):
        q.position = position
    question.position, other.position = other.position, question.position
    Question.objects.bulk_update(siblings, ["position"])
    _changed(survey)
    record_event(
        "surveys.question_moved",
        actor=actor,
        obj=survey,
        organisation=survey.organisation,
        changes={"question": question.code},
    )
