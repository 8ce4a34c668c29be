"""Competency reviews: HR creates a cycle on a published version of the competency model and opens it
(one review per employee, the job profile's requirements copied, everyone told by e-mail), closes and
reopens it; each employee submits a self-assessment, then their line manager submits theirs with
performance and potential for the talent grid. Reading a person's review is recorded too.

Every function is atomic, checks again that the actor may do it (the rules are in access.py), records
an audit event in the same transaction, and raises ValidationError with a translated message for bad
input, so nothing is half-written. The log records who assessed whom and how many competencies were
answered, never a rating (see vocabulary_reviews.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.lib.texts import one_line, paragraphs, text_in
from opencaf.people import lifecycle
from opencaf.people.access import PeopleAccess, access_in
from opencaf.people.models import (
    Competency,
    CycleState,
    Employee,
    ModelVersion,
    Rating,
    RatingSource,
    Requirement,
    Review,
    ReviewCycle,
)
from opencaf.people.services import reviews_mail

if TYPE_CHECKING:
    from opencaf.accounts.models import User
    from opencaf.organisations.models import Organisation

TITLE_MAX = 200
COMMENT_MAX = 2000
GRID_LEVELS = (1, 2, 3)  # performance and potential: low, middle, high (the talent grid's scale)


def _access(actor: User, organisation: Organisation) -> PeopleAccess:
    access = access_in(actor, organisation)
    if access is None:
        raise PermissionDenied
    return access


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def usable_versions(organisation: Organisation) -> Any:
    """The published versions a cycle of the organisation may use: of its own competency model, or
    of its network's."""
    from django.db.models import Q

    owner = Q(model__organisation=organisation)
    if organisation.network_id is not None:
        owner |= Q(model__network_id=organisation.network_id)
    return ModelVersion.objects.filter(owner, state="published").select_related("model").order_by("model_id", "-number")


# --- cycles ------------------------------------------------------------------------------------------


@transaction.atomic
def create_cycle(
    *,
    actor: User,
    organisation: Organisation,
    version: ModelVersion,
    title: str,
    opens_on: date,
    closes_on: date,
) -> ReviewCycle:
    """A cycle being prepared (nobody is told yet: that happens when HR opens it)."""
    if not _access(actor, organisation).can_manage:
        raise PermissionDenied
    title = one_line(title)
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give the competency review a title, e.g. “Competency review 2026”.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Keep the title to %(max)d characters.") % {"max": TITLE_MAX}
    if closes_on <= opens_on:
        errors["closes_on"] = _("The competency review must close after it opens.")
    if not usable_versions(organisation).filter(pk=version.pk).exists():
        errors["version"] = _(
            "Choose a published version of your organisation's competency model or of your network's."
        )
    if errors:
        raise ValidationError(errors)
    cycle = ReviewCycle.objects.create(
        organisation=organisation,
        version=version,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor,
    )
    record_event(
        "people.cycle_created",
        actor=actor,
        obj=cycle,
        organisation=organisation,
        changes={
            "review_cycle": title,
            "review_version": str(version),
            "review_opens_on": opens_on.isoformat(),
            "review_closes_on": closes_on.isoformat(),
        },
    )
    return cycle


def _managed_cycle(actor: User, cycle: ReviewCycle) -> ReviewCycle:
    """The cycle locked, for HR of its organisation; PermissionDenied for anyone else."""
    current = (
        ReviewCycle.objects.select_for_update(of=("self",))
        .select_related("organisation__network", "version__model")
        .get(pk=cycle.pk)
    )
    if not _access(actor, current.organisation).can_manage:
        raise PermissionDenied
    return current


def _moved(cycle: ReviewCycle, move: lifecycle.CycleMove) -> str:
    try:
        return lifecycle.cycle_after(cycle.state, move).value
    except lifecycle.TransitionError:
        raise ValidationError(
            _("This is not possible while the competency review is “%(state)s”.")
            % {"state": cycle.get_state_display()},
            code="state",
        ) from None


def _no_other_open_cycle(cycle: ReviewCycle) -> None:
    # The organisation's cycles are locked first, so two people opening two cycles at once wait for
    # each other and the second sees the first one open.
    others = list(
        ReviewCycle.objects.select_for_update()
        .filter(organisation_id=cycle.organisation_id)
        .exclude(pk=cycle.pk)
        .values_list("state", "title")
    )
    open_ones = [title for state, title in others if state == CycleState.OPEN]
    if open_ones:
        raise ValidationError(
            _("Another competency review is open (“%(title)s”): close it first. One review is open at a time.")
            % {"title": open_ones[0]},
            code="another_open",
        )


