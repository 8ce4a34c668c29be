"""Seed the experienced CAF users of `benchmarking_peers_content` into the Slovenian demo network.

The coordinator imports them; each gets its quality representative (administrator), a front-line
colleague and its head (management), seated directly as the coordination demo seats representatives;
they share their areas for improvement with the network;
their latest self-assessment was recorded from the consensus meeting's minutes (the group's agreed
scores, no individual scoring on the platform), the report was accepted, the plan approved, and both
of its actions are done. Through the services; dates moved to the story afterwards.

Called by the benchmarking demo, which then adds the cycle two years before and shares both.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from opencaf.accounts.models import User
from opencaf.assessments import services as assessment_services
from opencaf.assessments.lifecycle import Action as Step
from opencaf.assessments.models import EntryKind, SelfAssessment
from opencaf.demo import benchmarking_peers_content as content
from opencaf.demo import coordination_content
from opencaf.demo.coordination import REPORT_NOTE, _at, _consensus, _date_cycle, _project, _score, _seat, email_of
from opencaf.demo.organisations import DEMO_PASSWORD
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.improvement import services as improvement_services
from opencaf.improvement.models import Action, ActionStatus, ActionUpdate, ImprovementPlan
from opencaf.organisations import services as organisation_services
from opencaf.organisations.choices import Role, StaffLevel
from opencaf.organisations.models import Membership, MembershipRole, Network, Organisation
from opencaf.reports.models import ReportAcceptance
from opencaf.reports.services import accept_report

SEED = 2028
LISTED_ON = date(2024, 9, 2)  # the day the coordinator imported the network's organisations


def seed_peers(network: Network, coordinator: User, framework: FrameworkVersion) -> list[Organisation]:
    organisations = _import(network, coordinator)
    subcriteria = list(framework.subcriteria.select_related("criterion").order_by("criterion__number", "position"))
    password = make_password(DEMO_PASSWORD)
    for peer, organisation in zip(content.PEERS, organisations, strict=True):
        representative, colleague, head = _people(organisation, peer, password)
        assessment = _latest_cycle(peer, representative, colleague, framework, subcriteria)
        _report_and_plan(peer, assessment, representative, head, subcriteria)
        # Experienced users: they count their areas for improvement in the network's overview too.
        organisation_services.set_improvement_area_sharing(
            actor=representative.user, organisation=organisation, shares=True
        )
    return organisations


def _import(network: Network, coordinator: User) -> list[Organisation]:
    rows = [
        organisation_services.OrganisationData(
            name=peer.org.name,
            org_type=peer.org.org_type,
            country="SI",
            size_band=peer.org.size_band,
            default_language="sl",
            short_name=peer.org.key,
        )
        for peer in content.PEERS
    ]
    created = organisation_services.import_organisations(actor=coordinator, network=network, rows=rows)
    # No service sets the region yet (OrganisationData has no field for it); the list came with it.
    for peer, organisation in zip(content.PEERS, created, strict=True):
        Organisation.objects.filter(pk=organisation.pk).update(region=peer.org.region, created_at=_at(LISTED_ON, 9))
    return created


def _person(
    organisation: Organisation, peer: content.Peer, name: str, role: str, level: str, department: str, password: str
) -> Membership:
    email = email_of(name, peer.org.domain)
    since = _at(LISTED_ON + timedelta(days=30), 9)
    user = User.objects.create(email=email, full_name=name, language="sl", password=password, date_joined=since)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    membership = Membership.objects.create(
        organisation=organisation, user=user, department=department, staff_level=level, created_at=since
    )
    MembershipRole.objects.create(membership=membership, role=role)
    return membership


def _people(organisation: Organisation, peer: content.Peer, password: str) -> tuple[Membership, Membership, Membership]:
    quality, front_desk, management = content.DEPARTMENTS
    representative_name, colleague_name, head_name = peer.people
    return (
        _person(organisation, peer, representative_name, Role.ORG_ADMIN, StaffLevel.MIDDLE, quality, password),
        _person(organisation, peer, colleague_name, Role.ASSESSOR, StaffLevel.FRONT_LINE, front_desk, password),
        _person(organisation, peer, head_name, Role.MANAGER, StaffLevel.TOP, management, password),
    )


def _latest_cycle(
    peer: content.Peer,
    representative: Membership,
    colleague: Membership,
    framework: FrameworkVersion,
    subcriteria: list[Subcriterion],
) -> SelfAssessment:
    """A group of two (quality and the front desk) agreed on every subcriterion; the minutes list the
    areas for improvement the plan's actions come from."""
    leader = representative.user
    rng = random.Random(f"{SEED}-{peer.org.key}")  # noqa: S311 - demo data, not secrets
    title = content.TITLE.format(year=peer.finalised.year)
    assessment, group = _project(representative, framework, title, content.GROUP)
    for membership in (representative, colleague):
        _seat(leader, group, membership, membership.department, membership.staff_level)
    assessment = assessment_services.change_state(actor=leader, assessment=assessment, action=Step.START)
    assessment = assessment_services.change_state(actor=leader, assessment=assessment, action=Step.OPEN_CONSENSUS)
    for subcriterion in subcriteria:
        areas = [coordination_content.AREAS[subcriterion.code]] if subcriterion.code in peer.actions else []
        score = _score(rng, subcriterion, peer.level)
        entries = {EntryKind.AREA.value: areas}
        _consensus(leader, assessment, subcriterion, score, coordination_content.PAPER_RATIONALE, entries)
    assessment = assessment_services.change_state(actor=leader, assessment=assessment, action=Step.FINALISE)
    started = peer.finalised - timedelta(days=70)
    timeline = coordination_content.Timeline(
        started - timedelta(days=14), started, coordination_content.FINISHED, peer.level
    )
    _date_cycle(assessment, timeline, _outcome(peer))
    return assessment


