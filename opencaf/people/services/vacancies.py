"""Setting up a vacancy (HR): create it for a job profile, shape its interview guide, name the panel,
add the candidates, set how long their data is kept.

A new vacancy's guide is every question of the question bank of the profile's key competencies, copied
(texts and anchored rating scale), so a later change of the bank does not change a guide in use. While
the vacancy is being prepared HR removes questions, adds others from the bank of the profile's model
version, or writes one for this vacancy (in the organisation's languages, with an anchor for every
level). Everything here is for HR and only while the vacancy is being prepared, except the title,
reference and retention period, which HR may correct until the candidates' data is deleted.

Every function locks the vacancy row, checks the person's access (selection_access.py) and writes its
audit event in the same transaction. Candidates appear in the audit log by public id, never by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.lib.texts import missing_languages, one_line, paragraphs
from opencaf.people.access import access_in
from opencaf.people.models import (
    Candidate,
    Competency,
    GuideQuestion,
    InterviewQuestion,
    JobProfile,
    PanelMember,
    QuestionKind,
    Vacancy,
    VacancyState,
)
from opencaf.people.retention import MAX_MONTHS, MIN_MONTHS
from opencaf.people.selection_access import VacancyAccess, access_for
from opencaf.people.selectors.selection import names_list

if TYPE_CHECKING:
    from opencaf.accounts.models import User
    from opencaf.organisations.models import Membership, Organisation

TEXT_MAX = 2000
NOTE_MAX = 4000


# --- shared by the selection services ---------------------------------------------------------------


def locked(vacancy: Vacancy) -> Vacancy:
    """The vacancy re-read under a row lock (inside a transaction), with what its services read."""
    return (
        Vacancy.objects.select_for_update(of=("self",))
        .select_related("organisation__network", "profile__version")
        .get(pk=vacancy.pk)
    )


def working(actor: User, vacancy: Vacancy) -> tuple[Vacancy, VacancyAccess]:
    """The vacancy locked with the person's access; PermissionDenied without any."""
    vacancy = locked(vacancy)
    access = access_for(actor, vacancy)
    if access is None:
        raise PermissionDenied
    return vacancy, access


def state_error(vacancy: Vacancy) -> ValidationError:
    return ValidationError(
        _("This cannot be done now: the vacancy is “%(state)s”.") % {"state": vacancy.get_state_display()},
        code="state",
    )


def preparing(actor: User, vacancy: Vacancy) -> Vacancy:
    """The vacancy locked, for HR while it is being prepared."""
    vacancy, access = working(actor, vacancy)
    if not access.is_hr:
        raise PermissionDenied
    if vacancy.state != VacancyState.PREPARING:
        raise state_error(vacancy)
    return vacancy


def organisation_languages(organisation: Organisation) -> list[str]:
    """The languages a text written for the organisation must have: its own default language, and its
    network's when that differs (the network's coordinators and other members read it)."""
    languages = [organisation.default_language]
    network = organisation.network
    if network is not None and network.default_language not in languages:
        languages.append(network.default_language)
    return [code for code in languages if code]


def key_competencies(profile: JobProfile) -> list[Competency]:
    return [
        requirement.competency for requirement in profile.requirements.filter(key=True).select_related("competency")
    ]


# --- the vacancy -------------------------------------------------------------------------------------


def _check_retention(months: int) -> None:
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise ValidationError(
            {
                "retention_months": _("Keep the candidates' data for %(low)s to %(high)s months after the decision.")
                % {"low": MIN_MONTHS, "high": MAX_MONTHS}
            },
            code="retention",
        )


def _clean_title(title: str) -> str:
    cleaned = one_line(title)
    if not cleaned:
        raise ValidationError({"title": _("Give the vacancy a title.")}, code="required")
    return cleaned[:200]


@transaction.atomic
def create_vacancy(
    *,
    actor: User,
    organisation: Organisation,
    profile: JobProfile,
    title: str,
    reference: str = "",
    retention_months: int = 6,
) -> Vacancy:
    """A vacancy for the profile, its interview guide built from the question bank of the profile's key
    competencies (texts and anchors copied). Refused for a profile of another organisation, an archived
    one, or one without a key competency."""
    people = access_in(actor, organisation)
    if people is None or not people.is_hr:
        raise PermissionDenied
    if profile.organisation_id != organisation.pk:
        raise PermissionDenied
    if profile.archived:
        raise ValidationError({"profile": _("This job profile is archived.")}, code="archived")
    keys = key_competencies(profile)
    if not keys:
        raise ValidationError(
            {
                "profile": _(
                    "The job profile “%(title)s” has no key competency, and the interview guide is built from "
                    "the key competencies. Mark at least one of its competencies as key first."
                )
                % {"title": profile.title}
            },
            code="no_key_competency",
        )
    _check_retention(retention_months)
    vacancy = Vacancy.objects.create(
        organisation=organisation,
        profile=profile,
        title=_clean_title(title),
        reference=one_line(reference)[:60],
        retention_months=retention_months,
        created_by=actor,
    )
    bank = InterviewQuestion.objects.filter(competency__in=keys).order_by("position", "id")
    by_competency: dict[int, list[InterviewQuestion]] = {}
    for question in bank:
        by_competency.setdefault(question.competency_id, []).append(question)
    guide: list[GuideQuestion] = []
    for competency in keys:
        for question in by_competency.get(competency.pk, []):
            guide.append(
                GuideQuestion(
                    vacancy=vacancy,
                    competency=competency,
                    source=question,
                    kind=question.kind,
                    texts=dict(question.texts),
                    anchors={level: dict(texts) for level, texts in question.anchors.items()},
                    position=len(guide),
                )
            )
    GuideQuestion.objects.bulk_create(guide)
    record_event(
        "people.vacancy_created",
        actor=actor,
        obj=vacancy,
        organisation=organisation,
        changes={
            "vacancy_title": vacancy.title,
            "job_profile": profile.title,
            "retention_months": retention_months,
            "guide_questions": len(guide),
        },
    )
    return vacancy


