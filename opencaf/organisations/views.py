"""Organisation pages: overview, members, invitations and audit log; network portfolio and imports.

Each view: parse → access helper (404 outside, 403 without the role) → service or selector → render.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.accounts.sign_on_provider import configured_providers as sign_on_providers
from opencaf.audit import selectors as audit_selectors
from opencaf.audit.models import AuditEvent
from opencaf.core.forms import add_service_errors
from opencaf.core.importing import run_import
from opencaf.organisations import permissions, selectors, services, sign_on
from opencaf.organisations.choices import OrganisationType, Role, SizeBand
from opencaf.organisations.forms import InvitationForm, MembershipForm, NewAccountForm, OrganisationForm
from opencaf.organisations.importing import organisation_importer
from opencaf.organisations.permissions import require

AUDIT_PAGE_SIZE = 50


@login_required
def organisation_detail(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = permissions.get_organisation_for_member(request.user, org_id)
    roles = permissions.roles_in(request.user, organisation)
    context = {
        "organisation": organisation,
        "my_roles": [Role(code).label for code in Role.values if code in roles],
        "role_counts": [(Role(code).label, n) for code, n in sorted(selectors.role_counts(organisation).items())],
        "can_view_members": permissions.can_view_members(request.user, organisation),
        "can_manage_members": permissions.can_manage_members(request.user, organisation),
        "can_view_audit": permissions.can_view_organisation_audit(request.user, organisation),
        "children": list(organisation.children.order_by("name")) if roles else [],
        # Self-assessments are for the organisation's members, not for network coordinators.
        "show_assessments": bool(roles),
    }
    return render(request, "organisations/detail.html", context)


@login_required
def member_list(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = permissions.get_organisation_for_member(request.user, org_id)
    require(permissions.can_view_members(request.user, organisation))
    can_manage = permissions.can_manage_members(request.user, organisation)
    context = {
        "organisation": organisation,
        "members": list(selectors.members_of(organisation)),
        "invitations": list(selectors.pending_invitations(organisation)) if can_manage else [],
        "can_manage_members": can_manage,
    }
    return render(request, "organisations/members.html", context)


@login_required
def member_edit(request: AuthenticatedRequest, org_id: str, membership_id: str) -> HttpResponse:
    organisation = permissions.get_organisation_for_member(request.user, org_id)
    require(permissions.can_manage_members(request.user, organisation))
    membership = permissions.get_membership_in(organisation, membership_id)
    initial = {
        "roles": membership.role_codes,
        "department": membership.department,
        "staff_level": membership.staff_level,
    }
    form = MembershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_member_roles(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member's roles have been saved."))
            return redirect("organisations:members", org_id=organisation.public_id)
    return render(
        request,
        "organisations/member_edit.html",
        {"organisation": organisation, "membership": membership, "form": form},
    )


@login_required
@require_POST
def member_remove(request: AuthenticatedRequest, org_id: str, membership_id: str) -> HttpResponse:
    organisation = permissions.get_organisation_for_member(request.user, org_id)
    require(permissions.can_manage_members(request.user, organisation))
    membership = permissions.get_membership_in(organisation, membership_id)
    try:
        services.remove_member(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user.display_name})
    return redirect("organisations:members", org_id=organisation.public_id)


@login_required
def invite(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = permissions.get_organisation_for_member(request.user, org_id)
    require(permissions.can_manage_members(request.user, organisation))
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invite_member(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": invitation.email})
            return redirect("organisations:members", org_id=organisation.public_id)
    return render(
        request,
        "organisations/invite.html",
        {"organisation": organisation, "form": form, "valid_days": settings.INVITATION_VALID_DAYS},
    )


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedRequest, org_id: str, invitation_id: str) -> HttpResponse:
    organisation = permissions.get_organisation_for_member(request.user, org_id)
    require(permissions.can_manage_members(request.user, organisation))
    invitation = permissions.get_invitation_in(organisation, invitation_id)
    try:
        services.revoke_invitation(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation to %(email)s has been revoked.") % {"email": invitation.email})
    return redirect("organisations:members", org_id=organisation.public_id)


def _audit_page(request: HttpRequest, queryset: QuerySet[AuditEvent]) -> Page[AuditEvent]:
    return Paginator(queryset, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def organisation_audit(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = permissions.get_organisation_for_member(request.user, org_id)
    require(permissions.can_view_organisation_audit(request.user, organisation))
    roles = permissions.roles_in(request.user, organisation)
    page = _audit_page(request, audit_selectors.events_for_organisation(organisation, roles))
    return render(request, "organisations/audit.html", {"organisation": organisation, "page": page})


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link from an invitation e-mail. Works signed in, signed out, with or without an account."""
    try:
        invitation = services.find_usable_invitation(token)
    except services.InvitationProblem as problem:
        return _invitation_problem(request, problem)
    from opencaf.accounts.models import User

    context: dict[str, object] = {"invitation": invitation, "organisation": invitation.organisation, "token": token}
    if request.user.is_authenticated:
        if request.user.email.lower() != invitation.email.lower():
            return render(request, "organisations/invitation_wrong_account.html", context, status=403)
        if request.method == "POST":
            membership = services.accept_invitation(token=token, user=request.user)
            messages.success(
                request, _("Welcome to %(organisation)s.") % {"organisation": membership.organisation.name}
            )
            return redirect("organisations:detail", org_id=membership.organisation.public_id)
        return render(request, "organisations/invitation_accept.html", context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        return render(request, "organisations/invitation_sign_in.html", context)
    form = NewAccountForm(
        request.POST or None, email=invitation.email, initial={"language": invitation.organisation.default_language}
    )
    if request.method == "POST" and form.is_valid():
        membership = services.accept_invitation_as_new_user(
            token=token,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            language=form.cleaned_data["language"],
        )
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to %(organisation)s.") % {"organisation": membership.organisation.name})
        return redirect("organisations:detail", org_id=membership.organisation.public_id)
    context["form"] = form
    context["sign_on_providers"] = sign_on_providers(request)
    return render(request, "organisations/invitation_new_account.html", context)


def _invitation_problem(request: HttpRequest, problem: services.InvitationProblem) -> HttpResponse:
    status = 404 if problem.reason == problem.UNKNOWN else 410
    return render(request, "organisations/invitation_problem.html", {"problem": problem}, status=status)


@require_POST
def accept_invitation_with_provider(request: HttpRequest, token: str, provider_id: str) -> HttpResponse:
    """ "Accept with SI-PASS": keep the invitation for the way back, then go to the provider."""
    try:
        services.find_usable_invitation(token)
    except services.InvitationProblem as problem:
        return _invitation_problem(request, problem)
    if provider_id not in {configured for configured, _name in sign_on_providers(request)}:
        raise Http404
    sign_on.remember_invitation(request, token)
    login_url = reverse("openid_connect_login", kwargs={"provider_id": provider_id})
    return redirect(f"{login_url}?process=login")


# --- networks ------------------------------------------------------------------------------------


@login_required
def network_detail(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = permissions.get_network_for_coordinator(request.user, network_id)
    context = {"network": network, "organisations": list(selectors.portfolio(network))}
    return render(request, "organisations/network.html", context)


@login_required
def network_add_organisation(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = permissions.get_network_for_coordinator(request.user, network_id)
    form = OrganisationForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        data = services.OrganisationData(**{field: form.cleaned_data[field] for field in OrganisationForm.Meta.fields})
        try:
            organisation = services.create_organisation(actor=request.user, network=network, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been added to the network.") % {"name": organisation.name})
            return redirect("organisations:network", network_id=network.public_id)
    return render(request, "organisations/network_add.html", {"network": network, "form": form})


@login_required
def network_import(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = permissions.get_network_for_coordinator(request.user, network_id)
    context = {"network": network, "types": OrganisationType.choices, "sizes": SizeBand.choices}
    return run_import(
        request,
        organisation_importer(actor=request.user, network=network),
        template="organisations/network_import.html",
        context=context,
        scope_key=str(network.public_id),
        success_url=reverse("organisations:network", kwargs={"network_id": network.public_id}),
    )


@login_required
def network_audit(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = permissions.get_network_for_coordinator(request.user, network_id)
    page = _audit_page(request, audit_selectors.events_for_network(network))
    return render(request, "organisations/network_audit.html", {"network": network, "page": page})
