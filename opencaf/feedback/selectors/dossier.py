"""The dossier of an application for external feedback, assembled by the platform from what it knows of
the self-assessment and what followed it, so nobody collects it by hand.

`assemble_dossier(case)` reads, in a fixed number of queries whatever their size: the self-assessment
(title, dates, scoring method, scope), its project plan (the CAF steps and trainings) and the
communication it planned, the composition of its self-assessment groups (functional areas and staff
levels counted; only the group leaders named), the organisation's people at the network's introduction
sessions and trainings (counted, not named), the report's acceptance, the improvement plan (its actions
with status and progress, the money and person-days planned and spent), the organisation's surveys
whose results are published and its indicators. Each section is there only when there is something in
it; nothing is invented. The result is plain JSON (codes, texts per language, ISO dates), frozen into
`FeedbackCase.dossier` when the application is submitted, so the external feedback actors read what was
submitted, in their own language: `readable(dossier, language)` turns it into what the page shows.

Nothing else of the organisation goes in: the EFACs, who read the dossier, have no other access to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db.models import F, Min, OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext

from opencaf.assessments.models import (
    AssessmentGroup,
    PlanItem,
    PlanItemKind,
    PlanStatus,
    Scope,
    Seat,
    SelfAssessment,
)
from opencaf.coordination.models import (
    Attendance,
    Event,
    EventKind,
    EventState,
    Registration,
    RegistrationStatus,
)
from opencaf.feedback import lifecycle
from opencaf.feedback.models import FeedbackCase
from opencaf.frameworks.models import Method
from opencaf.improvement.models import Action, ActionStatus, ImprovementPlan
from opencaf.improvement.models import PlanStatus as ImprovementPlanStatus
from opencaf.indicators.models import Indicator, Measurement, Unit
from opencaf.lib.texts import text_in
from opencaf.organisations.choices import StaffLevel
from opencaf.resources.models import ResourceLine
from opencaf.surveys.models import Audience, Survey, SurveyState

VERSION = 1
# The network's events that train people for a self-assessment.
TRAINING_KINDS = (EventKind.INTRODUCTION, EventKind.TRAINING)


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localdate(value).isoformat()
    return value.isoformat()


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _texts(obj: Any, field: str) -> dict[str, str]:
    """A translated field in every language it has ({"sl": …, "en": …})."""
    texts = {code: str(getattr(obj, f"{field}_{code}", "") or "") for code, _name in settings.LANGUAGES}
    return {code: text for code, text in texts.items() if text.strip()} or {"en": str(getattr(obj, field, ""))}


# --- assembling --------------------------------------------------------------------------------------


def _assessment(assessment: SelfAssessment) -> dict[str, Any]:
    return {
        "title": assessment.title,
        "framework": _texts(assessment.framework, "name"),
        "started_on": _iso(assessment.created_at),
        "finalised_on": _iso(assessment.finalised_at),
        "scoring_method": assessment.scoring_method,
        "scope": assessment.scope,
        "scope_unit": assessment.scope_unit,
    }


def _plan_item(item: PlanItem) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "step": item.step.number if item.step is not None else None,
        "step_title": _texts(item.step, "title") if item.step is not None else {},
        "title": item.title,
        "start_on": _iso(item.start_date),
        "end_on": _iso(item.end_date),
        "status": item.status,
    }


def _plan(assessment: SelfAssessment) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The project plan (steps and trainings) and the communication planned in it."""
    items = [
        _plan_item(item)
        for item in PlanItem.objects.filter(assessment=assessment)
        .select_related("step")
        .order_by(F("start_date").asc(nulls_last=True), F("step__number").asc(nulls_last=True), "pk")
    ]
    plan = [item for item in items if item["kind"] != PlanItemKind.COMMUNICATION]
    communication = [item for item in items if item["kind"] == PlanItemKind.COMMUNICATION]
    return plan, communication