@dataclass(frozen=True)
class Opened:
    cycle: ReviewCycle
    created: int  # reviews made
    without_profile: int  # of them, employees without a job profile (no gaps)
    mails: int


def _required_levels(profile_ids: set[int]) -> dict[int, dict[str, int]]:
    """{profile id: {competency code: required level}} for the profiles, copied into each review."""
    levels: dict[int, dict[str, int]] = {pk: {} for pk in profile_ids}
    rows = Requirement.objects.filter(profile_id__in=profile_ids, level__gt=0).values_list(
        "profile_id", "competency__code", "level"
    )
    for profile_id, code, level in rows:
        levels[profile_id][code] = level
    return levels


@transaction.atomic
def open_cycle(*, actor: User, cycle: ReviewCycle) -> Opened:
    """Open the cycle: a review for every employee of the organisation (the profile's requirements
    copied, the line manager and the unit as they are today), and every person and line manager told
    by e-mail once this commits."""
    current = _managed_cycle(actor, cycle)
    state = _moved(current, lifecycle.CycleMove.OPEN)
    _no_other_open_cycle(current)
    employees = list(
        Employee.objects.filter(organisation_id=current.organisation_id)
        .select_related("membership__user", "line_manager__user")
        .order_by("pk")
    )
    required = _required_levels({e.profile_id for e in employees if e.profile_id is not None})
    already = set(Review.objects.filter(cycle=current).values_list("membership_id", flat=True))
    reviews = [
        Review(
            cycle=current,
            membership=employee.membership,
            manager=employee.line_manager,
            profile_id=employee.profile_id,
            required=required.get(employee.profile_id, {}) if employee.profile_id is not None else {},
            unit=employee.membership.department,
        )
        for employee in employees
        if employee.membership_id not in already
    ]
    Review.objects.bulk_create(reviews)
    without_profile = sum(1 for review in reviews if review.profile_id is None)
    before = current.state
    current.state = state
    current.save(update_fields=["state"])
    record_event(
        "people.cycle_opened",
        actor=actor,
        obj=current,
        organisation=current.organisation,
        changes={
            "review_state": {"before": before, "after": state},
            "review_created": len(reviews),
            "review_without_profile": without_profile,
        },
    )
    mails = reviews_mail.cycle_opened(current, reviews)
    return Opened(current, len(reviews), without_profile, mails)


def _simple_move(actor: User, cycle: ReviewCycle, move: lifecycle.CycleMove) -> tuple[ReviewCycle, str]:
    """The cycle locked and moved; returns it and the state it was in (the caller records the event)."""
    current = _managed_cycle(actor, cycle)
    state = _moved(current, move)
    if state == CycleState.OPEN:
        _no_other_open_cycle(current)
    before = current.state
    current.state = state
    current.save(update_fields=["state"])
    return current, before


@transaction.atomic
def close_cycle(*, actor: User, cycle: ReviewCycle) -> ReviewCycle:
    """Close the cycle: nobody can submit or change an assessment until it is reopened."""
    current, before = _simple_move(actor, cycle, lifecycle.CycleMove.CLOSE)
    record_event(
        "people.cycle_closed",
        actor=actor,
        obj=current,
        organisation=current.organisation,
        changes={"review_state": {"before": before, "after": current.state}},
    )
    return current


@transaction.atomic
def reopen_cycle(*, actor: User, cycle: ReviewCycle) -> ReviewCycle:
    """Open a closed cycle again (its reviews stay as they were; nobody is mailed again)."""
    current, before = _simple_move(actor, cycle, lifecycle.CycleMove.REOPEN)
    record_event(
        "people.cycle_reopened",
        actor=actor,
        obj=current,
        organisation=current.organisation,
        changes={"review_state": {"before": before, "after": current.state}},
    )
    return current


# --- assessments ---------------------------------------------------------------------------------------


def _locked_review(review: Review) -> Review:
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("cycle__organisation__network", "cycle__version", "membership__user")
        .get(pk=review.pk)
    )


