"""Benchmark pages: an organisation's scores against a peer group (for the members who lead its quality
work), and the network-wide distributions with the snapshot's refresh (for the network's coordinators).

Both read the snapshot through `selectors.figures`, which passes every group through the anonymity
gate; the templates show only what the selectors hand them. The pickers are GET forms: a value the
page does not know is reported and the default shown instead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.benchmarking.distribution import BoxPlot, Distribution, Position, Visibility
from opencaf.benchmarking.models import RefreshStatus, SnapshotState
from opencaf.benchmarking.permissions.figures import benchmark_access, coordinated_network
from opencaf.benchmarking.selectors import figures as selectors
from opencaf.benchmarking.services import snapshots
from opencaf.core.forms import StyledFormMixin
from opencaf.core.numbers import FixedPoint
from opencaf.organisations.choices import OrganisationType


class OrganisationPicker(StyledFormMixin, forms.Form):
    """What the organisation compares: a peer group and a cycle (sent by GET)."""

    group = forms.ChoiceField(label=gettext_lazy("Compare with"))
    cycle = forms.ChoiceField(label=gettext_lazy("Cycle (the year the self-assessment was finalised)"))

    def __init__(self, page: selectors.OrganisationBenchmark) -> None:
        super().__init__(initial={"group": page.group.key, "cycle": page.cycle})
        self.fields["group"].choices = [(group.key, group.label) for group in page.groups]  # type: ignore[attr-defined]
        self.fields["cycle"].choices = [(cycle, str(cycle)) for cycle in page.cycles]  # type: ignore[attr-defined]


class NetworkPicker(StyledFormMixin, forms.Form):
    """What the coordinators look at: a cycle, and a type of organisation beside the network (GET)."""

    cycle = forms.ChoiceField(label=gettext_lazy("Cycle (the year the self-assessment was finalised)"))
    org_type = forms.ChoiceField(label=gettext_lazy("Compare the network with"), required=False)

    def __init__(self, page: selectors.NetworkBenchmark) -> None:
        super().__init__(initial={"cycle": page.cycle, "org_type": page.org_type})
        self.fields["cycle"].choices = [(cycle, str(cycle)) for cycle in page.cycles]  # type: ignore[attr-defined]
        self.fields["org_type"].choices = [("", _("No type: the network only")), *OrganisationType.choices]  # type: ignore[attr-defined]


# --- the rows as the pages print them -------------------------------------------------------------------
# Formatted here, once per page, rather than by template filters and includes in every cell: a table
# of 37 rows with a plot each spent more time in the template engine than in the database.


@dataclass(frozen=True)
class Plot:
    """A box plot's marks as SVG coordinates (0–100, a dot for the decimal point in any language)."""

    minimum: str
    lower_quartile: str
    median: str
    upper_quartile: str
    maximum: str
    box_width: str
    own: str | None


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    is_criterion: bool
    group: str  # whose figures (the network's page has two rows per item)
    own: str
    own_data: str  # the own score for machines (tests, scripts): a dot for the decimal point
    change: str
    count: int | None  # organisations in the figures; None when they are not shown
    figures: tuple[str, str, str, str, str] | None  # lowest, lower quartile, median, upper quartile, highest
    why_not: str  # when there are no figures
    visibility: str
    position: str
    plot: Plot | None
    description: str  # the plot's text for screen readers (the row itself is its table alternative)


class RowFormat:
    """What every row of a page needs translated and formatted, looked up once per page."""

    def __init__(self, minimum: int) -> None:
        self.number = FixedPoint()
        self.positions = {
            Position.LOWEST_QUARTER: _("in the lowest quarter"),
            Position.BELOW_MEDIAN: _("below the median"),
            Position.AT_MEDIAN: _("at the median"),
            Position.ABOVE_MEDIAN: _("above the median"),
            Position.HIGHEST_QUARTER: _("in the highest quarter"),
        }
        self.why_not = {
            Visibility.TOO_SMALL: ngettext(
                "Fewer than %(count)s organisation: not shown", "Fewer than %(count)s organisations: not shown", minimum
            )
            % {"count": minimum},
            Visibility.HIDDEN: _("Not shown, so that no organisation can be recognised"),
            Visibility.EMPTY: _("No figures"),
            Visibility.SHOWN: _("No figures"),
        }
        self.described = _(
            "Lowest %(low)s, lower quartile %(q1)s, median %(median)s, upper quartile %(q3)s, highest %(high)s"
        )
        self.yours = _("%(figures)s; yours %(own)s")
        self.criterion = _("Criterion %(number)s. %(title)s")

    def value(self, number: float | None, places: int = 1, signed: bool = False) -> str:
        if number is None:
            return "—"
        text = self.number(number, places)
        return f"+{text}" if signed and number > 0 else text

    def row(self, item: Any, group: str = "", *, label: str = "", places: int = 1) -> Row:
        """A row of an item of `selectors` (ItemFigures, IndicatorComparison)."""
        figures: Distribution | None = item.figures
        shown, described = None, ""
        if figures is not None:
            values = (figures.minimum, figures.lower_quartile, figures.median, figures.upper_quartile, figures.maximum)
            low, q1, median, q3, high = (self.value(value, places) for value in values)
            shown = (low, q1, median, q3, high)
            described = self.described % {"low": low, "q1": q1, "median": median, "q3": q3, "high": high}
            if item.own is not None:
                described = self.yours % {"figures": described, "own": self.value(item.own, places)}
        is_criterion = getattr(item, "is_criterion", False)
        if not label:
            title = item.title
            label = self.criterion % {"number": item.code, "title": title} if is_criterion else f"{item.code} {title}"
        return Row(
            code=getattr(item, "code", ""),
            label=label,
            is_criterion=is_criterion,
            group=group,
            own=self.value(item.own, places),
            own_data=f"{item.own:.{places}f}" if item.own is not None else "",
            change=self.value(getattr(item, "change", None), places, signed=True),
            count=figures.count if figures is not None else None,
            figures=shown,
            why_not=self.why_not[item.visibility],
            visibility=item.visibility.value,
            position=self.positions[item.position] if item.position is not None else "—",
            plot=_plot(item.plot),
            description=described,
        )


