"""Job profiles (HR): a position or job family built on one published version of a competency model
(the organisation's own or its network's), with the level it requires in each competency and its key
competencies (those a selection interview asks about). Created, edited, archived, and moved to a newer
published version of the same model, the requirements carried over by competency code.

Each function checks again that the actor is the organisation's HR, writes and records an audit event
in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.organisations.models import Organisation
from opencaf.people.access import access_in
from opencaf.people.models import Competency, JobProfile, ModelVersion, Requirement, VersionState

if TYPE_CHECKING:
    from opencaf.accounts.models import User

TITLE_MAX, FAMILY_MAX, DESCRIPTION_MAX = 200, 120, 5000


@dataclass(frozen=True)
class ProfileInput:
    title: str
    family: str = ""
    description: str = ""
    # By competency code: (required level, key competency); level 0 means not required.
    requirements: Mapping[str, tuple[int, bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class MoveReport:
    """What moving a profile to a newer version did not carry over as it was."""

    not_carried: list[str]  # codes of required competencies the newer version no longer has
    lowered: list[str]  # codes whose required level was above the newer version's highest level


def _hr(actor: User, organisation: Organisation) -> None:
    access = access_in(actor, organisation)
    if access is None or not access.can_manage:
        raise PermissionDenied


def _usable(version: ModelVersion, organisation: Organisation) -> bool:
    """A published version of the organisation's own model or of its network's."""
    model = version.model
    owned = model.organisation_id == organisation.pk or (
        model.network_id is not None and model.network_id == organisation.network_id
    )
    return owned and version.state == VersionState.PUBLISHED


def _cleaned(data: ProfileInput, version: ModelVersion) -> tuple[dict[str, str], list[tuple[Competency, int, bool]]]:
    """The profile's fields and its requirements (competency, level, key) checked against the version."""
    errors: dict[str, list[str]] = {}
    title, family, description = data.title.strip(), data.family.strip(), data.description.strip()
    if not title:
        errors.setdefault("title", []).append(_("Give the job profile a title."))
    elif len(title) > TITLE_MAX:
        errors.setdefault("title", []).append(_("Keep the title to %(max)d characters.") % {"max": TITLE_MAX})
    if len(family) > FAMILY_MAX:
        errors.setdefault("family", []).append(_("Keep the job family to %(max)d characters.") % {"max": FAMILY_MAX})
    if len(description) > DESCRIPTION_MAX:
        errors.setdefault("description", []).append(
            _("Keep the description to %(max)d characters.") % {"max": DESCRIPTION_MAX}
        )
    competencies = {c.code: c for c in version.competencies.all()}
    requirements: list[tuple[Competency, int, bool]] = []
    problems: list[str] = []
    for code, (level, key) in sorted(data.requirements.items()):
        competency = competencies.get(code)
        if competency is None:
            problems.append(_("%(code)s is not a competency of this version of the model.") % {"code": code})
        elif not 0 <= level <= version.levels:
            problems.append(
                _("%(code)s: choose a level from 1 to %(levels)d, or none.") % {"code": code, "levels": version.levels}
            )
        elif key and level == 0:
            problems.append(_("%(code)s is marked key: choose the level it requires.") % {"code": code})
        elif level:
            requirements.append((competency, level, key))
    if not problems and not any(key for _competency, _level, key in requirements):
        problems.append(
            _("Mark at least one key competency: the selection interviews for this profile ask about them.")
        )
    if problems:
        errors.setdefault("__all__", []).extend(problems)
    if errors:
        raise ValidationError(errors)
    return {"title": title, "family": family, "description": description}, requirements


def _write_requirements(profile: JobProfile, requirements: list[tuple[Competency, int, bool]]) -> None:
    Requirement.objects.bulk_create(
        Requirement(profile=profile, competency=competency, level=level, key=key)
        for competency, level, key in requirements
    )


def _summary(requirements: list[tuple[Competency, int, bool]]) -> tuple[str, list[str]]:
    """The requirements as the log records them: "CODE level" listed, and the key competencies' codes."""
    listed = ", ".join(f"{competency.code} {level}" for competency, level, _key in requirements)
    return listed, [competency.code for competency, _level, key in requirements if key]


