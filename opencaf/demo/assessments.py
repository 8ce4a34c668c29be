"""Demo self-assessments for the demo municipality (development only; `manage.py seed_demo` seeds them).

`seed_assessments()` gives "Občina Zgornja Dolina (demo)" (see `opencaf.demo.organisations`) two
projects: a closed classical self-assessment from 2024 and a fine-tuned one from 2026 that waits
in the consensus phase, with nine assessors' scores and entries. Everything goes through the service
functions, so the demo has the same audit trail, decision log and e-mails as real use; only the dates
of the past cycle are moved back afterwards (the services stamp "now").

The texts are what staff of a small Slovenian municipality might write. Each subcriterion has a pool
of strengths, areas for improvement and ideas; assessors draw from it with a fixed seed, popular
points more often, and type them slightly differently, so the consensus workspace has duplicates to fold.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from opencaf.assessments import selectors, services
from opencaf.assessments.lifecycle import Action
from opencaf.assessments.merging import fold
from opencaf.assessments.models import (
    AssessmentGroup,
    Consensus,
    ConsensusDecision,
    IndividualEntry,
    IndividualScore,
    PlanItem,
    PlanItemKind,
    PlanStatus,
    Scope,
    Seat,
    SelfAssessment,
)
from opencaf.assessments.scoring import dimension_medians
from opencaf.demo.assessment_content import AREA, CONTENT, IDEA, STRENGTH, Wording
from opencaf.demo.assessment_cycles import (
    ASSESSORS,
    CANNOT_JUDGE_CURRENT,
    CANNOT_JUDGE_PAST,
    CURRENT_CONSENSUS,
    CURRENT_EXTRA_PLAN,
    CURRENT_PLAN,
    DIMENSION_OFFSETS,
    DIVERGENT,
    LEADER,
    LEVEL_CURRENT,
    LEVEL_PAST,
    MANAGER,
    OWNER,
    PAST_DEPARTURES,
    PAST_GROUP_WORDING,
    PAST_PLAN,
    PROFILES,
    QUALITY,
)
from opencaf.demo.guard import DemoError, require_demo_allowed
from opencaf.demo.organisations import DEMO_NETWORK, ORGANISATIONS
from opencaf.evidence import services as evidence_services
from opencaf.frameworks.models import FrameworkVersion, Kind, Method, Subcriterion
from opencaf.organisations.models import Membership, Organisation

if TYPE_CHECKING:
    from opencaf.accounts.models import User

FRAMEWORK_CODE = "caf2020"
MUNICIPALITY = next(name for key, name, *_rest in ORGANISATIONS if key == "municipality")
TITLE_PAST = "Samoocenjevanje 2024"
TITLE_CURRENT = "Samoocenjevanje 2026"
GROUP_PAST = "Skupina za samoocenjevanje 2024"
GROUP_CURRENT = "Skupina za samoocenjevanje"
SEED = 2026


@dataclass(frozen=True)
class DemoResult:
    created: bool
    past_consensus: int = 0
    seats: int = 0
    scores: int = 0
    entries: int = 0
    consensus: int = 0


@dataclass
class _Context:
    organisation: Organisation
    framework: FrameworkVersion
    subcriteria: list[Subcriterion]
    members: dict[str, Membership]
    rng: random.Random

    @property
    def leader(self) -> User:
        return self.members[LEADER].user


def seed_assessments() -> DemoResult:
    """Create the demo self-assessments; does nothing when "Samoocenjevanje 2026" already exists."""
    require_demo_allowed()
    organisation = Organisation.objects.filter(network__name=DEMO_NETWORK, name=MUNICIPALITY).first()
    if organisation is None:
        raise DemoError(f"The demo municipality {MUNICIPALITY!r} is missing: run `manage.py seed_demo` first.")
    framework = FrameworkVersion.objects.filter(code=FRAMEWORK_CODE).first()
    if framework is None:
        raise DemoError(f"The framework {FRAMEWORK_CODE!r} is missing: run `manage.py load_frameworks` first.")
    if SelfAssessment.objects.filter(organisation=organisation, title=TITLE_CURRENT).exists():
        return DemoResult(created=False)
    members = {
        membership.user.email: membership
        for membership in Membership.objects.filter(organisation=organisation).select_related("user")
    }
    missing = [email for email in [LEADER, QUALITY, MANAGER, OWNER, *ASSESSORS] if email not in members]
    if missing:
        raise DemoError(f"Demo people missing from {MUNICIPALITY!r}: {', '.join(missing)}.")
    subcriteria = list(framework.subcriteria.select_related("criterion").order_by("criterion__number", "position"))
    context = _Context(organisation, framework, subcriteria, members, random.Random(SEED))  # noqa: S311 - demo data, not secrets
    with transaction.atomic():
        past = _past_cycle(context)
        current = _current_cycle(context)
        _evidence(context, current)
    return DemoResult(
        created=True,
        past_consensus=Consensus.objects.filter(assessment=past).count(),
        seats=Seat.objects.filter(group__assessment=current).count(),
        scores=IndividualScore.objects.filter(seat__group__assessment=current).count(),
        entries=IndividualEntry.objects.filter(individual__seat__group__assessment=current).count(),
        consensus=Consensus.objects.filter(assessment=current).count(),
    )


# --- the past cycle: classical scoring, finished and closed --------------------------------------


def _past_cycle(context: _Context) -> SelfAssessment:
    leader, rng = context.leader, context.rng
    assessment = services.create_assessment(
        actor=leader,
        organisation=context.organisation,
        framework=context.framework,
        title=TITLE_PAST,
        scoring_method=Method.CLASSICAL,
        scope=Scope.WHOLE,
    )
    emails = ASSESSORS[:6]
    seats = _compose_group(context, assessment, GROUP_PAST, emails)
    assessment = services.change_state(actor=leader, assessment=assessment, action=Action.START)
    for email, seat in zip(emails, seats, strict=True):
        bias, _verbosity, _count = PROFILES[email]
        commented = set(rng.sample([sub.code for sub in context.subcriteria], rng.randint(8, 12)))
        for sub in context.subcriteria:
            cannot_judge = (email, sub.code) in CANNOT_JUDGE_PAST
            low, high = (25, 65) if sub.criterion.kind == Kind.ENABLER else (15, 60)
            score = _clamp(_round5(LEVEL_PAST[sub.code] + bias + rng.randint(-10, 10)), low, high)
            entries = _past_entries(rng, sub.code) if sub.code in commented and not cannot_judge else {}
            services.save_individual(
                actor=seat.membership.user,
                seat=seat,
                subcriterion=sub,
                score=None if cannot_judge else score,
                dimension_scores={},
                cannot_judge=cannot_judge,
                entries=entries,
            )
    assessment = services.change_state(actor=leader, assessment=assessment, action=Action.OPEN_CONSENSUS)
    for sub in context.subcriteria:
        suggestion = selectors.median_suggestion(assessment, sub)
        assert suggestion is not None  # everyone scored everything in the past cycle
        delta, rationale = PAST_DEPARTURES.get(sub.code, (0, ""))
        services.record_consensus(
            actor=leader,
            assessment=assessment,
            subcriterion=sub,
            expected_version=0,
            score=_clamp(suggestion + delta, 0, 100),
            dimension_scores={},
            not_assessed_reason="",
            rationale=rationale,
            entries=PAST_GROUP_WORDING.get(sub.code) or _group_wording(assessment, sub),
        )
    assessment = services.change_state(actor=leader, assessment=assessment, action=Action.FINALISE)
    assessment = services.change_state(actor=leader, assessment=assessment, action=Action.CLOSE)
    _backdate_past(context, assessment)
    return assessment


def _past_entries(rng: random.Random, code: str) -> dict[str, list[str]]:
    """One to three entries on a subcriterion, of whatever kinds come to mind."""
    entries: dict[str, list[str]] = {STRENGTH: [], AREA: [], IDEA: []}
    for kind in rng.sample([STRENGTH, AREA, IDEA], rng.randint(1, 3)):
        entries[kind] = [_as_typed(rng, text) for text in _pick(rng, CONTENT[code][kind], 1)]
    return entries


def _backdate_past(context: _Context, assessment: SelfAssessment) -> None:
    """Move the past cycle to 2024.

    The services stamp everything with the current time, but this project stands for the previous
    cycle: its dates must lie in 2024 for the history, the comparison with 2026 and the plan to make
    sense. Direct updates on purpose: these are not changes anybody made, so they are not audited.
    """
    SelfAssessment.objects.filter(pk=assessment.pk).update(
        created_at=_moment(date(2024, 1, 15), 9),
        individual_deadline=date(2024, 5, 10),
        finalised_at=_moment(date(2024, 6, 14), 11),
    )
    Seat.objects.filter(group__assessment=assessment).update(created_at=_moment(date(2024, 2, 20), 10))
    IndividualScore.objects.filter(seat__group__assessment=assessment).update(updated_at=_moment(date(2024, 5, 10), 14))
    for criteria, day in (((1, 2, 3, 4, 5), date(2024, 5, 28)), ((6, 7, 8, 9), date(2024, 6, 4))):
        records = Consensus.objects.filter(assessment=assessment, subcriterion__criterion__number__in=criteria)
        records.update(updated_at=_moment(day, 12))
        ConsensusDecision.objects.filter(consensus__in=records).update(recorded_at=_moment(day, 12))
    for item in PlanItem.objects.filter(assessment=assessment, kind=PlanItemKind.STEP).select_related("step"):
        start, end, responsible = PAST_PLAN[item.step.number]  # type: ignore[union-attr]
        PlanItem.objects.filter(pk=item.pk).update(
            start_date=start, end_date=end, responsible=context.members[responsible], status=PlanStatus.DONE
        )


# --- the current cycle: fine-tuned scoring, waiting for the consensus meeting ---------------------


def _current_cycle(context: _Context) -> SelfAssessment:
    leader, rng = context.leader, context.rng
    assessment = services.create_assessment(
        actor=leader,
        organisation=context.organisation,
        framework=context.framework,
        title=TITLE_CURRENT,
        scoring_method=Method.FINE_TUNED,
        scope=Scope.WHOLE,
    )
    _plan_current(context, assessment)
    seats = _compose_group(context, assessment, GROUP_CURRENT, ASSESSORS)
    assessment = services.change_state(actor=leader, assessment=assessment, action=Action.START)
    dimensions = {
        panel.applies_to: [dimension.code for dimension in panel.dimensions.all()]
        for panel in context.framework.panels.filter(method=Method.FINE_TUNED).prefetch_related("dimensions")
    }
    for email, seat in zip(ASSESSORS, seats, strict=True):
        bias, verbosity, count = PROFILES[email]
        codes = [sub.code for sub in context.subcriteria]
        if email == ASSESSORS[-1]:
            scored = set(codes[:count])  # the newest member worked top-down and is not done yet
        else:
            skippable = [code for code in codes[10:] if (email, code) not in CANNOT_JUDGE_CURRENT]
            scored = set(codes) - set(rng.sample(skippable, len(codes) - count))
        for sub in context.subcriteria:
            names = dimensions[sub.criterion.kind]
            if sub.code not in scored:
                if email == ASSESSORS[-1] and sub.code == codes[count]:
                    # Half-way through this one: only the first dimension scored so far.
                    partial = _dimension_scores(rng, names[:1], LEVEL_CURRENT[sub.code] + bias)
                    _save(seat, sub, dimension_scores=partial)
                continue
            if (email, sub.code) in CANNOT_JUDGE_CURRENT:
                _save(seat, sub, cannot_judge=True)
                continue
            level = LEVEL_CURRENT[sub.code] + bias + DIVERGENT.get(sub.code, {}).get(email, 0) + rng.randint(-6, 6)
            _save(
                seat,
                sub,
                dimension_scores=_dimension_scores(rng, names, level),
                entries=_current_entries(rng, sub.code, verbosity),
            )
    for email, seat in zip(ASSESSORS, seats, strict=True):
        # Each person last saved on a different day before the deadline (see _backdate_past for why).
        last_saved = date(2026, 10, 19) + timedelta(days=3 * ASSESSORS.index(email))
        IndividualScore.objects.filter(seat=seat).update(updated_at=_moment(last_saved, 15))
    assessment = services.change_state(actor=leader, assessment=assessment, action=Action.OPEN_CONSENSUS)
    for sub in context.subcriteria:
        if sub.code not in CURRENT_CONSENSUS:
            continue
        delta, rationale = CURRENT_CONSENSUS[sub.code]
        rows = [
            individual.dimension_scores
            for individual in IndividualScore.objects.filter(
                seat__group__assessment=assessment, subcriterion=sub, score__isnull=False
            )
        ]
        services.record_consensus(
            actor=leader,
            assessment=assessment,
            subcriterion=sub,
            expected_version=0,
            score=None,
            dimension_scores=_consensus_dimensions(dimensions[sub.criterion.kind], rows, delta),
            not_assessed_reason="",
            rationale=rationale,
            entries=_group_wording(assessment, sub),
        )
    # The individual phase ended on 13 November; set only now, because while the deadline is past the
    # services (rightly) refuse individual input. The project itself was set up in March.
    SelfAssessment.objects.filter(pk=assessment.pk).update(
        individual_deadline=date(2026, 11, 13), created_at=_moment(date(2026, 3, 2), 9)
    )
    Seat.objects.filter(group__assessment=assessment).update(created_at=_moment(date(2026, 4, 20), 10))
    return assessment


def _plan_current(context: _Context, assessment: SelfAssessment) -> None:
    leader = context.leader
    for item in PlanItem.objects.filter(assessment=assessment, kind=PlanItemKind.STEP).select_related("step"):
        start, end, responsible, status, notes = CURRENT_PLAN[item.step.number]  # type: ignore[union-attr]
        services.save_plan_item(
            actor=leader,
            assessment=assessment,
            item=item,
            kind=item.kind,
            title="",
            start_date=start,
            end_date=end,
            responsible=context.members[responsible],
            status=status,
            notes=notes,
        )
    for kind, title, start, end, responsible, notes in CURRENT_EXTRA_PLAN:
        services.save_plan_item(
            actor=leader,
            assessment=assessment,
            item=None,
            kind=kind,
            title=title,
            start_date=start,
            end_date=end,
            responsible=context.members[responsible],
            status=PlanStatus.DONE,
            notes=notes,
        )


def _current_entries(rng: random.Random, code: str, verbosity: float) -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    for kind, counts in ((STRENGTH, (0, 1, 1, 2)), (AREA, (0, 1, 1, 2)), (IDEA, (0, 0, 1, 1))):
        count = rng.choice(counts)
        if count and rng.random() > verbosity:
            count -= 1
        entries[kind] = [_as_typed(rng, text) for text in _pick(rng, CONTENT[code][kind], count)]
    return entries


def _dimension_scores(rng: random.Random, names: Sequence[str], level: int) -> dict[str, int | None]:
    return {
        name: _clamp(_round5(level + DIMENSION_OFFSETS.get(name, 0) + rng.randint(-7, 7)), 0, 100) for name in names
    }


def _consensus_dimensions(names: Sequence[str], rows: Sequence[Mapping[str, int]], delta: int) -> dict[str, int]:
    """Each dimension's median (the suggested consensus), moved by `delta` where the group departed."""
    medians = dimension_medians(rows, names)
    return {name: _clamp(medians[name] + delta, 0, 100) for name in names}


