"""Event pages: the network's coordinators draft and run events (registrations, waiting list,
attendance, certificates); members of the network's organisations see the upcoming events, register
themselves, and their quality representative registers their people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.coordination import certificates
from opencaf.coordination.event_forms import AttendanceForm, EventForm, PeopleForm
from opencaf.coordination.event_links import links_by_event, links_for
from opencaf.coordination.models import Event, EventState, Registration, RegistrationStatus
from opencaf.coordination.permissions import coordinated_network
from opencaf.coordination.selectors import events as selectors
from opencaf.coordination.services import events as services
from opencaf.core.forms import add_service_errors
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import (
    can_view_members,
    can_view_organisation_audit,
    get_organisation_for_member,
    roles_in,
)


def _event(request: AuthenticatedRequest, network_id: str, event_id: str) -> Event:
    return selectors.get_event(coordinated_network(request.user, network_id), event_id)


def _to_event(event: Event) -> HttpResponse:
    return redirect("coordination:event", network_id=event.network.public_id, event_id=event.public_id)


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the coordinator's pages ----------------------------------------------------------------------------


@login_required
def event_list(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    context = {"network": network, "events": list(selectors.events_of(network))}
    return render(request, "coordination/events/list.html", context)


def _form_page(request: AuthenticatedRequest, network: Network, event: Event | None) -> HttpResponse:
    form = EventForm(request.POST if request.method == "POST" else None, event=event)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if event is None:
                    event = services.create_event(actor=request.user, network=network, data=form.to_data())
                else:
                    services.update_event(actor=request.user, event=event, data=form.to_data())
            except ValidationError as error:
                if hasattr(error, "error_dict") and "sessions" in error.error_dict:
                    error.error_dict["session_1_date"] = error.error_dict.pop("sessions")
                add_service_errors(form, error)
            else:
                messages.success(request, _("The event has been saved."))
                return _to_event(event)
        status = 422
    context = {"network": network, "event": event, "form": form}
    return render(request, "coordination/events/form.html", context, status=status)


@login_required
def event_new(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    return _form_page(request, coordinated_network(request.user, network_id), None)


@login_required
def event_edit(request: AuthenticatedRequest, network_id: str, event_id: str) -> HttpResponse:
    event = _event(request, network_id, event_id)
    if event.state == EventState.CANCELLED:
        raise Http404
    return _form_page(request, event.network, event)


@login_required
def event_detail(request: AuthenticatedRequest, network_id: str, event_id: str) -> HttpResponse:
    event = _event(request, network_id, event_id)
    page = selectors.event_page(event)
    context = {"network": event.network, "event": event, "page": page, "event_links": links_for(request.user, event)}
    return render(request, "coordination/events/detail.html", context)


@login_required
@require_POST
def event_publish(request: AuthenticatedRequest, network_id: str, event_id: str) -> HttpResponse:
    event = _event(request, network_id, event_id)
    try:
        services.publish_event(actor=request.user, event=event)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("The event is open for registration."))
    return _to_event(event)


@login_required
@require_POST
def event_cancel(request: AuthenticatedRequest, network_id: str, event_id: str) -> HttpResponse:
    event = _event(request, network_id, event_id)
    try:
        services.cancel_event(actor=request.user, event=event)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("The event has been cancelled and everyone registered is being told by e-mail."))
    return _to_event(event)


@login_required
@require_POST
def registration_cancel(
    request: AuthenticatedRequest, network_id: str, event_id: str, registration_id: str
) -> HttpResponse:
    event = _event(request, network_id, event_id)
    registration = selectors.get_registration(event, registration_id)
    _cancel(request, registration)
    return _to_event(event)


def _cancel(request: AuthenticatedRequest, registration: Registration) -> None:
    try:
        promoted = services.cancel_registration(actor=request.user, registration=registration)
    except ValidationError as error:
        _show_errors(request, error)
        return
    messages.success(request, _("The registration of %(name)s has been cancelled.") % {"name": registration.name})
    if promoted is not None:
        messages.info(request, _("%(name)s moved from the waiting list to the free place.") % {"name": promoted.name})


@login_required
def attendance(request: AuthenticatedRequest, network_id: str, event_id: str, session_id: int) -> HttpResponse:
    event = _event(request, network_id, event_id)
    session = selectors.get_session(event, session_id)
    page = selectors.event_page(event)
    present = [str(r.public_id) for r in page.confirmed if session.pk in page.present.get(r.pk, set())]
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, registrations=page.confirmed, initial={"present": present}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                count = services.record_attendance(actor=request.user, session=session, present=form.present_ids())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Attendance saved: %(count)s person present.",
                        "Attendance saved: %(count)s people present.",
                        count,
                    )
                    % {"count": count},
                )
                return _to_event(event)
        status = 422
    context = {"network": event.network, "event": event, "session": session, "form": form}
    return render(request, "coordination/events/attendance.html", context, status=status)


@login_required
def certificate(request: AuthenticatedRequest, network_id: str, event_id: str, registration_id: str) -> HttpResponse:
    event = _event(request, network_id, event_id)
    registration = selectors.get_registration(event, registration_id)
    return _certificate(request, registration, _to_event(event))


def _certificate(request: HttpRequest, registration: Registration, back: HttpResponse) -> HttpResponse:
    """The PDF, for a confirmed place at a published event with at least one session attended."""
    if registration.status != RegistrationStatus.CONFIRMED or registration.event.state != EventState.PUBLISHED:
        raise Http404
    if not selectors.sessions_attended(registration):
        messages.error(
            request,
            _("No certificate for %(name)s: no attendance has been recorded yet.") % {"name": registration.name},
        )
        return back
    return _pdf(certificates.certificate_pdf(registration), certificates.certificate_filename(registration))


# --- organisations' members ---------------------------------------------------------------------------


def _org(request: AuthenticatedRequest, org_id: str) -> Organisation:
    organisation = get_organisation_for_member(request.user, org_id)
    if not roles_in(request.user, organisation):  # coordinators use the network's pages
        raise Http404
    return organisation


def _nav(request: AuthenticatedRequest, organisation: Organisation) -> dict[str, bool]:
    """The flags the organisation's tabs need (organisations/_org_nav.html)."""
    return {
        "show_assessments": True,
        "can_view_members": can_view_members(request.user, organisation),
        "can_view_audit": can_view_organisation_audit(request.user, organisation),
    }


