"""Feedback after an event: the participant's short form behind the signed link in their e-mail (no
account: the link decides; kept out of search engines and caches, its address is a key), and the
coordinator's page that asks the participants at once. The results are a section of the event page
(`templatetags/coordination_feedback.py`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.coordination import feedback_links
from opencaf.coordination.feedback_forms import FeedbackForm
from opencaf.coordination.models import Event
from opencaf.coordination.permissions import coordinated_network
from opencaf.coordination.selectors import events as event_selectors
from opencaf.coordination.selectors.feedback import feedback_results
from opencaf.coordination.services import feedback as services
from opencaf.core.forms import add_service_errors

# --- the coordinator asks the participants ---------------------------------------------------------------


def _event(request: AuthenticatedRequest, network_id: str, event_id: str) -> Event:
    return event_selectors.get_event(coordinated_network(request.user, network_id), event_id)


def _to_event(event: Event) -> HttpResponse:
    return redirect("coordination:event", network_id=event.network.public_id, event_id=event.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def event_feedback_request(request: AuthenticatedRequest, network_id: str, event_id: str) -> HttpResponse:
    """GET says who will be e-mailed and asks; POST sends the requests (audited) and goes back to the event."""
    event = _event(request, network_id, event_id)
    if request.method == "POST":
        try:
            count = services.send_feedback_requests(actor=request.user, event=event)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext(
                    "A request for feedback is on its way to %(count)s participant.",
                    "Requests for feedback are on their way to %(count)s participants.",
                    count,
                )
                % {"count": count},
            )
        return _to_event(event)
    context = {
        "network": event.network,
        "event": event,
        "results": feedback_results(event),
        "valid_days": feedback_links.VALID_DAYS,
    }
    return render(request, "coordination/feedback/request.html", context)


# --- the participant's form ----------------------------------------------------------------------------


def _private(response: HttpResponse, language: str) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Content-Language"] = language
    return response


def _problem_page(request: HttpRequest, problem: feedback_links.FeedbackLinkProblem) -> HttpResponse:
    language = problem.language or get_language() or "en"
    with translation.override(language):
        if problem.reason == problem.GIVEN:  # not an error: a thank-you, refused only on a second submission
            status = 409 if request.method == "POST" else 200
            response = render(request, "coordination/feedback/already.html", status=status)
        else:
            status = 400 if problem.reason == problem.TAMPERED else 410
            response = render(request, "coordination/feedback/link_problem.html", {"problem": problem}, status=status)
    return _private(response, language)


@require_http_methods(["GET", "POST"])
def event_feedback(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = feedback_links.read_token(token)
    except feedback_links.FeedbackLinkProblem as problem:
        return _problem_page(request, problem)
    language = registration.language
    event = registration.event
    with translation.override(language):
        form = FeedbackForm(request.POST if request.method == "POST" else None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.submit_feedback(registration=registration, data=form.to_data())
                except feedback_links.FeedbackLinkProblem as problem:  # answered meanwhile in another tab
                    return _problem_page(request, problem)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    response = render(request, "coordination/feedback/thanks.html", {"event": event})
                    return _private(response, language)
            status = 422
        context = {
            "event": event,
            "sessions": list(event.sessions.all()),
            "form": form,
            "minimum": event.network.anonymity_minimum,
        }
        response = render(request, "coordination/feedback/form.html", context, status=status)
    return _private(response, language)
