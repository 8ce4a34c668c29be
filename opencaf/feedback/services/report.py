"""Writing the feedback report of a case, finalising it, and its documents (PDF, DOCX) made in the
background with the platform's document jobs (core.document_jobs).

Every actor of the case writes the report while the case is in feedback (access.can_write_report):
per pillar of the procedure the strengths and the areas for improvement, and a summary. Saves are
checked against the version the writer read, so two actors writing at once never overwrite each
other silently. The lead actor finalises it (access.can_finalise_report) once every pillar's findings
are written and every question has an agreed score: the case moves to "reported" and the network's
coordinators are told by e-mail that a decision awaits them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.core import document_jobs, mail
from opencaf.feedback import lifecycle
from opencaf.feedback.access import CaseAccess
from opencaf.feedback.models import FeedbackCase, FeedbackReport
from opencaf.feedback.models import FeedbackReportDocument as Document
from opencaf.feedback.selectors import report as selectors
from opencaf.feedback.services.case_moves import locked, move

if TYPE_CHECKING:
    from opencaf.accounts.models import User

FORMATS = ("pdf", "docx")
# As for the self-assessment report: an identical request reuses the earlier document and does not count.
DOCUMENTS_PER_PERSON_PER_HOUR = 20
TEXT_LIMIT = 20_000  # characters of one finding or of the summary

FINALISED_TEMPLATE = "feedback/email/report_finalised"

TooManyDocumentsError = document_jobs.TooManyDocumentsError


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved the report after you opened it. Your text is still in the form below: "
            "copy what you need, reload the page to see their changes, then add yours again."
        ),
        code="stale",
    )


def _in_feedback(case: FeedbackCase) -> None:
    if case.lifecycle_state not in lifecycle.IN_HANDS_OF_ACTORS:
        raise ValidationError(
            _("The report can no longer be changed: the case is “%(state)s”.") % {"state": case.get_state_display()},
            code="state",
        )


def _pillar_numbers(case: FeedbackCase) -> list[int]:
    return [int(pillar["number"]) for pillar in case.procedure.definition.get("pillars") or []]


@transaction.atomic
def save_report(
    *, actor: User, access: CaseAccess, findings: Mapping[str, Mapping[str, str]], summary: str, expected_version: int
) -> FeedbackReport:
    """Save the report's findings per pillar ({"1": {"strengths": …, "areas": …}}) and its summary.
    The report is created by its first save. ValidationError when the case is no longer in feedback
    or someone saved since the person read `expected_version`; nothing is written then."""
    if not access.can_write_report:
        raise PermissionDenied
    case = locked(access.case)  # serialises the first save, which creates the report
    _in_feedback(case)
    report, _created = FeedbackReport.objects.select_for_update().get_or_create(case=case)
    if report.version != expected_version:
        raise _stale()
    cleaned: dict[str, dict[str, str]] = {}
    for number in _pillar_numbers(case):
        given = findings.get(str(number)) or {}
        cleaned[str(number)] = {key: str(given.get(key) or "").strip() for key in selectors.FINDINGS}
    summary = summary.strip()
    too_long = [text for texts in cleaned.values() for text in texts.values()] + [summary]
    if any(len(text) > TEXT_LIMIT for text in too_long):
        raise ValidationError(
            _("A text of the report is longer than %(limit)d characters.") % {"limit": TEXT_LIMIT}, code="long"
        )
    sections = [
        f"{number}.{key}"
        for number, texts in cleaned.items()
        for key in selectors.FINDINGS
        if texts[key] != str((report.pillars.get(number) or {}).get(key) or "")
    ]
    if summary != report.summary:
        sections.append("summary")
    if not sections:
        return report
    report.pillars, report.summary = cleaned, summary
    report.version += 1
    report.updated_by, report.updated_at = actor, timezone.now()
    report.save(update_fields=["pillars", "summary", "version", "updated_by", "updated_at"])
    record_event(
        "feedback.report_saved",
        actor=actor,
        obj=case,
        organisation=case.organisation,
        changes={"sections": sections},
    )
    return report


@transaction.atomic
def finalise_report(*, actor: User, access: CaseAccess, expected_version: int) -> FeedbackReport:
    """The lead actor finalises the report: it must be complete (every pillar's strengths and areas
    for improvement, an agreed score for every question) and as the lead read it. The case moves to
    "reported" (audited by case_moves) and the coordinators are told."""
    if not access.can_finalise_report:
        raise PermissionDenied
    case = locked(access.case)
    _in_feedback(case)
    report = FeedbackReport.objects.select_for_update().filter(case=case).first()
    if report is not None and report.version != expected_version:
        raise ValidationError(
            _("Someone saved the report after you opened it. Read it again, then finalise it."), code="stale"
        )
    findings = report.pillars if report is not None else {}
    missing = selectors.missing_for_finalising(case.procedure.definition, findings, selectors.agreed_scores(case))
    if report is None or missing:
        raise ValidationError(
            _("The report cannot be finalised yet. Still missing: %(missing)s.") % {"missing": "; ".join(missing)},
            code="incomplete",
        )
    report.finalised_at = timezone.now()
    report.save(update_fields=["finalised_at"])
    move(actor, case, lifecycle.Move.REPORT)
    report.case = case
    _tell_coordinators(case, actor)
    return report


def _tell_coordinators(case: FeedbackCase, actor: User) -> int:
    """Each coordinator of the case's network, in their language: the report is final, decide."""
    network = case.network
    people = list(network.coordinators.filter(is_active=True).exclude(pk=actor.pk).order_by("pk"))
    case_url = settings.SITE_URL + reverse("feedback:case", kwargs={"case_id": case.public_id})
    decision_url = settings.SITE_URL + reverse("feedback:decide", kwargs={"case_id": case.public_id})
    for person in people:
        language = person.language or network.default_language
        context = {
            "name": person.full_name,
            "organisation": case.organisation.name,
            "network": network.name,
            "procedure": case.procedure.name(language),
            "case_url": case_url,
            "decision_url": decision_url,
        }
        subject, body = mail.render_mail(FINALISED_TEMPLATE, context, language)
        mail.send_after_commit(
            to=person.email,
            subject=subject,
            body=body,
            kind="feedback report finalised",
            reference=case.pk,
            headers={"Auto-Submitted": "auto-generated"},
        )
    return len(people)