def self_refusal(review: Review) -> ValidationError | None:
    """Why the person cannot give or change their self-assessment now, if they cannot."""
    if review.cycle.state != CycleState.OPEN:
        return _closed(review)
    if review.self_submitted_at is not None:
        return ValidationError(
            _(
                "You submitted your self-assessment on %(date)s; "
                "a submitted self-assessment is final and cannot be changed."
            )
            % {"date": _day(timezone.localdate(review.self_submitted_at))},
            code="submitted",
        )
    return None


def manager_refusal(review: Review, today: date | None = None) -> ValidationError | None:
    """Why the line manager cannot give or change their assessment now, if they cannot."""
    if review.cycle.state != CycleState.OPEN:
        return _closed(review)
    name = review.membership.user.display_name
    if review.manager_submitted_at is not None:
        return ValidationError(
            _("You submitted your assessment of %(name)s on %(date)s; it is final and cannot be changed.")
            % {"name": name, "date": _day(timezone.localdate(review.manager_submitted_at))},
            code="submitted",
        )
    if not may_assess_yet(review, today):
        return ValidationError(
            _(
                "%(name)s has not submitted their self-assessment yet. You can give your assessment once they "
                "have, or after the competency review closes on %(date)s."
            )
            % {"name": name, "date": _day(review.cycle.closes_on)},
            code="too_early",
        )
    return None


def _closed(review: Review) -> ValidationError:
    return ValidationError(
        _("The competency review “%(cycle)s” is not open: assessments can no longer be given or changed.")
        % {"cycle": review.cycle.title},
        code="closed",
    )


def _name(competency: Competency) -> str:
    return text_in(competency.names, get_language() or "en", "en") or competency.code


def _clean_answers(
    version: ModelVersion,
    levels: Mapping[str, int | None],
    comments: Mapping[str, str],
    *,
    complete: bool,
) -> tuple[list[Competency], dict[str, tuple[int | None, str]]]:
    """The answers checked against the version: a level from 1 to the version's number of levels, or
    None (not observed), per competency code; comments only beside an answer. `complete`: every
    competency answered (for submitting)."""
    competencies = list(version.competencies.select_related("cluster").order_by("cluster__position", "position"))
    known = {competency.code: competency for competency in competencies}
    unknown = sorted((set(levels) | set(comments)) - set(known))
    if unknown:
        raise ValidationError(
            _("These competencies are not in the competency model of this review: %(codes)s.")
            % {"codes": ", ".join(unknown)},
            code="unknown",
        )
    answers: dict[str, tuple[int | None, str]] = {}
    for code, level in levels.items():
        if level is not None and (not isinstance(level, int) or not 1 <= level <= version.levels):
            raise ValidationError(
                _("Choose a level from 1 to %(max)d, or “not observed”, for “%(name)s”.")
                % {"max": version.levels, "name": _name(known[code])},
                code="level",
            )
        answers[code] = (level, paragraphs(comments.get(code, "")))
    for code, comment in comments.items():
        text = paragraphs(comment)
        if len(text) > COMMENT_MAX:
            raise ValidationError(
                _("Keep the comment on “%(name)s” to %(max)d characters.")
                % {"name": _name(known[code]), "max": COMMENT_MAX},
                code="comment",
            )
        if text and code not in levels:
            raise ValidationError(
                _("Choose a level or “not observed” for “%(name)s” before you comment on it.")
                % {"name": _name(known[code])},
                code="comment_alone",
            )
    if complete:
        missing = [_name(competency) for competency in competencies if competency.code not in answers]
        if missing:
            raise ValidationError(
                _("Answer every competency before you submit (a level, or “not observed”): %(names)s.")
                % {"names": ", ".join(missing)},
                code="incomplete",
            )
    return competencies, answers


def _write_ratings(
    review: Review, source: str, competencies: Sequence[Competency], answers: Mapping[str, tuple[int | None, str]]
) -> None:
    """Replace one side's ratings of the review with the answers (a draft saved again replaces the last)."""
    Rating.objects.filter(review=review, source=source).delete()
    Rating.objects.bulk_create(
        Rating(
            review=review,
            competency=competency,
            source=source,
            level=answers[competency.code][0],
            comment=answers[competency.code][1],
        )
        for competency in competencies
        if competency.code in answers
    )


