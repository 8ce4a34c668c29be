"""Sharing pages: an organisation's consents to share its self-assessments' scores with its network
(its members see them, its administrators change them), and the peer groups its network's coordinators
define (organisations see nothing of these; they see their groups on their benchmark page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.benchmarking.models import PeerGroup
from opencaf.benchmarking.permissions.sharing import (
    SharingAccess,
    peer_group_for_coordinator,
    peer_groups_network,
    sharing_access,
)
from opencaf.benchmarking.selectors import sharing as selectors
from opencaf.benchmarking.services import peer_groups as group_services
from opencaf.benchmarking.services import sharing as services
from opencaf.benchmarking.sharing_forms import (
    CandidateFilterForm,
    ConsentForm,
    OrganisationsForm,
    PeerGroupForm,
    add_form,
    remove_form,
)
from opencaf.coordination.selectors.portfolio import regions_of
from opencaf.core.forms import add_service_errors
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import require

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])


# --- an organisation's consents --------------------------------------------------------------------------


def _to_sharing(organisation: Organisation) -> HttpResponse:
    return redirect("benchmarking:sharing", org_id=organisation.public_id)


def _org_context(access: SharingAccess) -> dict[str, object]:
    return {"organisation": access.organisation, "access": access, **access.nav_flags}


@login_required
@require_safe
def sharing(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = sharing_access(request.user, org_id)
    overview = selectors.sharing_overview(access.organisation) if access.network is not None else None
    context = {**_org_context(access), "overview": overview, "states": selectors.SharingState}
    return render(request, "benchmarking/sharing/organisation.html", context)


def _consent_target(
    request: AuthenticatedRequest, org_id: str, assessment_id: str
) -> tuple[SharingAccess, selectors.SharingRow]:
    """The assessment whose consent an administrator changes; 404 outside the organisation (another
    organisation's assessment included), 403 for its members who may only read."""
    access = sharing_access(request.user, org_id)
    require(access.can_change)
    return access, selectors.get_assessment(access.organisation, assessment_id)


def _blocked(access: SharingAccess, row: selectors.SharingRow) -> str:
    """Why the assessment's scores cannot be shared now, or nothing."""
    if access.network is None:
        return services.needs_network_message()
    if not row.finished:
        return services.unfinished_message()
    return ""


def _consent_saved(request: AuthenticatedRequest, row: selectors.SharingRow, *, created: bool, changed: bool) -> None:
    sharing = row.sharing
    if not changed:
        messages.info(request, _("Nothing has changed: that was already the organisation's choice."))
    elif not created:
        messages.success(request, _("The consent to share “%(title)s” has been changed.") % {"title": row.assessment})
    elif sharing is not None and sharing.shared_from is not None and row.state == selectors.SharingState.EMBARGOED:
        day = date_format(sharing.shared_from, "SHORT_DATE_FORMAT")
        messages.success(
            request,
            _("The scores of “%(title)s” will join the network's benchmarks on %(date)s.")
            % {"title": row.assessment, "date": day},
        )
    else:
        messages.success(
            request,
            _("The scores of “%(title)s” are shared with the network, anonymously.") % {"title": row.assessment},
        )


@login_required
@GET_OR_POST
def sharing_consent(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    """Give or change the consent to share one self-assessment's scores."""
    access, row = _consent_target(request, org_id, assessment_id)
    blocked = _blocked(access, row)
    form = ConsentForm(request.POST if request.method == "POST" else None, sharing=row.sharing)
    status = 200
    if request.method == "POST":
        status = 422
        if not blocked and form.is_valid():
            try:
                sharing, changed = services.give_consent(
                    actor=request.user,
                    assessment=row.assessment,
                    data=form.to_data(),
                    expected_version=form.expected_version(),
                )
            except services.StaleConsentError as error:
                row = selectors.get_assessment(access.organisation, row.assessment.public_id)
                data = request.POST.copy()
                data["version"] = services.consent_version(row.sharing)  # a second send replaces it, knowingly
                form.data = data
                add_service_errors(form, error)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                saved = selectors.SharingRow(row.assessment, sharing, selectors.sharing_state(row.assessment, sharing))
                _consent_saved(request, saved, created=row.sharing is None, changed=changed)
                return _to_sharing(access.organisation)
    context = {**_org_context(access), "row": row, "form": form, "blocked": blocked, "states": selectors.SharingState}
    return render(request, "benchmarking/sharing/consent.html", context, status=status)


@login_required
@GET_OR_POST
def sharing_withdraw(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    """Withdraw a consent, after asking."""
    access, row = _consent_target(request, org_id, assessment_id)
    if row.sharing is None:
        messages.info(request, _("The scores of “%(title)s” are not shared.") % {"title": row.assessment})
        return _to_sharing(access.organisation)
    if request.method == "POST":
        try:
            services.withdraw_consent(actor=request.user, assessment=row.assessment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("“%(title)s” is no longer shared: its scores leave the network's benchmarks shortly.")
                % {"title": row.assessment},
            )
        return _to_sharing(access.organisation)
    context = {**_org_context(access), "row": row, "states": selectors.SharingState}
    return render(request, "benchmarking/sharing/withdraw.html", context)


# --- the coordinators' peer groups --------------------------------------------------------------------------


def _to_group(group: PeerGroup) -> HttpResponse:
    return redirect("benchmarking:peer_group", network_id=group.network.public_id, group_id=group.public_id)


@login_required
@require_safe
def peer_groups(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = peer_groups_network(request.user, network_id)
    context = {"network": network, "groups": selectors.peer_groups(network)}
    return render(request, "benchmarking/sharing/peer_groups.html", context)


def _group_form_page(request: AuthenticatedRequest, network: Network, group: PeerGroup | None) -> HttpResponse:
    initial = {"name": group.name, "description": group.description} if group is not None else None
    form = PeerGroupForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            name, description = form.cleaned_data["name"], form.cleaned_data["description"]
            try:
                if group is None:
                    group = group_services.create_peer_group(
                        actor=request.user, network=network, name=name, description=description
                    )
                    messages.success(request, _("The peer group has been created. Now add its organisations."))
                else:
                    group_services.update_peer_group(
                        actor=request.user, group=group, name=name, description=description
                    )
                    messages.success(request, _("The peer group has been saved."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _to_group(group)
    context = {"network": network, "group": group, "form": form}
    return render(request, "benchmarking/sharing/peer_group_form.html", context, status=status)


@login_required
@GET_OR_POST
def peer_group_new(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    return _group_form_page(request, peer_groups_network(request.user, network_id), None)


@login_required
@GET_OR_POST
def peer_group_edit(request: AuthenticatedRequest, network_id: str, group_id: str) -> HttpResponse:
    group = peer_group_for_coordinator(request.user, network_id, group_id)
    return _group_form_page(request, group.network, group)


def _group_page(
    request: AuthenticatedRequest, group: PeerGroup, form: OrganisationsForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "network": group.network,
        "group": group,
        "page": selectors.members_page(group, request.GET.get("page")),
        "form": form,
        "ticked": set(request.POST.getlist("organisations")),
    }
    return render(request, "benchmarking/sharing/peer_group.html", context, status=status)


@login_required
@require_safe
def peer_group(request: AuthenticatedRequest, network_id: str, group_id: str) -> HttpResponse:
    return _group_page(request, peer_group_for_coordinator(request.user, network_id, group_id))


@login_required
@GET_OR_POST
def peer_group_delete(request: AuthenticatedRequest, network_id: str, group_id: str) -> HttpResponse:
    """Delete a group, after asking."""
    group = peer_group_for_coordinator(request.user, network_id, group_id)
    if request.method == "POST":
        try:
            group_services.delete_peer_group(actor=request.user, group=group)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The peer group “%(name)s” has been deleted.") % {"name": group.name})
        return redirect("benchmarking:peer_groups", network_id=group.network.public_id)
    members = group.organisations.count()
    return render(
        request,
        "benchmarking/sharing/peer_group_delete.html",
        {"network": group.network, "group": group, "members": members},
    )


def _query(request: AuthenticatedRequest) -> str:
    """The page's query string (its filters and page), to keep in the form's address."""
    return urlencode({key: str(value) for key, value in request.GET.items() if value})


@login_required
@GET_OR_POST
def peer_group_add(request: AuthenticatedRequest, network_id: str, group_id: str) -> HttpResponse:
    """Pick organisations of the network to add, a filtered page at a time."""
    group = peer_group_for_coordinator(request.user, network_id, group_id)
    network = group.network
    filters = CandidateFilterForm(request.GET or None, regions=regions_of(network))
    form = None
    status = 200
    if request.method == "POST":
        form = add_form(request.POST, Organisation.objects.filter(network=network))
        status = 422
        if form.is_valid():
            try:
                added = group_services.add_to_peer_group(
                    actor=request.user, group=group, organisations=form.cleaned_data["organisations"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if added:
                    message = ngettext(
                        "%(count)s organisation has been added to the group.",
                        "%(count)s organisations have been added to the group.",
                        added,
                    )
                    messages.success(request, message % {"count": added})
                else:
                    messages.info(request, _("The organisations you ticked were already in the group."))
                return _to_group(group)
    context = {
        "network": network,
        "group": group,
        "filters": filters,
        "page": selectors.candidates_page(group, filters.chosen(), request.GET.get("page")),
        "form": form,
        "ticked": set(request.POST.getlist("organisations")),
        "query": _query(request),
    }
    return render(request, "benchmarking/sharing/peer_group_add.html", context, status=status)


@login_required
@require_POST
def peer_group_remove(request: AuthenticatedRequest, network_id: str, group_id: str) -> HttpResponse:
    """Take the ticked organisations out of the group (from the group's page)."""
    group = peer_group_for_coordinator(request.user, network_id, group_id)
    form = remove_form(request.POST, Organisation.objects.filter(network=group.network))
    if form.is_valid():
        try:
            removed = group_services.remove_from_peer_group(
                actor=request.user, group=group, organisations=form.cleaned_data["organisations"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if removed:
                message = ngettext(
                    "%(count)s organisation has been removed from the group.",
                    "%(count)s organisations have been removed from the group.",
                    removed,
                )
                messages.success(request, message % {"count": removed})
            else:
                messages.info(request, _("The organisations you ticked were no longer in the group."))
            return _to_group(group)
    return _group_page(request, group, form, status=422)
