"""Builders of people data for tests: small, explicit, written straight to the models (the services
have their own tests). Every builder takes what it hangs on and returns what it made."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, Network, Organisation
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.people.models import (
    Candidate,
    Cluster,
    Competency,
    CompetencyModel,
    DevelopmentAction,
    DevelopmentPlan,
    Employee,
    EngagementActivity,
    GuideQuestion,
    Indicator,
    InterviewQuestion,
    JobProfile,
    KeyPosition,
    ModelVersion,
    PanelMember,
    Rating,
    Requirement,
    Review,
    ReviewCycle,
    Successor,
    Vacancy,
)

LEVEL_NAMES = [
    {"en": "Foundation", "sl": "Osnovna raven", "bg": "Основно ниво"},
    {"en": "Intermediate", "sl": "Srednja raven", "bg": "Средно ниво"},
    {"en": "Advanced", "sl": "Napredna raven", "bg": "Напреднало ниво"},
    {"en": "Expert", "sl": "Strokovna raven", "bg": "Експертно ниво"},
]

# (cluster code, kind, competency code, English name, DigComp area)
SMALL_MODEL = (
    ("CORE", "core", "CORE-1", "Service orientation", ""),
    ("CORE", "core", "CORE-2", "Collaboration", ""),
    ("DIG", "digital", "DIG-1", "Information and data literacy", "information"),
)


def competency_model(
    organisation: Organisation | None = None,
    network: Network | None = None,
    *,
    published: bool = True,
    number: int = 1,
    model: CompetencyModel | None = None,
) -> ModelVersion:
    """A model (of the organisation, else of the network) with one version of three competencies in
    two clusters, four levels, one behavioural indicator per level and two interview questions each."""
    if model is None:
        model = CompetencyModel.objects.create(
            organisation=organisation,
            network=None if organisation is not None else network,
            names={"en": "Competency model", "sl": "Kompetenčni model", "bg": "Компетентностен модел"},
        )
    version = ModelVersion.objects.create(
        model=model,
        number=number,
        state="published" if published else "draft",
        levels=4,
        level_names=LEVEL_NAMES,
        published_at=timezone.now() if published else None,
    )
    clusters: dict[str, Cluster] = {}
    for position, (cluster_code, kind, code, name, area) in enumerate(SMALL_MODEL):
        if cluster_code not in clusters:
            clusters[cluster_code] = Cluster.objects.create(
                version=version, code=cluster_code, kind=kind, names={"en": cluster_code.title()}, position=position
            )
        competency = Competency.objects.create(
            version=version,
            cluster=clusters[cluster_code],
            code=code,
            names={"en": name, "sl": f"{name} (sl)", "bg": f"{name} (bg)"},
            definitions={"en": f"What {name.lower()} means."},
            digcomp_area=area,
            position=position,
        )
        for level in range(1, 5):
            Indicator.objects.create(competency=competency, level=level, texts={"en": f"{name} at level {level}."})
        for n, kind_of_question in enumerate(("behavioural", "situational")):
            InterviewQuestion.objects.create(
                competency=competency,
                kind=kind_of_question,
                texts={"en": f"Tell us about {name.lower()} ({kind_of_question})."},
                anchors={str(level): {"en": f"An answer at level {level}."} for level in range(1, 5)},
                position=n,
            )
    return version


def job_profile(organisation: Organisation, version: ModelVersion, title: str = "Adviser", **levels: int) -> JobProfile:
    """A profile requiring level 2 of every competency of the version (or the levels given by code with
    dashes as underscores: CORE_1=3); the first two are key competencies."""
    profile = JobProfile.objects.create(organisation=organisation, version=version, title=title)
    for index, competency in enumerate(version.competencies.order_by("position")):
        level = levels.get(competency.code.replace("-", "_"), 2)
        Requirement.objects.create(profile=profile, competency=competency, level=level, key=index < 2)
    return profile


def member(organisation: Organisation, email: str, *roles: str, name: str = "", department: str = "") -> Membership:
    user = UserFactory(email=email, full_name=name or email.split("@")[0].title())
    return add_member(organisation, user, *(roles or (Role.VIEWER,)), department=department)


def employee(
    membership: Membership, profile: JobProfile | None = None, line_manager: Membership | None = None
) -> Employee:
    return Employee.objects.create(
        membership=membership, organisation=membership.organisation, profile=profile, line_manager=line_manager
    )


def review_cycle(
    organisation: Organisation, version: ModelVersion, *, state: str = "open", title: str = ""
) -> ReviewCycle:
    today = timezone.localdate()
    return ReviewCycle.objects.create(
        organisation=organisation,
        version=version,
        title=title or f"Competency review {today.year}",
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=21),
        state=state,
    )


def review(
    cycle: ReviewCycle,
    staff: Employee,
    *,
    self_levels: dict[str, int] | None = None,
    manager_levels: dict[str, int] | None = None,
) -> Review:
    """A review of the employee in the cycle, with the profile's levels copied; ratings given by code
    are recorded (and the side marked submitted)."""
    profile = staff.profile
    required = (
        {r.competency.code: r.level for r in profile.requirements.select_related("competency")} if profile else {}
    )
    made = Review.objects.create(
        cycle=cycle,
        membership=staff.membership,
        manager=staff.line_manager,
        profile=profile,
        required=required,
        unit=staff.membership.department,
    )
    competencies = {c.code: c for c in cycle.version.competencies.all()}
    for source, levels in (("self", self_levels), ("manager", manager_levels)):
        if levels is None:
            continue
        for code, level in levels.items():
            Rating.objects.create(review=made, competency=competencies[code], source=source, level=level)
        setattr(made, f"{source}_submitted_at", timezone.now())
    made.save()
    return made


def development_plan(
    membership: Membership, cycle: ReviewCycle | None = None, *actions: dict[str, Any]
) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.create(membership=membership, cycle=cycle)
    for action in actions:
        DevelopmentAction.objects.create(plan=plan, **{"due_on": timezone.localdate(), **action})
    return plan


def vacancy(
    organisation: Organisation,
    profile: JobProfile,
    panel: list[Membership],
    candidates: list[str] = (),  # type: ignore[assignment]
    *,
    state: str = "preparing",
) -> Vacancy:
    """A vacancy with its guide (every bank question of the profile's key competencies), the panel
    (the first member chairs) and the candidates named."""
    made = Vacancy.objects.create(
        organisation=organisation, profile=profile, title=f"{profile.title} vacancy", state=state
    )
    keys = [r.competency for r in profile.requirements.filter(key=True).select_related("competency")]
    position = 0
    for competency in keys:
        for question in competency.questions.all():
            GuideQuestion.objects.create(
                vacancy=made,
                competency=competency,
                source=question,
                kind=question.kind,
                texts=question.texts,
                anchors=question.anchors,
                position=position,
            )
            position += 1
    for index, membership in enumerate(panel):
        PanelMember.objects.create(vacancy=made, membership=membership, chair=index == 0)
    for name in candidates:
        Candidate.objects.create(vacancy=made, name=name)
    made.candidates_count = len(candidates)
    made.save(update_fields=["candidates_count"])
    return made


def key_position(
    organisation: Organisation, title: str = "Head of finance", holder: Membership | None = None
) -> KeyPosition:
    return KeyPosition.objects.create(
        organisation=organisation, title=title, holder=holder, risk_of_loss="high", impact="high"
    )


def successor(position: KeyPosition, membership: Membership, readiness: str = "1-2") -> Successor:
    return Successor.objects.create(position=position, membership=membership, readiness=readiness)


def engagement_activity(
    organisation: Organisation, title: str = "Workshop on the competency model"
) -> EngagementActivity:
    return EngagementActivity.objects.create(
        organisation=organisation,
        kind="workshop",
        title=title,
        held_on=timezone.localdate(),
        participants=12,
        notes="Staff asked for clearer descriptions of the digital competencies.",
        themes=["digital skills"],
    )