def _outcome(peer: content.Peer) -> coordination_content.Outcome:
    accepted = peer.finalised + timedelta(days=21)
    return coordination_content.Outcome(
        peer.finalised, accepted, plan_created=accepted + timedelta(days=14), approved=accepted + timedelta(days=35)
    )


def _report_and_plan(
    peer: content.Peer,
    assessment: SelfAssessment,
    representative: Membership,
    head: Membership,
    subcriteria: list[Subcriterion],
) -> None:
    outcome = _outcome(peer)
    assert outcome.plan_created is not None and outcome.approved is not None
    accept_report(actor=head.user, assessment=assessment, note=REPORT_NOTE)
    ReportAcceptance.objects.filter(assessment=assessment).update(accepted_at=_at(outcome.accepted, 10))
    leader = representative.user
    plan = improvement_services.create_plan(actor=leader, assessment=assessment)
    findings = improvement_services.findings_of_assessment(assessment)
    by_code = {subcriterion.code: subcriterion for subcriterion in subcriteria}
    actions = []
    for months, code in enumerate(peer.actions, start=6):
        due = outcome.approved + timedelta(days=30 * months)
        data = improvement_services.ActionData(
            title=content.ACTION_TITLES[code],
            description="",
            expected_effect=content.EFFECTS[code],
            owner=representative,
            start_date=outcome.approved,
            due_date=due,
            budget_eur=None,
            person_days=None,
            impact=2,
            feasibility=2,
            subcriteria=[by_code[code]],
        )
        related = [finding for finding in findings if finding.consensus.subcriterion.code == code]
        action = improvement_services.add_action(actor=leader, plan=plan, data=data, findings=related)
        actions.append((action, due - timedelta(days=10)))
    improvement_services.approve_plan(actor=head.user, plan=plan)
    ImprovementPlan.objects.filter(pk=plan.pk).update(
        created_at=_at(outcome.plan_created), approved_at=_at(outcome.approved)
    )
    for action, done_on in actions:
        update = improvement_services.report_progress(
            actor=leader, action=action, status=ActionStatus.DONE, progress=100, note=content.DONE_NOTE
        )
        ActionUpdate.objects.filter(pk=update.pk).update(created_at=_at(done_on))
        Action.objects.filter(pk=action.pk).update(
            created_at=_at(outcome.plan_created), last_update_at=_at(done_on), completed_at=_at(done_on)
        )
