"""The evidence register page (list, upload, add a link) and access-checked downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.evidence import permissions, selectors, services
from opencaf.evidence.downloads import file_response
from opencaf.evidence.forms import EvidenceFileForm, EvidenceLinkForm
from opencaf.evidence.models import EvidenceKind
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import get_organisation_for_staff, require


def _back(request: AuthenticatedRequest, organisation: Organisation) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("evidence:register", org_id=organisation.public_id)


@login_required
def register(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    can_add = permissions.can_add_evidence(request.user, organisation)
    kind = request.POST.get("kind")
    file_form = EvidenceFileForm(
        request.POST if kind == EvidenceKind.FILE else None,
        request.FILES if kind == EvidenceKind.FILE else None,
        prefix="file",
    )
    link_form = EvidenceLinkForm(request.POST if kind == EvidenceKind.LINK else None, prefix="link")
    status = 200
    if request.method == "POST":
        require(can_add)
        form = file_form if kind == EvidenceKind.FILE else link_form
        if form.is_valid():
            try:
                if kind == EvidenceKind.FILE:
                    item = services.add_file(
                        actor=request.user,
                        organisation=organisation,
                        title=form.cleaned_data["title"],
                        description=form.cleaned_data["description"],
                        upload=form.cleaned_data["file"],
                    )
                else:
                    item = services.add_link(actor=request.user, organisation=organisation, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
                status = 422
            else:
                messages.success(
                    request, _("“%(title)s” has been added to the evidence register.") % {"title": item.title}
                )
                return _back(request, organisation)
        else:
            status = 422
    context = {
        "organisation": organisation,
        "items": list(selectors.register_of(organisation)),
        "file_form": file_form,
        "link_form": link_form,
        "can_add": can_add,
        "next": request.GET.get("next", ""),
    }
    return render(request, "evidence/register.html", context, status=status)


@login_required
def download(request: AuthenticatedRequest, org_id: str, evidence_id: str) -> FileResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    item = permissions.get_evidence(organisation, evidence_id)
    if item.kind != EvidenceKind.FILE or not item.file:
        raise Http404
    return file_response(item)