# --- the evidence register ------------------------------------------------------------------------


DEMO_LINKS = [
    (
        "Strategija razvoja Občine Zgornja Dolina 2021–2027",
        "https://www.example.org/obcina/strategija-2021-2027",
        ["1.1", "2.2"],
    ),
    ("Poročilo o anketi zadovoljstva občanov 2019", "https://www.example.org/obcina/anketa-2019", ["6.1"]),
    ("Katalog informacij javnega značaja", "https://www.example.org/obcina/kijz", ["4.4", "5.2"]),
]
DEMO_MINUTES = (
    "Zapisnik 12. seje kolegija direktorja občinske uprave\n\n"
    "1. Pregled izvajanja letnega načrta dela: realizacija 78 %.\n"
    "2. Sklep: do konca leta pripraviti predlog merjenja zadovoljstva občanov.\n"
)


def _evidence(context: _Context, assessment: SelfAssessment) -> None:
    """A few documents in the register, attached to the subcriteria they support."""
    leader = context.leader
    by_code = {sub.code: sub for sub in context.subcriteria}
    minutes = evidence_services.add_file(
        actor=leader,
        organisation=context.organisation,
        title="Zapisnik seje kolegija direktorja (september 2026)",
        description="Pregled izvajanja letnega načrta dela.",
        upload=SimpleUploadedFile("zapisnik-kolegija-2026-09.txt", DEMO_MINUTES.encode(), "text/plain"),
    )
    items = [(minutes, ["1.2", "2.3"])]
    for title, url, codes in DEMO_LINKS:
        item = evidence_services.add_link(
            actor=leader, organisation=context.organisation, title=title, description="", url=url
        )
        items.append((item, codes))
    for item, codes in items:
        for code in codes:
            services.attach_evidence(actor=leader, assessment=assessment, subcriterion=by_code[code], evidence=item)


