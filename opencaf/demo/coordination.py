"""The quality unit's coordination of the demo networks (development only; `manage.py seed_demo` seeds it
after the demo resources): forty more organisations of the Slovenian network at every stage of the
portfolio, a campaign with its replies, events with registrations and attendance, the engagement log,
and the Bulgarian municipality's self-assessment team. The story is in `coordination_content.py`.

Everything people do goes through the services, audited and with its mail queued as in real use.
Two things cannot: an organisation's first administrator, whom the platform seats only through the
link e-mailed to a nominated representative (the token travels in the e-mail alone), is seated as
`organisations.py` seats the demo people; and the mail worker's "accepted by the mail server" for the
campaign's invitations (`campaigns.record_sent`) is called here. The services stamp "now": the story's
dates are set afterwards by direct updates, as in the other layers (nobody made those changes, so
they are not audited), including the audit event of each start, by which the portfolio dates it.
An event or a deadline that has passed by the day of seeding is opened in the future, filled and then
moved back, so the layer seeds on any day.

Idempotent, network by network: nothing is seeded where the campaign (Slovenian network) or the
self-assessment (Bulgarian municipality) already exists.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments import selectors as assessment_selectors
from opencaf.assessments import services as assessment_services
from opencaf.assessments.lifecycle import Action as Step
from opencaf.assessments.models import (
    AssessmentGroup,
    Consensus,
    ConsensusDecision,
    EntryKind,
    IndividualScore,
    Scope,
    Seat,
    SelfAssessment,
)
from opencaf.audit.models import AuditEvent
from opencaf.coordination.models import Campaign, Event, EventSession, Recipient, Registration, RegistrationStatus
from opencaf.coordination.services import campaigns, engagement, events
from opencaf.demo import coordination_content as content
from opencaf.demo.assessments import FRAMEWORK_CODE, MUNICIPALITY
from opencaf.demo.guard import DemoError, require_demo_allowed
from opencaf.demo.organisations import (
    BG_MUNICIPALITY,
    BG_NETWORK,
    BG_QUALITY,
    DEMO_NETWORK,
    DEMO_PASSWORD,
    ORGANISATIONS,
)
from opencaf.frameworks.models import FrameworkVersion, Kind, Method, Subcriterion
from opencaf.improvement import services as improvement_services
from opencaf.improvement.models import Action, ActionUpdate, ImprovementPlan
from opencaf.organisations import services as organisation_services
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, MembershipRole, Network, Organisation
from opencaf.reports.models import ReportAcceptance
from opencaf.reports.services import accept_report

COORDINATOR = "coordinator@example.org"
START_EVENT = "assessment.start"  # the audit event the portfolio dates a start by
GROUP = "Skupina za samoocenjevanje"
REPORT_NOTE = "Poročilo je obravnaval in sprejel kolegij vodstva."
SEED = 2027
UNIT = next(name for key, name, *_rest in ORGANISATIONS if key == "unit")
# The earlier demo organisations' quality representatives, and the e-mail domains of their people.
EARLIER_REPRESENTATIVES = {MUNICIPALITY: "quality@example.org", UNIT: "outsider@example.org"}
EARLIER_DOMAINS = {MUNICIPALITY: "zgornja-dolina", UNIT: "spodnja-dolina"}
DOMAINS = {org.key: org.domain for org in content.ORGANISATIONS} | EARLIER_DOMAINS


@dataclass
class _Demo:
    network: Network
    coordinator: User
    framework: FrameworkVersion
    subcriteria: list[Subcriterion]
    # By the content's key, and the earlier demo organisations by name.
    organisations: dict[str, Organisation]
    # organisation key -> person's name -> their membership
    people: dict[str, dict[str, Membership]]
    password: str  # the demo password, hashed once for all the representatives


def seed_coordination() -> bool:
    """Seed the coordination demo; False when both networks already have theirs."""
    require_demo_allowed()
    network = Network.objects.filter(name=DEMO_NETWORK).first()
    coordinator = network.coordinators.filter(email=COORDINATOR).first() if network is not None else None
    bulgarian = Organisation.objects.filter(network__name=BG_NETWORK, name=BG_MUNICIPALITY).first()
    if network is None or coordinator is None or bulgarian is None:
        raise DemoError("Seed the demo organisations first (manage.py seed_demo does it in order).")
    framework = FrameworkVersion.objects.filter(code=FRAMEWORK_CODE).first()
    if framework is None:
        raise DemoError(f"The framework {FRAMEWORK_CODE!r} is missing: run `manage.py load_frameworks` first.")
    created = False
    if not Campaign.objects.filter(network=network, title=content.CAMPAIGN_TITLE).exists():
        with transaction.atomic():
            _seed_network(network, coordinator, framework)
        created = True
    if not SelfAssessment.objects.filter(organisation=bulgarian, title=content.BG_TITLE).exists():
        with transaction.atomic():
            _seed_bulgarian(bulgarian, framework)
        created = True
    return created


def email_of(name: str, domain: str) -> str:
    """first.last@<domain>.example.org, without academic titles ("mag.", "dr.") and diacritics."""
    words = [word for word in name.split() if not word.endswith(".")]
    local = unicodedata.normalize("NFKD", ".".join(words)).encode("ascii", "ignore").decode().lower()
    return f"{local}@{domain}.example.org"


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# --- the Slovenian network ------------------------------------------------------------------------


def _seed_network(network: Network, coordinator: User, framework: FrameworkVersion) -> None:
    demo = _Demo(
        network=network,
        coordinator=coordinator,
        framework=framework,
        subcriteria=list(framework.subcriteria.select_related("criterion").order_by("criterion__number", "position")),
        organisations={organisation.name: organisation for organisation in network.organisations.all()},
        people={},
        password=make_password(DEMO_PASSWORD),
    )
    _organisations(demo)
    for key, (person, since) in content.REPRESENTATIVES.items():
        _seat_representative(demo, key, person, since)
    for key, timeline in content.TIMELINES.items():
        _invite_team(demo, key, timeline.created)
    _past_training(demo)
    for key, timeline in content.TIMELINES.items():
        _cycle(demo, key, timeline)
    _campaign(demo)
    _introduction(demo)
    _training(demo)
    for (key, kind, day), summary in content.CONTACTS.items():
        engagement.record_contact(
            actor=demo.coordinator,
            network=demo.network,
            organisation=demo.organisations[key],
            kind=kind,
            happened_on=day,
            summary=summary,
        )


def _organisations(demo: _Demo) -> None:
    """The coordinator imports the organisations, as from the network's list."""
    names = {org.key: org.name for org in content.ORGANISATIONS}
    rows = [
        organisation_services.OrganisationData(
            name=org.name,
            org_type=org.org_type,
            country="SI",
            size_band=org.size_band,
            default_language="sl",
            short_name=org.key,
            parent_name=names.get(org.parent, ""),
        )
        for org in content.ORGANISATIONS
    ]
    created = organisation_services.import_organisations(actor=demo.coordinator, network=demo.network, rows=rows)
    for org, organisation in zip(content.ORGANISATIONS, created, strict=True):
        demo.organisations[org.key] = organisation
    # No service sets the region yet (OrganisationData has no field for it); the list came with it.
    for region in {org.region for org in content.ORGANISATIONS}:
        keys = [org.key for org in content.ORGANISATIONS if org.region == region]
        Organisation.objects.filter(pk__in=[demo.organisations[key].pk for key in keys]).update(region=region)
    # The network's organisations were listed on the platform before anything below happened.
    Organisation.objects.filter(pk__in=[organisation.pk for organisation in created]).update(
        created_at=_at(date(2024, 9, 2), 9)
    )