@transaction.atomic
def save_self_assessment(
    *,
    actor: User,
    review: Review,
    levels: Mapping[str, int | None],
    comments: Mapping[str, str] | None = None,
    submit: bool = False,
) -> Review:
    """The person's own ratings: saved as a draft (any part of them), or submitted (every competency
    answered), after which they are final and the line manager can give theirs."""
    current = _locked_review(review)
    if not _access(actor, current.cycle.organisation).is_me(current.membership_id):
        raise PermissionDenied
    refusal = self_refusal(current)
    if refusal is not None:
        raise refusal
    competencies, answers = _clean_answers(current.cycle.version, levels, comments or {}, complete=submit)
    _write_ratings(current, RatingSource.SELF, competencies, answers)
    if submit:
        current.self_submitted_at = timezone.now()
        current.save(update_fields=["self_submitted_at"])
    changes = {
        "review_cycle": current.cycle.title,
        "review_person": current.membership.user.display_name,
        "review_answered": len(answers),
    }
    organisation = current.cycle.organisation
    if submit:
        record_event(
            "people.self_assessment_submitted", actor=actor, obj=current, organisation=organisation, changes=changes
        )
    else:
        record_event(
            "people.self_assessment_saved", actor=actor, obj=current, organisation=organisation, changes=changes
        )
    return current


def may_assess_yet(review: Review, today: date | None = None) -> bool:
    """The line manager gives their assessment once the person submitted theirs, or after the review's
    closing date (a person who never submits does not hold their manager up for ever)."""
    today = today or timezone.localdate()
    return review.self_submitted_at is not None or today > review.cycle.closes_on


def _grid_values(performance: int | None, potential: int | None, *, required: bool) -> tuple[int | None, int | None]:
    """Performance and potential, 1 to 3 each; both needed to submit."""
    errors: dict[str, str] = {}
    if performance is None and required:
        errors["performance"] = _("Choose the person's performance.")
    elif performance is not None and performance not in GRID_LEVELS:
        errors["performance"] = _("Choose one of the three values.")
    if potential is None and required:
        errors["potential"] = _("Choose the person's potential.")
    elif potential is not None and potential not in GRID_LEVELS:
        errors["potential"] = _("Choose one of the three values.")
    if errors:
        raise ValidationError(errors)
    return performance, potential


@transaction.atomic
def save_manager_assessment(
    *,
    actor: User,
    review: Review,
    levels: Mapping[str, int | None],
    comments: Mapping[str, str] | None = None,
    performance: int | None = None,
    potential: int | None = None,
    submit: bool = False,
) -> Review:
    """The line manager's ratings, with performance and potential (1–3 each, for the talent grid):
    by the manager named on the review, once the person submitted or the review's closing date
    passed; a draft first if they like; final once submitted."""
    current = _locked_review(review)
    if not _access(actor, current.cycle.organisation).is_me(current.manager_id):
        raise PermissionDenied
    refusal = manager_refusal(current)
    if refusal is not None:
        raise refusal
    performance, potential = _grid_values(performance, potential, required=submit)
    competencies, answers = _clean_answers(current.cycle.version, levels, comments or {}, complete=submit)
    _write_ratings(current, RatingSource.MANAGER, competencies, answers)
    current.performance, current.potential = performance, potential
    fields = ["performance", "potential"]
    if submit:
        current.manager_submitted_at = timezone.now()
        fields.append("manager_submitted_at")
    current.save(update_fields=fields)
    changes = {
        "review_cycle": current.cycle.title,
        "review_person": current.membership.user.display_name,
        "review_answered": len(answers),
    }
    organisation = current.cycle.organisation
    if submit:
        record_event(
            "people.manager_assessment_submitted", actor=actor, obj=current, organisation=organisation, changes=changes
        )
    else:
        record_event(
            "people.manager_assessment_saved", actor=actor, obj=current, organisation=organisation, changes=changes
        )
    return current


def record_review_read(*, actor: User, review: Review, shown: Sequence[str] = ()) -> None:
    """Record that a page showed the person's review (their ratings, `shown`: "self", "manager") to
    the actor, the person themselves included: "who has looked at my assessment" has an answer."""
    with transaction.atomic():
        record_event(
            "people.review_read",
            actor=actor,
            obj=review,
            organisation=review.cycle.organisation,
            changes={
                "review_cycle": review.cycle.title,
                "review_person": review.membership.user.display_name,
                "review_ratings_shown": list(shown),
            },
        )
