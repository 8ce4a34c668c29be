"""The network's most frequent areas for improvement, for its coordinators (a ranking of subcriteria and,
where enough organisations named one, the texts of one subcriterion), and the organisation's consent
to be counted in it, given or withdrawn by its administrators from the organisation's overview."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.coordination.area_forms import AreaFilterForm
from opencaf.coordination.permissions import coordinated_network
from opencaf.coordination.selectors.improvement_areas import (
    Selection,
    area_texts,
    improvement_areas,
    subcriterion_in_use,
)
from opencaf.coordination.selectors.portfolio import regions_of
from opencaf.organisations.choices import OrganisationType, Role
from opencaf.organisations.consent_forms import ImprovementAreaSharingForm
from opencaf.organisations.models import Network
from opencaf.organisations.permissions import get_organisation_for_member, require, roles_in
from opencaf.organisations.services import set_improvement_area_sharing

TEXTS_PAGE_SIZE = 200


def _selection(request: AuthenticatedRequest, network: Network) -> tuple[AreaFilterForm, Selection]:
    form = AreaFilterForm(request.GET or None, regions=regions_of(network))
    if not form.is_bound or not form.is_valid():
        return form, Selection()
    return form, Selection(org_type=form.cleaned_data["org_type"], region=form.cleaned_data["region"])


def _described(selection: Selection) -> str:
    """The selection in words, for headings and captions."""
    parts = []
    if selection.org_type:
        parts.append(str(OrganisationType(selection.org_type).label))
    if selection.region:
        parts.append(selection.region)
    return ", ".join(parts)


def _query(selection: Selection) -> str:
    """The selection as a query string, for links that keep it."""
    chosen = (("org_type", selection.org_type), ("region", selection.region))
    return urlencode({key: value for key, value in chosen if value})


@login_required
def improvement_areas_overview(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    form, selection = _selection(request, network)
    context = {
        "network": network,
        "form": form,
        "overview": improvement_areas(network, selection),
        "selection": _described(selection),
        "filter_query": _query(selection),
    }
    return render(request, "coordination/improvement_areas/overview.html", context)


@login_required
def improvement_area_texts(request: AuthenticatedRequest, network_id: str, framework: str, code: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    framework_version, subcriterion = subcriterion_in_use(framework, code)
    form, selection = _selection(request, network)
    found = area_texts(network, framework_version, subcriterion, selection)
    page = Paginator(found.texts, TEXTS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "network": network,
        "form": form,
        "found": found,
        "page": page,
        "first_number": page.start_index() if found.texts else 0,
        "minimum": network.anonymity_minimum,
        "selection": _described(selection),
        "filter_query": _query(selection),
    }
    return render(request, "coordination/improvement_areas/texts.html", context)


@login_required
@require_POST
def improvement_area_sharing(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    """The administrator's choice from the organisation's overview (organisations/_improvement_area_sharing.html)."""
    organisation = get_organisation_for_member(request.user, org_id)
    roles = roles_in(request.user, organisation)
    if not roles:  # the network's coordinators do not decide what an organisation shares with them
        raise Http404
    require(Role.ORG_ADMIN in roles)
    form = ImprovementAreaSharingForm(request.POST)
    shares = form.is_valid() and bool(form.cleaned_data["shares_improvement_areas"])
    try:
        changed = set_improvement_area_sharing(actor=request.user, organisation=organisation, shares=shares)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not changed:
            messages.info(request, _("Nothing has changed: that was already the organisation's choice."))
        elif shares:
            messages.success(
                request,
                _("%(organisation)s now shares its agreed areas for improvement with the network's quality unit.")
                % {"organisation": organisation.name},
            )
        else:
            messages.success(
                request,
                _(
                    "%(organisation)s no longer shares its areas for improvement; "
                    "they are left out of the network's overview."
                )
                % {"organisation": organisation.name},
            )
    return redirect("organisations:detail", org_id=organisation.public_id)
