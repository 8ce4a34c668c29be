"""Attaching evidence from the organisation's register to a subcriterion, and detaching it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.assessments import permissions, services
from opencaf.assessments.views.common import assessment_access, get_subcriterion, require
from opencaf.evidence.permissions import get_evidence


@login_required
@require_POST
def attach_or_detach(request: AuthenticatedRequest, org_id: str, assessment_id: str, code: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    subcriterion = get_subcriterion(assessment, code)
    require(access.can_attach_evidence)
    if "confirm" in request.POST:
        link = permissions.get_evidence_link(assessment, subcriterion, request.POST["confirm"])
        services.confirm_evidence(actor=request.user, link=link)
        messages.success(request, _("The evidence is confirmed for this cycle."))
    elif "detach" in request.POST:
        link = permissions.get_evidence_link(assessment, subcriterion, request.POST["detach"])
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
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("assessments:detail", org_id=org_id, assessment_id=assessment_id)
