"""Reads of the people app's model part: the competency model in use and its versions laid out for a
page, what a draft still lacks before it can be published, the job profiles and the employees' records.

Who may read what is the views' and services' business (access.py); these functions take what the
person may see (a model of their organisation or network) and load it with a bounded number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opencaf.lib.texts import text_in
from opencaf.organisations.models import Membership, Network, Organisation
from opencaf.people.access import PeopleAccess
from opencaf.people.models import (
    ClusterKind,
    Competency,
    CompetencyModel,
    DigCompArea,
    Employee,
    Indicator,
    InterviewQuestion,
    JobProfile,
    ModelVersion,
    QuestionKind,
    VersionState,
)

PLATFORM_LANGUAGES = [code for code, _name in settings.LANGUAGES]
EMPLOYEES_PAGE_SIZE = 50


# --- the model and its versions --------------------------------------------------------------------


def model_languages(model: CompetencyModel) -> list[str]:
    """The languages the model is written in: those its name is given in (the starter model is written
    in every platform language); every platform language when the name gives none."""
    named = [code for code in PLATFORM_LANGUAGES if str((model.names or {}).get(code) or "").strip()]
    return named or list(PLATFORM_LANGUAGES)


def own_model(organisation: Organisation) -> CompetencyModel | None:
    return CompetencyModel.objects.filter(organisation=organisation).order_by("created_at", "id").first()


def network_model(network: Network | None) -> CompetencyModel | None:
    if network is None:
        return None
    return CompetencyModel.objects.filter(network=network).order_by("created_at", "id").first()


def _has_published(model: CompetencyModel | None) -> bool:
    return model is not None and model.versions.filter(state=VersionState.PUBLISHED).exists()


@dataclass(frozen=True)
class ModelInUse:
    """The organisation's own model (`own`, maybe only drafted) and the one its people work with
    (`in_use`: its own once it has a published version, else its network's published one)."""

    own: CompetencyModel | None
    in_use: CompetencyModel | None

    @property
    def is_networks(self) -> bool:
        return self.in_use is not None and self.in_use.network_id is not None


def model_in_use(organisation: Organisation) -> ModelInUse:
    own = own_model(organisation)
    if _has_published(own):
        return ModelInUse(own=own, in_use=own)
    shared = network_model(organisation.network)
    return ModelInUse(own=own, in_use=shared if _has_published(shared) else None)


def model_versions(model: CompetencyModel, *, drafts: bool) -> list[ModelVersion]:
    """The model's versions, newest first; drafts only for those who keep the model."""
    versions = model.versions.select_related("published_by").order_by("-number")
    if not drafts:
        versions = versions.filter(state=VersionState.PUBLISHED)
    return list(versions)


def chosen_version(versions: Sequence[ModelVersion], number: object) -> ModelVersion | None:
    """The version asked for by number, else the newest published one, else the newest there is."""
    wanted = str(number or "")
    for version in versions:
        if wanted and str(version.number) == wanted:
            return version
    published = [version for version in versions if version.is_published]
    return published[0] if published else (versions[0] if versions else None)


def draft_of(model: CompetencyModel) -> ModelVersion | None:
    return model.versions.filter(state=VersionState.DRAFT).order_by("-number").first()


def latest_published(model: CompetencyModel) -> ModelVersion | None:
    return model.versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()


# --- one version laid out for a page ---------------------------------------------------------------


@dataclass(frozen=True)
class LevelRow:
    level: int
    name: str
    indicators: list[str]


@dataclass(frozen=True)
class QuestionView:
    kind: str
    text: str
    anchors: list[LevelRow]  # one "indicator" each: what an answer at the level sounds like


@dataclass(frozen=True)
class CompetencyView:
    code: str
    name: str
    definition: str
    digcomp_area: str
    levels: list[LevelRow]
    questions: list[QuestionView]


@dataclass(frozen=True)
class ClusterView:
    code: str
    kind: str
    name: str
    competencies: list[CompetencyView] = field(default_factory=list)


def level_names(version: ModelVersion, language: str) -> list[str]:
    """The names of the version's levels in the language, "Level n" where one has no name."""
    names = list(version.level_names or [])
    return [
        text_in(names[level - 1] if level <= len(names) else None, language, "en")
        or _("Level %(level)d") % {"level": level}
        for level in range(1, version.levels + 1)
    ]


def version_competencies(version: ModelVersion, *, with_questions: bool) -> QuerySet[Competency]:
    """The version's competencies with their cluster and behavioural indicators (and questions), in
    order: three queries (four with the questions) whatever the size of the model."""
    competencies = (
        version.competencies.select_related("cluster")
        .order_by("cluster__position", "cluster__id", "position", "id")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("level", "position", "id")))
    )
    if with_questions:
        questions = InterviewQuestion.objects.order_by("position", "id")
        competencies = competencies.prefetch_related(Prefetch("questions", queryset=questions))
    return competencies


