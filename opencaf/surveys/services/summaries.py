"""The results summary as a PDF, made in the background (see `core.document_jobs`): asked for from
the results page, reused when the same summary is already there, tried again when it failed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.core import document_jobs
from opencaf.surveys.models import SummaryDocument, Survey
from opencaf.surveys.permissions import access_for
from opencaf.surveys.summary import fingerprint, render_summary

if TYPE_CHECKING:
    from opencaf.accounts.models import User

# A person may ask for this many new summaries an hour; asking again for the same one reuses it.
SUMMARIES_PER_PERSON_PER_HOUR = 20


@transaction.atomic
def request_summary(*, actor: User, survey: Survey, language: str, breakdowns: Sequence[str] = ()) -> SummaryDocument:
    """Queue a summary, unless the same one (language, breakdowns, figures) is ready or on its way."""
    if not access_for(actor, survey).can_view_results:
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose a language."))
    chosen = [code for code in breakdowns if code][:2]
    # Serialises requests for one survey, so two identical requests at once make one document.
    Survey.objects.select_for_update().filter(pk=survey.pk).exists()
    current = fingerprint(survey, chosen)
    document, created = document_jobs.reuse_or_create(
        SummaryDocument.objects.filter(survey=survey, language=language, breakdowns=chosen),
        current,
        SummaryDocument.objects.filter(requested_by=actor),
        SUMMARIES_PER_PERSON_PER_HOUR,
        lambda: SummaryDocument.objects.create(
            survey=survey, language=language, breakdowns=chosen, requested_by=actor, fingerprint=current
        ),
    )
    if not created:
        return document
    record_event(
        "surveys.summary_requested",
        actor=actor,
        obj=document,
        organisation=survey.organisation,
        changes={"language": language, "breakdowns": chosen},
    )
    _enqueue(document)
    return document


def _enqueue(document: SummaryDocument) -> None:
    from opencaf.surveys.tasks import generate_summary_document

    document_jobs.enqueue_on_commit(generate_summary_document, document)


def can_retry(actor: User, document: SummaryDocument) -> bool:
    """The person who asked for it, or whoever runs the survey, while they may see the results."""
    access = access_for(actor, document.survey)
    return access.can_view_results and (access.can_run or document.requested_by_id == actor.pk)


@transaction.atomic
def retry_summary(*, actor: User, document: SummaryDocument) -> SummaryDocument:
    if not can_retry(actor, document):
        raise PermissionDenied
    if not document_jobs.reopen_failed(document, fingerprint(document.survey, document.breakdowns)):
        raise ValidationError(_("Only a document that failed can be tried again."))
    record_event(
        "surveys.summary_retried",
        actor=actor,
        obj=document,
        organisation=document.survey.organisation,
        changes={"language": document.language},
    )
    _enqueue(document)
    return document


def _audit_stalled(document: SummaryDocument) -> None:
    record_event(
        "surveys.summary_stalled",
        actor=None,
        obj=document,
        organisation=document.survey.organisation,
        changes={"progress": document.progress},
    )


def fail_stalled_summaries(*, survey: Survey | None = None) -> int:
    """Mark failed the summaries whose job stopped making progress (see core.document_jobs)."""
    documents = SummaryDocument.objects.select_related("survey__organisation")
    if survey is not None:
        documents = documents.filter(survey=survey)
    return document_jobs.fail_stalled(documents, _audit_stalled)


def generate_summary(document_id: int) -> None:
    document_jobs.run(
        SummaryDocument, document_id, render_summary, related=("survey__organisation__network", "survey__previous_wave")
    )
