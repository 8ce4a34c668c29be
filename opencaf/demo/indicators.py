"""The demo municipality's indicators: eleven of the measures a Slovenian municipality keeps (one
calculated from two others), with targets and about three years of values up to the last completed
period (so the demo always looks current): some on track, some improving, one worsening, one whose
latest value is overdue; four more adopted from the network's shared definitions
(`demo/definitions.py`); and five of its processes (CAF criterion 5), each linked to the indicators
that measure it.
Development only; `manage.py seed_demo` seeds them after the demo surveys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from opencaf.demo.assessments import MUNICIPALITY
from opencaf.demo.definitions import seed_definitions
from opencaf.demo.guard import DemoError, require_demo_allowed
from opencaf.indicators import process_services, services
from opencaf.indicators.models import Indicator, Process, ProcessKind
from opencaf.indicators.process_services import ProcessInput
from opencaf.indicators.rules import Frequency, recent_periods
from opencaf.indicators.services import IndicatorInput
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Membership, Organisation

QUALITY = "quality@example.org"
OWNER = "owner@example.org"
# Shown on the municipality's public page of indicators.
PUBLISHED = {
    "Share of services available online",
    "Complaints per 1,000 inhabitants",
    "Average days to a building permit",
}


@dataclass(frozen=True)
class DemoIndicator:
    name: dict[str, str]
    unit: str
    direction: str
    frequency: str
    subcriteria: tuple[str, ...]
    owner: str
    source: str
    start: Decimal  # the first value of the series
    step: Decimal  # how much it moves each period (negative: down)
    target: Decimal
    periods: int  # how many completed periods have values
    # The last two months' values have not been entered: the older one is always past its due date
    # (15 days after the month), whatever day the demo is seeded on.
    missing_latest: bool = False
    unit_label: str = ""
    # A calculated indicator: the English names of its numerator and denominator, and the multiplier.
    # Its values are worked out from theirs; `start` and `step` are not used.
    calculated_from: tuple[str, str] | None = None
    multiplier: Decimal = Decimal(1)


INDICATORS = [
    DemoIndicator(
        {"sl": "Delež pravočasno rešenih upravnih zadev", "en": "Administrative cases decided in time"},
        "percent", "higher_better", "quarterly", ("5.1", "9.1"), OWNER, "Dokumentarni sistem",
        Decimal("78"), Decimal("1.2"), Decimal("88"), 11,
    ),
    DemoIndicator(
        {"sl": "Povprečno število dni do izdaje gradbenega dovoljenja", "en": "Average days to a building permit"},
        "days", "lower_better", "monthly", ("6.2", "9.1"), OWNER, "Evidenca upravnih postopkov",
        Decimal("41"), Decimal("-0.4"), Decimal("30"), 30, True,
    ),
    DemoIndicator(
        {"sl": "Delež storitev, dostopnih prek spleta", "en": "Share of services available online"},
        "percent", "higher_better", "yearly", ("6.2", "4.5"), QUALITY, "Katalog storitev",
        Decimal("38"), Decimal("9"), Decimal("60"), 3,
    ),
    DemoIndicator(
        {"sl": "Stopnja bolniške odsotnosti", "en": "Sickness absence rate"},
        "percent", "lower_better", "quarterly", ("7.2",), QUALITY, "Kadrovska evidenca",
        Decimal("3.9"), Decimal("0.15"), Decimal("4.0"), 11,
    ),
    DemoIndicator(
        {"sl": "Dnevi usposabljanja na zaposlenega", "en": "Training days per employee"},
        "days", "higher_better", "half_yearly", ("3.2", "7.2"), QUALITY, "Kadrovska evidenca",
        Decimal("1.2"), Decimal("0.2"), Decimal("2.0"), 6,
    ),
    DemoIndicator(
        {"sl": "Pritožbe na 1.000 prebivalcev", "en": "Complaints per 1,000 inhabitants"},
        "count", "lower_better", "quarterly", ("6.2", "8.2"), OWNER, "Evidenca pritožb",
        Decimal("2.6"), Decimal("-0.1"), Decimal("2.0"), 11,
    ),
    DemoIndicator(
        {"sl": "Prejete vloge občanov", "en": "Citizens' requests received"},
        "count", "higher_better", "monthly", ("6.2",), OWNER, "Dokumentarni sistem",
        Decimal("320"), Decimal("2"), Decimal("300"), 30,
    ),
    DemoIndicator(
        {"sl": "Vloge, odgovorjene v 8 dneh", "en": "Requests answered within 8 days"},
        "count", "higher_better", "monthly", ("6.2",), OWNER, "Dokumentarni sistem",
        Decimal("250"), Decimal("4"), Decimal("280"), 30,
    ),
    DemoIndicator(
        {"sl": "Delež vlog, odgovorjenih v 8 dneh", "en": "Share of requests answered within 8 days"},
        "percent", "higher_better", "monthly", ("6.2", "9.1"), OWNER, "Izračunano iz dokumentarnega sistema",
        Decimal(0), Decimal(0), Decimal("90"), 30,
        calculated_from=("Requests answered within 8 days", "Citizens' requests received"), multiplier=Decimal(100),
    ),
    DemoIndicator(
        {"sl": "Delež računov, plačanih v 30 dneh", "en": "Share of invoices paid within 30 days"},
        "percent", "higher_better", "quarterly", ("9.2",), QUALITY, "Finančno knjigovodstvo",
        Decimal("86"), Decimal("0.9"), Decimal("95"), 11,
    ),
    DemoIndicator(
        {"sl": "Uporabniki spletnih storitev občine", "en": "Users of the municipality's online services"},
        "count", "higher_better", "monthly", ("6.2", "4.5"), QUALITY, "Statistika spletnega portala",
        Decimal("410"), Decimal("12"), Decimal("700"), 30,
    ),
]  # fmt: skip


def seed_indicators(today: date | None = None) -> bool:
    """Seed the demo indicators; False when the municipality already has indicators."""
    require_demo_allowed()
    today = today or timezone.localdate()
    memberships = {
        membership.user.email: membership
        for membership in Membership.objects.filter(organisation__name=MUNICIPALITY).select_related(
            "user", "organisation"
        )
    }
    if QUALITY not in memberships:
        raise DemoError("Seed the demo organisations first (manage.py seed_demo does it in order).")
    organisation = memberships[QUALITY].organisation
    if Indicator.objects.filter(organisation=organisation).exists():
        # A database seeded before the process register existed gets its processes on the next run.
        processes = seed_processes(organisation, memberships)
        return seed_definitions(today) or processes  # and the network's shared definitions
    actor = memberships[QUALITY].user
    with transaction.atomic():
        # Every indicator first, so a calculated one exists when its parts' values are entered.
        created: dict[str, Indicator] = {}
        for demo in INDICATORS:
            parts = [created[name] for name in demo.calculated_from] if demo.calculated_from else [None, None]
            created[demo.name["en"]] = services.create_indicator(
                actor=actor,
                organisation=organisation,
                data=IndicatorInput(
                    name=demo.name,
                    unit=demo.unit,
                    unit_label=demo.unit_label,
                    direction=demo.direction,
                    frequency=demo.frequency,
                    subcriteria=demo.subcriteria,
                    data_source=demo.source,
                    owner=memberships[demo.owner],
                    decimals=1,
                    numerator=parts[0],
                    denominator=parts[1],
                    multiplier=demo.multiplier,
                    visibility="published" if demo.name["en"] in PUBLISHED else "internal",
                ),
            )
        for demo in INDICATORS:
            _keep_values(actor, created[demo.name["en"]], demo, today)
        seed_processes(organisation, memberships)
        seed_definitions(today)  # the network's starter library, some of it adopted by the municipality
    return True


def _keep_values(actor: Any, indicator: Indicator, demo: DemoIndicator, today: date) -> None:
    """The demo's targets and (unless calculated) values, up to the last completed period, and the
    next period's target."""
    periods = recent_periods(Frequency(demo.frequency), today, demo.periods)
    if demo.missing_latest:
        periods = periods[:-2]
    for number, period in enumerate(periods):
        services.set_target(actor=actor, indicator=indicator, period=period.key, value=demo.target)
        if demo.calculated_from is None:
            value = (demo.start + demo.step * number).quantize(Decimal("0.1"))
            services.record_measurement(actor=actor, indicator=indicator, period=period.key, value=value)
    if periods:
        services.set_target(actor=actor, indicator=indicator, period=periods[-1].next().key, value=demo.target)