@transaction.atomic
def change_vacancy(*, actor: User, vacancy: Vacancy, title: str, reference: str, retention_months: int) -> Vacancy:
    """Correct the title, reference or retention period (HR, until the candidates' data is deleted)."""
    vacancy, access = working(actor, vacancy)
    if not access.is_hr:
        raise PermissionDenied
    if vacancy.candidates_purged_at is not None:
        raise ValidationError(_("The candidates' data of this vacancy is deleted already."), code="purged")
    _check_retention(retention_months)
    new = {
        "title": _clean_title(title),
        "reference": one_line(reference)[:60],
        "retention_months": retention_months,
    }
    changes: dict[str, Any] = {}
    for field, key in (
        ("title", "vacancy_title"),
        ("reference", "vacancy_reference"),
        ("retention_months", "retention_months"),
    ):
        before = getattr(vacancy, field)
        if before != new[field]:
            changes[key] = {"before": before, "after": new[field]}
            setattr(vacancy, field, new[field])
    if changes:
        vacancy.save(update_fields=list(new))
        record_event(
            "people.vacancy_changed", actor=actor, obj=vacancy, organisation=vacancy.organisation, changes=changes
        )
    return vacancy


# --- the interview guide -----------------------------------------------------------------------------


def _next_position(vacancy: Vacancy) -> int:
    top = vacancy.guide.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def remove_guide_question(*, actor: User, vacancy: Vacancy, position: int) -> None:
    vacancy = preparing(actor, vacancy)
    question = vacancy.guide.select_related("competency").filter(position=position).first()
    if question is None:
        raise ValidationError(_("This question is not in the interview guide."), code="unknown")
    competency = question.competency
    question.delete()
    record_event(
        "people.guide_question_removed",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={"competency": competency.code, "question_kind": question.kind},
    )


@transaction.atomic
def add_bank_question(*, actor: User, vacancy: Vacancy, question: InterviewQuestion) -> GuideQuestion:
    """Add a question of the bank of the profile's model version, copied."""
    vacancy = preparing(actor, vacancy)
    competency = question.competency
    if competency.version_id != vacancy.profile.version_id:
        raise ValidationError(
            {"question": _("This question belongs to another version of the competency model.")}, code="version"
        )
    if vacancy.guide.filter(source=question).exists():
        raise ValidationError({"question": _("This question is in the interview guide already.")}, code="duplicate")
    made = GuideQuestion.objects.create(
        vacancy=vacancy,
        competency=competency,
        source=question,
        kind=question.kind,
        texts=dict(question.texts),
        anchors={level: dict(texts) for level, texts in question.anchors.items()},
        position=_next_position(vacancy),
    )
    record_event(
        "people.guide_question_added",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={"competency": competency.code, "question_kind": question.kind},
    )
    return made


def _clean_texts(texts: Mapping[str, str], long: bool = True) -> dict[str, str]:
    cleaned = {code: (paragraphs(text) if long else one_line(text)) for code, text in texts.items()}
    return {code: text for code, text in cleaned.items() if text}


