"""The organisation's application for external feedback: applying on a finished self-assessment within
the window of the network's procedure, writing its answers per pillar and its own scores, attaching
documents from its evidence register, submitting it to the organiser (the dossier frozen, the network's
coordinators told) and withdrawing it.

Only the organisation's writers (administrators and CAF leaders) do any of it, and only while the case
is a draft, except withdrawing (until the report is written). Every refusal is a ValidationError with
a message for people, raised before anything is written; every change is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from opencaf.assessments.models import SelfAssessment
from opencaf.audit.services import record_event
from opencaf.core import mail
from opencaf.evidence.models import EvidenceItem
from opencaf.feedback import lifecycle
from opencaf.feedback.access import WRITERS, CaseAccess, access_for
from opencaf.feedback.models import OPEN_STATES, CaseDocument, CaseState, FeedbackCase
from opencaf.feedback.selectors.application import (
    FINISHED,
    application_window,
    missing_pillars,
    pillar_numbers,
    pillar_titles,
    question_codes,
    scale_range,
)
from opencaf.feedback.selectors.dossier import assemble_dossier
from opencaf.feedback.selectors.procedures import procedure_of
from opencaf.feedback.services.case_moves import locked, move
from opencaf.feedback.window import Status
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import roles_in
from opencaf.reports.models import ReportAcceptance

if TYPE_CHECKING:
    from opencaf.accounts.models import User

SUBMITTED_TEMPLATE = "feedback/application/email/submitted"
WITHDRAWN_TEMPLATE = "feedback/application/email/withdrawn"
ANSWER_MAX = 20000  # characters of one pillar's answer


def second_application_message() -> str:
    return _(
        "Your organisation already has an open application for external feedback. Finish or withdraw it "
        "before applying again."
    )


def _access(actor: User, case: FeedbackCase) -> CaseAccess:
    access = access_for(actor, case)
    if access is None:
        raise PermissionDenied
    return access


# --- applying ------------------------------------------------------------------------------------------


@transaction.atomic
def apply(*, actor: User, organisation: Organisation, assessment: SelfAssessment) -> FeedbackCase:
    """Open a case on a finished self-assessment whose report management accepted, while the window of
    the network's procedure is open, the organisation has no other open case and no case on this
    self-assessment earned the label (one refused or withdrawn does not stop a new application)."""
    if not roles_in(actor, organisation) & WRITERS:
        raise PermissionDenied
    network = organisation.network
    if network is None:
        raise ValidationError(
            _("Your organisation is not in a network, so there is no organiser to apply to."), code="no_network"
        )
    procedure = procedure_of(network).procedure
    if procedure is None:
        raise ValidationError(
            _("No external feedback procedure is loaded yet, so applications cannot be made. Ask the network's "
              "coordinators."),
            code="no_procedure",
        )  # fmt: skip
    if assessment.organisation_id != organisation.pk:
        raise PermissionDenied
    acceptance = ReportAcceptance.objects.filter(assessment=assessment).first()
    if assessment.state not in FINISHED or acceptance is None:
        raise ValidationError(
            _("You can apply only on a finished self-assessment whose report management accepted."),
            code="not_accepted",
        )
    if FeedbackCase.objects.filter(assessment=assessment, state=CaseState.AWARDED).exists():
        raise ValidationError(
            _("This self-assessment has already earned the label. You may apply again on a later self-assessment."),
            code="awarded",
        )
    window = application_window(acceptance, procedure)
    status = window.status(timezone.localdate())
    if status is Status.NOT_YET:
        raise ValidationError(
            _("Applications on this self-assessment open on %(date)s.")
            % {"date": date_format(window.opens_on, "DATE_FORMAT")},
            code="window",
        )
    if status is Status.CLOSED:
        raise ValidationError(
            _("Applications on this self-assessment closed on %(date)s.")
            % {"date": date_format(window.closes_on, "DATE_FORMAT")},
            code="window",
        )
    if FeedbackCase.objects.filter(organisation=organisation, state__in=OPEN_STATES).exists():
        raise ValidationError(second_application_message(), code="open_case")
    try:
        with transaction.atomic():  # the database guards too (one_open_feedback_case): two clicks at once
            case = FeedbackCase.objects.create(
                organisation=organisation,
                network=network,
                assessment=assessment,
                procedure=procedure,
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError(second_application_message(), code="open_case") from None
    record_event(
        "feedback.applied",
        actor=actor,
        obj=case,
        organisation=organisation,
        changes={"self_assessment": assessment.title, "procedure": procedure.code},
    )
    return case


# --- answers and own scores ----------------------------------------------------------------------------


def _editable(actor: User, case: FeedbackCase) -> None:
    if not _access(actor, case).writer:
        raise PermissionDenied


def _refuse_unless_draft(case: FeedbackCase) -> None:
    if case.lifecycle_state not in lifecycle.EDITABLE:
        raise ValidationError(
            _("The application can no longer be changed: it is “%(state)s”.") % {"state": case.get_state_display()},
            code="state",
        )


def _clean_answers(case: FeedbackCase, answers: Mapping[str, str]) -> dict[str, str]:
    numbers = {str(number) for number in pillar_numbers(case.procedure)}
    unknown = set(answers) - numbers
    if unknown:
        raise ValidationError(_("The procedure has no such pillar."), code="pillar")
    cleaned = {key: str(text).replace("\r\n", "\n").strip() for key, text in answers.items()}
    if any(len(text) > ANSWER_MAX for text in cleaned.values()):
        raise ValidationError(
            _("An answer may have at most %(count)d characters.") % {"count": ANSWER_MAX}, code="too_long"
        )
    return {key: text for key, text in cleaned.items() if text}


def _clean_scores(case: FeedbackCase, scores: Mapping[str, int | None]) -> dict[str, int]:
    codes = set(question_codes(case.procedure))
    if set(scores) - codes:
        raise ValidationError(_("The procedure has no such question."), code="question")
    low, high = scale_range(case.procedure)
    cleaned = {code: int(score) for code, score in scores.items() if score is not None}
    if any(not low <= score <= high for score in cleaned.values()):
        raise ValidationError(
            _("A score is from %(low)d to %(high)d.") % {"low": low, "high": high}, code="score_range"
        )
    return cleaned


def save_application(
    *,
    actor: User,
    case: FeedbackCase,
    answers: Mapping[str, str],
    own_scores: Mapping[str, int | None],
    expected_version: int | None,
) -> FeedbackCase:
    """Replace the answers (pillar number as text -> text; empty: not answered) and own scores (question
    code -> score; None: not scored) of a draft; ValidationError "stale" when someone saved since the
    person read `expected_version`."""
    _editable(actor, case)
    with transaction.atomic():
        current = locked(case, expected_version)
        _refuse_unless_draft(current)
        new_answers = _clean_answers(current, answers)
        new_scores = _clean_scores(current, own_scores)
        old_answers, old_scores = dict(current.answers or {}), dict(current.own_scores or {})
        pillars = sorted(
            (key for key in set(old_answers) | set(new_answers) if old_answers.get(key) != new_answers.get(key)),
            key=int,
        )
        questions = sorted(
            key for key in set(old_scores) | set(new_scores) if old_scores.get(key) != new_scores.get(key)
        )
        if not pillars and not questions:
            return current
        current.answers, current.own_scores = new_answers, new_scores
        current.version += 1
        current.save(update_fields=["answers", "own_scores", "version"])
        record_event(
            "feedback.application_saved",
            actor=actor,
            obj=current,
            organisation=current.organisation,
            changes={"application_pillars": [int(key) for key in pillars], "application_scores": questions},
        )
    return current


# --- documents -----------------------------------------------------------------------------------------


def attach_document(
    *, actor: User, case: FeedbackCase, evidence: EvidenceItem, pillar: int | None = None
) -> CaseDocument:
    """Attach an item of the organisation's own evidence register, for one pillar or the whole application."""
    _editable(actor, case)
    if evidence.organisation_id != case.organisation_id:
        raise PermissionDenied
    with transaction.atomic():
        current = locked(case)
        _refuse_unless_draft(current)
        if pillar is not None and pillar not in pillar_numbers(current.procedure):
            raise ValidationError({"pillar": ValidationError(_("The procedure has no such pillar."), code="pillar")})
        message = _("“%(title)s” is attached already.") % {"title": evidence.title}
        refused = ValidationError({"evidence": ValidationError(message, code="attached")})
        if CaseDocument.objects.filter(case=current, evidence=evidence).exists():
            raise refused
        try:
            with transaction.atomic():
                document = CaseDocument.objects.create(case=current, evidence=evidence, pillar=pillar, added_by=actor)
        except IntegrityError:
            raise refused from None
        record_event(
            "feedback.document_attached",
            actor=actor,
            obj=current,
            organisation=current.organisation,
            changes={"document": evidence.title, "document_pillar": pillar},
        )
    return document


