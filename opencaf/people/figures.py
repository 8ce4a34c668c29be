"""Criterion 3 (People) figures: what the people app measures, beside subcriteria 3.1–3.3.

The assessments app shows them on the scoring and consensus pages of a subcriterion and the report
prints them (`opencaf.assessments.subcriterion_figures`; registered from apps.py with
`register_figures("people", figures.for_subcriteria)`); the People app's "Criterion 3 figures" page
shows the same blocks with an explanation of each.

- 3.1 Human resources planning: employees with a job profile; key positions with a successor ready now
  or in 1–2 years.
- 3.2 Developing competences: development plans in the latest competency review (of the people
  reviewed); training days done in the last 12 months (in all and per employee; "before": the 12
  months before); the mean competency gap in the latest review and the one before (the trend).
- 3.3 Involving staff: staff involvement activities of the last 12 months by kind, with their
  participants; staff surveys with published results.

Whoever reads a scoring page may see these, so they are aggregates only: counts, sums and means over
the organisation, never a person. The gap comes from people's individual assessments, so a review's
mean is shown only when at least the anonymity minimum of people had their line manager's assessment
(the network's minimum, else the platform's); below it the line says there are too few.

The figures are computed whenever a criterion 3 code is asked, in a fixed number of queries whatever
the codes (eleven at most, the organisation and its network included when the assessment has not
loaded them; none when no criterion 3 code is asked).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from opencaf.assessments.subcriterion_figures import FigureLine, SubcriterionFigures
from opencaf.lib.anonymity import DEFAULT_MINIMUM
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Organisation
from opencaf.people.gaps import competency_gap
from opencaf.people.models import (
    ActionState,
    ActivityKind,
    CycleState,
    DevelopmentAction,
    DevelopmentPlan,
    Employee,
    EngagementActivity,
    KeyPosition,
    Rating,
    RatingSource,
    Readiness,
    Review,
    ReviewCycle,
)
from opencaf.surveys.models import Audience, SurveyState
from opencaf.surveys.selectors import surveys_of

if TYPE_CHECKING:
    from opencaf.assessments.models import SelfAssessment

CODES = ("3.1", "3.2", "3.3")
YEAR = timedelta(days=365)
COVERING = (Readiness.NOW, Readiness.ONE_TWO)  # successors who cover a key position


@dataclass(frozen=True)
class CycleFigures:
    """One competency review, in aggregate."""

    title: str
    reviewed: int  # people whose self-assessment or line manager's assessment was submitted
    with_plan: int  # of them, people with a development plan for the review
    manager_assessed: int  # people with their line manager's assessment (the gap's group)
    mean_gap: float | None  # levels below the required level, per competency rated; None: nothing rated


@dataclass(frozen=True)
class LatestSurvey:
    title: str
    published_at: datetime | None


@dataclass(frozen=True)
class Criterion3:
    employees: int
    with_profile: int
    key_positions: int
    covered_positions: int
    latest: CycleFigures | None
    previous: CycleFigures | None
    training_days: Decimal
    training_days_before: Decimal
    activities: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind: (count, participants)
    surveys_published: int = 0
    latest_survey: LatestSurvey | None = None
    minimum: int = DEFAULT_MINIMUM


def minimum_for(organisation: Organisation) -> int:
    network = organisation.network
    return network.anonymity_minimum if network is not None else DEFAULT_MINIMUM


def _cycles(organisation: Organisation) -> tuple[CycleFigures | None, CycleFigures | None]:
    """The latest competency review that has started and the one before it (three queries at most)."""
    cycles = list(
        ReviewCycle.objects.filter(organisation=organisation)
        .exclude(state=CycleState.DRAFT)
        .order_by("-opens_on", "-pk")
        .values_list("pk", "title")[:2]
    )
    if not cycles:
        return None, None
    plans = DevelopmentPlan.objects.filter(membership=OuterRef("membership"), cycle=OuterRef("cycle"))
    reviews = list(
        Review.objects.filter(cycle_id__in=[pk for pk, _title in cycles])
        .annotate(has_plan=Exists(plans))
        .values_list("pk", "cycle_id", "required", "self_submitted_at", "manager_submitted_at", "has_plan")
    )
    assessed = {pk: (cycle, required or {}) for pk, cycle, required, _s, manager, _p in reviews if manager is not None}
    gaps: dict[int, list[int]] = defaultdict(list)
    if assessed:
        ratings = Rating.objects.filter(
            review_id__in=list(assessed), source=RatingSource.MANAGER, level__isnull=False
        ).values_list("review_id", "competency__code", "level")
        for review_id, code, level in ratings:
            cycle, required = assessed[review_id]
            gap = competency_gap(required, code, level)
            if gap is not None:
                gaps[cycle].append(gap)
    found = []
    for pk, title in cycles:
        mine = [row for row in reviews if row[1] == pk]
        reviewed = [row for row in mine if row[3] is not None or row[4] is not None]
        cycle_gaps = gaps.get(pk, [])
        found.append(
            CycleFigures(
                title=title,
                reviewed=len(reviewed),
                with_plan=sum(1 for row in reviewed if row[5]),
                manager_assessed=sum(1 for row in mine if row[4] is not None),
                mean_gap=sum(cycle_gaps) / len(cycle_gaps) if cycle_gaps else None,
            )
        )
    return found[0], found[1] if len(found) > 1 else None


def criterion3(organisation: Organisation, today: date | None = None) -> Criterion3:
    """The organisation's criterion 3 figures as of `today` (ten queries at most, its network included)."""
    today = today or timezone.localdate()
    year_ago, two_years_ago = today - YEAR, today - 2 * YEAR
    employees = Employee.objects.filter(organisation=organisation).aggregate(
        total=Count("pk"), with_profile=Count("pk", filter=Q(profile__isnull=False))
    )
    positions = KeyPosition.objects.filter(organisation=organisation).aggregate(
        total=Count("pk", distinct=True),
        covered=Count("pk", distinct=True, filter=Q(successors__readiness__in=COVERING)),
    )
    latest, previous = _cycles(organisation)
    training = DevelopmentAction.objects.filter(
        plan__membership__organisation=organisation,
        state=ActionState.DONE,
        done_on__gt=two_years_ago,
        done_on__lte=today,
    ).aggregate(
        recent=Sum("days", filter=Q(done_on__gt=year_ago)),
        before=Sum("days", filter=Q(done_on__lte=year_ago)),
    )
    activities = {
        kind: (count, participants or 0)
        for kind, count, participants in EngagementActivity.objects.filter(
            organisation=organisation, held_on__gt=year_ago, held_on__lte=today
        )
        .values_list("kind")
        .annotate(count=Count("pk"), participants=Sum("participants"))
        .order_by()
    }
    published = (
        surveys_of(organisation).select_related(None).filter(audience=Audience.EMPLOYEES, state=SurveyState.PUBLISHED)
    )
    surveys_count = published.count()
    latest_survey = None
    if surveys_count:
        survey = published.only("title", "languages", "published_at").order_by("-published_at", "-pk").first()
        if survey is not None:
            language = get_language() or "en"
            latest_survey = LatestSurvey(text_in(survey.title, language, survey.languages), survey.published_at)
    return Criterion3(
        employees=employees["total"],
        with_profile=employees["with_profile"],
        key_positions=positions["total"],
        covered_positions=positions["covered"],
        latest=latest,
        previous=previous,
        training_days=training["recent"] or Decimal(0),
        training_days_before=training["before"] or Decimal(0),
        activities=activities,
        surveys_published=surveys_count,
        latest_survey=latest_survey,
        minimum=minimum_for(organisation),
    )


