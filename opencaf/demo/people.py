"""People development in the demo ministry (development only; `manage.py seed_demo` seeds it last, on the
ministry of `organisations.py`).

HR (`hr@example.org`) and the secretary-general (top management, `vodstvo.mju@example.org`) join the
ministry with forty employees in five units (`people_content`). HR adopts the starter competency model
and publishes it, writes four job profiles and the employees' records (profile, line manager, position);
the competency review "Ocenjevanje kompetenc 2026" opens, every employee submits a self-assessment and
every line manager their assessment with performance and potential, and HR closes it; line managers
and their people agree development plans; HR records a workshop and a focus group, names five key
positions with their successors together with top management, and runs a selection for a quality
adviser: interview guide from the bank, a panel of three scoring three candidates alone, the agreed
scores with their rationale and the ranked decision, whose candidates' data is kept six months.

Everything goes through the people services, as the people do it on the pages, with their audit events
and the review's e-mails queued for the task worker as in real use; the dates (of the records and of
their audit events) are moved to the story afterwards. The people's levels come from a seeded random
generator, so every run tells the same story. Idempotent: does nothing when the ministry has a
competency model or the HR account exists.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.demo import people_content as content
from opencaf.demo.coordination import email_of
from opencaf.demo.guard import DemoError, require_demo_allowed
from opencaf.demo.organisations import DEMO_NETWORK, DEMO_PASSWORD
from opencaf.organisations.choices import Role, StaffLevel
from opencaf.organisations.models import Membership, MembershipRole, Organisation
from opencaf.people.access import access_in
from opencaf.people.models import (
    AgreedScore,
    Candidate,
    CompetencyModel,
    DevelopmentAction,
    DevelopmentPlan,
    Employee,
    EngagementActivity,
    JobProfile,
    KeyPosition,
    ModelVersion,
    PanelScore,
    Review,
    ReviewCycle,
    Vacancy,
)
from opencaf.people.selectors.selection import guide_items
from opencaf.people.services import (
    employees,
    engagement,
    model,
    panel_scoring,
    plans,
    profiles,
    reviews,
    talent,
    vacancies,
    vacancy_moves,
)

HIGHEST = 4  # the starter model's number of levels


def _at(moment: datetime) -> datetime:
    return timezone.make_aware(moment)


def _on(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour))


@contextmanager
def _dated(moment: datetime) -> Iterator[None]:
    """The audit events recorded inside the block happened at `moment` (a naive local time) of the story."""
    last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    yield
    AuditEvent.objects.filter(pk__gt=last).update(occurred_at=_at(moment))


def seed_people() -> bool:
    """Seed the people development demo in the ministry; False when it is there already."""
    require_demo_allowed()
    ministry = (
        Organisation.objects.filter(name=content.MINISTRY, network__name=DEMO_NETWORK).select_related("network").first()
    )
    if ministry is None:
        raise DemoError("Seed the demo organisations first (manage.py seed_demo does it in order).")
    if CompetencyModel.objects.filter(organisation=ministry).exists() or User.objects.filter(email=content.HR).exists():
        return False
    with transaction.atomic():
        _Story(ministry).tell()
    return True


class _Story:
    """The ministry's year in people development, step by step; the people are kept as User objects so
    that each one's roles are read once (the access checks cache them on the object)."""

    def __init__(self, ministry: Organisation) -> None:
        self.ministry = ministry
        self.today = timezone.localdate()
        self.rng = random.Random(content.SEED)  # noqa: S311 - demo data, not secrets
        self.users: dict[str, User] = {}
        self.members: dict[str, Membership] = {}
        self.manager_of: dict[str, str] = {}  # name → the line manager's name
        self.people = [(unit, person) for unit, staff in content.UNITS.items() for person in staff]

    def tell(self) -> None:
        self._join()
        version = self._model()
        profiles_by_key = self._profiles(version)
        self._records(profiles_by_key)
        cycle, levels = self._review(version)
        self._head_record()
        self._plans(cycle, levels)
        self._engagement()
        self._talent()
        self._vacancy(profiles_by_key[content.VACANCY_PROFILE])

    @property
    def hr(self) -> User:
        return self.users[content.HR_PERSON]

    # --- people --------------------------------------------------------------------------------------

    def _join(self) -> None:
        """The accounts (password "demo", address verified, Slovenian interface) and memberships, as the
        organisations demo makes them; the secretary-general joins, with the management role, after HR
        has made the staff employees (`_records`)."""
        password = make_password(DEMO_PASSWORD)
        joined = _at(_on(content.EMPLOYEES_RECORDED.date() - timedelta(days=3), 9))
        rows = []
        for unit, staff in content.UNITS.items():
            head = staff[0].name
            for person in staff:
                email = content.HR if person.name == content.HR_PERSON else email_of(person.name, content.DOMAIN)
                rows.append((person.name, email, unit, person is staff[0]))
                self.manager_of[person.name] = content.HEAD_PERSON[0] if person is staff[0] else head
        name, _position, department = content.HEAD_PERSON
        rows.append((name, content.HEAD, department, False))
        # HR joined first, to prepare the competency model; the others when HR set up the records.
        hr_joined = _at(content.MODEL_ADOPTED - timedelta(days=4))
        users = User.objects.bulk_create(
            User(
                email=email,
                full_name=name,
                language="sl",
                password=password,
                date_joined=hr_joined if email == content.HR else joined,
            )
            for name, email, _unit, _head in rows
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        self.users = {user.full_name: user for user in users}
        staff_rows = rows[:-1]
        memberships = Membership.objects.bulk_create(
            Membership(
                organisation=self.ministry,
                user=self.users[name],
                department=unit,
                staff_level=StaffLevel.MIDDLE
                if head
                else (StaffLevel.FRONT_LINE if unit in (content.DJS, content.DI) else StaffLevel.SUPPORT),
                created_at=self.users[name].date_joined,
            )
            for name, _email, unit, head in staff_rows
        )
        self.members = {membership.user.full_name: membership for membership in memberships}
        MembershipRole.objects.bulk_create(
            MembershipRole(membership=membership, role=Role.HR if name == content.HR_PERSON else Role.VIEWER)
            for name, membership in self.members.items()
        )

    def _head_joins(self) -> None:
        name, _position, department = content.HEAD_PERSON
        membership = Membership.objects.create(
            organisation=self.ministry,
            user=self.users[name],
            department=department,
            staff_level=StaffLevel.TOP,
            created_at=self.users[name].date_joined,
        )
        MembershipRole.objects.create(membership=membership, role=Role.MANAGER)
        self.members[name] = membership

    # --- the competency model and job profiles ---------------------------------------------------------

    def _model(self) -> ModelVersion:
        with _dated(content.MODEL_ADOPTED):
            version = model.adopt_starter(actor=self.hr, organisation=self.ministry)
        with _dated(content.MODEL_PUBLISHED):
            version = model.publish_version(actor=self.hr, version=version)
        CompetencyModel.objects.filter(pk=version.model_id).update(created_at=_at(content.MODEL_ADOPTED))
        ModelVersion.objects.filter(pk=version.pk).update(
            created_at=_at(content.MODEL_ADOPTED), published_at=_at(content.MODEL_PUBLISHED)
        )
        return version

    def _profiles(self, version: ModelVersion) -> dict[str, JobProfile]:
        made = {}
        with _dated(content.PROFILES_MADE):
            for key, (title, family, description, requirements) in content.PROFILES.items():
                data = profiles.ProfileInput(title, family, description, requirements)
                made[key] = profiles.create_profile(
                    actor=self.hr, organisation=self.ministry, version=version, data=data
                )
        JobProfile.objects.filter(organisation=self.ministry).update(created_at=_at(content.PROFILES_MADE))
        return made

    def _records(self, profiles_by_key: dict[str, JobProfile]) -> None:
        """Every member an employee, then each one's job profile, line manager and position."""
        with _dated(content.EMPLOYEES_RECORDED):
            employees.add_all_members(actor=self.hr, organisation=self.ministry)
            self._head_joins()
            records = {
                employee.membership_id: employee
                for employee in Employee.objects.filter(organisation=self.ministry).select_related(
                    "membership__user", "organisation__network"
                )
            }
            for _unit, person in self.people:
                employees.update_employee(
                    actor=self.hr,
                    employee=records[self.members[person.name].pk],
                    profile=profiles_by_key[person.profile],
                    line_manager=self.members[self.manager_of[person.name]],
                    position_title=person.position,
                )

    def _head_record(self) -> None:
        """The secretary-general's own record, completed once the review (which is not theirs) closed."""
        name, position, _department = content.HEAD_PERSON
        with _dated(content.HEAD_RECORDED):
            employees.add_all_members(actor=self.hr, organisation=self.ministry)
            employees.update_employee(
                actor=self.hr,
                employee=Employee.objects.get(membership=self.members[name]),
                profile=None,
                line_manager=None,
                position_title=position,
            )

    # --- the competency review ---------------------------------------------------------------------------

    def _review(self, version: ModelVersion) -> tuple[ReviewCycle, dict[str, dict[str, int | None]]]:
        """Opened, every self-assessment then every line manager's assessment submitted, closed. Returns
        the cycle and each person's levels by their line manager (the plans start from the gaps)."""
        with _dated(content.CYCLE_CREATED):
            cycle = reviews.create_cycle(
                actor=self.hr,
                organisation=self.ministry,
                version=version,
                title=content.CYCLE_TITLE,
                opens_on=content.CYCLE_OPENS,
                closes_on=content.CYCLE_CLOSES,
            )
        with _dated(content.CYCLE_OPENED):
            reviews.open_cycle(actor=self.hr, cycle=cycle)
        by_member = {review.membership_id: review for review in Review.objects.filter(cycle=cycle)}
        codes = list(version.competencies.order_by("cluster__position", "position").values_list("code", flat=True))
        managers: dict[str, dict[str, int | None]] = {}
        moments: dict[int, tuple[datetime, datetime]] = {}
        for index, (unit, person) in enumerate(self.people):
            required = {code: level for code, (level, _key) in content.PROFILES[person.profile][3].items()}
            own, own_notes, boss, boss_notes = self._levels(person, unit, codes, required)
            review = by_member[self.members[person.name].pk]
            submitted = _on(content.CYCLE_OPENS + timedelta(days=1 + index * 25 // len(self.people)), 9 + index % 7)
            assessed = min(submitted + timedelta(days=3 + index % 9), _on(content.CYCLE_CLOSES - timedelta(days=1), 15))
            with _dated(submitted):
                reviews.save_self_assessment(
                    actor=self.users[person.name], review=review, levels=own, comments=own_notes, submit=True
                )
            with _dated(assessed):
                reviews.save_manager_assessment(
                    actor=self.users[self.manager_of[person.name]],
                    review=review,
                    levels=boss,
                    comments=boss_notes,
                    performance=person.performance,
                    potential=person.potential,
                    submit=True,
                )
            managers[person.name] = boss
            moments[review.pk] = (submitted, assessed)
        with _dated(content.CYCLE_CLOSED):
            cycle = reviews.close_cycle(actor=self.hr, cycle=cycle)
        ReviewCycle.objects.filter(pk=cycle.pk).update(created_at=_at(content.CYCLE_CREATED))
        rows = list(Review.objects.filter(cycle=cycle))
        for row in rows:
            row.self_submitted_at, row.manager_submitted_at = (_at(moment) for moment in moments[row.pk])
        Review.objects.bulk_update(rows, ["self_submitted_at", "manager_submitted_at"])
        return cycle, managers

    def _levels(
        self, person: content.Person, unit: str, codes: list[str], required: dict[str, int]
    ) -> tuple[dict[str, int | None], dict[str, str], dict[str, int | None], dict[str, str]]:
        """A person's self-assessment and their line manager's, with a few comments: near what the
        profile requires, higher for the stronger performers; most people rate themselves a little
        higher than their manager does; digital skills lag outside informatics (the focus group's
        theme); leadership a manager has not seen in a member of staff is "not observed"."""
        rng = self.rng
        strength = person.performance - 2
        bias = rng.choice((-1, 0, 0, 1, 1))
        own: dict[str, int | None] = {}
        boss: dict[str, int | None] = {}
        own_notes: dict[str, str] = {}
        boss_notes: dict[str, str] = {}
        for code in codes:
            need = required.get(code, 0)
            base = need or (1 if code.startswith("LEAD") else 2)
            noise = rng.choice((-1, 0, 0, 0, 1))
            if code.startswith("DIG") and unit != content.DI and rng.random() < 0.35:
                noise -= 1
            seen = (
                None if not need and code.startswith("LEAD") and rng.random() < 0.5 else _clamp(base + strength + noise)
            )
            boss[code] = seen
            own[code] = _clamp((seen or base) + bias + rng.choice((0, 0, 0, 1, -1)))
            if need and seen is not None and seen < need and rng.random() < 0.6:
                boss_notes[code] = content.MANAGER_COMMENTS[code]
            if need and code in content.SELF_COMMENTS and (own[code] or 0) >= need and rng.random() < 0.3:
                own_notes[code] = content.SELF_COMMENTS[code]
        return own, own_notes, boss, boss_notes

    # --- development plans --------------------------------------------------------------------------------

    def _plans(self, cycle: ReviewCycle, levels: dict[str, dict[str, int | None]]) -> None:
        """For the people marked in the story: the line manager (now and then the person) starts the plan,
        adds an action for each of the two largest gaps (or the competency to grow in), and one of the two
        marks it agreed; the actions due before the story's day are mostly done."""
        rng = self.rng
        competencies = {c.code: c for c in cycle.version.competencies.all()}
        records = {e.membership_id: e for e in Employee.objects.filter(organisation=self.ministry)}
        planned = [(unit, person) for unit, person in self.people if person.plan]
        for index, (_unit, person) in enumerate(planned):
            required = {code: level for code, (level, _key) in content.PROFILES[person.profile][3].items()}
            codes = _to_develop(required, levels[person.name])
            person_user, manager_user = self.users[person.name], self.users[self.manager_of[person.name]]
            started = _on(content.PLANS_FROM + timedelta(days=index * 25 // len(planned)), 10 + index % 5)
            with _dated(started):
                plan = plans.create_plan(
                    actor=manager_user if index % 4 else person_user,
                    employee=records[self.members[person.name].pk],
                    cycle=cycle,
                )
                actions = [self._action(plan, manager_user, competencies[code], rng) for code in codes]
            agreed_on, agreed = started + timedelta(days=2 + index % 4), rng.random() < 0.8
            if agreed:
                with _dated(agreed_on):
                    plans.agree_plan(actor=person_user if index % 2 else manager_user, plan=plan)
            DevelopmentPlan.objects.filter(pk=plan.pk).update(
                created_at=_at(started), agreed_at=_at(agreed_on) if agreed else None
            )
            for action in actions:
                self._progress(plan, action, manager_user, rng, started.date())

    def _action(self, plan: DevelopmentPlan, actor: User, competency: Any, rng: random.Random) -> DevelopmentAction:
        """Add the action as it is planned; the service takes no due date in the past, so one past by
        now is given as today and moved to the story's date afterwards, in its audit event too."""
        title, kind, days = rng.choice(content.ACTIONS[competency.code])
        due = rng.choice(content.DUE_DATES)
        data = plans.ActionInput(
            title=title,
            kind=kind,
            due_on=max(due, self.today),
            competency=competency,
            days=Decimal(days) if days else None,
        )
        last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        action = plans.add_action(actor=actor, plan=plan, data=data)
        if action.due_on != due:
            DevelopmentAction.objects.filter(pk=action.pk).update(due_on=due)
            for event in AuditEvent.objects.filter(pk__gt=last, action="people.plan_action_added"):
                changes = dict(event.changes, plan_due_on=due.isoformat())
                AuditEvent.objects.filter(pk=event.pk).update(changes=changes)
            action.due_on = due
        return action

    def _progress(
        self, plan: DevelopmentPlan, action: DevelopmentAction, actor: User, rng: random.Random, started: date
    ) -> None:
        """By the story's day: most actions past their date done (a few days early), some still under way,
        the odd one cancelled; of those still ahead some already started. Never before the plan."""
        due, draw = action.due_on, rng.random()
        if due < content.STORY_DAY:
            state = "done" if draw < 0.75 else ("in_progress" if draw < 0.92 else "cancelled")
        else:
            state = "in_progress" if draw < 0.4 else "planned"
        if state == "planned":
            return
        if state == "in_progress":
            moved = min(due - timedelta(days=45), content.STORY_DAY - timedelta(days=10))
        else:
            moved = min(due - timedelta(days=rng.randint(0, 10)), content.STORY_DAY - timedelta(days=3))
        moved = max(moved, started + timedelta(days=7))
        with _dated(_on(moved, 14)):
            plans.set_action_state(
                actor=actor,
                plan=plan,
                action=action,
                state=state,
                done_on=min(moved, self.today) if state == "done" else None,
            )

    # --- staff involvement, key positions --------------------------------------------------------------------

    def _engagement(self) -> None:
        for activity in content.ACTIVITIES:
            with _dated(activity.recorded):
                made = engagement.record_activity(
                    actor=self.hr,
                    organisation=self.ministry,
                    kind=activity.kind,
                    title=activity.title,
                    held_on=min(activity.held_on, self.today),
                    participants=activity.participants,
                    notes=activity.notes,
                    themes=list(activity.themes),
                )
            EngagementActivity.objects.filter(pk=made.pk).update(
                held_on=activity.held_on, created_at=_at(activity.recorded)
            )

    def _talent(self) -> None:
        access = access_in(self.hr, self.ministry)
        if access is None:  # pragma: no cover - HR was made a member with the HR role above
            raise DemoError("HR has no access to the ministry's people pages.")
        with _dated(content.POSITIONS_NAMED):
            for story in content.KEY_POSITIONS:
                position = talent.create_key_position(
                    actor=self.hr,
                    access=access,
                    data=talent.PositionInput(
                        title=story.title,
                        risk_of_loss=story.risk_of_loss,
                        impact=story.impact,
                        unit=story.unit,
                        holder=self.members[story.holder],
                        note=story.note,
                    ),
                )
                for name, readiness, development in story.successors:
                    talent.add_successor(
                        actor=self.hr,
                        access=access,
                        position=position,
                        membership=self.members[name],
                        readiness=readiness,
                        development=development,
                    )
        KeyPosition.objects.filter(organisation=self.ministry).update(created_at=_at(content.POSITIONS_NAMED))

    # --- the selection ---------------------------------------------------------------------------------------

    def _vacancy(self, profile: JobProfile) -> None:
        """Set up by HR, the candidates scored by each panel member alone on their interview day, the
        agreement recorded by the chair, the decision taken by HR."""
        hr = self.hr
        with _dated(content.VACANCY_CREATED):
            vacancy = vacancies.create_vacancy(
                actor=hr,
                organisation=self.ministry,
                profile=profile,
                title=content.VACANCY_TITLE,
                reference=content.VACANCY_REFERENCE,
                retention_months=content.RETENTION_MONTHS,
            )
            for position, name in enumerate(content.PANEL):
                vacancies.add_panel_member(
                    actor=hr, vacancy=vacancy, membership=self.members[name], chair=position == 0
                )
        with _dated(content.CANDIDATES_ADDED):
            candidates = [
                vacancies.add_candidate(actor=hr, vacancy=vacancy, name=c.name, email=c.email, note=c.note)
                for c in content.CANDIDATES
            ]
        with _dated(content.INTERVIEWS_STARTED):
            vacancy = vacancy_moves.start_interviews(actor=hr, vacancy=vacancy)
        questions = _questions_by_competency(vacancy, len(content.CANDIDATES[0].scores))
        for candidate, story, day in zip(candidates, content.CANDIDATES, content.INTERVIEW_DAYS, strict=True):
            with _dated(day):
                for seat, name in enumerate(content.PANEL):
                    scores = {
                        question.pk: six[2 * seat + number]
                        for (_competency, pair), (six, _agreed, _why) in zip(questions, story.scores, strict=True)
                        for number, question in enumerate(pair)
                    }
                    panel_scoring.save_scores(actor=self.users[name], candidate=candidate, scores=scores, submit=True)
            PanelScore.objects.filter(candidate=candidate).update(submitted_at=_at(day))
        with _dated(content.AGREEMENT_OPENED):
            vacancy = vacancy_moves.open_agreement(actor=hr, vacancy=vacancy)
        chair = self.users[content.PANEL[0]]
        with _dated(content.AGREED):
            for candidate, story in zip(candidates, content.CANDIDATES, strict=True):
                for (competency, _pair), (_six, agreed, rationale) in zip(questions, story.scores, strict=True):
                    panel_scoring.record_agreed_score(
                        actor=chair, candidate=candidate, competency=competency, score=agreed, rationale=rationale
                    )
        chosen = next(c for c in candidates if c.name == content.CHOSEN)
        with _dated(content.DECIDED):
            vacancy_moves.decide(actor=hr, vacancy=vacancy, chosen=chosen, decision=content.DECISION)
        Vacancy.objects.filter(pk=vacancy.pk).update(
            created_at=_at(content.VACANCY_CREATED), decided_at=_at(content.DECIDED)
        )
        Candidate.objects.filter(vacancy=vacancy).update(created_at=_at(content.CANDIDATES_ADDED))
        AgreedScore.objects.filter(candidate__vacancy=vacancy).update(recorded_at=_at(content.AGREED))


def _clamp(level: int) -> int:
    return max(1, min(HIGHEST, level))


def _to_develop(required: dict[str, int], levels: dict[str, int | None]) -> list[str]:
    """The (at most two) competencies with the largest gap to the profile, else the one required
    competency rated lowest: something to grow in."""
    gaps = sorted(
        ((need - (levels.get(code) or 0), code) for code, need in required.items() if levels.get(code) is not None),
        key=lambda pair: (-pair[0], pair[1]),
    )
    wider = [code for gap, code in gaps if gap > 0][:2]
    return wider or [gaps[0][1]]


def _questions_by_competency(vacancy: Vacancy, competencies: int) -> list[tuple[Any, list[Any]]]:
    """The guide's questions grouped by competency in the guide's order: two per key competency, as the
    story's scores are written."""
    groups: dict[int, tuple[Any, list[Any]]] = {}
    for item in guide_items(vacancy):
        question = item.question
        groups.setdefault(question.competency_id, (question.competency, []))[1].append(question)
    result = list(groups.values())
    if len(result) != competencies or any(len(pair) != 2 for _competency, pair in result):
        raise DemoError("The interview guide is not the one the demo's scores were written for.")
    return result
