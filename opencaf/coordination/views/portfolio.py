"""The portfolio for a network's coordinators: a table of every organisation with its stage and
flags (filtered, sorted, paginated), the pipeline (a column per stage), and one organisation's
coordination page (its path with dates, its flags, the engagement log and a form to add to it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.coordination.engagement_forms import FLAG_LABELS, STAGE_LABELS, EngagementForm, PortfolioFilterForm
from opencaf.coordination.permissions import coordinated_network
from opencaf.coordination.selectors.portfolio import (
    PortfolioRow,
    engagement_log,
    filter_rows,
    get_organisation_in_network,
    pipeline,
    portfolio_of,
    sort_rows,
)
from opencaf.coordination.services.engagement import record_contact
from opencaf.coordination.stages import NOT_RECORDED, ORDER, history
from opencaf.core.forms import add_service_errors
from opencaf.organisations.choices import OrganisationType, SizeBand

PAGE_SIZE = 100


def _filters(request: AuthenticatedRequest) -> tuple[PortfolioFilterForm, dict[str, str]]:
    form = PortfolioFilterForm(request.GET or None)
    if not form.is_bound or not form.is_valid():
        return form, {}
    return form, {key: value for key, value in form.cleaned_data.items() if value}


def _shown(row: PortfolioRow) -> dict[str, Any]:
    """A row as the pages show it, with its labels in the reader's language."""
    return {
        "row": row,
        "stage_label": STAGE_LABELS[row.stage],
        "flag_labels": [FLAG_LABELS[flag] for flag in row.flags],
        "type_label": OrganisationType(row.org_type).label if row.org_type in OrganisationType.values else row.org_type,
        "size_label": SizeBand(row.size_band).label if row.size_band in SizeBand.values else row.size_band,
    }


def _query_without(request: AuthenticatedRequest, *names: str) -> str:
    """The page's query string without the given parameters, to append to links that set them."""
    query: QueryDict = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
def portfolio_table(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    form, chosen = _filters(request)
    rows = portfolio_of(network, today=timezone.localdate())
    shown = filter_rows(
        rows,
        org_type=chosen.get("org_type", ""),
        size_band=chosen.get("size", ""),
        stage=chosen.get("stage", ""),
        flag=chosen.get("flag", ""),
    )
    page = Paginator(sort_rows(shown, chosen.get("sort", "name")), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "network": network,
        "form": form,
        "page": page,
        "lines": [_shown(row) for row in page.object_list],
        "total": len(rows),
        "matching": len(shown),
        "filtered": bool({"org_type", "size", "stage", "flag"} & chosen.keys()),
        "page_query": _query_without(request, "page"),
        "sort_query": _query_without(request, "page", "sort"),
        "sort": chosen.get("sort", "name"),
    }
    return render(request, "coordination/portfolio/table.html", context)


@login_required
def portfolio_pipeline(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    form, chosen = _filters(request)
    rows = filter_rows(
        portfolio_of(network, today=timezone.localdate()),
        org_type=chosen.get("org_type", ""),
        size_band=chosen.get("size", ""),
        flag=chosen.get("flag", ""),
    )
    columns = [
        {"column": column, "label": STAGE_LABELS[column.stage], "first": [_shown(row) for row in column.first]}
        for column in pipeline(rows)
    ]
    context = {
        "network": network,
        "form": form,
        "columns": columns,
        "matching": len(rows),
        "table_query": _query_without(request, "stage", "sort", "page"),
    }
    return render(request, "coordination/portfolio/pipeline.html", context)


@login_required
def organisation_page(request: AuthenticatedRequest, network_id: str, org_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    organisation = get_organisation_in_network(network, org_id)
    form = EngagementForm(request.POST or None, initial={"happened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            record_contact(
                actor=request.user,
                network=network,
                organisation=organisation,
                kind=form.cleaned_data["kind"],
                happened_on=form.cleaned_data["happened_on"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contact has been added to the engagement log."))
            return redirect("coordination:portfolio_organisation", network_id=network.public_id, org_id=org_id)
    (row,) = portfolio_of(network, today=timezone.localdate(), organisation_ids=[organisation.pk])
    reached = {milestone.stage: milestone.on for milestone in history(row.facts)}
    path = [
        {"label": STAGE_LABELS[stage], "on": reached.get(stage), "recorded": stage not in NOT_RECORDED}
        for stage in ORDER[1:]
    ]
    context = {
        "network": network,
        "organisation": organisation,
        "line": _shown(row),
        "path": path,
        "entries": list(engagement_log(network, organisation)),
        "form": form,
    }
    return render(request, "coordination/portfolio/organisation.html", context)
