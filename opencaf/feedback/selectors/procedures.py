"""Reading external feedback procedures: the one a network runs (chosen by its coordinators, else the
default for its country) and a procedure's definition as the coordinators' page shows it, in the
active language, every value with how far it is verified."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import pgettext

from opencaf.feedback.models import NetworkProcedure, Procedure, SourceStatus
from opencaf.feedback.procedure_schema import unverified
from opencaf.feedback.services.procedures import default_among, default_procedure
from opencaf.organisations.choices import Country
from opencaf.organisations.models import Network

# Values a coordinator may rely on; anything else carries a visible mark on the page.
CHECKED = (SourceStatus.VERIFIED, SourceStatus.VERIFIED_2013)


@dataclass(frozen=True)
class InUse:
    """The procedure a network runs: `chosen` by its coordinators (when, by whom) or its default."""

    procedure: Procedure | None
    chosen: bool
    chosen_at: datetime | None = None
    chosen_by: str = ""


def procedure_of(network: Network, loaded: list[Procedure] | None = None) -> InUse:
    """The network's procedure; `loaded`: every loaded procedure when the caller has read them already."""
    choice = NetworkProcedure.objects.select_related("procedure", "chosen_by").filter(network=network).first()
    if choice is not None:
        chosen_by = choice.chosen_by.display_name if choice.chosen_by is not None else ""
        return InUse(choice.procedure, chosen=True, chosen_at=choice.chosen_at, chosen_by=chosen_by)
    default = default_among(loaded, network) if loaded is not None else default_procedure(network)
    return InUse(default, chosen=False)


def loaded_procedures() -> list[Procedure]:
    """Every loaded procedure, the European one first, then by country."""
    return list(Procedure.objects.order_by("country", "code"))


def _text(texts: Any, language: str) -> str:
    if not isinstance(texts, Mapping):
        return ""
    return str(texts.get(language) or texts.get("en") or "")


@dataclass(frozen=True)
class Marked:
    """Anything shown with the status of its source."""

    status: str

    @property
    def checked(self) -> bool:
        return self.status in CHECKED


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str


@dataclass(frozen=True)
class Question(Marked):
    code: str
    title: str
    guidance: str
    minimum: int | None
    minimum_label: str  # the scale's word for the minimum


@dataclass(frozen=True)
class Pillar(Marked):
    number: int
    title: str
    description: str
    questions: list[Question]


@dataclass(frozen=True)
class Threshold(Marked):
    pillars: list[int]
    pillars_text: str  # "1 and 2", in the active language
    minimum_total: int | None


@dataclass(frozen=True)
class Source:
    address: str
    is_link: bool  # only web addresses become links


@dataclass(frozen=True)
class ProcedureView(Marked):
    code: str
    name: str
    organiser: str
    country: str
    country_name: str  # empty for the European procedure
    window: Marked
    opens_after_months: int
    closes_after_months: int
    label: Marked
    label_name: str
    validity_months: int
    actors: Marked
    actors_per_case: int
    scale: Marked
    scale_points: list[ScalePoint]
    pillars: list[Pillar]
    thresholds: list[Threshold]
    sources: list[Source]
    has_unverified: bool  # some value is only partly verified or not verified


def _country_name(code: str) -> str:
    if not code:
        return ""
    return str(Country(code).label) if code in Country.values else code


def _scale(scale: Mapping[str, Any], language: str) -> list[ScalePoint]:
    # Stored as JSON, the points' keys are strings; read from a file, numbers.
    labels = scale.get("labels") or {}
    return sorted(
        (ScalePoint(int(point), _text(label, language)) for point, label in labels.items()), key=lambda p: p.value
    )


def _pillars(pillars: list[Mapping[str, Any]], words: Mapping[int, str], language: str) -> list[Pillar]:
    result = []
    for pillar in pillars:
        questions = []
        for question in pillar.get("questions") or []:
            minimum = question.get("minimum")
            questions.append(
                Question(
                    status=str(question.get("status", "")),
                    code=str(question.get("code", "")),
                    title=_text(question.get("title"), language),
                    guidance=_text(question.get("guidance"), language),
                    minimum=int(minimum) if minimum is not None else None,
                    minimum_label=words.get(int(minimum), "") if minimum is not None else "",
                )
            )
        result.append(
            Pillar(
                status=str(pillar.get("status", "")),
                number=int(pillar["number"]),
                title=_text(pillar.get("title"), language),
                description=_text(pillar.get("description"), language),
                questions=questions,
            )
        )
    return result


def _thresholds(thresholds: list[Mapping[str, Any]]) -> list[Threshold]:
    result = []
    for threshold in thresholds:
        numbers = [int(number) for number in threshold.get("pillars") or []]
        minimum = threshold.get("minimum_total")
        result.append(
            Threshold(
                status=str(threshold.get("status", "")),
                pillars=numbers,
                pillars_text=str(
                    get_text_list([str(number) for number in numbers], pgettext("list of numbers", "and"))
                ),
                minimum_total=int(minimum) if minimum is not None else None,
            )
        )
    return result


def procedure_view(procedure: Procedure, language: str | None = None) -> ProcedureView:
    """The procedure's definition as the page shows it, in `language` (default: the active one)."""
    language = (language or translation.get_language() or "en").split("-")[0]
    definition = procedure.definition
    identity, rules, scale = definition["procedure"], definition["rules"], definition["scale"]
    points = _scale(scale, language)
    opens, closes = procedure.window_months
    return ProcedureView(
        status=str(identity.get("status", "")),
        code=procedure.code,
        name=procedure.name(language),
        organiser=procedure.organiser(language),
        country=procedure.country,
        country_name=_country_name(procedure.country),
        window=Marked(str(rules["window"].get("status", ""))),
        opens_after_months=opens,
        closes_after_months=closes,
        label=Marked(str(rules["label"].get("status", ""))),
        label_name=procedure.label_name(language),
        validity_months=procedure.validity_months,
        actors=Marked(str(rules["actors"].get("status", ""))),
        actors_per_case=procedure.actors_per_case,
        scale=Marked(str(scale.get("status", ""))),
        scale_points=points,
        pillars=_pillars(definition.get("pillars") or [], {point.value: point.label for point in points}, language),
        thresholds=_thresholds(definition.get("thresholds") or []),
        sources=[
            Source(str(address), str(address).startswith(("https://", "http://")))
            for address in identity.get("sources") or []
        ],
        has_unverified=bool(unverified(definition)),
    )
