"""Reads for recognitions: a network's schemes and awards for its coordinators, the public list of a
network's recognised organisations (anyone), and an organisation's own awards (its members).
Each list is a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from opencaf.audit.models import AuditEvent
from opencaf.coordination.models import Award, RecognitionLevel, RecognitionScheme
from opencaf.core.ids import get_by_public_id
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Network, Organisation

AWARD_RELATIONS = ("level__scheme__network", "organisation")


def name_in(texts: Mapping[str, str] | None, network: Network, language: str | None = None) -> str:
    """A name or description in `language` (the reader's by default), else the network's, else any."""
    return text_in(texts, language or get_language() or settings.LANGUAGE_CODE, network.default_language)


def language_of(texts: Mapping[str, str] | None, network: Network, language: str) -> str:
    """The language `name_in(texts, network, language)` picks, for the `lang` of the element showing it."""
    for code in (language, network.default_language, *(texts or {})):
        if ((texts or {}).get(code) or "").strip():
            return code
    return language


# --- the coordinator's pages ------------------------------------------------------------------------------


def schemes_of(network: Network) -> list[RecognitionScheme]:
    """The network's schemes, archived last, each with its levels in order and every level's number of
    awards (`award_count`). Two queries."""
    levels = RecognitionLevel.objects.annotate(award_count=Count("awards")).order_by("position", "id")
    return list(
        RecognitionScheme.objects.filter(network=network)
        .select_related("network")
        .prefetch_related(Prefetch("levels", queryset=levels))
        .order_by("archived", "created_at", "id")
    )


def get_scheme(network: Network, public_id: object) -> RecognitionScheme:
    schemes = RecognitionScheme.objects.filter(network=network).select_related("network")
    return get_by_public_id(schemes.prefetch_related("levels"), public_id)


def get_level(scheme: RecognitionScheme, public_id: object) -> RecognitionLevel:
    return get_by_public_id(RecognitionLevel.objects.filter(scheme=scheme).select_related("scheme__network"), public_id)


def level_usage(scheme: RecognitionScheme) -> dict[int, tuple[int, int]]:
    """level id -> (number of awards, number of checklist items they refer to), for the scheme's form."""
    usage: dict[int, tuple[int, int]] = {}
    for level_id, met in Award.objects.filter(level__scheme=scheme).values_list("level_id", "criteria_met"):
        count, used = usage.get(level_id, (0, 0))
        usage[level_id] = (count + 1, max([used, *(int(index) + 1 for index in met or [])]))
    return usage


def awards_of(network: Network, *, year: int | None = None, scheme: RecognitionScheme | None = None) -> list[Award]:
    """The network's awards, newest year first, then by scheme, level and organisation. One query."""
    awards = Award.objects.filter(level__scheme__network=network)
    if year is not None:
        awards = awards.filter(year=year)
    if scheme is not None:
        awards = awards.filter(level__scheme=scheme)
    return list(
        awards.select_related(*AWARD_RELATIONS).order_by(
            "-year", "level__scheme__created_at", "level__scheme_id", "level__position", "organisation__name", "id"
        )
    )


def award_years(network: Network) -> list[int]:
    years = Award.objects.filter(level__scheme__network=network).values_list("year", flat=True)
    return sorted(set(years), reverse=True)


def get_award(network: Network, public_id: object) -> Award:
    awards = Award.objects.filter(level__scheme__network=network).select_related(*AWARD_RELATIONS, "awarded_by")
    return get_by_public_id(awards, public_id)


def award_history(award: Award) -> list[AuditEvent]:
    """What happened to the award, oldest first: given (with the note on unticked criteria), changed, withdrawn."""
    events = AuditEvent.objects.filter(object_type="coordination.award", object_id=str(award.public_id))
    return list(events.select_related("actor").order_by("occurred_at", "id"))


def organisations_to_award(network: Network) -> QuerySet[Organisation]:
    return Organisation.objects.filter(network=network).only("id", "public_id", "name", "network_id").order_by("name")


# --- the public list ----------------------------------------------------------------------------------------


def _published(network: Network) -> QuerySet[Award]:
    return Award.objects.filter(level__scheme__network=network, public=True, withdrawn_at__isnull=True)


def has_published(network: Network) -> bool:
    return _published(network).exists()


def public_network(public_id: object) -> Network:
    """The network, if it has published at least one award; else 404 (it has no public list)."""
    network = get_by_public_id(Network.objects.all(), public_id)
    if not _published(network).exists():
        raise Http404
    return network


@dataclass
class LevelGroup:
    name: str
    language: str  # of the name: the reader's, or the network's when the level has no name in theirs
    scheme_name: str
    scheme_language: str
    awards: list[Award] = field(default_factory=list)


@dataclass
class YearGroup:
    year: int
    levels: list[LevelGroup] = field(default_factory=list)


@dataclass
class PublicList:
    network: Network
    years: list[YearGroup]
    several_schemes: bool  # name each level's scheme beside it
    today: date


def public_list(network: Network, language: str) -> PublicList:
    """The public, not withdrawn awards grouped by year (newest first), then by level in the scheme's
    order, names in `language` (else the network's). One query."""
    awards = list(
        _published(network)
        .select_related("level__scheme", "organisation")
        .order_by("-year", "level__scheme__created_at", "level__scheme_id", "level__position", "organisation__name")
    )
    years: list[YearGroup] = []
    for award in awards:
        if not years or years[-1].year != award.year:
            years.append(YearGroup(award.year))
        groups = years[-1].levels
        if not groups or groups[-1].awards[-1].level_id != award.level_id:
            level = award.level
            scheme = level.scheme
            groups.append(
                LevelGroup(
                    name=name_in(level.name, network, language),
                    language=language_of(level.name, network, language),
                    scheme_name=name_in(scheme.name, network, language),
                    scheme_language=language_of(scheme.name, network, language),
                )
            )
        groups[-1].awards.append(award)
    schemes = {award.level.scheme_id for award in awards}
    return PublicList(network, years, len(schemes) > 1, timezone.localdate())


# --- an organisation's own awards ------------------------------------------------------------------------


def awards_of_organisation(organisation: Organisation) -> list[Award]:
    """Every award of the organisation, withdrawn ones too (marked so), newest first. One query."""
    awards = Award.objects.filter(organisation=organisation).select_related("level__scheme__network")
    return list(awards.order_by("-year", "level__scheme_id", "level__position", "id"))


def get_award_of_organisation(organisation: Organisation, public_id: object) -> Award:
    awards = Award.objects.filter(organisation=organisation).select_related(*AWARD_RELATIONS)
    return get_by_public_id(awards, public_id)
