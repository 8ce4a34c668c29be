"""The people development demo layer: the ministry's HR and top management, the published competency model
and job profiles, forty employees' competency review, development plans, a decided selection with its
panel's scores, key positions with successors, staff involvement; HR's sign-in and pages; idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.demo import people_content as content
from opencaf.demo.guard import DemoError
from opencaf.demo.organisations import seed_organisations
from opencaf.demo.people import seed_people
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, Organisation
from opencaf.people import grid, retention
from opencaf.people.access import access_in
from opencaf.people.models import (
    ActionState,
    AgreedScore,
    CompetencyModel,
    DevelopmentAction,
    DevelopmentPlan,
    Employee,
    EngagementActivity,
    JobProfile,
    KeyPosition,
    PanelScore,
    Rating,
    Review,
    ReviewCycle,
    Vacancy,
    VersionState,
)
from opencaf.people.selectors.reviews import unit_table
from opencaf.people.selectors.talent import read_talent_grid
from opencaf.people.services.engagement import named_members
from opencaf.people.services.retention import due_for_deletion

STORY_DAY = datetime(2026, 12, 7, 9, tzinfo=ZoneInfo("Europe/Ljubljana"))
COMPETENCIES = 14  # of the starter model
README = Path(settings.BASE_DIR) / "README.md"


@pytest.fixture(scope="class")
def _seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[bool]:
    """The demo organisations and the people layer, seeded once for the class on the story's day; rolled
    back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(STORY_DAY):
            seed_organisations()
            first = seed_people()
        yield first
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded: bool, db: None) -> bool:
    return _seeded


def _ministry() -> Organisation:
    return Organisation.objects.select_related("network").get(name=content.MINISTRY)


def _cycle() -> ReviewCycle:
    return ReviewCycle.objects.select_related("organisation__network", "version").get(organisation=_ministry())


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in ("accounts", "account", "organisations", "audit", "people")
        for model in apps.get_app_config(label).get_models()
    }


def _local(moment: datetime | None) -> datetime:
    assert moment is not None
    return timezone.localtime(moment).replace(tzinfo=None)