def _counted(values: list[str]) -> list[list[Any]]:
    return [[value, count] for value, count in sorted(Counter(values).items())]


def _groups(assessment: SelfAssessment) -> dict[str, Any] | None:
    groups = list(
        AssessmentGroup.objects.filter(assessment=assessment).select_related("leader__user").order_by("name", "pk")
    )
    if not groups:
        return None
    seats = list(
        Seat.objects.filter(group__assessment=assessment).values_list("group_id", "functional_area", "staff_level")
    )
    rows = []
    for group in groups:
        own = [(area, level) for group_id, area, level in seats if group_id == group.pk]
        rows.append(
            {
                "name": group.name,
                "leader": group.leader.user.full_name if group.leader is not None else "",
                "members": len(own),
                "functional_areas": _counted([area for area, _level in own]),
                "staff_levels": _counted([level for _area, level in own]),
            }
        )
    return {
        "groups": rows,
        "members": len(seats),
        "functional_areas": _counted([area for _group, area, _level in seats]),
        "staff_levels": _counted([level for _group, _area, level in seats]),
    }


def _training(case: FeedbackCase) -> list[dict[str, Any]]:
    """The network's introduction sessions and trainings the organisation's people registered for."""
    registrations = list(
        Registration.objects.filter(
            organisation_id=case.organisation_id,
            event__network_id=case.network_id,
            event__kind__in=TRAINING_KINDS,
        )
        .exclude(status=RegistrationStatus.CANCELLED)
        .exclude(event__state=EventState.CANCELLED)
        .values_list("pk", "event_id")
    )
    if not registrations:
        return []
    present = set(
        Attendance.objects.filter(registration_id__in=[pk for pk, _event in registrations], present=True)
        .values_list("registration_id", flat=True)
        .distinct()
    )
    events = (
        Event.objects.filter(pk__in={event for _pk, event in registrations})
        .annotate(first_session=Min("sessions__starts_at"))
        .order_by("first_session", "pk")
    )
    rows = []
    for event in events:
        mine = [pk for pk, event_id in registrations if event_id == event.pk]
        rows.append(
            {
                "title": event.title,
                "kind": event.kind,
                "starts_on": _iso(event.first_session),
                "registered": len(mine),
                "attended": sum(1 for pk in mine if pk in present),
            }
        )
    return rows


def _improvement(assessment: SelfAssessment) -> dict[str, Any] | None:
    plan = ImprovementPlan.objects.filter(assessment=assessment).first()
    if plan is None:
        return None
    actions = list(Action.objects.filter(plan=plan).order_by("due_date", "pk"))
    spent = ResourceLine.objects.filter(action__plan=plan).aggregate(eur=Sum("actual_eur"), days=Sum("actual_days"))
    budgets = [action.budget_eur for action in actions if action.budget_eur is not None]
    days = [action.person_days for action in actions if action.person_days is not None]
    return {
        "title": plan.title,
        "status": plan.status,
        "approved_on": _iso(plan.approved_at),
        "actions": [
            {
                "title": action.title,
                "status": action.status,
                "progress": action.progress,
                "start_on": _iso(action.start_date),
                "due_on": _iso(action.due_date),
                "completed_on": _iso(action.completed_at),
            }
            for action in actions
        ],
        "budget_eur": _decimal(sum(budgets, Decimal(0))) if budgets else None,
        "person_days": _decimal(sum(days, Decimal(0))) if days else None,
        "spent_eur": _decimal(spent["eur"]),
        "spent_days": _decimal(spent["days"]),
    }


def _surveys(case: FeedbackCase) -> list[dict[str, Any]]:
    surveys = Survey.objects.filter(organisation_id=case.organisation_id, state=SurveyState.PUBLISHED).order_by(
        "-published_at", "pk"
    )
    return [
        {
            "title": survey.title,
            "languages": survey.languages,
            "audience": survey.audience,
            "opens_on": _iso(survey.opens_on),
            "closes_on": _iso(survey.closes_on),
            "published_on": _iso(survey.published_at),
            "responses": survey.response_count,
        }
        for survey in surveys
    ]