# --- as lines of figures, in the active language ------------------------------------------------------


def _share(part: int, whole: int) -> str:
    return _("%(part)d of %(whole)d (%(percent)d%%)") % {
        "part": part,
        "whole": whole,
        "percent": round(100 * part / whole),
    }


def _days(total: Decimal, employees: int) -> str:
    """The days as a number (the line says they are training days: no plural of a decimal to choose)."""
    days = formats.number_format(total, 1)
    if not employees:
        return days
    each = formats.number_format(round(total / employees, 1), 1)
    return _("%(days)s (%(each)s per employee)") % {"days": days, "each": each}


def _coverage(cycle: CycleFigures | None) -> str:
    if cycle is None:
        return ""
    if not cycle.reviewed:
        return _("%(review)s: nobody reviewed yet") % {"review": cycle.title}
    return _("%(review)s: %(part)d of the %(whole)d people reviewed (%(percent)d%%)") % {
        "review": cycle.title,
        "part": cycle.with_plan,
        "whole": cycle.reviewed,
        "percent": round(100 * cycle.with_plan / cycle.reviewed),
    }


def _gap(cycle: CycleFigures | None, minimum: int) -> str:
    if cycle is None:
        return ""
    if cycle.manager_assessed < minimum:
        return _("%(review)s: too few line manager's assessments to show (fewer than %(minimum)d)") % {
            "review": cycle.title,
            "minimum": minimum,
        }
    if cycle.mean_gap is None:
        return _("%(review)s: no ratings against a job profile") % {"review": cycle.title}
    return _("%(review)s: %(gap)s levels") % {
        "review": cycle.title,
        "gap": formats.number_format(round(cycle.mean_gap, 2), 2),  # number_format cuts, it does not round
    }