def _confirmed(event: Event) -> int:
    return int(getattr(event, "confirmed_count"))  # noqa: B009 (annotated by selectors.upcoming_for)


def _to_org_events(organisation: Organisation) -> HttpResponse:
    return redirect("coordination:org_events", org_id=organisation.public_id)


@login_required
def org_events(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = _org(request, org_id)
    events = selectors.upcoming_for(organisation)
    registrations = selectors.registrations_of(organisation)
    mine = {r.event_id for r in registrations if r.email == request.user.email.lower()}
    links = links_by_event(request.user, events)  # e.g. each event's thread in the forum
    rows = [
        {
            "event": event,
            "open": not services.registration_problem(event),
            "may_register_self": event.pk not in mine and services.may_register_self(request.user, event, organisation),
            "may_register_people": services.may_register_people(request.user, event, organisation),
            "places_left": None if event.capacity is None else max(0, event.capacity - _confirmed(event)),
            "links": links[event.pk],
        }
        for event in events
    ]
    may_see_all = Role.ORG_ADMIN in roles_in(request.user, organisation)
    shown = [r for r in registrations if may_see_all or r.email == request.user.email.lower()]
    context = {
        "organisation": organisation,
        "rows": rows,
        "registrations": shown,
        "user_email": request.user.email.lower(),
        **_nav(request, organisation),
    }
    return render(request, "coordination/events/org_events.html", context)


@login_required
@require_POST
def register_self(request: AuthenticatedRequest, org_id: str, event_id: str) -> HttpResponse:
    organisation = _org(request, org_id)
    event = selectors.get_event_for_organisation(organisation, event_id)
    try:
        registration = services.register_self(actor=request.user, event=event, organisation=organisation)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("You are registered. A confirmation with a calendar file is on its way."))
        else:
            messages.warning(
                request,
                _(
                    "All places are taken: you are on the waiting list "
                    "and will get a place automatically if one becomes free."
                ),
            )
    return _to_org_events(organisation)


@login_required
def register_people(request: AuthenticatedRequest, org_id: str, event_id: str) -> HttpResponse:
    organisation = _org(request, org_id)
    event = selectors.get_event_for_organisation(organisation, event_id)
    if not services.may_register_people(request.user, event, organisation):
        raise Http404
    form = PeopleForm(request.POST if request.method == "POST" else None, language=organisation.default_language)
    status = 200
    problem = services.registration_problem(event)
    if request.method == "POST":
        if form.is_valid():
            try:
                done = services.register_people(
                    actor=request.user, event=event, organisation=organisation, people=form.people()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                confirmed = sum(1 for r in done if r.status == RegistrationStatus.CONFIRMED)
                waiting = len(done) - confirmed
                if confirmed:
                    messages.success(
                        request,
                        ngettext("%(count)s person registered.", "%(count)s people registered.", confirmed)
                        % {"count": confirmed},
                    )
                if waiting:
                    messages.warning(
                        request,
                        ngettext(
                            "%(count)s person is on the waiting list: all places are taken.",
                            "%(count)s people are on the waiting list: all places are taken.",
                            waiting,
                        )
                        % {"count": waiting},
                    )
                return _to_org_events(organisation)
        status = 422
    context = {
        "organisation": organisation,
        "event": event,
        "form": form,
        "problem": problem,
        **_nav(request, organisation),
    }
    return render(request, "coordination/events/register_people.html", context, status=status)


@login_required
@require_POST
def my_registration_cancel(request: AuthenticatedRequest, org_id: str, registration_id: str) -> HttpResponse:
    organisation = _org(request, org_id)
    if Role.ORG_ADMIN in roles_in(request.user, organisation):
        registration = selectors.get_registration_of_organisation(organisation, registration_id)
    else:
        registration = selectors.get_own_registration(organisation, request.user.email, registration_id)
    _cancel(request, registration)
    return _to_org_events(organisation)


@login_required
def my_certificate(request: AuthenticatedRequest, org_id: str, registration_id: str) -> HttpResponse:
    """The participant's own certificate (signed in, the registration's e-mail address is theirs)."""
    organisation = _org(request, org_id)
    registration = selectors.get_own_registration(organisation, request.user.email, registration_id)
    return _certificate(request, registration, _to_org_events(organisation))