# --- documents -----------------------------------------------------------------------------------------


@transaction.atomic
def request_document(*, actor: User, access: CaseAccess, fmt: str, language: str) -> Document:
    """Queue the report as a PDF or DOCX in `language`, unless the same document (same format,
    language and content) is ready or on its way: then that one is returned and nothing is created."""
    report = selectors.report_of(access.case)
    if report is None or not selectors.can_read_report(access, report):
        raise PermissionDenied
    if fmt not in FORMATS or language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose a format and a language."), code="choice")
    # Serialises requests for one report, so two identical requests at once make one document.
    FeedbackReport.objects.select_for_update().filter(pk=report.pk).exists()
    report.case = access.case
    fingerprint = selectors.report_fingerprint(report)
    document, created = document_jobs.reuse_or_create(
        Document.objects.filter(report=report, format=fmt, language=language),
        fingerprint,
        Document.objects.filter(requested_by=actor),
        DOCUMENTS_PER_PERSON_PER_HOUR,
        lambda: Document.objects.create(
            report=report, format=fmt, language=language, requested_by=actor, fingerprint=fingerprint
        ),
    )
    if created:
        record_event(
            "feedback.report_document_requested",
            actor=actor,
            obj=access.case,
            organisation=access.case.organisation,
            changes={"format": fmt, "language": language},
        )
        document_jobs.enqueue_on_commit(generate_feedback_report_document, document)
    return document


def _audit_stalled(document: Document) -> None:
    record_event(
        "feedback.report_document_stalled",
        actor=None,
        obj=document.report.case,
        organisation=document.report.case.organisation,
        changes={"progress": document.progress},
    )


def fail_stalled_documents(*, report: FeedbackReport | None = None) -> int:
    """Mark failed every report document without progress for settings.DOCUMENT_JOB_STALL_AFTER (its
    worker died), so its page stops waiting; called when a page reads the documents and by
    `manage.py fail_stalled_documents` (once registered as a stall check)."""
    documents = Document.objects.select_related("report__case__organisation")
    if report is not None:
        documents = documents.filter(report=report)
    return document_jobs.fail_stalled(documents, _audit_stalled)


def _produce(document: Document, advance: Callable[[int], None]) -> tuple[str, bytes]:
    from opencaf.feedback import documents  # WeasyPrint and python-docx load only in the worker

    content = selectors.document_content(document.report, document.language)
    advance(40)
    render = documents.render_report_pdf if document.format == "pdf" else documents.render_report_docx
    return selectors.document_filename(document, content.organisation), render(content)


def generate_document(document_id: int) -> None:
    """The background work of one document (see core.document_jobs.run)."""
    related: Any = (
        "report__case__organisation",
        "report__case__network",
        "report__case__assessment",
        "report__case__procedure",
    )
    document_jobs.run(Document, document_id, _produce, related=related)


# The background task (django.tasks) lives beside its service: the app's parts share no tasks.py.
@task
def generate_feedback_report_document(document_id: int) -> None:
    generate_document(document_id)
