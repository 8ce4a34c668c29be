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
from opencaf.coordination import stage_facts
from opencaf.coordination.engagement_forms import FLAG_LABELS, STAGE_LABELS, EngagementForm, PortfolioFilterForm
from opencaf.coordination.permissions import coordinated_network
from opencaf.coordination.selectors.portfolio import (
    PortfolioRow,
    Standing,
    engagement_log,
    filter_rows,
    get_organisation_in_network,
    pipeline,
    portfolio_of,
    public_ids,
    regions_in,
    rows_of,
    sort_rows,
    standings_of,
)
from opencaf.coordination.services.engagement import record_contact
from opencaf.coordination.stages import ORDER, history
from opencaf.core.forms import add_service_errors
from opencaf.organisations.choices import OrganisationType, SizeBand

PAGE_SIZE = 100
FILTERS = ("org_type", "size", "region", "stage", "flag")


def _filters(request: AuthenticatedRequest, everyone: list[Standing]) -> tuple[PortfolioFilterForm, dict[str, str]]:
    """The filters asked for; the regions to choose from are those of the network's organisations."""
    form = PortfolioFilterForm(request.GET or None, regions=regions_in(everyone))
    if not form.is_bound or not form.is_valid():
        return form, {}
    return form, {key: value for key, value in form.cleaned_data.items() if value}


def _labels() -> dict[str, dict[str, str]]:
    """Stages, flags, types and sizes in the reader's language, translated once for a page rather
    than once in each of its rows."""
    return {
        "stage": {stage: str(label) for stage, label in STAGE_LABELS.items()},
        "flag": {flag: str(label) for flag, label in FLAG_LABELS.items()},
        "type": {code: str(label) for code, label in OrganisationType.choices},
        "size": {code: str(label) for code, label in SizeBand.choices},
    }


def _shown(row: PortfolioRow, labels: dict[str, dict[str, str]]) -> dict[str, Any]:
    """A row as the pages show it, with its labels in the reader's language (`_labels`)."""
    return {
        "row": row,
        "stage_label": labels["stage"][row.stage],
        "flag_labels": [labels["flag"][flag] for flag in row.flags],
        "type_label": labels["type"].get(row.org_type, row.org_type),
        "size_label": labels["size"].get(row.size_band, row.size_band),
    }


def _query_without(request: AuthenticatedRequest, *names: str) -> str:
    """The page's query string without the given parameters, to append to links that set them."""
    query: QueryDict = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
def portfolio_table(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    """Every organisation's stage and flags are worked out to filter, sort and count them; only the
    page's hundred are read with their dates."""
    network = coordinated_network(request.user, network_id)
    today = timezone.localdate()
    everyone = standings_of(network, today=today)
    form, chosen = _filters(request, everyone)
    matching = filter_rows(
        everyone,
        org_type=chosen.get("org_type", ""),
        size_band=chosen.get("size", ""),
        region=chosen.get("region", ""),
        stage=chosen.get("stage", ""),
        flag=chosen.get("flag", ""),
    )
    page = Paginator(sort_rows(matching, chosen.get("sort", "name")), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = _labels()
    context = {
        "network": network,
        "form": form,
        "page": page,
        "lines": [_shown(row, labels) for row in rows_of(network, page, today=today)],
        "total": len(everyone),
        "matching": len(matching),
        "filtered": bool(set(FILTERS) & chosen.keys()),
        "sort_query": _query_without(request, "page", "sort"),
        "sort": chosen.get("sort", "name"),
    }
    return render(request, "coordination/portfolio/table.html", context)


@login_required
def portfolio_pipeline(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    everyone = standings_of(network, today=timezone.localdate())
    form, chosen = _filters(request, everyone)
    matching = filter_rows(
        everyone,
        org_type=chosen.get("org_type", ""),
        size_band=chosen.get("size", ""),
        region=chosen.get("region", ""),
        flag=chosen.get("flag", ""),
    )
    columns = pipeline(matching)
    links = public_ids(network, [one.organisation_id for column in columns for one in column.first])
    context = {
        "network": network,
        "form": form,
        "columns": [
            {
                "column": column,
                "label": STAGE_LABELS[column.stage],
                "first": [
                    {"standing": one, "public_id": links[one.organisation_id]}
                    for one in column.first
                    if one.organisation_id in links
                ],
            }
            for column in columns
        ],
        "matching": len(matching),
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
    today = timezone.localdate()
    (row,) = portfolio_of(network, today=today, organisation_ids=[organisation.pk])
    reached = {milestone.stage: milestone.on for milestone in history(row.facts)}
    unrecorded = stage_facts.unrecorded()
    path = [
        {"label": STAGE_LABELS[stage], "on": reached.get(stage), "recorded": stage not in unrecorded}
        for stage in ORDER[1:]
    ]
    context = {
        "network": network,
        "organisation": organisation,
        "line": _shown(row, _labels()),
        "path": path,
        # What apps above coordination tell of the organisation in this network (external feedback, labels).
        "history": stage_facts.history_of(organisation, network=network, today=today),
        "entries": list(engagement_log(network, organisation)),
        "form": form,
    }
    return render(request, "coordination/portfolio/organisation.html", context)