# --- shared --------------------------------------------------------------------------------------


def _compose_group(context: _Context, assessment: SelfAssessment, name: str, emails: Sequence[str]) -> list[Seat]:
    leader = context.leader
    group: AssessmentGroup = services.create_group(
        actor=leader, assessment=assessment, name=name, leader=context.members[LEADER]
    )
    return [
        services.add_seat(
            actor=leader,
            group=group,
            membership=context.members[email],
            functional_area=context.members[email].department,
            staff_level=context.members[email].staff_level,
            notify=False,  # demo people have example.org addresses; nobody is waiting for these mails
        )
        for email in emails
    ]


def _save(
    seat: Seat,
    subcriterion: Subcriterion,
    *,
    dimension_scores: Mapping[str, int | None] | None = None,
    cannot_judge: bool = False,
    entries: Mapping[str, Sequence[str]] | None = None,
) -> IndividualScore:
    return services.save_individual(
        actor=seat.membership.user,
        seat=seat,
        subcriterion=subcriterion,
        score=None,
        dimension_scores=dimension_scores or {},
        cannot_judge=cannot_judge,
        entries=entries or {},
    )


def _group_wording(assessment: SelfAssessment, subcriterion: Subcriterion) -> dict[str, list[str]]:
    """What the group agrees on: the points most people raised, as the consensus workspace folds them."""
    entries = IndividualEntry.objects.filter(
        individual__seat__group__assessment=assessment, individual__subcriterion=subcriterion
    ).values_list("kind", "individual__seat_id", "text")
    wording: dict[str, list[str]] = {}
    for kind in (STRENGTH, AREA, IDEA):
        folded = fold((str(seat), text) for entry_kind, seat, text in entries if entry_kind == kind)
        wording[kind] = [_sentence(entry.text) for entry in folded[:3]]
    return wording


def _pick(rng: random.Random, pool: Sequence[Wording], count: int) -> list[str]:
    """`count` different points from the pool, the first ones more likely; one wording of each."""
    weights = [3.0, 2.0] + [1.0] * (len(pool) - 2)
    keyed = sorted(range(len(pool)), key=lambda index: rng.random() ** (1 / weights[index]), reverse=True)
    chosen = [pool[index] for index in keyed[:count]]
    return [rng.choice(point) if isinstance(point, tuple) else point for point in chosen]


def _as_typed(rng: random.Random, text: str) -> str:
    """The text as someone might type it: not everyone starts with a capital or ends with a full stop."""
    roll = rng.random()
    if roll < 0.6:
        return text
    if roll < 0.8:
        return text.rstrip(".")
    if roll < 0.95:
        return text[0].lower() + text[1:].rstrip(".")
    return text[0].lower() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def _round5(value: float) -> int:
    return int(5 * round(value / 5))


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))
