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
from opencaf.evidence import permissions, selectors, services
from opencaf.evidence.forms import EvidenceFileForm, EvidenceLinkForm
from opencaf.evidence.models import EvidenceKind
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import get_organisation_for_member, require


def _organisation(request: AuthenticatedRequest, org_id: str) -> Organisation:
    organisation = get_organisation_for_member(request.user, org_id)
    if not permissions.can_view_evidence(request.user, organisation):
        raise Http404  # network coordinators do not see an organisation's evidence
    return organisation


def _back(request: AuthenticatedRequest, organisation: Organisation) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("evidence:register", org_id=organisation.public_id)


@login_required
def register(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = _organisation(request, org_id)
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
                for field, errors in error.error_dict.items():
                    for message in errors:
                        form.add_error(field, message)
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
    organisation = _organisation(request, org_id)
    item = permissions.get_evidence(organisation, evidence_id)
    if item.kind != EvidenceKind.FILE or not item.file:
        raise Http404
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