def remove_document(*, actor: User, case: FeedbackCase, document: CaseDocument) -> None:
    _editable(actor, case)
    if document.case_id != case.pk:
        raise PermissionDenied
    with transaction.atomic():
        current = locked(case)
        _refuse_unless_draft(current)
        deleted, _rows = CaseDocument.objects.filter(pk=document.pk).delete()
        if deleted:
            record_event(
                "feedback.document_removed",
                actor=actor,
                obj=current,
                organisation=current.organisation,
                changes={"document": document.evidence.title, "document_pillar": document.pillar},
            )


# --- submitting and withdrawing --------------------------------------------------------------------------


def missing_message(case: FeedbackCase, numbers: list[int]) -> str:
    titles = pillar_titles(case.procedure, (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0])
    names = [
        pgettext("pillar and its title", "pillar %(number)d (%(title)s)") % {"number": number, "title": titles[number]}
        for number in numbers
    ]
    return _("Answer every pillar before you submit. Not answered yet: %(pillars)s.") % {
        "pillars": get_text_list(names, pgettext("list of pillars", "and"))
    }


def submit(*, actor: User, case: FeedbackCase, expected_version: int | None = None) -> FeedbackCase:
    """Send the application to the organiser: every pillar answered; the dossier assembled now is frozen
    into the case; the network's coordinators are told by e-mail once it commits."""
    if not _access(actor, case).writer:
        raise PermissionDenied
    with transaction.atomic():
        current = locked(case, expected_version)
        _refuse_unless_draft(current)
        missing = missing_pillars(current)
        if missing:
            raise ValidationError(missing_message(current, missing), code="unanswered")
        current.dossier = assemble_dossier(current)
        current.save(update_fields=["dossier"])
        move(actor, current, lifecycle.Move.SUBMIT)
        _tell_coordinators(current, SUBMITTED_TEMPLATE, "feedback_submitted", actor)
    return current


