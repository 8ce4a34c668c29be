"""Job profiles (HR only; other members get a 403, outsiders a 404): the list, a new profile on a
published version of the competency model, editing one (the required level per competency, grouped by
cluster, with the key flag), archiving it, and moving it to a newer published version of its model."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.core.ids import get_by_public_id
from opencaf.lib.texts import text_in
from opencaf.organisations.permissions import require
from opencaf.people.access import PeopleAccess
from opencaf.people.forms_model import MoveProfileForm, ProfileForm
from opencaf.people.models import JobProfile, ModelVersion
from opencaf.people.selectors import model as selectors
from opencaf.people.services import profiles as services
from opencaf.people.views.common import access_for_request, page_context


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _hr(request: AuthenticatedRequest, org_id: str) -> PeopleAccess:
    access = access_for_request(request, org_id)
    require(access.can_manage)
    return access


def _profile(access: PeopleAccess, profile_id: str) -> JobProfile:
    profiles = JobProfile.objects.filter(organisation=access.organisation).select_related("version__model")
    return get_by_public_id(profiles, profile_id)


def _version_name(version: ModelVersion) -> str:
    name = text_in(version.model.names, _language(), "en")
    return _("%(model)s, version %(number)d") % {"model": name, "number": version.number}


def _list(access: PeopleAccess) -> HttpResponse:
    return redirect("people:profiles", org_id=access.organisation.public_id)


def _archived_refusal(request: HttpRequest, access: PeopleAccess) -> HttpResponse:
    messages.error(request, _("This job profile is archived and no longer changes."))
    return _list(access)


@login_required
@require_GET
def profile_list(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = _hr(request, org_id)
    organisation = access.organisation
    current = selectors.profiles(organisation)
    newest: dict[int, int] = {}
    for version in selectors.usable_versions(organisation):
        newest.setdefault(version.model_id, version.number)  # newest first
    rows = [
        {
            "profile": profile,
            "version_name": _version_name(profile.version),
            "can_move": newest.get(profile.version.model_id, 0) > profile.version.number,
        }
        for profile in current
    ]
    context = page_context(
        access,
        rows=rows,
        archived=selectors.profiles(organisation, archived=True),
        can_create=bool(newest),
    )
    return render(request, "people/model/profiles.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_new(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = _hr(request, org_id)
    organisation = access.organisation
    versions = selectors.usable_versions(organisation)
    if not versions:
        messages.info(request, _("Publish a version of the competency model first: a job profile is built on one."))
        return redirect("people:model", org_id=organisation.public_id)
    in_use = selectors.model_in_use(organisation).in_use
    default = next((v for v in versions if in_use is not None and v.model_id == in_use.pk), versions[0])
    wanted = request.GET.get("version", "")
    version = next((v for v in versions if str(v.public_id) == wanted), default)
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        version=version,
        level_names=selectors.level_names(version, _language()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.create_profile(
                actor=request.user, organisation=organisation, version=version, data=form.to_input()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The job profile %(title)s is created.") % {"title": profile.title})
            return _list(access)
    status = 422 if form.errors else 200
    context = page_context(
        access,
        form=form,
        version=version,
        version_name=_version_name(version),
        versions=[(v, _version_name(v)) for v in versions],
    )
    return render(request, "people/model/profile_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthenticatedRequest, org_id: str, profile_id: str) -> HttpResponse:
    access = _hr(request, org_id)
    profile = _profile(access, profile_id)
    if profile.archived:
        return _archived_refusal(request, access)
    version = profile.version
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        version=version,
        level_names=selectors.level_names(version, _language()),
        profile=profile,
        required=selectors.profile_requirements(profile),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(actor=request.user, profile=profile, data=form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The job profile is saved."))
            return _list(access)
    status = 422 if form.errors else 200
    context = page_context(access, form=form, profile=profile, version=version, version_name=_version_name(version))
    return render(request, "people/model/profile_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile_archive(request: AuthenticatedRequest, org_id: str, profile_id: str) -> HttpResponse:
    access = _hr(request, org_id)
    profile = _profile(access, profile_id)
    if profile.archived:
        return _archived_refusal(request, access)
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.archive_profile(actor=request.user, profile=profile)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The job profile %(title)s is archived.") % {"title": profile.title})
            return _list(access)
    status = 422 if form.errors else 200
    return render(
        request, "people/model/profile_archive.html", page_context(access, form=form, profile=profile), status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_move(request: AuthenticatedRequest, org_id: str, profile_id: str) -> HttpResponse:
    access = _hr(request, org_id)
    profile = _profile(access, profile_id)
    if profile.archived:
        return _archived_refusal(request, access)
    newer = selectors.newer_versions(profile)
    if not newer:
        messages.info(request, _("The job profile is built on the newest published version of its model already."))
        return _list(access)
    form = MoveProfileForm(request.POST if request.method == "POST" else None, versions=newer)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["version"]
        try:
            report = services.move_profile(actor=request.user, profile=profile, version=target)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The job profile is built on version %(number)d now. Check its required levels.")
                % {"number": target.number},
            )
            if report.not_carried:
                messages.warning(
                    request,
                    _("Not carried over (the newer version no longer has them): %(codes)s.")
                    % {"codes": ", ".join(report.not_carried)},
                )
            if report.lowered:
                messages.warning(
                    request,
                    _("Required level lowered to the newer version's highest level: %(codes)s.")
                    % {"codes": ", ".join(report.lowered)},
                )
            return redirect("people:profile_edit", org_id=access.organisation.public_id, profile_id=profile.public_id)
    status = 422 if form.errors else 200
    context = page_context(access, form=form, profile=profile, version_name=_version_name(profile.version))
    return render(request, "people/model/profile_move.html", context, status=status)