def _indicators(case: FeedbackCase) -> list[dict[str, Any]]:
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-period")
    indicators = (
        Indicator.objects.filter(organisation_id=case.organisation_id, archived=False)
        .annotate(
            latest_period=Subquery(latest.values("period")[:1]), latest_value=Subquery(latest.values("value")[:1])
        )
        .order_by("created_at", "pk")
    )
    return [
        {
            "name": indicator.name,
            "unit": indicator.unit,
            "unit_label": indicator.unit_label,
            "decimals": indicator.decimals,
            "subcriteria": list(indicator.subcriteria or []),
            "latest_period": indicator.latest_period,
            "latest_value": _decimal(indicator.latest_value),
        }
        for indicator in indicators
    ]


def assemble_dossier(case: FeedbackCase) -> dict[str, Any]:
    """What the platform knows of the case's self-assessment and what followed it (module note), as
    plain JSON. Twelve queries at most, whatever the size of the plan, groups or registers."""
    assessment = SelfAssessment.objects.select_related("framework", "report_acceptance").get(pk=case.assessment_id)
    dossier: dict[str, Any] = {
        "version": VERSION,
        "assembled_at": timezone.now().isoformat(),
        "assessment": _assessment(assessment),
    }
    plan, communication = _plan(assessment)
    acceptance = getattr(assessment, "report_acceptance", None)
    sections: dict[str, Any] = {
        "plan": plan,
        "communication": communication,
        "groups": _groups(assessment),
        "training": _training(case),
        "report": {"accepted_on": _iso(acceptance.accepted_at)} if acceptance is not None else None,
        "improvement_plan": _improvement(assessment),
        "surveys": _surveys(case),
        "indicators": _indicators(case),
    }
    dossier.update({name: section for name, section in sections.items() if section})
    return dossier


# --- reading -----------------------------------------------------------------------------------------


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _label(choices: Any, value: Any) -> str:
    return str(dict(choices.choices).get(value, value or ""))


def _plan_rows(items: list[Mapping[str, Any]], language: str) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        title = item.get("title") or ""
        if not title and item.get("step") is not None:
            title = f"{item['step']}. {text_in(item.get('step_title'), language, 'en')}"
        rows.append(
            {
                "title": title,
                "kind": _label(PlanItemKind, item.get("kind")),
                "start_on": _date(item.get("start_on")),
                "end_on": _date(item.get("end_on")),
                "status": _label(PlanStatus, item.get("status")),
            }
        )
    return rows


def _counts(pairs: Any, choices: Any = None) -> list[tuple[str, int]]:
    return [(_label(choices, value) if choices else str(value), int(count)) for value, count in pairs or []]


def _readable_groups(groups: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "groups": [
            {
                "name": group.get("name", ""),
                "leader": group.get("leader", ""),
                "members": group.get("members", 0),
                "functional_areas": _counts(group.get("functional_areas")),
                "staff_levels": _counts(group.get("staff_levels"), StaffLevel),
            }
            for group in groups.get("groups") or []
        ],
        "members": groups.get("members", 0),
        "functional_areas": _counts(groups.get("functional_areas")),
        "staff_levels": _counts(groups.get("staff_levels"), StaffLevel),
    }


def _readable_plan(plan: Mapping[str, Any], assessment_title: str) -> dict[str, Any]:
    actions = [
        {
            "title": action.get("title", ""),
            "status": _label(ActionStatus, action.get("status")),
            "done": action.get("status") == ActionStatus.DONE,
            "progress": action.get("progress", 0),
            "start_on": _date(action.get("start_on")),
            "due_on": _date(action.get("due_on")),
            "completed_on": _date(action.get("completed_on")),
        }
        for action in plan.get("actions") or []
    ]
    return {
        "title": plan.get("title") or gettext("Improvement plan: %(title)s") % {"title": assessment_title},
        "status": _label(ImprovementPlanStatus, plan.get("status")),
        "approved_on": _date(plan.get("approved_on")),
        "actions": actions,
        "done": sum(1 for action in actions if action["done"]),
        "budget_eur": _number(plan.get("budget_eur")),
        "person_days": _number(plan.get("person_days")),
        "spent_eur": _number(plan.get("spent_eur")),
        "spent_days": _number(plan.get("spent_days")),
    }