@transaction.atomic
def create_profile(*, actor: User, organisation: Organisation, version: ModelVersion, data: ProfileInput) -> JobProfile:
    _hr(actor, organisation)
    if not _usable(version, organisation):
        raise ValidationError(
            {"version": _("Choose a published version of your organisation's or your network's competency model.")}
        )
    fields, requirements = _cleaned(data, version)
    profile = JobProfile.objects.create(organisation=organisation, version=version, **fields)
    _write_requirements(profile, requirements)
    listed, key_competencies = _summary(requirements)
    record_event(
        "people.profile_created",
        actor=actor,
        obj=profile,
        organisation=organisation,
        changes={
            "title": profile.title,
            "family": profile.family,
            "version": version.number,
            "requirements": listed,
            "key_competencies": key_competencies,
        },
    )
    return profile


def _locked(profile: JobProfile) -> JobProfile:
    current = (
        JobProfile.objects.select_for_update(of=("self",))
        .select_related("organisation", "version__model")
        .get(pk=profile.pk)
    )
    if current.archived:
        raise ValidationError(_("This job profile is archived and no longer changes."), code="archived")
    return current


@transaction.atomic
def update_profile(*, actor: User, profile: JobProfile, data: ProfileInput) -> JobProfile:
    """The profile's title, job family, description and requirements (those given replace the old)."""
    _hr(actor, profile.organisation)
    current = _locked(profile)
    fields, requirements = _cleaned(data, current.version)
    # The title always (which profile it is), the job family when it changed; the description is long
    # text and stays out of the log.
    changes: dict[str, Any] = {"title": fields["title"]}
    if current.family != fields["family"]:
        changes["family"] = fields["family"]
    for key, value in fields.items():
        setattr(current, key, value)
    current.save(update_fields=list(fields))
    current.requirements.all().delete()
    _write_requirements(current, requirements)
    listed, key_competencies = _summary(requirements)
    changes["requirements"] = listed
    changes["key_competencies"] = key_competencies
    record_event(
        "people.profile_changed",
        actor=actor,
        obj=current,
        organisation=current.organisation,
        changes=changes,
    )
    return current


@transaction.atomic
def archive_profile(*, actor: User, profile: JobProfile) -> JobProfile:
    """Out of the lists for new employees and vacancies; the employees who have it keep it."""
    _hr(actor, profile.organisation)
    current = _locked(profile)
    current.archived = True
    current.save(update_fields=["archived"])
    record_event(
        "people.profile_archived",
        actor=actor,
        obj=current,
        organisation=current.organisation,
        changes={"archived": True},
    )
    return current


@transaction.atomic
def move_profile(*, actor: User, profile: JobProfile, version: ModelVersion) -> MoveReport:
    """The profile built on a newer published version of the same model: each requirement carried over
    to the competency of the same code (its level capped at the newer version's highest), and a report
    of what did not carry over. Reviews and vacancies made with the old version keep their copies."""
    _hr(actor, profile.organisation)
    current = _locked(profile)
    target = ModelVersion.objects.filter(pk=version.pk).select_related("model").first()
    old = current.version
    if (
        target is None
        or target.model_id != old.model_id
        or target.state != VersionState.PUBLISHED
        or target.number <= old.number
    ):
        raise ValidationError({"version": _("Choose a newer published version of the same competency model.")})
    by_code = {c.code: c for c in target.competencies.all()}
    carried: list[tuple[Competency, int, bool]] = []
    not_carried: list[str] = []
    lowered: list[str] = []
    for requirement in current.requirements.select_related("competency").order_by("competency__code"):
        code = requirement.competency.code
        competency = by_code.get(code)
        if competency is None:
            not_carried.append(code)
            continue
        if requirement.level > target.levels:
            lowered.append(code)
        carried.append((competency, min(requirement.level, target.levels), requirement.key))
    current.requirements.all().delete()
    current.version = target
    current.save(update_fields=["version"])
    _write_requirements(current, carried)
    record_event(
        "people.profile_moved",
        actor=actor,
        obj=current,
        organisation=current.organisation,
        changes={"from_version": old.number, "version": target.number, "not_carried": not_carried},
    )
    return MoveReport(not_carried=not_carried, lowered=lowered)
