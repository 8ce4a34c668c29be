"""Demo external feedback in the Slovenian demo network (development only; `manage.py seed_demo` seeds it
after the benchmarking demo, whose experienced CAF users it needs).

The coordinator puts two external feedback actors (EFACs) on the network's list; three organisations
apply under the network's default procedure (`feedback_content`): MO Kranj on its 2023 self-assessment
(management accepts that report first), awarded on 20 January 2025, its label expiring within 90 days
of the story's day; UE Ljubljana, awarded on 20 November 2025; Občina Medvode, whose external feedback
is under way, the visit scheduled for 15 December 2026 and the lead actor's first scores given.

Every step goes through the services, as people do it on the pages; the dates (of the records and of
their audit events) are moved to the story afterwards. The application service checks its window
against today: for that one call the report reads as accepted six months ago, and gets its date back
right after. Idempotent: does nothing when the network has a case or the demo EFAC exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments.models import SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.demo import feedback_content as content
from opencaf.demo.benchmarking import COORDINATOR, _administrator
from opencaf.demo.guard import DemoError, require_demo_allowed
from opencaf.demo.organisations import DEMO_NETWORK, DEMO_PASSWORD
from opencaf.evidence import services as evidence_services
from opencaf.evidence.models import EvidenceItem
from opencaf.feedback.access import CaseAccess, access_for
from opencaf.feedback.models import (
    ActorScore,
    AgreedScore,
    CaseActor,
    CaseDocument,
    Declaration,
    ExternalActor,
    FeedbackCase,
    FeedbackReport,
    Label,
    Procedure,
)
from opencaf.feedback.selectors.application import FINISHED
from opencaf.feedback.selectors.procedures import procedure_of
from opencaf.feedback.services import actors as actor_services
from opencaf.feedback.services import application, decision, organiser, procedures, scoring
from opencaf.feedback.services import report as report_services
from opencaf.feedback.window import add_months
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, Network, Organisation
from opencaf.reports.models import ReportAcceptance
from opencaf.reports.services import accept_report

LABEL_AWARDED = "feedback.label_awarded"


def _at(moment: datetime) -> datetime:
    return timezone.make_aware(moment)


def _decided(day: date) -> datetime:
    """The organiser decides in the late morning."""
    return datetime.combine(day, time(11))


@contextmanager
def _dated(moment: datetime) -> Iterator[None]:
    """The audit events recorded inside the block happened at `moment` (a naive local time) of the story."""
    last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    yield
    AuditEvent.objects.filter(pk__gt=last).update(occurred_at=_at(moment))


def seed_feedback() -> bool:
    """Seed the external feedback demo; False when it is there already."""
    require_demo_allowed()
    network = Network.objects.filter(name=DEMO_NETWORK).first()
    coordinator = network.coordinators.filter(email=COORDINATOR).first() if network is not None else None
    if network is None or coordinator is None:
        raise DemoError("Seed the demo organisations first (manage.py seed_demo does it in order).")
    if FeedbackCase.objects.filter(network=network).exists() or User.objects.filter(email=content.EVA).exists():
        return False
    names = [story.organisation for story in content.CASES]
    organisations = {org.short_name: org for org in Organisation.objects.filter(network=network, short_name__in=names)}
    if len(organisations) != len(names):
        raise DemoError("The experienced CAF users are missing: seed the benchmarking demo first.")
    with transaction.atomic():
        procedure = _procedure(network)
        actors = _actors(network, coordinator)
        for story in content.CASES:
            _case(story, organisations[story.organisation], procedure, coordinator, actors)
    return True


def _procedure(network: Network) -> Procedure:
    """The network's procedure, the procedures loaded first when `manage.py load_procedures` has not run."""
    if not Procedure.objects.exists():
        procedures.load_procedures(procedures.read_procedures())
    procedure = procedure_of(network).procedure
    if procedure is None or procedure.code != content.PROCEDURE:
        raise DemoError(f"The demo network must run the procedure {content.PROCEDURE!r}.")
    return procedure


