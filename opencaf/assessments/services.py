"""Every change to a self-assessment: the project and its plan, groups, individual input, consensus.

Each function is atomic, takes the acting user as `actor`, re-checks permission and writes its audit
event in the same transaction; e-mail goes out after commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opencaf.assessments import permissions
from opencaf.assessments.lifecycle import Action, State, TransitionError, transition
from opencaf.assessments.models import (
    AssessmentGroup,
    Consensus,
    ConsensusDecision,
    ConsensusEntry,
    EntryKind,
    EvidenceLink,
    IndividualEntry,
    IndividualScore,
    PlanItem,
    PlanItemKind,
    Seat,
    SelfAssessment,
)
from opencaf.assessments.scoring import (
    ScoreError,
    check_score,
    combine_dimensions,
    dimension_medians,
    spread,
    suggested_consensus,
)
from opencaf.audit.services import record_event
from opencaf.evidence.models import EvidenceItem
from opencaf.frameworks.models import FrameworkVersion, Method, ScoringPanel, Subcriterion
from opencaf.organisations.models import Membership, Organisation

if TYPE_CHECKING:
    from opencaf.accounts.models import User

MAX_ENTRIES_PER_KIND = 30


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _fresh(assessment: SelfAssessment) -> SelfAssessment:
    """The project as stored now: its state may have moved on since the caller loaded it."""
    return SelfAssessment.objects.select_related("organisation", "framework").get(pk=assessment.pk)


# --- the project ---------------------------------------------------------------------------------


@transaction.atomic
def create_assessment(
    *,
    actor: User,
    organisation: Organisation,
    framework: FrameworkVersion,
    title: str,
    scoring_method: str,
    scope: str,
    scope_unit: str = "",
    individual_deadline: date | None = None,
    show_names_in_consensus: bool = True,
) -> SelfAssessment:
    """A new self-assessment project, its plan pre-filled with the framework's ten steps."""
    _require(permissions.can_create(actor, organisation))
    assessment = SelfAssessment.objects.create(
        organisation=organisation,
        framework=framework,
        title=title,
        scoring_method=scoring_method,
        scope=scope,
        scope_unit=scope_unit,
        individual_deadline=individual_deadline,
        show_names_in_consensus=show_names_in_consensus,
        created_by=actor,
    )
    steps = [step for phase in framework.phases.prefetch_related("steps") for step in phase.steps.all()]
    PlanItem.objects.bulk_create(PlanItem(assessment=assessment, kind=PlanItemKind.STEP, step=step) for step in steps)
    record_event(
        "assessment.created",
        actor=actor,
        obj=assessment,
        organisation=organisation,
        changes={"method": scoring_method, "framework": framework.code},
    )
    return assessment


def undecided_subcriteria(assessment: SelfAssessment) -> list[Subcriterion]:
    decided = Consensus.objects.filter(assessment=assessment).filter(
        Q(score__isnull=False) | ~Q(not_assessed_reason="")
    )
    return list(
        assessment.framework.subcriteria.exclude(pk__in=decided.values("subcriterion_id")).order_by(
            "criterion__number", "position"
        )
    )


@transaction.atomic
def change_state(*, actor: User, assessment: SelfAssessment, action: Action) -> SelfAssessment:
    _require(permissions.can_manage(actor, assessment))
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    current = assessment.lifecycle_state
    paused_from = State(assessment.paused_from) if assessment.paused_from else None
    try:
        target = transition(current, action, paused_from=paused_from)
    except TransitionError as error:
        raise ValidationError(_("This step is not possible in the current state of the self-assessment.")) from error
    if action == Action.START and not Seat.objects.filter(group__assessment=assessment).exists():
        raise ValidationError(_("Add at least one member to a self-assessment group before starting."))
    if action == Action.FINALISE:
        missing = undecided_subcriteria(assessment)
        if missing:
            raise ValidationError(
                _("Every subcriterion needs a consensus score or a reason for not assessing it. Missing: %(codes)s.")
                % {"codes": ", ".join(sub.code for sub in missing)}
            )
        assessment.finalised_at = timezone.now()
    if action == Action.REOPEN:
        assessment.finalised_at = None
    assessment.paused_from = current.value if target == State.PAUSED else ""
    assessment.state = target.value
    assessment.save(update_fields=["state", "paused_from", "finalised_at"])
    record_event(
        f"assessment.{action.value}",
        actor=actor,
        obj=assessment,
        organisation=assessment.organisation,
        changes={"state": {"before": current.value, "after": target.value}},
    )
    return assessment