@transaction.atomic
def add_written_question(
    *,
    actor: User,
    vacancy: Vacancy,
    competency: Competency,
    kind: str,
    texts: Mapping[str, str],
    anchors: Mapping[int, Mapping[str, str]],
) -> GuideQuestion:
    """Add a question written for this vacancy: its text in the organisation's languages, and for every
    level of the model version what an answer at that level sounds like, in the same languages.
    `anchors` maps each level (1…levels) to its texts by language."""
    vacancy = preparing(actor, vacancy)
    version = vacancy.profile.version
    if competency.version_id != version.pk:
        raise ValidationError(
            {"competency": _("This competency belongs to another version of the competency model.")},
            code="version",
        )
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose the kind of question.")}, code="kind")
    languages = organisation_languages(vacancy.organisation)
    question = _clean_texts(texts)
    errors: dict[str, list[str]] = {}
    if any(len(text) > TEXT_MAX for text in question.values()):
        errors.setdefault("texts", []).append(_("Keep the question under %(count)s characters.") % {"count": TEXT_MAX})
    if missing := missing_languages(question, languages):
        errors.setdefault("texts", []).append(
            _("Write the question in %(languages)s.") % {"languages": _language_list(missing)}
        )
    scale: dict[str, dict[str, str]] = {}
    for level in range(1, version.levels + 1):
        cleaned = _clean_texts(anchors.get(level, {}))
        if missing := missing_languages(cleaned, languages):
            errors.setdefault(f"anchor_{level}", []).append(
                _("Say what an answer at level %(level)s sounds like, in %(languages)s.")
                % {"level": level, "languages": _language_list(missing)}
            )
        if any(len(text) > TEXT_MAX for text in cleaned.values()):
            errors.setdefault(f"anchor_{level}", []).append(
                _("Keep each anchor under %(count)s characters.") % {"count": TEXT_MAX}
            )
        scale[str(level)] = cleaned
    if errors:
        raise ValidationError(errors, code="incomplete")
    made = GuideQuestion.objects.create(
        vacancy=vacancy,
        competency=competency,
        source=None,
        kind=kind,
        texts=question,
        anchors=scale,
        position=_next_position(vacancy),
    )
    record_event(
        "people.guide_question_added",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={"competency": competency.code, "question_kind": kind},
    )
    return made


def _language_list(codes: list[str]) -> str:
    names = dict(settings.LANGUAGES)
    return names_list([str(names.get(code, code)) for code in codes])


# --- the panel ---------------------------------------------------------------------------------------


def _member_name(membership: Membership) -> str:
    return str(membership.user.display_name)


@transaction.atomic
def add_panel_member(*, actor: User, vacancy: Vacancy, membership: Membership, chair: bool = False) -> PanelMember:
    """Put a member of the organisation on the panel; as chair, the previous chair steps down."""
    vacancy = preparing(actor, vacancy)
    if membership.organisation_id != vacancy.organisation_id:
        raise ValidationError({"member": _("Choose a member of the organisation.")}, code="outsider")
    if vacancy.panel.filter(membership=membership).exists():
        raise ValidationError(
            {"member": _("%(name)s is on the panel already.") % {"name": _member_name(membership)}},
            code="duplicate",
        )
    if chair:
        vacancy.panel.filter(chair=True).update(chair=False)
    seat = PanelMember.objects.create(vacancy=vacancy, membership=membership, chair=chair)
    record_event(
        "people.panel_member_added",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={"panel_member": _member_name(membership), "chair": chair},
    )
    return seat


def _seat_of(vacancy: Vacancy, membership: Membership) -> PanelMember:
    seat = vacancy.panel.select_related("membership__user").filter(membership=membership).first()
    if seat is None:
        raise ValidationError(_("This person is not on the panel."), code="unknown")
    return seat


@transaction.atomic
def remove_panel_member(*, actor: User, vacancy: Vacancy, membership: Membership) -> None:
    vacancy = preparing(actor, vacancy)
    seat = _seat_of(vacancy, membership)
    seat.delete()
    record_event(
        "people.panel_member_removed",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={"panel_member": _member_name(seat.membership), "chair": seat.chair},
    )


@transaction.atomic
def set_chair(*, actor: User, vacancy: Vacancy, membership: Membership) -> PanelMember:
    """Name the panel's chair (one per panel: the previous chair steps down)."""
    vacancy = preparing(actor, vacancy)
    seat = _seat_of(vacancy, membership)
    if not seat.chair:
        vacancy.panel.filter(chair=True).update(chair=False)
        seat.chair = True
        seat.save(update_fields=["chair"])
        record_event(
            "people.panel_chair_set",
            actor=actor,
            obj=vacancy,
            organisation=vacancy.organisation,
            changes={"panel_member": _member_name(seat.membership), "chair": True},
        )
    return seat


# --- the candidates ----------------------------------------------------------------------------------


def _recount(vacancy: Vacancy) -> None:
    vacancy.candidates_count = vacancy.candidates.count()
    vacancy.save(update_fields=["candidates_count"])


@transaction.atomic
def add_candidate(*, actor: User, vacancy: Vacancy, name: str, email: str = "", note: str = "") -> Candidate:
    vacancy = preparing(actor, vacancy)
    cleaned = one_line(name)[:200]
    if not cleaned:
        raise ValidationError({"name": _("Give the candidate's name.")}, code="required")
    text = paragraphs(note)
    if len(text) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep the note under %(count)s characters.") % {"count": NOTE_MAX}}, code="long"
        )
    candidate = Candidate.objects.create(vacancy=vacancy, name=cleaned, email=one_line(email), note=text)
    _recount(vacancy)
    record_event(
        "people.candidate_added",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={"candidate": str(candidate.public_id)},
    )
    return candidate


@transaction.atomic
def remove_candidate(*, actor: User, vacancy: Vacancy, candidate: Candidate) -> None:
    vacancy = preparing(actor, vacancy)
    if candidate.vacancy_id != vacancy.pk:
        raise PermissionDenied
    public_id = str(candidate.public_id)
    candidate.delete()
    _recount(vacancy)
    record_event(
        "people.candidate_removed",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={"candidate": public_id},
    )