def _readable_indicator(indicator: Mapping[str, Any], language: str) -> dict[str, Any]:
    unit = indicator.get("unit")
    return {
        "name": text_in(indicator.get("name"), language, "en"),
        "unit": indicator.get("unit_label")
        if unit == Unit.OTHER and indicator.get("unit_label")
        else _label(Unit, unit),
        "decimals": int(indicator.get("decimals") or 0),
        "subcriteria": ", ".join(str(code) for code in indicator.get("subcriteria") or []),
        "latest_period": indicator.get("latest_period") or "",
        "latest_value": _number(indicator.get("latest_value")),
    }


def readable(dossier: Mapping[str, Any], language: str) -> dict[str, Any]:
    """The dossier as the page shows it, in `language`: labels for codes, dates as dates."""
    assessment = dossier.get("assessment") or {}
    title = str(assessment.get("title", ""))
    result: dict[str, Any] = {
        "assessment": {
            "title": title,
            "framework": text_in(assessment.get("framework"), language, "en"),
            "started_on": _date(assessment.get("started_on")),
            "finalised_on": _date(assessment.get("finalised_on")),
            "scoring_method": _label(Method, assessment.get("scoring_method")),
            "scope": _label(Scope, assessment.get("scope")),
            "scope_unit": assessment.get("scope_unit", ""),
        },
        "plan": _plan_rows(dossier.get("plan") or [], language),
        "communication": _plan_rows(dossier.get("communication") or [], language),
        "groups": _readable_groups(dossier["groups"]) if dossier.get("groups") else None,
        "training": [
            {
                "title": row.get("title", ""),
                "kind": _label(EventKind, row.get("kind")),
                "starts_on": _date(row.get("starts_on")),
                "registered": row.get("registered", 0),
                "attended": row.get("attended", 0),
            }
            for row in dossier.get("training") or []
        ],
        "report": {"accepted_on": _date((dossier.get("report") or {}).get("accepted_on"))}
        if dossier.get("report")
        else None,
        "improvement_plan": _readable_plan(dossier["improvement_plan"], title)
        if dossier.get("improvement_plan")
        else None,
        "surveys": [
            {
                "title": text_in(survey.get("title"), language, survey.get("languages") or [], "en"),
                "audience": _label(Audience, survey.get("audience")),
                "opens_on": _date(survey.get("opens_on")),
                "closes_on": _date(survey.get("closes_on")),
                "published_on": _date(survey.get("published_on")),
                "responses": survey.get("responses", 0),
            }
            for survey in dossier.get("surveys") or []
        ],
        "indicators": [_readable_indicator(indicator, language) for indicator in dossier.get("indicators") or []],
    }
    return result


@dataclass(frozen=True)
class DossierPage:
    dossier: dict[str, Any]  # readable()
    frozen: bool  # as submitted; else assembled now
    submitted_at: datetime | None
    missing_frozen: bool  # past the draft, yet no dossier was frozen (a case not made by the services)


def dossier_page(case: FeedbackCase, language: str) -> DossierPage:
    """The live assembly while the case is a draft; the frozen dossier once submitted."""
    if case.lifecycle_state is not lifecycle.State.DRAFT and case.dossier:
        return DossierPage(readable(case.dossier, language), True, case.submitted_at, False)
    missing = case.lifecycle_state is not lifecycle.State.DRAFT
    return DossierPage(readable(assemble_dossier(case), language), False, case.submitted_at, missing)
