"""The bench-learning partners page of an organisation: suggestions of comparable organisations that
scored high where it scored low (without their names), a contact request under each, and the requests
it sent and received, answered or withdrawn from the same page. Its members read the page; the
administrator / quality representative and the CAF leader act (`permissions.partners`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.benchmarking.partner_forms import AnswerForm, ContactRequestForm
from opencaf.benchmarking.permissions import partners as permissions
from opencaf.benchmarking.selectors import partners as selectors
from opencaf.benchmarking.services import partners as services
from opencaf.core.forms import add_service_errors
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import can_view_members, can_view_organisation_audit, require


def _nav(request: AuthenticatedRequest, organisation: Organisation) -> dict[str, bool]:
    """The flags the organisation's tabs need (organisations/_org_nav.html)."""
    return {
        "show_assessments": True,
        "can_view_members": can_view_members(request.user, organisation),
        "can_view_audit": can_view_organisation_audit(request.user, organisation),
    }


def _to_page(organisation: Organisation) -> HttpResponse:
    """Back to the top of the page, where the message of what was done is shown (jumping to the list
    below would leave the message out of sight)."""
    return redirect(reverse("benchmarking:partners", kwargs={"org_id": organisation.public_id}))


def _form_errors(form: Any) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


def _page(
    request: AuthenticatedRequest,
    access: permissions.PartnersAccess,
    *,
    ask_form: ContactRequestForm | None = None,
    ask_key: str = "",
    answer_form: AnswerForm | None = None,
    answer_for: UUID | None = None,
    status: int = 200,
) -> HttpResponse:
    organisation = access.organisation
    suggestions = selectors.suggestions_for(organisation)
    lists = selectors.requests_of(organisation, selectors.subcriterion_titles(suggestions.assessment))
    ask_shown = False
    spots = []
    for spot in suggestions.weak_spots:
        items = []
        for suggestion in spot.suggestions:
            form = None
            if access.can_act and not suggestion.already_asked:
                if ask_form is not None and suggestion.form_key == ask_key:
                    form, ask_shown = ask_form, True
                else:
                    initial = {"partner": suggestion.sharing_id, "subcriterion": suggestion.code}
                    form = ContactRequestForm(key=suggestion.form_key, initial=initial)
            items.append({"suggestion": suggestion, "form": form})
        spots.append({"spot": spot, "items": items})
    received = []
    for row in lists.received:
        answer: AnswerForm | None = None
        if access.can_act and row.is_pending:
            bound = answer_form is not None and row.public_id == answer_for
            answer = answer_form if bound else AnswerForm(request_id=row.public_id)
        received.append({"row": row, "form": answer})
    context = {
        "organisation": organisation,
        "can_act": access.can_act,
        "suggestions": suggestions,
        "spots": spots,
        "sent": [{"row": row, "form": None} for row in lists.sent],
        "more_sent": lists.more_sent,
        "received": received,
        "more_received": lists.more_received,
        # A request whose suggestion is no longer shown: its errors go at the top of the page.
        "ask_errors": _form_errors(ask_form) if ask_form is not None and not ask_shown else [],
        "limits": {
            "pending": services.MAX_PENDING,
            "per_subcriterion": selectors.PER_SUBCRITERION,
            "list": selectors.LIST_LIMIT,
        },
        **_nav(request, organisation),
    }
    return render(request, "benchmarking/partners/page.html", context, status=status)


@login_required
@require_safe
def partners(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    return _page(request, permissions.partners_access(request.user, org_id))


@login_required
@require_POST
def partner_request_new(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = permissions.partners_access(request.user, org_id)
    require(access.can_act)
    code = request.POST.get("subcriterion", "")
    try:
        key = selectors.contact_form_key(code, UUID(request.POST.get("partner", "")))
    except ValueError:
        key = "ask-unknown"
    form = ContactRequestForm(request.POST, key=key)
    if form.is_valid():
        try:
            services.request_contact(
                actor=request.user,
                organisation=access.organisation,
                sharing_id=form.cleaned_data["partner"],
                subcriterion_code=form.cleaned_data["subcriterion"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your request has been sent. Their administrators have been told by e-mail; you will see "
                    "their names here if they accept."
                ),
            )
            return _to_page(access.organisation)
    return _page(request, access, ask_form=form, ask_key=key, status=422)


@login_required
@require_POST
def partner_request_withdraw(request: AuthenticatedRequest, org_id: str, request_id: str) -> HttpResponse:
    access = permissions.partners_access(request.user, org_id)
    partner_request = permissions.get_sent_request(access, request_id)
    require(access.can_act)
    try:
        services.withdraw_request(actor=request.user, organisation=access.organisation, request=partner_request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your request has been withdrawn."))
    return _to_page(access.organisation)


@login_required
@require_POST
def partner_request_accept(request: AuthenticatedRequest, org_id: str, request_id: str) -> HttpResponse:
    access = permissions.partners_access(request.user, org_id)
    partner_request = permissions.get_received_request(access, request_id)
    require(access.can_act)
    form = AnswerForm(request.POST, request_id=partner_request.public_id)
    if form.is_valid():
        try:
            services.accept_request(
                actor=request.user,
                organisation=access.organisation,
                request=partner_request,
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # no longer waiting: nothing to correct in the form
                for message in error.messages:
                    messages.error(request, message)
                return _to_page(access.organisation)
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("You have accepted the request: both organisations now see each other's contacts.")
            )
            return _to_page(access.organisation)
    return _page(request, access, answer_form=form, answer_for=partner_request.public_id, status=422)


@login_required
@require_POST
def partner_request_decline(request: AuthenticatedRequest, org_id: str, request_id: str) -> HttpResponse:
    access = permissions.partners_access(request.user, org_id)
    partner_request = permissions.get_received_request(access, request_id)
    require(access.can_act)
    try:
        services.decline_request(actor=request.user, organisation=access.organisation, request=partner_request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You have declined the request. Neither side sees the other's name."))
    return _to_page(access.organisation)