def version_layout(version: ModelVersion, *, language: str, with_questions: bool) -> list[ClusterView]:
    """The version by cluster → competency → definition and behavioural indicators per level, in the
    language (English, else any, where a text is missing); the interview questions only when asked
    (the question bank is for HR and the model's keepers)."""
    names = level_names(version, language)
    kinds = dict(ClusterKind.choices)
    areas = dict(DigCompArea.choices)
    question_kinds = dict(QuestionKind.choices)
    clusters: dict[int, ClusterView] = {}
    for competency in version_competencies(version, with_questions=with_questions):
        cluster = competency.cluster
        if cluster.pk not in clusters:
            name = text_in(cluster.names, language, "en") or cluster.code
            clusters[cluster.pk] = ClusterView(cluster.code, str(kinds.get(cluster.kind, cluster.kind)), name)
        by_level: dict[int, list[str]] = defaultdict(list)
        for indicator in competency.indicators.all():
            by_level[indicator.level].append(text_in(indicator.texts, language, "en"))
        questions = []
        for question in competency.questions.all() if with_questions else ():
            anchors = question.anchors or {}
            questions.append(
                QuestionView(
                    kind=str(question_kinds.get(question.kind, question.kind)),
                    text=text_in(question.texts, language, "en"),
                    anchors=[
                        LevelRow(level, names[level - 1], [text_in(anchors.get(str(level)), language, "en")])
                        for level in range(1, version.levels + 1)
                        if anchors.get(str(level))
                    ],
                )
            )
        clusters[cluster.pk].competencies.append(
            CompetencyView(
                code=competency.code,
                name=text_in(competency.names, language, "en") or competency.code,
                definition=text_in(competency.definitions, language, "en"),
                digcomp_area=str(areas.get(competency.digcomp_area, "")) if competency.digcomp_area else "",
                levels=[
                    LevelRow(level, names[level - 1], by_level.get(level, [])) for level in range(1, version.levels + 1)
                ],
                questions=questions,
            )
        )
    return list(clusters.values())


def version_counts(version: ModelVersion) -> dict[str, int]:
    """How much a version holds: what publishing it freezes."""
    return {
        "clusters": version.clusters.count(),
        "competencies": version.competencies.count(),
        "indicators": Indicator.objects.filter(competency__version=version).count(),
        "questions": InterviewQuestion.objects.filter(competency__version=version).count(),
    }


def publication_gaps(version: ModelVersion) -> list[str]:
    """What the version lacks before it may be published, one sentence each: a competency without a
    behavioural indicator at a level, a name, definition or indicator without its text in a language
    the model uses, a level without a name. Empty when it may be published."""
    languages = model_languages(version.model)
    language_names = dict(settings.LANGUAGES)
    gaps: list[str] = []

    def missing(texts: Any) -> list[str]:
        texts = texts if isinstance(texts, dict) else {}
        return [str(language_names[code]) for code in languages if not str(texts.get(code) or "").strip()]

    names = list(version.level_names or [])
    for level in range(1, version.levels + 1):
        lacking = missing(names[level - 1] if level <= len(names) else None)
        if lacking:
            gaps.append(
                _("Level %(level)d has no name in: %(languages)s.") % {"level": level, "languages": ", ".join(lacking)}
            )
    competencies = list(version_competencies(version, with_questions=False))
    if not competencies:
        gaps.append(_("The version has no competency."))
    for competency in competencies:
        code = {"code": competency.code}
        lacking = missing(competency.names)
        if lacking:
            gaps.append(
                _("%(code)s: the name is missing in: %(languages)s.") % {**code, "languages": ", ".join(lacking)}
            )
        lacking = missing(competency.definitions)
        if lacking:
            gaps.append(
                _("%(code)s: the definition is missing in: %(languages)s.") % {**code, "languages": ", ".join(lacking)}
            )
        by_level: dict[int, list[Indicator]] = defaultdict(list)
        for indicator in competency.indicators.all():
            by_level[indicator.level].append(indicator)
        for level in range(1, version.levels + 1):
            if not by_level.get(level):
                gaps.append(_("%(code)s: no behavioural indicator at level %(level)d.") % {**code, "level": level})
                continue
            lacking_anywhere = {name for indicator in by_level[level] for name in missing(indicator.texts)}
            lacking = [str(language_names[code]) for code in languages if str(language_names[code]) in lacking_anywhere]
            if lacking:
                gaps.append(
                    _("%(code)s: a behavioural indicator at level %(level)d is missing in: %(languages)s.")
                    % {**code, "level": level, "languages": ", ".join(lacking)}
                )
    return gaps


