"""The organisation's application for external feedback.

- `org/<org_id>/external-feedback/`: the organisation's page (its members): for each finished
  self-assessment whose report was accepted, when applications open and close; its cases and labels;
  "Apply" for its writers while the window is open, no case is open and the self-assessment has not
  earned the label already.
- `external-feedback/<case_id>/…` (whoever may read the case, `access.case_access`): the answers per
  pillar and own scores (the writers edit them while the case is a draft), the dossier the platform
  assembles, the documents attached from the evidence register (the only road by which the external
  feedback actors reach them), submitting and withdrawing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.evidence.downloads import file_response
from opencaf.evidence.models import EvidenceKind
from opencaf.feedback.access import WRITERS, CaseAccess, case_access
from opencaf.feedback.application_forms import ApplicationForm, DocumentForm, WithdrawForm
from opencaf.feedback.models import FeedbackCase
from opencaf.feedback.selectors import application as selectors
from opencaf.feedback.selectors.dossier import dossier_page
from opencaf.feedback.selectors.procedures import procedure_view
from opencaf.feedback.services import application as services
from opencaf.organisations.permissions import (
    can_view_members,
    can_view_organisation_audit,
    get_organisation_for_staff,
    require,
    roles_in,
)

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _posted_version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _readable(request: AuthenticatedRequest, case_id: str) -> CaseAccess:
    """The case for whoever may read it (the organisation, the organiser, its declared actors)."""
    access = case_access(request.user, case_id)
    require(access.can_read_case)
    return access


def _case_context(access: CaseAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "case": access.case, **extra}


# --- the organisation's page ---------------------------------------------------------------------------


@login_required
@require_GET
def org_feedback(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    writer = bool(roles_in(request.user, organisation) & WRITERS)
    context = {
        "organisation": organisation,
        "overview": selectors.org_feedback(organisation, writer=writer),
        "writer": writer,
        # the flags the organisation's tabs need (organisations/_org_nav.html)
        "show_assessments": True,
        "can_view_members": can_view_members(request.user, organisation),
        "can_view_audit": can_view_organisation_audit(request.user, organisation),
    }
    return render(request, "feedback/application/org.html", context)


@login_required
@require_POST
def apply(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    require(bool(roles_in(request.user, organisation) & WRITERS))
    assessment = selectors.assessment_of(organisation, request.POST.get("assessment", ""))
    try:
        case = services.apply(actor=request.user, organisation=organisation, assessment=assessment)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect("feedback:org_feedback", org_id=organisation.public_id)
    messages.success(
        request, _("Your application has been started. Answer each pillar, attach your documents, then submit it.")
    )
    return redirect("feedback:application", case_id=case.public_id)


# --- the answers and own scores ------------------------------------------------------------------------


def _application_form(case: FeedbackCase, data: Any = None) -> ApplicationForm:
    view = procedure_view(case.procedure, _language())
    return ApplicationForm(
        data,
        pillars=view.pillars,
        scale=view.scale_points,
        answers=dict(case.answers or {}),
        own_scores={str(code): int(score) for code, score in (case.own_scores or {}).items()},
        version=case.version,
    )


def _application_page(
    request: AuthenticatedRequest,
    access: CaseAccess,
    form: ApplicationForm,
    *,
    status: int = 200,
    saved: dict[int, str] | None = None,
) -> HttpResponse:
    """The application's page (answers and own scores) around `form`: for the application view and for
    a submission refused because pillars are unanswered."""
    case = access.case
    context = _case_context(
        access,
        form=form,
        rows=form.rows(),
        saved=saved,
        missing=selectors.missing_pillars(case),
        document_count=selectors.document_count(case),
    )
    return render(request, "feedback/application/form.html", context, status=status)


def _refused_form(case: FeedbackCase) -> ApplicationForm:
    """The form filled from what is saved, with each pillar not answered marked."""
    form = _application_form(case, _application_form(case).saved_data())
    form.refuse_unanswered(selectors.missing_pillars(case))
    return form


@login_required
@GET_OR_POST
def application(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = _readable(request, case_id)
    case = access.case
    if request.method == "POST":
        require(access.writer)
    form = _application_form(case, request.POST if request.method == "POST" else None)
    status, saved = 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_application(
                    actor=request.user,
                    case=case,
                    answers=form.answers(),
                    own_scores=form.own_scores(),
                    expected_version=form.expected_version(),
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "state":  # submitted or withdrawn meanwhile: read-only now
                    _error_messages(request, error)
                    return redirect("feedback:application", case_id=case.public_id)
                if getattr(error, "code", None) == "stale":
                    # Keep the person's text; say why it was not saved; a second save replaces the newer one.
                    fresh = selectors.reread(case)
                    data = request.POST.copy()
                    data["version"] = str(fresh.version)
                    form.data = data
                    saved = _saved_meanwhile(form, fresh)
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your application has been saved."))
                return redirect("feedback:application", case_id=case.public_id)
        status = 422
    return _application_page(request, access, form, status=status, saved=saved)


def _saved_meanwhile(form: ApplicationForm, fresh: FeedbackCase) -> dict[int, str]:
    """The answers someone else saved that differ from what the person typed, by pillar."""
    answers = fresh.answers or {}
    typed = form.answers()
    return {
        pillar.number: str(answers.get(str(pillar.number), ""))
        for pillar in form.pillars
        if str(answers.get(str(pillar.number), "")).strip() != typed.get(str(pillar.number), "").strip()
    }


# --- the dossier ---------------------------------------------------------------------------------------


@login_required
@require_GET
def dossier(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = _readable(request, case_id)
    page = dossier_page(access.case, _language())
    return render(request, "feedback/application/dossier.html", _case_context(access, page=page, d=page.dossier))


# --- documents -----------------------------------------------------------------------------------------


@login_required
@GET_OR_POST
def documents(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = _readable(request, case_id)
    case = access.case
    titles = selectors.pillar_titles(case.procedure, _language())
    form, status, items = None, 200, []
    if access.can_edit_application or (request.method == "POST" and access.writer):  # the service says if too late
        items = selectors.attachable_evidence(case)
        form = DocumentForm(request.POST if request.method == "POST" else None, items=items, pillars=titles)
    if request.method == "POST":
        require(access.writer)
        assert form is not None
        if form.is_valid():
            try:
                document = services.attach_document(
                    actor=request.user, case=case, evidence=form.chosen(), pillar=form.cleaned_data["pillar"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("“%(title)s” is attached to the application.") % {"title": document.evidence.title}
                )
                return redirect("feedback:documents", case_id=case.public_id)
        status = 422
    rows = [
        (document, titles.get(document.pillar) if document.pillar else "") for document in selectors.documents_of(case)
    ]
    context = _case_context(access, form=form, rows=rows, attachable=bool(items))
    return render(request, "feedback/application/documents.html", context, status=status)


@login_required
@require_POST
def document_remove(request: AuthenticatedRequest, case_id: str, evidence_id: str) -> HttpResponse:
    access = _readable(request, case_id)
    require(access.writer)
    document = selectors.attached_document(access.case, evidence_id)
    try:
        services.remove_document(actor=request.user, case=access.case, document=document)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request, _("“%(title)s” is no longer attached to the application.") % {"title": document.evidence.title}
        )
    return redirect("feedback:documents", case_id=access.case.public_id)


@login_required
@require_GET
def document_download(request: AuthenticatedRequest, case_id: str, evidence_id: str) -> HttpResponseBase:
    """An attached file (or the address of an attached link) for whoever may read the case: this is how
    the external feedback actors reach the documents, who cannot open the evidence register."""
    access = _readable(request, case_id)
    item = selectors.attached_document(access.case, evidence_id).evidence
    if item.kind == EvidenceKind.LINK:
        if not item.url.startswith(("https://", "http://")):
            raise Http404
        return HttpResponseRedirect(item.url)
    if not item.file:
        raise Http404
    return file_response(item)


# --- submitting and withdrawing --------------------------------------------------------------------------


@login_required
@require_POST
def submit(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = _readable(request, case_id)
    require(access.writer)
    try:
        services.submit(actor=request.user, case=access.case, expected_version=_posted_version(request))
    except ValidationError as error:
        if getattr(error, "code", None) == "unanswered" and access.can_edit_application:
            # The application as saved, each pillar not answered marked: the error summary takes the focus
            # and leads to them.
            return _application_page(request, access, _refused_form(access.case), status=422)
        _error_messages(request, error)
        return redirect("feedback:application", case_id=access.case.public_id)
    messages.success(request, _("Your application has been submitted. The network's coordinators have been told."))
    return redirect("feedback:case", case_id=access.case.public_id)


@login_required
@GET_OR_POST
def withdraw(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = _readable(request, case_id)
    require(access.writer)
    case = access.case
    form = WithdrawForm(request.POST if request.method == "POST" else None, initial={"version": case.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.withdraw(
                    actor=request.user,
                    case=case,
                    expected_version=form.cleaned_data["version"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your application has been withdrawn."))
                return redirect("feedback:case", case_id=case.public_id)
        status = 422
    return render(request, "feedback/application/withdraw.html", _case_context(access, form=form), status=status)
