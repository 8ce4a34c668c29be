"""Attaching evidence from the organisation's register to a subcriterion, and detaching it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.assessments import permissions, services
from opencaf.assessments.models import EvidenceLink
from opencaf.assessments.views.common import assessment_for, require, subcriterion_of
from opencaf.core.ids import parse_public_id
from opencaf.evidence.permissions import get_evidence


@login_required
@require_POST
def attach_or_detach(request: AuthenticatedRequest, org_id: str, assessment_id: str, code: str) -> HttpResponse:
    assessment = assessment_for(request, org_id, assessment_id)
    subcriterion = subcriterion_of(assessment, code)
    require(permissions.can_attach_evidence(request.user, assessment))
    if "confirm" in request.POST:
        link = EvidenceLink.objects.filter(
            assessment=assessment, subcriterion=subcriterion, public_id=parse_public_id(request.POST["confirm"])
        ).first()
        if link is None:
            raise Http404
        services.confirm_evidence(actor=request.user, link=link)
        messages.success(request, _("The evidence is confirmed for this cycle."))
    elif "detach" in request.POST:
        key = parse_public_id(request.POST["detach"])
        link = EvidenceLink.objects.filter(assessment=assessment, subcriterion=subcriterion, public_id=key).first()
        if link is None:
            raise Http404
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