# --- job profiles ----------------------------------------------------------------------------------


def usable_versions(organisation: Organisation) -> list[ModelVersion]:
    """The published versions a job profile of the organisation may be built on: of its own model and
    of its network's, newest first."""
    owners = Q(model__organisation=organisation)
    if organisation.network_id is not None:
        owners |= Q(model__network_id=organisation.network_id)
    return list(
        ModelVersion.objects.filter(owners, state=VersionState.PUBLISHED)
        .select_related("model")
        .order_by("model__network_id", "model_id", "-number")
    )


def profiles(organisation: Organisation, *, archived: bool = False) -> list[JobProfile]:
    """The organisation's job profiles with their version and how many competencies they require."""
    return list(
        JobProfile.objects.filter(organisation=organisation, archived=archived)
        .select_related("version", "version__model")
        .annotate(
            required_count=Count("requirements", distinct=True),
            key_count=Count("requirements", filter=Q(requirements__key=True), distinct=True),
        )
        .order_by("title", "id")
    )


def profile_requirements(profile: JobProfile) -> dict[str, tuple[int, bool]]:
    """The profile's required level and key flag by competency code."""
    return {
        code: (level, key) for code, level, key in profile.requirements.values_list("competency__code", "level", "key")
    }


def newer_versions(profile: JobProfile) -> list[ModelVersion]:
    """The published versions of the profile's model newer than its own, newest first."""
    return list(
        ModelVersion.objects.filter(
            model_id=profile.version.model_id, state=VersionState.PUBLISHED, number__gt=profile.version.number
        ).order_by("-number")
    )


# --- employees -------------------------------------------------------------------------------------


def units(organisation: Organisation) -> list[str]:
    """The organisation's units (its members' departments), in order."""
    departments = Membership.objects.filter(organisation=organisation).exclude(department="")
    return sorted(set(departments.values_list("department", flat=True)), key=str.casefold)


def employees_page(organisation: Organisation, *, unit: str, number: str | None) -> Page[Employee]:
    """One page of the organisation's employees (filtered by unit when one is given), by name."""
    employees = (
        Employee.objects.filter(organisation=organisation)
        .select_related("membership__user", "profile", "line_manager__user")
        .order_by("membership__user__full_name", "membership__user__email", "id")
    )
    if unit:
        employees = employees.filter(membership__department=unit)
    return Paginator(employees, EMPLOYEES_PAGE_SIZE).get_page(number)


def members_not_employees(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, employee__isnull=True).count()


def line_manager_choices(organisation: Organisation, employee: Employee) -> QuerySet[Membership]:
    """Who may be the employee's line manager: any other member of the organisation."""
    return (
        Membership.objects.filter(organisation=organisation)
        .exclude(pk=employee.membership_id)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def profile_choices(organisation: Organisation, employee: Employee) -> QuerySet[JobProfile]:
    """The job profiles an employee may be given: the organisation's current ones, and the one they
    have even if it was archived since."""
    current = Q(pk=employee.profile_id) if employee.profile_id else Q(pk__in=[])
    return JobProfile.objects.filter(Q(archived=False) | current, organisation=organisation).order_by("title", "id")


# --- the People page -------------------------------------------------------------------------------


def home_section(access: PeopleAccess) -> dict[str, Any]:
    """What the People page shows of this part to this person: the competency model in use (everyone),
    and for HR the job profiles and the employees with their counts."""
    organisation = access.organisation
    found = model_in_use(organisation)
    model = found.in_use or (found.own if access.is_hr else None)
    section: dict[str, Any] = {
        "model": model,
        "model_name": text_in(model.names, get_language() or "en", "en") if model is not None else "",
        "is_networks": found.is_networks,
        "model_url": reverse("people:model", kwargs={"org_id": organisation.public_id}),
        "is_hr": access.is_hr,
    }
    if access.is_hr:
        org_kwargs = {"org_id": organisation.public_id}
        section.update(
            profiles_count=JobProfile.objects.filter(organisation=organisation, archived=False).count(),
            employees_count=Employee.objects.filter(organisation=organisation).count(),
            profiles_url=reverse("people:profiles", kwargs=org_kwargs),
            employees_url=reverse("people:employees", kwargs=org_kwargs),
        )
    return section
