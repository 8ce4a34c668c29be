"""Inviting people: members, a list of addresses, reminders, and printed codes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.importing import run_import
from opencaf.organisations.permissions import require
from opencaf.surveys import services
from opencaf.surveys.invitation_import import COLUMNS, recipient_importer
from opencaf.surveys.models import Invitation, InvitationKind
from opencaf.surveys.permissions import get_survey_access
from opencaf.surveys.tokens import paper_code, printed
from opencaf.surveys.views.design import _context


def _back(org_id: str, survey_id: str) -> HttpResponse:
    return redirect("surveys:invitations", org_id=org_id, survey_id=survey_id)


@login_required
def invitations(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_run)
    survey = access.survey
    by_kind = {
        row["kind"]: row
        for row in Invitation.objects.filter(survey=survey)
        .values("kind")
        .annotate(
            total=Count("id"),
            used=Count("id", filter=Q(used=True)),
            sent=Count("id", filter=Q(sent_count__gt=0)),
            failed=Count("id", filter=Q(delivery_failed=True)),
        )
        .order_by()
    }
    batches = (
        Invitation.objects.filter(survey=survey, kind=InvitationKind.PAPER)
        .values("batch", "language")
        .annotate(total=Count("id"), used=Count("id", filter=Q(used=True)))
        .order_by("batch")
    )
    email = by_kind.get(InvitationKind.EMAIL, {"total": 0, "used": 0, "sent": 0, "failed": 0})
    context = _context(
        access,
        email=email,
        waiting=email["total"] - email["sent"] - email["failed"],
        batches=list(batches),
        languages=[(code, settings.LANGUAGE_SELF_NAMES.get(code, code)) for code in survey.languages],
        code_url=settings.SITE_URL + reverse("surveys:enter_code"),
    )
    return render(request, "surveys/invitations.html", context)


@login_required
@require_POST
def invite_members(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_run)
    try:
        added = services.invite_members(actor=request.user, survey=access.survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext("%(count)d member invited.", "%(count)d members invited.", added) % {"count": added}
            if added
            else _("Every member has been invited already."),
        )
    return _back(org_id, survey_id)


@login_required
def import_addresses(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_run)
    survey = access.survey
    return run_import(
        request,
        recipient_importer(actor=request.user, survey=survey),
        template="surveys/import_addresses.html",
        context=_context(access, columns=COLUMNS),
        scope_key=str(survey.public_id),
        success_url=reverse("surveys:invitations", args=[org_id, survey_id]),
    )


@login_required
@require_POST
def remind(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_run)
    try:
        count = services.send_reminders(actor=request.user, survey=access.survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "A reminder is on its way to %(count)d person.",
                "Reminders are on their way to %(count)d people.",
                count,
            )
            % {"count": count},
        )
    return _back(org_id, survey_id)


@login_required
@require_POST
def create_codes(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_run)
    survey = access.survey
    try:
        count = int(request.POST.get("count", ""))
    except ValueError:
        count = 0
    language = request.POST.get("language", "")
    if language not in survey.languages:
        language = survey.languages[0]
    try:
        batch = services.create_paper_codes(actor=request.user, survey=survey, count=count, language=language)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(org_id, survey_id)
    return redirect("surveys:paper_codes", org_id=org_id, survey_id=survey_id, batch=batch)


@login_required
def paper_codes(request: AuthenticatedRequest, org_id: str, survey_id: str, batch: int) -> HttpResponse:
    """A batch of codes laid out to print and cut: each slip has the address and its code."""
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_run)
    invitations = list(
        Invitation.objects.filter(survey=access.survey, kind=InvitationKind.PAPER, batch=batch).order_by("id")
    )
    if not invitations:
        raise Http404
    slips = [{"code": printed(paper_code(i.public_id)), "used": i.used} for i in invitations]
    context = _context(access, slips=slips, batch=batch, code_url=settings.SITE_URL + reverse("surveys:enter_code"))
    return render(request, "surveys/paper_codes.html", context)