@transaction.atomic
def update_settings(
    *, actor: User, assessment: SelfAssessment, individual_deadline: date | None, show_names_in_consensus: bool
) -> None:
    _require(permissions.can_manage(actor, assessment))
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    changes: dict[str, Any] = {}
    if assessment.individual_deadline != individual_deadline:
        changes["deadline"] = {
            "before": str(assessment.individual_deadline or ""),
            "after": str(individual_deadline or ""),
        }
    if assessment.show_names_in_consensus != show_names_in_consensus:
        changes["show_names"] = {"before": assessment.show_names_in_consensus, "after": show_names_in_consensus}
    assessment.individual_deadline = individual_deadline
    assessment.show_names_in_consensus = show_names_in_consensus
    assessment.save(update_fields=["individual_deadline", "show_names_in_consensus"])
    if changes:
        record_event(
            "assessment.updated", actor=actor, obj=assessment, organisation=assessment.organisation, changes=changes
        )


@transaction.atomic
def save_plan_item(
    *,
    actor: User,
    assessment: SelfAssessment,
    item: PlanItem | None,
    kind: str,
    title: str,
    start_date: date | None,
    end_date: date | None,
    responsible: Membership | None,
    status: str,
    notes: str,
) -> PlanItem:
    """Add a training or communication to the plan, or update any line of it."""
    _require(permissions.can_manage(actor, assessment))
    if responsible is not None and responsible.organisation_id != assessment.organisation_id:
        raise ValidationError({"responsible": _("Choose a member of the organisation.")})
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end cannot be before the start.")})
    if item is None:
        if kind == PlanItemKind.STEP:
            raise ValidationError(_("The CAF steps are already in the plan."))
        item = PlanItem(assessment=assessment, kind=kind)
    if item.kind != PlanItemKind.STEP:
        if not title.strip():
            raise ValidationError({"title": _("Give the plan item a title.")})
        item.title = title.strip()
    item.start_date, item.end_date, item.responsible = start_date, end_date, responsible
    item.status, item.notes = status, notes
    item.save()
    record_event(
        "assessment.plan_changed",
        actor=actor,
        obj=item,
        organisation=assessment.organisation,
        changes={"status": status, "start": str(start_date or ""), "end": str(end_date or "")},
    )
    return item


# --- groups --------------------------------------------------------------------------------------


@transaction.atomic
def create_group(*, actor: User, assessment: SelfAssessment, name: str, leader: Membership | None) -> AssessmentGroup:
    _require(permissions.can_manage(actor, assessment))
    if leader is not None and leader.organisation_id != assessment.organisation_id:
        raise ValidationError({"leader": _("Choose a member of the organisation.")})
    group = AssessmentGroup.objects.create(assessment=assessment, name=name.strip(), leader=leader)
    record_event("assessment.group_created", actor=actor, obj=group, organisation=assessment.organisation)
    return group