def withdraw(*, actor: User, case: FeedbackCase, expected_version: int | None = None, note: str = "") -> FeedbackCase:
    """Withdraw the application (until the report is written), with the reasons given if any; the
    network's coordinators are told when they had it already."""
    if not _access(actor, case).writer:
        raise PermissionDenied
    with transaction.atomic():
        current = locked(case, expected_version)
        had_it = current.lifecycle_state is not lifecycle.State.DRAFT
        move(actor, current, lifecycle.Move.WITHDRAW, note=note.strip())
        if had_it:
            _tell_coordinators(current, WITHDRAWN_TEMPLATE, "feedback_withdrawn", actor, note=note.strip())
    return current


def _tell_coordinators(case: FeedbackCase, template: str, kind: str, actor: User, note: str = "") -> int:
    """One e-mail to each active coordinator of the case's network, in their language."""
    network = case.network
    url = settings.SITE_URL + reverse("feedback:case", kwargs={"case_id": case.public_id})
    people = list(network.coordinators.filter(is_active=True).exclude(pk=actor.pk).order_by("pk"))
    for person in people:
        language = person.language or network.default_language
        context = {
            "name": person.full_name,
            "organisation": case.organisation.name,
            "network": network.name,
            "assessment": case.assessment.title,
            "procedure": case.procedure.name(language),
            "by": actor.display_name,
            "note": note,
            "url": url,
        }
        subject, body = mail.render_mail(template, context, language)
        mail.send_after_commit(
            to=person.email,
            subject=subject,
            body=body,
            kind=kind,
            reference=case.pk,
            headers={"Auto-Submitted": "auto-generated"},
        )
    return len(people)