def _seat_representative(demo: _Demo, key: str, person: content.Person, since: date) -> Membership:
    """An organisation's first administrator, seated directly (see the module's docstring), who signs
    in with the demo password."""
    email = email_of(person.name, DOMAINS[key])
    user = User.objects.create(
        email=email, full_name=person.name, language="sl", password=demo.password, date_joined=_at(since, 9)
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    membership = Membership.objects.create(
        organisation=demo.organisations[key],
        user=user,
        department=person.department,
        staff_level=person.level,
        created_at=_at(since, 9),
    )
    MembershipRole.objects.create(membership=membership, role=Role.ORG_ADMIN)
    demo.people.setdefault(key, {})[person.name] = membership
    return membership


def _representative(demo: _Demo, key: str) -> Membership:
    """The organisation's quality representative."""
    if key in content.REPRESENTATIVES:
        return demo.people[key][content.REPRESENTATIVES[key][0].name]
    return Membership.objects.select_related("user", "organisation").get(
        organisation=demo.organisations[key], user__email=EARLIER_REPRESENTATIVES[key]
    )


def _join(
    actor: User, organisation: Organisation, person: content.Person, email: str, role: str, language: str
) -> Membership:
    """Invite a person to the organisation and accept as them, as the e-mailed link would."""
    _invitation, token = organisation_services.invite_member(
        actor=actor,
        organisation=organisation,
        email=email,
        roles=[role],
        department=person.department,
        staff_level=person.level,
    )
    return organisation_services.accept_invitation_as_new_user(
        token=token, full_name=person.name, password=None, language=language
    )


def _invite_team(demo: _Demo, key: str, joined: date) -> None:
    """The representative invites the group and management into the organisation."""
    actor = _representative(demo, key).user
    organisation, domain = demo.organisations[key], DOMAINS[key]
    people = [(person, Role.ASSESSOR) for person in content.TEAMS[key]]
    if key in content.MANAGERS:
        people.append((content.MANAGERS[key], Role.MANAGER))
    added = []
    for person, role in people:
        membership = _join(actor, organisation, person, email_of(person.name, domain), role, "sl")
        demo.people[key][person.name] = membership
        added.append(membership.pk)
    Membership.objects.filter(pk__in=added).update(created_at=_at(joined, 8))


# --- self-assessments, reports and plans -------------------------------------------------------------


def _score(rng: random.Random, subcriterion: Subcriterion, level: int) -> int:
    low, high = (20, 75) if subcriterion.criterion.kind == Kind.ENABLER else (10, 70)
    return max(low, min(high, 5 * round((level + rng.randint(-12, 12)) / 5)))


def _agreed(rng: random.Random, key: str) -> dict[str, list[str]]:
    """subcriterion code -> what the group agreed on: the areas behind the plan's actions and two more."""
    planned = {code for action in content.ACTIONS.get(key, ()) for code in action.subcriteria.split()}
    others = sorted(set(content.AREAS) - planned)
    chosen = (planned & set(content.AREAS)) | set(rng.sample(others, 2))
    return {code: [content.AREAS[code]] for code in chosen}


def _cycle(demo: _Demo, key: str, timeline: content.Timeline) -> None:
    people = demo.people[key]
    representative = _representative(demo, key)
    leader = representative.user
    team = [people[person.name] for person in content.TEAMS[key]]
    seated = team if key in content.UNSEATED_REPRESENTATIVES else [representative, *team]
    rng = random.Random(f"{SEED}-{key}")  # noqa: S311 - demo data, not secrets
    title = content.TITLES.get(key, content.DEFAULT_TITLE)
    assessment, group = _project(representative, demo.framework, title, GROUP)
    seats = [_seat(leader, group, membership, membership.department, membership.staff_level) for membership in seated]
    assessment = assessment_services.change_state(actor=leader, assessment=assessment, action=Step.START)
    for subcriterion in demo.subcriteria[: timeline.scored]:
        for seat in seats:
            _score_individually(seat, subcriterion, _score(rng, subcriterion, timeline.level))
    if timeline.state != content.INDIVIDUAL:
        assessment = assessment_services.change_state(actor=leader, assessment=assessment, action=Step.OPEN_CONSENSUS)
    if timeline.state == content.CONSENSUS:
        for subcriterion in demo.subcriteria[: timeline.decided]:
            _consensus(
                leader, assessment, subcriterion, assessment_selectors.median_suggestion(assessment, subcriterion)
            )
    if timeline.state == content.FINISHED:
        agreed = _agreed(rng, key)
        for subcriterion in demo.subcriteria:
            entries = {EntryKind.AREA.value: agreed.get(subcriterion.code, [])}
            if subcriterion.code in content.STRENGTHS:
                entries[EntryKind.STRENGTH.value] = [content.STRENGTHS[subcriterion.code]]
            score = _score(rng, subcriterion, timeline.level)
            _consensus(leader, assessment, subcriterion, score, content.PAPER_RATIONALE, entries)
        assessment = assessment_services.change_state(actor=leader, assessment=assessment, action=Step.FINALISE)
    assessment_services.update_settings(
        actor=leader, assessment=assessment, individual_deadline=timeline.deadline, show_names_in_consensus=True
    )
    outcome = content.OUTCOMES.get(key)
    _date_cycle(assessment, timeline, outcome)
    if outcome is not None:
        _report_and_plan(demo, key, assessment, outcome)


def _project(
    leader: Membership, framework: FrameworkVersion, title: str, group_name: str
) -> tuple[SelfAssessment, AssessmentGroup]:
    """A self-assessment with classical scoring of the whole organisation, and its group."""
    assessment = assessment_services.create_assessment(
        actor=leader.user,
        organisation=leader.organisation,
        framework=framework,
        title=title,
        scoring_method=Method.CLASSICAL,
        scope=Scope.WHOLE,
    )
    return assessment, assessment_services.create_group(
        actor=leader.user, assessment=assessment, name=group_name, leader=leader
    )


def _seat(actor: User, group: AssessmentGroup, membership: Membership, area: str, level: str) -> Seat:
    # Not notified: demo people have example.org addresses; nobody is waiting for these mails.
    return assessment_services.add_seat(
        actor=actor, group=group, membership=membership, functional_area=area, staff_level=level, notify=False
    )


def _score_individually(seat: Seat, subcriterion: Subcriterion, score: int) -> None:
    assessment_services.save_individual(
        actor=seat.membership.user,
        seat=seat,
        subcriterion=subcriterion,
        score=score,
        dimension_scores={},
        cannot_judge=False,
        entries={},
    )


def _consensus(
    leader: User,
    assessment: SelfAssessment,
    subcriterion: Subcriterion,
    score: int | None,
    rationale: str = "",
    entries: dict[str, list[str]] | None = None,
) -> None:
    assessment_services.record_consensus(
        actor=leader,
        assessment=assessment,
        subcriterion=subcriterion,
        expected_version=0,
        score=score,
        dimension_scores={},
        not_assessed_reason="",
        rationale=rationale,
        entries=entries or {},
    )


def _date_cycle(assessment: SelfAssessment, timeline: content.Timeline, outcome: content.Outcome | None) -> None:
    """Move the self-assessment to the story's dates (see the module's docstring)."""
    SelfAssessment.objects.filter(pk=assessment.pk).update(
        created_at=_at(timeline.created, 9), finalised_at=_at(outcome.finalised, 14) if outcome else None
    )
    AuditEvent.objects.filter(action=START_EVENT, object_id=str(assessment.public_id)).update(
        occurred_at=_at(timeline.started, 9)
    )
    Seat.objects.filter(group__assessment=assessment).update(created_at=_at(timeline.created, 11))
    IndividualScore.objects.filter(seat__group__assessment=assessment).update(
        updated_at=_at(timeline.started + timedelta(days=14), 15)
    )
    agreed_on = outcome.finalised - timedelta(days=7) if outcome else (timeline.deadline or timeline.started)
    records = Consensus.objects.filter(assessment=assessment)
    records.update(updated_at=_at(agreed_on, 12))
    ConsensusDecision.objects.filter(consensus__in=records).update(recorded_at=_at(agreed_on, 12))


def _report_and_plan(demo: _Demo, key: str, assessment: SelfAssessment, outcome: content.Outcome) -> None:
    people = demo.people[key]
    leader = _representative(demo, key).user
    manager = people[content.MANAGERS[key].name].user
    accept_report(actor=manager, assessment=assessment, note=REPORT_NOTE)
    ReportAcceptance.objects.filter(assessment=assessment).update(accepted_at=_at(outcome.accepted, 10))
    if outcome.plan_created is None:
        return
    plan = improvement_services.create_plan(actor=leader, assessment=assessment)
    findings = improvement_services.findings_of_assessment(assessment)
    by_code = {subcriterion.code: subcriterion for subcriterion in demo.subcriteria}
    actions = []
    for spec in content.ACTIONS[key]:
        codes = spec.subcriteria.split()
        data = improvement_services.ActionData(
            title=spec.title,
            description="",
            expected_effect=content.EFFECTS[codes[0]],
            owner=people[spec.owner],
            start_date=outcome.approved or outcome.plan_created,
            due_date=spec.due,
            budget_eur=None,
            person_days=None,
            impact=spec.impact,
            feasibility=spec.feasibility,
            subcriteria=[by_code[code] for code in codes],
        )
        related = [finding for finding in findings if finding.consensus.subcriterion.code in codes]
        actions.append((spec, improvement_services.add_action(actor=leader, plan=plan, data=data, findings=related)))
    if outcome.approved is not None:
        improvement_services.approve_plan(actor=manager, plan=plan)
    ImprovementPlan.objects.filter(pk=plan.pk).update(
        created_at=_at(outcome.plan_created), approved_at=_at(outcome.approved) if outcome.approved else None
    )
    for spec, action in actions:
        updates = content.UPDATES.get(spec.title, ())
        for update in updates:
            row = improvement_services.report_progress(
                actor=people[spec.owner].user,
                action=action,
                status=update.status,
                progress=update.progress,
                note=update.note,
            )
            ActionUpdate.objects.filter(pk=row.pk).update(created_at=_at(update.on))
        last = updates[-1] if updates else None
        Action.objects.filter(pk=action.pk).update(
            created_at=_at(outcome.plan_created),
            last_update_at=_at(last.on if last else outcome.plan_created),
            completed_at=_at(last.on) if last and last.progress == 100 else None,
        )


# --- events ---------------------------------------------------------------------------------------


def _sessions(spec: content.DemoEvent) -> list[tuple[datetime, datetime]]:
    return [(_at(day, *starts), _at(day, *ends)) for day, starts, ends in spec.sessions]


def _open_event(demo: _Demo, spec: content.DemoEvent) -> Event:
    """Create and publish the event. One whose registration is over by now opens a month ahead
    (registration refuses events that have started) and is moved back by `_settle`."""
    sessions = _sessions(spec)
    today = timezone.localdate()
    over = sessions[0][0] <= timezone.now() + timedelta(days=1) or spec.registration_closes < today
    shift = timedelta(days=(today - sessions[0][0].date()).days + 30) if over else timedelta(0)
    data = events.EventData(
        kind=spec.kind,
        title=spec.title,
        description=spec.description,
        place=spec.place,
        online_link=spec.online_link,
        capacity=spec.capacity,
        audience=spec.audience,
        registration_closes=None if over else spec.registration_closes,
        sessions=[(starts + shift, ends + shift) for starts, ends in sessions],
    )
    event = events.create_event(actor=demo.coordinator, network=demo.network, data=data)
    return events.publish_event(actor=demo.coordinator, event=event)


def _settle(event: Event, spec: content.DemoEvent) -> None:
    for session, (starts, ends) in zip(event.sessions.order_by("starts_at"), _sessions(spec), strict=True):
        EventSession.objects.filter(pk=session.pk).update(starts_at=starts, ends_at=ends)
    Event.objects.filter(pk=event.pk).update(
        registration_closes=spec.registration_closes, created_at=_at(spec.created, 9)
    )


def _registered(registrations: Iterable[Registration], day: date, order: int) -> None:
    """Date the registrations on their day, minutes apart, in the order they were made (the waiting
    list's order)."""
    for offset, registration in enumerate(registrations):
        moment = _at(day, 9) + timedelta(minutes=10 * order + offset)
        Registration.objects.filter(pk=registration.pk).update(created_at=moment)


def _register(demo: _Demo, event: Event, key: str, day: date, names: Sequence[str], order: int) -> None:
    participants = [events.Person(name, email_of(name, DOMAINS[key]), "sl") for name in names]
    registrations = events.register_people(
        actor=_representative(demo, key).user, event=event, organisation=demo.organisations[key], people=participants
    )
    _registered(registrations, day, order)


def _group_of(key: str) -> list[str]:
    """Who an organisation under way sent to last year's training: its self-assessment group."""
    representative = [] if key in content.UNSEATED_REPRESENTATIVES else [content.REPRESENTATIVES[key][0]]
    return [person.name for person in [*representative, *content.TEAMS[key]]]


def _past_training(demo: _Demo) -> None:
    spec = content.EVENTS[content.PAST]
    event = _open_event(demo, spec)
    for order, (key, day, names) in enumerate(content.PAST_REGISTRATIONS):
        _register(demo, event, key, day, names.split(", ") if names else _group_of(key), order)
    _settle(event, spec)
    confirmed = dict(event.registrations.filter(status=RegistrationStatus.CONFIRMED).values_list("name", "pk"))
    for session, absent in zip(event.sessions.order_by("starts_at"), content.PAST_ABSENT, strict=True):
        present = [pk for name, pk in confirmed.items() if name not in absent]
        events.record_attendance(actor=demo.coordinator, session=session, present=present)


def _introduction(demo: _Demo) -> None:
    spec = content.EVENTS[content.INTRODUCTION]
    event = _open_event(demo, spec)
    for order, (key, day) in enumerate(content.INTRODUCTION_REGISTRATIONS):
        registration = events.register_self(
            actor=_representative(demo, key).user, event=event, organisation=demo.organisations[key]
        )
        _registered([registration], day, order)
    _settle(event, spec)


def _training(demo: _Demo) -> None:
    spec = content.EVENTS[content.TRAINING]
    event = _open_event(demo, spec)
    for order, (key, day, names) in enumerate(content.TRAINING_REGISTRATIONS):
        _register(demo, event, key, day, names.split(", "), order)
    key, name = content.TRAINING_CANCELLED
    registration = event.registrations.get(name=name)
    events.cancel_registration(actor=_representative(demo, key).user, registration=registration)
    _settle(event, spec)


# --- the campaign -------------------------------------------------------------------------------------


def _campaign(demo: _Demo) -> None:
    actor, today = demo.coordinator, timezone.localdate()
    # A deadline passed by now (seeding long after the story) is set once the invitations are out.
    deadline = max(content.CAMPAIGN_DEADLINE, today + timedelta(days=30))
    data = campaigns.CampaignData(
        title=content.CAMPAIGN_TITLE,
        message={"sl": {"subject": content.CAMPAIGN_SUBJECT, "body": content.CAMPAIGN_BODY}},
        links=content.CAMPAIGN_LINKS,
        deadline=deadline,
        reminder_days=content.CAMPAIGN_REMINDER_DAYS,
    )
    campaign = campaigns.create_campaign(actor=actor, network=demo.network, data=data)
    rows = [
        campaigns.RecipientData(demo.organisations[key], head, email_of(head, DOMAINS[key]), "sl")
        for key, head in content.HEADS.items()
    ]
    recipients = campaigns.add_recipients(actor=actor, campaign=campaign, rows=rows)
    campaigns.send_campaign(actor=actor, campaign=campaign)
    for recipient in recipients:
        campaigns.record_sent(recipient.pk)  # the mail server accepted it (see the module's docstring)
    sent = _at(content.CAMPAIGN_SENT, 9)
    Campaign.objects.filter(pk=campaign.pk).update(
        created_at=_at(content.CAMPAIGN_CREATED, 14), sent_at=sent, deadline=content.CAMPAIGN_DEADLINE
    )
    Recipient.objects.filter(campaign=campaign).update(queued_at=sent, sent_at=sent + timedelta(minutes=2))
    by_key = {recipient.organisation.short_name: recipient for recipient in recipients}
    for (key, day), (name, position) in content.NOMINATIONS.items():
        email = email_of(name, DOMAINS[key])
        recipient = campaigns.nominate(recipient=by_key[key], name=name, position=position, email=email)
        Recipient.objects.filter(pk=recipient.pk).update(replied_at=_at(day, 11))
    for (key, day), reason in content.DECLINES.items():
        recipient = campaigns.decline(recipient=by_key[key], reason=reason)
        Recipient.objects.filter(pk=recipient.pk).update(replied_at=_at(day, 13))


# --- the Bulgarian municipality -----------------------------------------------------------------------


def _seed_bulgarian(municipality: Organisation, framework: FrameworkVersion) -> None:
    """The quality representative invites the team, forms the group and starts the self-assessment;
    the first three members have scored the first criterion."""
    quality = Membership.objects.select_related("user", "organisation").get(
        organisation=municipality, user__email=BG_QUALITY
    )
    actor = quality.user
    team = [
        _join(actor, municipality, content.Person(name, area, level), email, Role.ASSESSOR, "bg")
        for name, email, area, level in content.BG_TEAM
    ]
    assessment, group = _project(quality, framework, content.BG_TITLE, content.BG_GROUP)
    quality_area, quality_level = content.BG_QUALITY_AREA
    seated = [(quality, quality_area, quality_level), *((m, m.department, m.staff_level) for m in team)]
    seats = [_seat(actor, group, membership, area, level) for membership, area, level in seated]
    assessment = assessment_services.change_state(actor=actor, assessment=assessment, action=Step.START)
    by_code = {subcriterion.code: subcriterion for subcriterion in framework.subcriteria.all()}
    for code, scores in content.BG_SCORES.items():
        for seat, score in zip(seats[1:], scores, strict=False):
            _score_individually(seat, by_code[code], score)
    timeline = content.BG_TIMELINE
    assessment_services.update_settings(
        actor=actor, assessment=assessment, individual_deadline=timeline.deadline, show_names_in_consensus=True
    )
    _date_cycle(assessment, timeline, None)
    Membership.objects.filter(pk__in=[membership.pk for membership in team]).update(created_at=_at(timeline.created, 8))
