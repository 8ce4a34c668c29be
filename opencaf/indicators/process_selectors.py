"""Reads of the process register, scoped to one organisation, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from opencaf.core.ids import get_by_public_id
from opencaf.indicators.models import Indicator, Process
from opencaf.indicators.selectors import IndicatorLine, Standing, lines, standing
from opencaf.organisations.models import Organisation


def processes_of(organisation: Organisation) -> QuerySet[Process]:
    """The organisation's processes, archived ones too, with their owner and `indicator_count`: how
    many indicators in use measure each (one query)."""
    return (
        Process.objects.filter(organisation=organisation)
        .select_related("owner__user")
        .annotate(indicator_count=Count("indicators", filter=Q(indicators__archived=False)))
        .order_by("name", "id")
    )


def process_in(organisation: Organisation, public_id: object) -> Process:
    """One process of the organisation with its owner; 404 for any other (including another
    organisation's: a URL never tells whether it exists)."""
    process = get_by_public_id(
        Process.objects.filter(organisation=organisation).select_related("owner__user"), public_id
    )
    process.organisation = organisation
    return process


def measured_by(indicator: Indicator) -> list[Process]:
    """The processes in use that the indicator measures, by name (one query)."""
    return list(indicator.processes.filter(archived=False).order_by("name", "id").only("public_id", "name"))


@dataclass(frozen=True)
class ProcessDashboard:
    """One process with its indicators as the indicator list shows them, and how they stand."""

    process: Process
    lines: list[IndicatorLine]

    @property
    def standing(self) -> Standing:
        return standing(self.lines)


def dashboard(process: Process, today: date) -> ProcessDashboard:
    """The process's indicators with their latest value, status, trend and overdue value (three queries)."""
    return ProcessDashboard(process, lines(process.organisation, today, process=process))
