"""Test data builders for recognitions: rows written directly, so tests of a service or a page start from
a known state."""

from __future__ import annotations

from opencaf.coordination.models import Award, RecognitionLevel, RecognitionScheme
from opencaf.organisations.models import Network, Organisation

NAMES = (
    {"en": "CAF Beginner", "sl": "Začetnik CAF"},
    {"en": "CAF User", "sl": "Uporabnik CAF"},
    {"en": "Successful CAF User", "sl": "Uspešen uporabnik CAF"},
)


def criteria(level: int, count: int) -> list[dict[str, str]]:
    return [{"en": f"Level {level} criterion {n}", "sl": f"Merilo {n} ravni {level}"} for n in range(1, count + 1)]


def make_scheme(
    network: Network,
    *,
    levels: int = 2,
    items: int = 3,
    validity_years: int | None = None,
    archived: bool = False,
    name: dict[str, str] | None = None,
) -> RecognitionScheme:
    scheme = RecognitionScheme.objects.create(
        network=network,
        name=name or {"en": "CAF recognitions", "sl": "Priznanja CAF"},
        description={"en": "Given each year.", "sl": "Podeljena vsako leto."},
        validity_years=validity_years,
        archived=archived,
    )
    for position in range(1, levels + 1):
        RecognitionLevel.objects.create(
            scheme=scheme, position=position, name=NAMES[(position - 1) % 3], criteria=criteria(position, items)
        )
    return scheme


def level(scheme: RecognitionScheme, position: int = 1) -> RecognitionLevel:
    return scheme.levels.get(position=position)


def make_award(level: RecognitionLevel, organisation: Organisation, year: int = 2025, **fields: object) -> Award:
    values: dict[str, object] = {
        "criteria_met": list(range(len(level.criteria))),
        "citation": "For a thorough first self-assessment.",
        **fields,
    }
    return Award.objects.create(level=level, organisation=organisation, year=year, **values)