def _notify_seat(seat: Seat) -> None:
    user = seat.membership.user
    assessment = seat.group.assessment
    language = user.language or assessment.organisation.default_language
    url = settings.SITE_URL + reverse(
        "assessments:detail",
        kwargs={"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id},
    )
    with translation.override(language):
        context = {"seat": seat, "assessment": assessment, "url": url}
        subject = render_to_string("assessments/email/seat_subject.txt", context).strip()
        body = render_to_string("assessments/email/seat_body.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def add_seat(
    *,
    actor: User,
    group: AssessmentGroup,
    membership: Membership,
    functional_area: str,
    staff_level: str,
    notify: bool = True,
) -> Seat:
    """Put a member of the organisation into the group and, unless told not to, tell them by e-mail."""
    assessment = group.assessment
    _require(permissions.can_manage(actor, assessment))
    if membership.organisation_id != assessment.organisation_id:
        raise ValidationError({"membership": _("Choose a member of the organisation.")})
    if Seat.objects.filter(group__assessment=assessment, membership=membership).exists():
        raise ValidationError({"membership": _("This person is already in a group of this self-assessment.")})
    seat = Seat.objects.create(
        group=group, membership=membership, functional_area=functional_area.strip(), staff_level=staff_level
    )
    record_event(
        "assessment.member_added",
        actor=actor,
        obj=seat,
        organisation=assessment.organisation,
        changes={"group": group.name, "email": membership.user.email},
    )
    if notify:
        transaction.on_commit(partial(_notify_seat, seat))
    return seat


@transaction.atomic
def replace_seat_member(*, actor: User, seat: Seat, membership: Membership) -> Seat:
    """Hand a seat, with everything entered in it so far, to another member."""
    assessment = seat.group.assessment
    _require(permissions.can_manage(actor, assessment))
    if membership.organisation_id != assessment.organisation_id:
        raise ValidationError({"membership": _("Choose a member of the organisation.")})
    if Seat.objects.filter(group__assessment=assessment, membership=membership).exclude(pk=seat.pk).exists():
        raise ValidationError({"membership": _("This person is already in a group of this self-assessment.")})
    before = seat.membership.user.email
    seat.membership = membership
    seat.save(update_fields=["membership"])
    record_event(
        "assessment.member_replaced",
        actor=actor,
        obj=seat,
        organisation=assessment.organisation,
        changes={"email": {"before": before, "after": membership.user.email}},
    )
    transaction.on_commit(lambda: _notify_seat(seat))
    return seat


# --- individual input ----------------------------------------------------------------------------


def panel_for(assessment: SelfAssessment, subcriterion: Subcriterion) -> ScoringPanel:
    return (
        assessment.framework.panels.prefetch_related("dimensions", "bands")
        .filter(method=assessment.scoring_method, applies_to=subcriterion.criterion.kind)
        .get()
    )


def _clean_entries(entries: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    cleaned: dict[str, list[str]] = {}
    for kind in EntryKind.values:
        lines = [line.strip() for line in entries.get(kind, []) if line.strip()]
        if len(lines) > MAX_ENTRIES_PER_KIND:
            raise ValidationError({kind: _("At most %(count)s entries.") % {"count": MAX_ENTRIES_PER_KIND}})
        if any(len(line) > 500 for line in lines):
            raise ValidationError({kind: _("Keep each entry under 500 characters.")})
        cleaned[kind] = lines
    return cleaned


def _score_from(
    panel: ScoringPanel, method: str, score: int | None, dimension_scores: Mapping[str, int | None]
) -> tuple[int | None, dict[str, int]]:
    """Validate the input of one method and return (subcriterion score, dimension scores)."""
    try:
        if method == Method.CLASSICAL:
            return (check_score(score) if score is not None else None), {}
        names = [dimension.code for dimension in panel.dimensions.all()]
        given = {name: value for name, value in dimension_scores.items() if value is not None}
        for value in given.values():
            check_score(value)
        if set(given) != set(names):
            return None, given  # partly scored: kept, but no subcriterion score yet
        combined = combine_dimensions(given, names, panel.aggregation_rule or "mean")
        return round(combined), given
    except ScoreError as error:
        raise ValidationError(_("A score must be a whole number from 0 to 100.")) from error


@transaction.atomic
def save_individual(
    *,
    actor: User,
    seat: Seat,
    subcriterion: Subcriterion,
    score: int | None,
    dimension_scores: Mapping[str, int | None],
    cannot_judge: bool,
    entries: Mapping[str, Sequence[str]],
) -> IndividualScore:
    """Save one assessor's input on one subcriterion (called on every autosave)."""
    assessment = _fresh(seat.group.assessment)
    if seat.membership.user_id != actor.pk:
        raise PermissionDenied
    if not permissions.input_is_open(assessment):
        raise ValidationError(_("Individual assessment is closed; your input can no longer be changed."))
    if subcriterion.framework_id != assessment.framework_id:
        raise ValidationError(_("This subcriterion is not part of the self-assessment."))
    panel = panel_for(assessment, subcriterion)
    subscore, dims = (
        (None, {}) if cannot_judge else _score_from(panel, assessment.scoring_method, score, dimension_scores)
    )
    cleaned = _clean_entries(entries)
    individual, _created = IndividualScore.objects.select_for_update().get_or_create(
        seat=seat, subcriterion=subcriterion
    )
    before = (individual.score, individual.cannot_judge, individual.dimension_scores)
    individual.score, individual.dimension_scores, individual.cannot_judge = subscore, dims, cannot_judge
    individual.save()
    individual.entries.all().delete()
    IndividualEntry.objects.bulk_create(
        IndividualEntry(individual=individual, kind=kind, text=text, position=position)
        for kind, lines in cleaned.items()
        for position, text in enumerate(lines)
    )
    if before != (subscore, cannot_judge, dims):
        record_event(
            "assessment.individual_scored",
            actor=actor,
            obj=individual,
            organisation=assessment.organisation,
            changes={
                "subcriterion": subcriterion.code,
                "score": {"before": before[0], "after": subscore},
                "cannot_judge": cannot_judge,
            },
        )
    return individual


def _remind(seat: Seat, missing: int) -> None:
    user = seat.membership.user
    assessment = seat.group.assessment
    url = settings.SITE_URL + reverse(
        "assessments:my_input",
        kwargs={"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id},
    )
    with translation.override(user.language or assessment.organisation.default_language):
        context = {"seat": seat, "assessment": assessment, "url": url, "missing": missing}
        subject = render_to_string("assessments/email/reminder_subject.txt", context).strip()
        body = render_to_string("assessments/email/reminder_body.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def send_reminders(*, actor: User, assessment: SelfAssessment) -> int:
    """E-mail every group member who has not finished; returns how many were reminded."""
    assessment = _fresh(assessment)
    _require(permissions.can_manage(actor, assessment) or permissions.leads_a_group(actor, assessment))
    if not permissions.input_is_open(assessment):
        raise ValidationError(_("Reminders can be sent only while individual assessment is open."))
    total = assessment.framework.subcriteria.count()
    seats = Seat.objects.filter(group__assessment=assessment).select_related(
        "membership__user", "group__assessment__organisation"
    )
    done = {
        row["seat"]: row["n"]
        for row in IndividualScore.objects.filter(seat__group__assessment=assessment)
        .filter(Q(score__isnull=False) | Q(cannot_judge=True))
        .values("seat")
        .annotate(n=Count("id"))
    }
    behind = [(seat, total - done.get(seat.pk, 0)) for seat in seats if done.get(seat.pk, 0) < total]
    for seat, missing in behind:
        transaction.on_commit(partial(_remind, seat, missing))
    record_event(
        "assessment.reminders_sent",
        actor=actor,
        obj=assessment,
        organisation=assessment.organisation,
        changes={"count": len(behind)},
    )
    return len(behind)


# --- consensus -----------------------------------------------------------------------------------


class StaleConsensusError(Exception):
    """Someone saved this subcriterion since the form was opened; carries the current record."""

    def __init__(self, current: Consensus) -> None:
        super().__init__("stale consensus")
        self.current = current


@dataclass(frozen=True)
class Suggestion:
    """Where the consensus starts: the median score, and for fine-tuned scoring each dimension's median."""

    score: int | None
    dimensions: dict[str, int]


def suggestion_for(assessment: SelfAssessment, subcriterion: Subcriterion, dimensions: Sequence[str]) -> Suggestion:
    rows = list(
        IndividualScore.objects.filter(
            seat__group__assessment=assessment, subcriterion=subcriterion, cannot_judge=False
        ).values_list("score", "dimension_scores")
    )
    median = suggested_consensus(spread(float(score) for score, _dims in rows if score is not None))
    return Suggestion(median, dimension_medians((dims for _score, dims in rows), dimensions) if dimensions else {})


def median_suggestion(assessment: SelfAssessment, subcriterion: Subcriterion) -> int | None:
    return suggestion_for(assessment, subcriterion, []).score


@transaction.atomic
def record_consensus(
    *,
    actor: User,
    assessment: SelfAssessment,
    subcriterion: Subcriterion,
    expected_version: int,
    score: int | None,
    dimension_scores: Mapping[str, int | None],
    not_assessed_reason: str,
    rationale: str,
    entries: Mapping[str, Sequence[str]],
) -> Consensus:
    """Record the group's score and wording for a subcriterion.

    The score starts from the median of the individual scores; a different score needs a written
    rationale. `expected_version` is the version the editor saw: if someone saved in between, the
    save is refused with StaleConsensusError so nobody's text is overwritten silently.
    """
    assessment = _fresh(assessment)
    _require(permissions.can_edit_consensus(actor, assessment))
    if subcriterion.framework_id != assessment.framework_id:
        raise ValidationError(_("This subcriterion is not part of the self-assessment."))
    consensus, _created = Consensus.objects.select_for_update().get_or_create(
        assessment=assessment, subcriterion=subcriterion
    )
    if consensus.version != expected_version:
        raise StaleConsensusError(consensus)
    reason = not_assessed_reason.strip()
    panel = panel_for(assessment, subcriterion)
    final_score: int | None
    dims: dict[str, int]
    if reason:
        final_score, dims = None, {}
    else:
        final_score, dims = _score_from(panel, assessment.scoring_method, score, dimension_scores)
        if final_score is None:
            raise ValidationError(_("Enter the consensus score, or give a reason for not assessing this subcriterion."))
    names = [dimension.code for dimension in panel.dimensions.all()]
    suggestion = suggestion_for(assessment, subcriterion, names)
    # Fine-tuned scoring departs from the group when any dimension leaves its own median.
    departs = (
        any(dims.get(name) != value for name, value in suggestion.dimensions.items())
        if names
        else (final_score != suggestion.score)
    )
    if final_score is not None and departs and not rationale.strip():
        raise ValidationError(
            {"rationale": _("The score differs from the median of the individual scores: explain why.")}
        )
    cleaned = _clean_entries(entries)
    before = consensus.score
    consensus.score, consensus.dimension_scores = final_score, dims
    consensus.not_assessed_reason, consensus.rationale = reason, rationale.strip()
    consensus.version += 1
    consensus.updated_by = actor
    consensus.save()
    consensus.entries.all().delete()
    ConsensusEntry.objects.bulk_create(
        ConsensusEntry(consensus=consensus, kind=kind, text=text, position=position)
        for kind, lines in cleaned.items()
        for position, text in enumerate(lines)
    )
    ConsensusDecision.objects.create(
        consensus=consensus,
        actor=actor,
        score=final_score,
        suggested_score=suggestion.score,
        not_assessed_reason=reason,
        rationale=rationale.strip(),
    )
    record_event(
        "assessment.consensus_recorded",
        actor=actor,
        obj=consensus,
        organisation=assessment.organisation,
        changes={"subcriterion": subcriterion.code, "score": {"before": before, "after": final_score}},
    )
    return consensus


# --- evidence --------------------------------------------------------------------------------------


@transaction.atomic
def attach_evidence(
    *, actor: User, assessment: SelfAssessment, subcriterion: Subcriterion, evidence: EvidenceItem
) -> EvidenceLink:
    assessment = _fresh(assessment)
    _require(permissions.can_attach_evidence(actor, assessment))
    if evidence.organisation_id != assessment.organisation_id or subcriterion.framework_id != assessment.framework_id:
        raise PermissionDenied
    link, created = EvidenceLink.objects.get_or_create(
        assessment=assessment, subcriterion=subcriterion, evidence=evidence, defaults={"added_by": actor}
    )
    if created:
        record_event(
            "assessment.evidence_linked",
            actor=actor,
            obj=link,
            organisation=assessment.organisation,
            changes={"subcriterion": subcriterion.code},
        )
    return link


@transaction.atomic
def detach_evidence(*, actor: User, link: EvidenceLink) -> None:
    assessment = _fresh(link.assessment)
    _require(permissions.can_attach_evidence(actor, assessment))
    record_event(
        "assessment.evidence_unlinked",
        actor=actor,
        obj=link,
        organisation=assessment.organisation,
        changes={"subcriterion": link.subcriterion.code},
    )
    link.delete()


# --- the next cycle --------------------------------------------------------------------------------


@transaction.atomic
def start_next_cycle(*, actor: User, previous: SelfAssessment, title: str) -> SelfAssessment:
    """A new self-assessment from a finished one: same framework, method and scope, and the evidence
    attached last time carried over and marked for review."""
    previous = _fresh(previous)
    _require(permissions.can_manage(actor, previous))
    if previous.lifecycle_state not in (State.FINALISED, State.CLOSED):
        raise ValidationError(_("The next self-assessment can start once this one has been finalised."))
    assessment = create_assessment(
        actor=actor,
        organisation=previous.organisation,
        framework=previous.framework,
        title=title,
        scoring_method=previous.scoring_method,
        scope=previous.scope,
        scope_unit=previous.scope_unit,
        show_names_in_consensus=previous.show_names_in_consensus,
    )
    assessment.previous = previous
    assessment.save(update_fields=["previous"])
    EvidenceLink.objects.bulk_create(
        EvidenceLink(
            assessment=assessment,
            subcriterion_id=link.subcriterion_id,
            evidence_id=link.evidence_id,
            added_by=actor,
            needs_review=True,
        )
        for link in previous.evidence_links.all()
    )
    record_event(
        "assessment.next_cycle",
        actor=actor,
        obj=assessment,
        organisation=assessment.organisation,
        changes={"previous": previous.title},
    )
    return assessment


@transaction.atomic
def confirm_evidence(*, actor: User, link: EvidenceLink) -> None:
    """Someone checked that carried-over evidence still holds."""
    assessment = _fresh(link.assessment)
    _require(permissions.can_attach_evidence(actor, assessment))
    link.needs_review = False
    link.save(update_fields=["needs_review"])
    record_event(
        "assessment.evidence_confirmed",
        actor=actor,
        obj=link,
        organisation=assessment.organisation,
        changes={"subcriterion": link.subcriterion.code},
    )
