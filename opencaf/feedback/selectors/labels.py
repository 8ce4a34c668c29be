"""Reading labels: the public register of labels valid today, a label's certificate for those who may
have it, and the label of a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404
from django.utils import timezone

from opencaf.core.ids import get_by_public_id
from opencaf.feedback.models import FeedbackCase, Label
from opencaf.organisations.choices import Country
from opencaf.organisations.permissions import is_coordinator, roles_in

PER_PAGE = 25


def valid_public_labels(today: date | None = None) -> Any:
    """Labels anyone may see: listed in the register and still valid today (valid until is inclusive)."""
    today = today or timezone.localdate()
    return Label.objects.filter(public=True, valid_until__gte=today, awarded_on__lte=today)


@dataclass(frozen=True)
class Register:
    page: Page[Label]
    countries: list[tuple[str, str]]  # the countries of the organisations listed: (code, name)
    country: str  # the country chosen, or ""
    today: date


def register(country: str = "", page_number: str | int | None = 1) -> Register:
    """The register's page: labels valid today, across networks, by organisation name, optionally of
    one country's organisations. Three queries whatever the number of labels."""
    today = timezone.localdate()
    labels = valid_public_labels(today)
    present = set(labels.values_list("organisation__country", flat=True).distinct())
    names = dict(Country.choices)
    countries = sorted(((code, str(names.get(code, code))) for code in present), key=lambda item: item[1])
    if country not in present:
        country = ""
    if country:
        labels = labels.filter(organisation__country=country)
    labels = labels.select_related("organisation", "network").order_by("organisation__name", "-awarded_on", "pk")
    page = Paginator(labels, PER_PAGE).get_page(page_number)
    return Register(page=page, countries=countries, country=country, today=today)


def label_for_certificate(user: Any, label_id: object) -> Label:
    """The label whose certificate the person may download: the organisation's members and the network's
    coordinators; 404 for anyone else."""
    label = get_by_public_id(Label.objects.select_related("organisation", "network", "case__procedure"), label_id)
    if not (roles_in(user, label.organisation) or is_coordinator(user, label.network)):
        raise Http404
    return label


def label_of(case: FeedbackCase) -> Label | None:
    return Label.objects.filter(case=case).first()