@dataclass(frozen=True)
class DemoProcess:
    # Texts per language; the process gets them in the organisation's language.
    name: dict[str, str]
    kind: str
    purpose: dict[str, str]
    customers: dict[str, str]
    owner: str
    indicators: tuple[str, ...]  # the English names of the demo indicators that measure it


PROCESSES = [
    DemoProcess(
        {"sl": "Izdajanje gradbenih dovoljenj", "en": "Issuing building permits"},
        ProcessKind.KEY,
        {
            "sl": "Zakonito in pravočasno odločanje o vlogah za gradbena dovoljenja.",
            "en": "Lawful and timely decisions on applications for building permits.",
        },
        {
            "sl": "Investitorji, projektanti, sosedje in drugi udeleženci postopka",
            "en": "Investors, designers, neighbours and other parties to the procedure",
        },
        "assessor2@example.org",
        ("Average days to a building permit", "Administrative cases decided in time"),
    ),
    DemoProcess(
        {"sl": "Obravnava vlog, pobud in pritožb občanov", "en": "Handling citizens' requests and complaints"},
        ProcessKind.KEY,
        {
            "sl": "Hiter in prijazen odziv na vloge, pobude in pritožbe občanov ter učenje iz njih.",
            "en": "A prompt and courteous answer to citizens' requests, suggestions and complaints, and learning "
            "from them.",
        },
        {"sl": "Občani, podjetja in društva", "en": "Citizens, businesses and associations"},
        "assessor5@example.org",
        (
            "Complaints per 1,000 inhabitants",
            "Administrative cases decided in time",
            "Share of services available online",
            "Share of requests answered within 8 days",
        ),
    ),
    DemoProcess(
        {"sl": "Pobiranje občinskih dajatev", "en": "Collecting local taxes"},
        ProcessKind.KEY,
        {
            "sl": "Pravilna in pravočasna odmera ter pobiranje nadomestila za uporabo stavbnega zemljišča in drugih "
            "občinskih dajatev.",
            "en": "Correct and timely assessment and collection of the building land charge and other local levies.",
        },
        {
            "sl": "Lastniki in uporabniki nepremičnin; občinski proračun",
            "en": "Owners and users of property; the municipal budget",
        },
        "assessor1@example.org",
        ("Share of services available online",),
    ),
    DemoProcess(
        {"sl": "Upravljanje kadrov in usposabljanje", "en": "Managing staff and training"},
        ProcessKind.SUPPORT,
        {
            "sl": "Dovolj usposobljenih in zdravih zaposlenih za naloge občinske uprave.",
            "en": "Enough skilled and healthy staff for the work of the municipal administration.",
        },
        {"sl": "Zaposleni in vodje oddelkov", "en": "Staff and heads of department"},
        "assessor7@example.org",
        ("Sickness absence rate", "Training days per employee"),
    ),
    DemoProcess(
        {"sl": "Vzdrževanje javnih površin", "en": "Maintaining public spaces"},
        ProcessKind.KEY,
        {
            "sl": "Čiste, varne in urejene ceste, parki in druge javne površine.",
            "en": "Clean, safe and tidy roads, parks and other public spaces.",
        },
        {
            "sl": "Občani, obiskovalci in izvajalci gospodarskih javnih služb",
            "en": "Citizens, visitors and the contractors of local public services",
        },
        "assessor4@example.org",
        ("Complaints per 1,000 inhabitants",),
    ),
]


def seed_processes(organisation: Organisation, memberships: dict[str, Membership]) -> bool:
    """Seed the demo processes, linked to the demo indicators, through the register's services;
    False when the organisation already has processes."""
    if Process.objects.filter(organisation=organisation).exists():
        return False
    language = organisation.default_language
    indicators = {
        indicator.name.get("en", ""): indicator for indicator in Indicator.objects.filter(organisation=organisation)
    }
    actor = memberships[QUALITY].user
    with transaction.atomic():
        for demo in PROCESSES:
            process_services.create_process(
                actor=actor,
                organisation=organisation,
                data=ProcessInput(
                    name=text_in(demo.name, language, "en"),
                    kind=demo.kind,
                    purpose=text_in(demo.purpose, language, "en"),
                    customers=text_in(demo.customers, language, "en"),
                    owner=memberships.get(demo.owner),
                    indicators=tuple(indicators[name] for name in demo.indicators),
                ),
            )
    return True