def _actors(network: Network, coordinator: User) -> dict[str, User]:
    """The demo EFACs: accounts like the other demo users' (password "demo", address verified), put on
    the network's list by the coordinator."""
    added = _at(content.EFACS_ADDED)
    people = {}
    for efac in content.EFACS:
        user = User.objects.create_user(
            efac.email, DEMO_PASSWORD, full_name=efac.name, language="sl", date_joined=added
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        with _dated(content.EFACS_ADDED):
            actor_services.add_actor(
                actor=coordinator,
                network=network,
                email=efac.email,
                full_name=efac.name,
                qualification=efac.qualification,
            )
        people[efac.email] = user
    ExternalActor.objects.filter(network=network, user__in=people.values()).update(added_at=added)
    return people


def _member(organisation: Organisation, role: str) -> User:
    membership = (
        Membership.objects.filter(organisation=organisation, roles__role=role).select_related("user").order_by("pk")
    ).first()
    if membership is None:
        raise DemoError(f"{organisation} has nobody with the role {role}")
    return membership.user


def _assessment(story: content.Story, organisation: Organisation) -> SelfAssessment:
    cycles = list(SelfAssessment.objects.filter(organisation=organisation, state__in=FINISHED).order_by("finalised_at"))
    if len(cycles) < (2 if story.earlier_cycle else 1):
        raise DemoError(f"{organisation} lacks the self-assessment its external feedback is on")
    return cycles[-2] if story.earlier_cycle else cycles[-1]


def _fresh(case: FeedbackCase) -> FeedbackCase:
    return FeedbackCase.objects.select_related("organisation", "network", "assessment", "procedure").get(pk=case.pk)


def _access(user: User, case: FeedbackCase) -> CaseAccess:
    access = access_for(user, _fresh(case))
    if access is None:
        raise DemoError(f"{user} has no access to {case}")
    return access


# --- one case, step by step ------------------------------------------------------------------------


def _case(
    story: content.Story,
    organisation: Organisation,
    procedure: Procedure,
    coordinator: User,
    actors: dict[str, User],
) -> None:
    writer = _administrator(organisation).user
    assessment = _assessment(story, organisation)
    if story.report_accepted is not None:
        with _dated(story.report_accepted):
            accept_report(actor=_member(organisation, Role.MANAGER), assessment=assessment, note=content.REPORT_NOTE)
        ReportAcceptance.objects.filter(assessment=assessment).update(accepted_at=_at(story.report_accepted))
    with _dated(story.applied):
        case = _apply(writer, organisation, assessment, procedure)
    _application(story, case, writer)
    with _dated(story.accepted):
        case = organiser.accept_case(actor=coordinator, case=case)
        for position, email in enumerate(story.actors):
            external_actor = ExternalActor.objects.get(network=case.network, user=actors[email])
            organiser.assign_actor(actor=coordinator, case=case, external_actor=external_actor, lead=position == 0)
    for email, moment in zip(story.actors, story.declared, strict=True):
        with _dated(moment):
            actor_services.declare_interests(actor=actors[email], case=case, declaration=Declaration.NO_CONFLICT)
    with _dated(story.visit_scheduled):
        start, end = story.visit
        organiser.schedule_visit(
            actor=coordinator,
            case=case,
            starts_at=_at(start),
            ends_at=_at(end),
            place=story.place,
            agenda=story.agenda,
        )
    for scores in story.scorings:
        with _dated(scores.on):
            scoring.save_scores(
                actor=actors[scores.actor], case=case, scores=scores.scores, notes=scores.notes, finish=scores.finished
            )
    lead = actors[story.actors[0]]
    if story.agreed_on is not None:
        with _dated(story.agreed_on):
            for question, (score, rationale) in story.agreed.items():
                scoring.record_agreement(
                    actor=lead, case=case, question=question, score=score, rationale=rationale, expected_version=0
                )
    if story.report_saved is not None and story.finalised is not None:
        with _dated(story.report_saved):
            report = report_services.save_report(
                actor=lead,
                access=_access(lead, case),
                findings=story.findings,
                summary=story.summary,
                expected_version=0,
            )
        with _dated(story.finalised):
            report_services.finalise_report(actor=lead, access=_access(lead, case), expected_version=report.version)
    if story.awarded is not None:
        with _dated(_decided(story.awarded)):
            access = _access(coordinator, case)
            label = decision.decide(
                actor=coordinator,
                access=access,
                award=True,
                note=story.decision_note,
                expected_version=access.case.version,
            )
        if label is not None:
            _date_label(label, story.awarded, procedure)
    _date_case(story, case)


def _apply(writer: User, organisation: Organisation, assessment: SelfAssessment, procedure: Procedure) -> FeedbackCase:
    """Apply through the service, which checks the window against today: for the call, the report reads as
    accepted so that the window opens today; its date in the story is put back at once."""
    acceptance = ReportAcceptance.objects.get(assessment=assessment)
    opens_after, _closes_after = procedure.window_months
    today = timezone.localdate()
    ReportAcceptance.objects.filter(pk=acceptance.pk).update(
        accepted_at=_at(datetime.combine(add_months(today, -opens_after), time(10)))
    )
    try:
        return application.apply(actor=writer, organisation=organisation, assessment=assessment)
    finally:
        ReportAcceptance.objects.filter(pk=acceptance.pk).update(accepted_at=acceptance.accepted_at)


def _application(story: content.Story, case: FeedbackCase, writer: User) -> None:
    """The answers, own scores and documents, then the submission."""
    with _dated(story.prepared):
        for document in story.documents:
            item = evidence_services.add_link(
                actor=writer, organisation=case.organisation, title=document.title, description="", url=document.url
            )
            application.attach_document(actor=writer, case=case, evidence=item, pillar=document.pillar)
        application.save_application(
            actor=writer,
            case=case,
            answers=story.answers,
            own_scores=dict(story.own_scores),
            expected_version=_fresh(case).version,
        )
    EvidenceItem.objects.filter(feedback_cases__case=case).update(created_at=_at(story.prepared))
    with _dated(story.submitted):
        application.submit(actor=writer, case=case)


def _date_label(label: Label, awarded: date, procedure: Procedure) -> None:
    """Awarded on the story's day: valid from then, numbered in that year."""
    valid_until = add_months(awarded, procedure.validity_months)
    prefix = decision.number_prefix(label.case)
    number = label.number
    if not number.startswith(f"{prefix}-{awarded.year}-"):
        number = decision.next_number(prefix, awarded.year)
    Label.objects.filter(pk=label.pk).update(awarded_on=awarded, valid_until=valid_until, number=number)
    for event in AuditEvent.objects.filter(action=LABEL_AWARDED, object_id=str(label.public_id)):
        changes = dict(event.changes, number=number, valid_until=valid_until.isoformat())
        AuditEvent.objects.filter(pk=event.pk).update(changes=changes)


def _date_case(story: content.Story, case: FeedbackCase) -> None:
    """The records' own dates, as the story has them."""
    case = _fresh(case)
    submitted = _at(story.submitted)
    FeedbackCase.objects.filter(pk=case.pk).update(
        created_at=_at(story.applied),
        submitted_at=submitted,
        accepted_at=_at(story.accepted),
        reported_at=_at(story.finalised) if story.finalised else None,
        decided_at=_at(_decided(story.awarded)) if story.awarded else None,
        dossier=_as_submitted(case.dossier, submitted),
    )
    CaseDocument.objects.filter(case=case).update(added_at=_at(story.prepared))
    for email, declared in zip(story.actors, story.declared, strict=True):
        CaseActor.objects.filter(case=case, actor__user__email=email).update(
            assigned_at=_at(story.accepted), declared_at=_at(declared)
        )
    for scores in story.scorings:
        assignment = CaseActor.objects.filter(case=case, actor__user__email=scores.actor)
        assignment.update(scores_done_at=_at(scores.on) if scores.finished else None)
        ActorScore.objects.filter(case_actor__in=assignment).update(updated_at=_at(scores.on))
    if story.agreed_on is not None:
        AgreedScore.objects.filter(case=case).update(recorded_at=_at(story.agreed_on))
    if story.report_saved is not None:
        FeedbackReport.objects.filter(case=case).update(
            updated_at=_at(story.report_saved), finalised_at=_at(story.finalised) if story.finalised else None
        )


def _as_submitted(dossier: dict[str, object], submitted: datetime) -> dict[str, object]:
    """The dossier as it was assembled on the day of submission: the improvement actions completed after
    that day were still under way then."""
    dossier = dict(dossier, assembled_at=submitted.isoformat())
    plan = dossier.get("improvement_plan")
    if isinstance(plan, dict):
        day = timezone.localdate(submitted).isoformat()
        for action in plan.get("actions") or []:
            if action.get("completed_on") and action["completed_on"] > day:
                action.update(status="do", progress=60, completed_on=None)
    return dossier