def _plot(plot: BoxPlot | None) -> Plot | None:
    if plot is None:
        return None
    marks = (plot.minimum, plot.lower_quartile, plot.median, plot.upper_quartile, plot.maximum, plot.box_width)
    low, q1, median, q3, high, width = (f"{mark:.2f}" for mark in marks)
    return Plot(low, q1, median, q3, high, width, f"{plot.own:.2f}" if plot.own is not None else None)


def _asked_cycle(query: QueryDict) -> tuple[int | None, bool]:
    """The cycle asked for, and whether what was sent could be read at all."""
    text = query.get("cycle", "").strip()
    if not text:
        return None, True
    return (int(text), True) if text.isdigit() and len(text) == 4 else (None, False)


def _not_understood(query: QueryDict, understood: dict[str, bool]) -> list[str]:
    """The pickers' fields whose value was sent but not recognised: the page says so."""
    labels = {
        "group": _("Compare with"),
        "cycle": _("Cycle"),
        "org_type": _("Compare the network with"),
    }
    return [str(labels[name]) for name, known in understood.items() if query.get(name) and not known]


@login_required
@require_safe
def organisation_figures(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = benchmark_access(request.user, org_id)
    cycle, cycle_readable = _asked_cycle(request.GET)
    group_key = request.GET.get("group") or None
    page = selectors.organisation_benchmark(access.organisation, group_key=group_key, cycle=cycle)
    understood = {
        "group": group_key is None or page.group.key == group_key,
        "cycle": cycle_readable and (cycle is None or cycle == page.cycle),
    }
    rows = RowFormat(page.minimum)
    context: dict[str, Any] = {
        "organisation": access.organisation,
        "page": page,
        "rows": [rows.row(item) for block in page.criteria for item in (block.criterion, *block.subcriteria)],
        "labels": _labels(),
        "indicators": [
            (row, rows.row(row, label=_indicator_label(row), places=row.indicator.decimals)) for row in page.indicators
        ],
        "picker": OrganisationPicker(page),
        "not_understood": _not_understood(request.GET, understood),
        **access.nav_flags,
    }
    return render(request, "benchmarking/figures/organisation.html", context)


def _labels() -> dict[str, str]:
    """The tables' column names, translated once for the page."""
    return {
        "own": _("Your score"),
        "change": _("Change since your last cycle"),
        "count": _("Organisations"),
        "low": _("Lowest"),
        "q1": _("Lower quartile"),
        "median": _("Median"),
        "q3": _("Upper quartile"),
        "high": _("Highest"),
        "position": _("Your position"),
        "plot": _("Box plot"),
        "figures": _("Peer group"),
        "group": _("Organisations of"),
    }


def _indicator_label(row: selectors.IndicatorComparison) -> str:
    indicator = row.indicator
    unit = indicator.unit_label or indicator.get_unit_display()
    return f"{indicator.name_in(get_language() or 'en')} ({unit})"


def _state_context(state: SnapshotState) -> dict[str, Any]:
    waiting = state.status in (RefreshStatus.QUEUED, RefreshStatus.RUNNING)
    key = f"{state.status}-{state.progress}-{int(state.refreshed_at.timestamp() * 1e6) if state.refreshed_at else 0}"
    return {"state": state, "waiting": waiting, "state_key": key}


@login_required
@require_safe
def network_figures(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    cycle, cycle_readable = _asked_cycle(request.GET)
    org_type = request.GET.get("org_type", "")
    page = selectors.network_benchmark(network, cycle=cycle, org_type=org_type)
    understood = {
        "cycle": cycle_readable and (cycle is None or cycle == page.cycle),
        "org_type": org_type == page.org_type,
    }
    rows = RowFormat(page.minimum)
    whole, of_type = _("The whole network"), dict(OrganisationType.choices).get(page.org_type, "")
    context: dict[str, Any] = {
        "network": network,
        "page": page,
        "rows": [
            [rows.row(item.network, whole), *([rows.row(item.of_type, str(of_type))] if item.of_type else [])]
            for item in page.items
        ],
        "by_type": [(label, count, rows.why_not[state]) for _code, label, count, state in page.by_type],
        "labels": _labels(),
        "picker": NetworkPicker(page),
        "not_understood": _not_understood(request.GET, understood),
        **_state_context(page.state),
    }
    return render(request, "benchmarking/figures/network.html", context)


@login_required
@require_safe
def network_refresh_progress(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    """The snapshot's state, which the network's page polls while a refresh waits or runs; 204 while
    nothing changed since `seen`."""
    network = coordinated_network(request.user, network_id)
    context = {"network": network, **_state_context(selectors.snapshot_state(network))}
    if request.headers.get("HX-Request") and request.GET.get("seen") == context["state_key"]:
        return HttpResponse(status=204)
    return render(request, "benchmarking/figures/_state.html", context)


@login_required
@require_POST
def network_refresh(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    if snapshots.refresh_now(actor=request.user, network=network):
        messages.success(request, _("The figures are being refreshed. You may leave this page; it goes on."))
    else:
        messages.info(request, _("A refresh is already waiting to run; it will include every change made so far."))
    return redirect("benchmarking:network", network_id=network.public_id)
