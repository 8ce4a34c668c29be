"""Evidence on a subcriterion: attach from the organisation's register, upload and attach in one step,
confirm carried-over evidence, detach."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.assessments import permissions, services
from opencaf.assessments.models import EvidenceLink
from opencaf.assessments.permissions import AssessmentAccess
from opencaf.assessments.views.common import add_service_errors, assessment_access, get_subcriterion, require
from opencaf.evidence.forms import EvidenceFileOrLinkForm
from opencaf.evidence.permissions import can_add_evidence, get_evidence
from opencaf.frameworks.models import Subcriterion

UPLOAD_PREFIX = "upload"


@dataclass(frozen=True)
class EvidenceRow:
    """One attached item as the evidence section shows it (built by `individual.evidence_context`)."""

    link: EvidenceLink
    removable: bool
    private: bool  # seen only by its author and the leaders until consensus opens


def _safe_next(request: AuthenticatedRequest) -> str:
    target = request.POST.get("next", "")
    return target if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else ""


@login_required
@require_POST
def attach_or_detach(request: AuthenticatedRequest, org_id: str, assessment_id: str, code: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    subcriterion = get_subcriterion(assessment, code)
    require(access.can_attach_evidence)
    if "upload" in request.POST:
        refused = _upload_and_attach(request, access, subcriterion)
        if refused is not None:
            return refused
    elif "confirm" in request.POST:
        link = permissions.get_evidence_link(access, subcriterion, request.POST["confirm"])
        services.confirm_evidence(actor=request.user, link=link)
        messages.success(request, _("The evidence is confirmed for this cycle."))
    elif "detach" in request.POST:
        link = permissions.get_evidence_link(access, subcriterion, request.POST["detach"])
        require(access.can_remove_evidence(link))
        services.detach_evidence(actor=request.user, link=link)
        messages.success(request, _("The evidence has been detached."))
    elif request.POST.get("evidence"):
        evidence = get_evidence(assessment.organisation, request.POST["evidence"])
        services.attach_evidence(
            actor=request.user, assessment=assessment, subcriterion=subcriterion, evidence=evidence
        )
        messages.success(request, _("“%(title)s” is attached to %(code)s.") % {"title": evidence.title, "code": code})
    else:
        messages.error(request, _("Choose the evidence to attach."))
    target = _safe_next(request)
    if target:
        return redirect(target)
    return redirect("assessments:detail", org_id=org_id, assessment_id=assessment_id)


def _upload_and_attach(
    request: AuthenticatedRequest, access: AssessmentAccess, subcriterion: Subcriterion
) -> HttpResponse | None:
    """Add a file or link to the register and attach it. None when done; otherwise the form again, with
    the reason and what the person entered (a browser cannot refill a file field: the page says so)."""
    assessment = access.assessment
    require(can_add_evidence(request.user, assessment.organisation))
    form = EvidenceFileOrLinkForm(request.POST, request.FILES, prefix=UPLOAD_PREFIX)
    if form.is_valid():
        try:
            link = services.upload_and_attach(
                actor=request.user,
                assessment=assessment,
                subcriterion=subcriterion,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"] or None,
                url=form.cleaned_data["url"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” has been added to the evidence register and attached to %(code)s.")
                % {"title": link.evidence.title, "code": subcriterion.code},
            )
            return None
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "subcriterion": subcriterion,
        "evidence_upload_form": form,
        "evidence_next": _safe_next(request),
        "file_refused": bool(request.FILES),
    }
    return render(request, "assessments/evidence_upload.html", context, status=422)