class TestPeopleDemo:
    def test_seeds_once_and_then_changes_nothing(self, seeded: bool) -> None:
        assert seeded is True
        before = _counts()
        assert seed_people() is False
        assert _counts() == before

    def test_hr_and_top_management_of_the_ministry(self, seeded: bool) -> None:
        ministry = _ministry()
        hr = User.objects.get(email=content.HR)
        head = User.objects.get(email=content.HEAD)
        assert hr.language == head.language == "sl"
        assert EmailAddress.objects.filter(user__in=[hr, head], verified=True, primary=True).count() == 2
        assert set(Membership.objects.get(user=hr, organisation=ministry).roles.values_list("role", flat=True)) == {
            Role.HR
        }
        assert set(Membership.objects.get(user=head, organisation=ministry).roles.values_list("role", flat=True)) == {
            Role.MANAGER
        }
        # Everyone else of the ministry is a viewer.
        others = Membership.objects.filter(organisation=ministry).exclude(user__in=[hr, head])
        assert others.count() == 39
        assert set(others.values_list("roles__role", flat=True)) == {Role.VIEWER}

    def test_the_starter_model_published_with_four_job_profiles(self, seeded: bool) -> None:
        ministry = _ministry()
        model = CompetencyModel.objects.get(organisation=ministry)
        assert model.source == "opencaf-starter"
        version = model.versions.get()
        assert (version.number, version.state) == (1, VersionState.PUBLISHED)
        assert version.competencies.count() == COMPETENCIES
        profiles = JobProfile.objects.filter(organisation=ministry, version=version)
        assert {p.title for p in profiles} == {title for title, _f, _d, _r in content.PROFILES.values()}
        assert all(profile.requirements.filter(key=True).exists() for profile in profiles)

    def test_forty_employees_with_both_assessments_submitted(self, seeded: bool) -> None:
        cycle = _cycle()
        assert (cycle.title, cycle.state) == (content.CYCLE_TITLE, "closed")
        reviews = Review.objects.filter(cycle=cycle)
        assert reviews.count() == 40
        assert reviews.filter(self_submitted_at__isnull=False, manager_submitted_at__isnull=False).count() == 40
        assert not reviews.filter(performance__isnull=True) and not reviews.filter(potential__isnull=True)
        assert Rating.objects.filter(review__cycle=cycle).count() == 40 * COMPETENCIES * 2
        # Submitted in the story's March and April, the self-assessment first.
        for review in reviews:
            own, boss = _local(review.self_submitted_at), _local(review.manager_submitted_at)
            assert content.CYCLE_OPENS <= own.date() < boss.date() < content.CYCLE_CLOSES
        # Five heads of unit report to the secretary-general, everyone else to the head of their unit.
        head = Membership.objects.get(user__email=content.HEAD)
        assert reviews.filter(manager=head).count() == 5
        for unit, staff in content.UNITS.items():
            unit_head = Membership.objects.get(organisation=cycle.organisation, user__full_name=staff[0].name)
            assert reviews.filter(unit=unit).exclude(membership=unit_head).count() == len(staff) - 1
            assert not reviews.filter(unit=unit).exclude(membership=unit_head).exclude(manager=unit_head).exists()
        # The secretary-general's own record came after the review: every member is an employee.
        assert Employee.objects.filter(organisation=cycle.organisation).count() == 41
        assert not Review.objects.filter(membership=head).exists()

    def test_the_unit_figures_hide_the_small_unit(self, seeded: bool) -> None:
        table = unit_table(_cycle())
        assert content.SEK in table.gated.hidden_units  # three people, under the network's minimum of five
        shown = {column.name for column in table.columns if column.people is not None}
        assert {content.DJS, content.DI} <= shown
        core = next(row for row in table.rows if row.code == "CORE-1")
        assert all(cell.figure is not None for cell in core.cells if cell.label in shown)
        assert all(cell.figure is None for cell in core.cells if cell.label == content.SEK)

    def test_the_talent_grid_fills(self, seeded: bool) -> None:
        hr = User.objects.get(email=content.HR)
        access = access_in(hr, _ministry())
        assert access is not None
        talent = read_talent_grid(access)
        assert talent.placed == 40 and not talent.unrated
        filled = [cell for row in talent.rows for cell in row.cells if cell.people]
        assert len(filled) >= 7

    def test_development_plans_for_more_than_half(self, seeded: bool) -> None:
        ministry = _ministry()
        plans = DevelopmentPlan.objects.filter(membership__organisation=ministry, cycle=_cycle())
        assert plans.count() >= 20
        assert plans.filter(agreed_at__isnull=False).count() >= 15
        actions = DevelopmentAction.objects.filter(plan__in=plans)
        assert not plans.filter(actions__isnull=True).exists()
        assert actions.filter(kind="training", days__gt=0).count() >= 10
        assert actions.filter(kind="training", days__isnull=True).count() == 0
        done = actions.filter(state=ActionState.DONE)
        assert done.count() >= 10
        assert all(action.done_on and action.done_on <= STORY_DAY.date() for action in done)
        assert {ActionState.PLANNED, ActionState.IN_PROGRESS} <= set(actions.values_list("state", flat=True))
        for plan in plans:  # started after the review closed, in the spring
            assert content.CYCLE_CLOSES < _local(plan.created_at).date() < content.STORY_DAY

    def test_a_selection_decided_by_a_panel_of_three(self, seeded: bool) -> None:
        vacancy = Vacancy.objects.select_related("profile").get(organisation=_ministry())
        assert vacancy.state == "decided" and vacancy.profile.title == content.PROFILES[content.QUALITY][0]
        # The guide: the bank's questions of the profile's three key competencies.
        assert vacancy.guide.count() == 6 and not vacancy.guide.filter(source__isnull=True).exists()
        panel = list(vacancy.panel.select_related("membership__user").order_by("-chair", "pk"))
        assert [seat.membership.user.full_name for seat in panel] == list(content.PANEL)
        assert [seat.chair for seat in panel] == [True, False, False]
        # Each of three candidates scored by each member on every question, submitted; then agreed.
        scores = PanelScore.objects.filter(candidate__vacancy=vacancy)
        assert scores.count() == 3 * 3 * 6
        assert not scores.filter(submitted_at__isnull=True) and not scores.filter(score__isnull=True)
        agreed = AgreedScore.objects.filter(candidate__vacancy=vacancy)
        assert agreed.count() == 3 * 3 and all(score.rationale for score in agreed)
        ranked = list(vacancy.candidates.order_by("rank").values_list("name", "rank", "chosen"))
        assert ranked == [
            ("Maruša Gabrovšek", 1, True),
            ("Andraž Lipovšek", 2, False),
            ("Sabina Rojc", 3, False),
        ]
        assert all(name not in vacancy.decision for name, _rank, _chosen in ranked)  # it outlives their data
        # The retention clock runs: six months from the decision, not due on the story's day.
        decided = _local(vacancy.decided_at).date()
        assert decided == content.DECIDED.date()
        assert retention.deletion_due_on(decided, vacancy.retention_months) > STORY_DAY.date()
        assert vacancy not in [due.vacancy for due in due_for_deletion(STORY_DAY.date())]

    def test_five_key_positions_with_successors(self, seeded: bool) -> None:
        positions = list(KeyPosition.objects.filter(organisation=_ministry()).select_related("holder__user"))
        assert len(positions) == 5
        heads = {staff[0].name for staff in content.UNITS.values()}
        assert {position.holder.user.full_name for position in positions if position.holder} == heads
        readiness = {p.pk: list(p.successors.values_list("readiness", flat=True)) for p in positions}
        assert all(readiness.values())
        assert {value for values in readiness.values() for value in values} == {"now", "1-2", "3+"}
        at_risk = [p.title for p in positions if grid.is_at_risk(p.risk_of_loss, p.impact, readiness[p.pk])]
        assert at_risk == [content.KEY_POSITIONS[0].title]

    def test_two_activities_with_anonymised_notes_and_themes(self, seeded: bool) -> None:
        ministry = _ministry()
        activities = EngagementActivity.objects.filter(organisation=ministry)
        assert set(activities.values_list("kind", flat=True)) == {"workshop", "focus_group"}
        names = named_members(ministry)
        for activity in activities:
            assert activity.themes and activity.notes and activity.held_on < STORY_DAY.date()
            assert not names.found_in(activity.notes) and not names.found_in("\n".join(activity.themes))

    def test_every_audit_event_happened_in_the_story(self, seeded: bool) -> None:
        events = AuditEvent.objects.filter(organisation=_ministry(), action__startswith="people.")
        assert events.count() > 200
        for occurred in events.values_list("occurred_at", flat=True):
            assert _local(occurred).year == 2026 and _local(occurred) < STORY_DAY.replace(tzinfo=None)

    def test_hr_signs_in_and_opens_the_people_pages(self, seeded: bool) -> None:
        ministry, cycle = _ministry(), _cycle()
        vacancy = Vacancy.objects.get(organisation=ministry)
        client = Client()
        response = client.post("/accounts/login/", {"login": content.HR, "password": "demo"})
        assert response.status_code == 302
        org = {"org_id": ministry.public_id}
        pages = [
            reverse("people:home", kwargs=org),
            reverse("people:model", kwargs=org),
            reverse("people:profiles", kwargs=org),
            reverse("people:employees", kwargs=org),
            reverse("people:review_cycles", kwargs=org),
            reverse("people:review_cycle", kwargs={**org, "cycle_id": cycle.public_id}),
            reverse("people:vacancies", kwargs=org),
            reverse("people:vacancy", kwargs={**org, "vacancy_id": vacancy.public_id}),
            reverse("people:vacancy_decision", kwargs={**org, "vacancy_id": vacancy.public_id}),
            reverse("people:key_positions", kwargs=org),
            reverse("people:talent_grid", kwargs=org),
            reverse("people:involvement", kwargs=org),
            reverse("people:criterion3_figures", kwargs=org),
        ]
        for page in pages:
            assert client.get(page).status_code == 200, page
        # Her own assessment: "mine" leads to it.
        response = client.get(reverse("people:my_review", kwargs=org), follow=True)
        assert response.status_code == 200 and len(response.redirect_chain) == 1

    def test_a_head_of_unit_sees_their_team(self, seeded: bool) -> None:
        ministry = _ministry()
        head = Membership.objects.select_related("user").get(
            organisation=ministry, user__full_name=content.UNITS[content.DI][0].name
        )
        client = Client()
        assert client.post("/accounts/login/", {"login": head.user.email, "password": "demo"}).status_code == 302
        response = client.get(reverse("people:my_team", kwargs={"org_id": ministry.public_id}))
        assert response.status_code == 200
        assert content.UNITS[content.DI][1].name in response.content.decode()


def test_readme_lists_the_hr_login() -> None:
    section = README.read_text(encoding="utf-8").split("### Demo logins", 1)[1].split("\n## ", 1)[0]
    assert f"| `{content.HR}` |" in section


@pytest.mark.django_db
def test_needs_the_demo_ministry() -> None:
    with pytest.raises(DemoError, match="organisations"):
        seed_people()
    assert not User.objects.exists()


@pytest.mark.django_db
@override_settings(DEMO_ALLOWED=False)
def test_refused_in_production() -> None:
    with pytest.raises(DemoError, match="OPENCAF_DEMO=1"):
        seed_people()