ACTIVITY_LABELS = {
    ActivityKind.WORKSHOP: lambda: _("Workshops in the last 12 months"),
    ActivityKind.INTERVIEW: lambda: _("Interviews in the last 12 months"),
    ActivityKind.FOCUS_GROUP: lambda: _("Focus groups in the last 12 months"),
}


def lines_31(data: Criterion3) -> tuple[FigureLine, ...]:
    profiles = _share(data.with_profile, data.employees) if data.employees else _("No employees recorded yet")
    positions = (
        _share(data.covered_positions, data.key_positions) if data.key_positions else _("No key positions recorded yet")
    )
    return (
        FigureLine(_("Employees with a job profile"), profiles),
        FigureLine(_("Key positions with a successor ready now or in 1–2 years"), positions),
    )


def lines_32(data: Criterion3) -> tuple[FigureLine, ...]:
    no_review = _("No competency review yet")
    return (
        FigureLine(
            _("People reviewed who have a development plan for the competency review"),
            _coverage(data.latest) or no_review,
            _coverage(data.previous),
        ),
        FigureLine(
            _("Training days done in the last 12 months"),
            _days(data.training_days, data.employees),
            _days(data.training_days_before, data.employees) if data.training_days_before else "",
        ),
        FigureLine(
            _("Mean competency gap: levels below the required level, per competency rated by the line manager"),
            _gap(data.latest, data.minimum) or no_review,
            _gap(data.previous, data.minimum),
        ),
    )


def lines_33(data: Criterion3) -> tuple[FigureLine, ...]:
    lines = []
    for kind in ActivityKind:
        count, participants = data.activities.get(kind.value, (0, 0))
        value = ngettext(
            "%(count)d (%(participants)d participant)", "%(count)d (%(participants)d participants)", participants
        ) % {"count": count, "participants": participants}
        lines.append(FigureLine(ACTIVITY_LABELS[kind](), value if count else "0"))
    if data.latest_survey is None:
        surveys = _("None yet")
    else:
        published = data.latest_survey.published_at
        surveys = _("%(count)d (latest: %(title)s, %(date)s)") % {
            "count": data.surveys_published,
            "title": data.latest_survey.title,
            "date": formats.date_format(timezone.localtime(published), "DATE_FORMAT") if published else "–",
        }
    lines.append(FigureLine(_("Staff surveys with published results"), surveys))
    return tuple(lines)


def blocks(organisation: Organisation, data: Criterion3) -> dict[str, list[SubcriterionFigures]]:
    """One block per criterion 3 subcriterion, each linking to its section of the figures page."""
    page = reverse("people:criterion3_figures", kwargs={"org_id": organisation.public_id})
    source = _("People development")
    headings = (_("Figure"), _("Latest"), _("Before"))
    return {
        "3.1": [
            SubcriterionFigures(
                title=_("Job profiles and succession"),
                source=source,
                url=f"{page}#subcriterion-3-1",
                lines=lines_31(data),
                headings=headings,
            )
        ],
        "3.2": [
            SubcriterionFigures(
                title=_("Development plans, training and competency gaps"),
                source=source,
                url=f"{page}#subcriterion-3-2",
                lines=lines_32(data),
                note=_("“Before”: the competency review before the latest, or the 12 months before."),
                headings=headings,
            )
        ],
        "3.3": [
            SubcriterionFigures(
                title=_("Staff involvement"),
                source=source,
                url=f"{page}#subcriterion-3-3",
                lines=lines_33(data),
                headings=headings,
            )
        ],
    }


def for_subcriteria(assessment: SelfAssessment, codes: Sequence[str]) -> dict[str, list[SubcriterionFigures]]:
    """The provider for the assessments app's registry."""
    asked = [code for code in codes if code in CODES]
    if not asked:
        return {}
    organisation = assessment.organisation
    found = blocks(organisation, criterion3(organisation))
    return {code: found[code] for code in asked}
