"""Consents to share a self-assessment's scores: who may give them, for which assessments, the embargo
date, stale forms, the audit trail and the refresh of the network's snapshot after every change."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from opencaf.accounts.models import User
from opencaf.assessments.models import SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import action_label, describe_changes
from opencaf.benchmarking.models import ScoreSharing
from opencaf.benchmarking.selectors.sharing import SharingState, consents_in, sharing_overview, sharing_state
from opencaf.benchmarking.services import sharing as services
from opencaf.benchmarking.services.sharing import ConsentData, StaleConsentError, consent_version
from opencaf.benchmarking.tests.factories import consent, finished_assessment, sharing_organisation
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db

ACTIONS = ("benchmarking.scores_shared", "benchmarking.sharing_changed", "benchmarking.sharing_withdrawn")


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[Network]:
    """The networks whose snapshot a service asked to refresh, in order."""
    calls: list[Network] = []
    monkeypatch.setattr(services, "request_refresh", calls.append)
    return calls


@pytest.fixture
def assessment(world: World, caf_framework: Any) -> SelfAssessment:
    return finished_assessment(world.alice_org, caf_framework, {"1.1": 80})


def _give(actor: User, assessment: SelfAssessment, **data: Any) -> tuple[ScoreSharing, bool]:
    expected = data.pop("expected_version", None)
    with transaction.atomic():
        return services.give_consent(
            actor=actor, assessment=assessment, data=ConsentData(**data), expected_version=expected
        )


def _withdraw(actor: User, assessment: SelfAssessment) -> None:
    with transaction.atomic():
        services.withdraw_consent(actor=actor, assessment=assessment)


def _events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action__in=ACTIONS).order_by("id"))


def test_giving_changing_and_withdrawing_is_audited_and_refreshes_the_network(
    world: World, assessment: SelfAssessment, refreshes: list[Network]
) -> None:
    sharing, changed = _give(world.alice, assessment)
    assert changed and sharing.organisation == world.alice_org and sharing.given_by == world.alice
    assert sharing.shared_from is None and not sharing.open_to_partners
    later = timezone.localdate() + timedelta(days=30)
    sharing, changed = _give(world.alice, assessment, shared_from=later, open_to_partners=True)
    assert changed and sharing.shared_from == later and sharing.open_to_partners
    _withdraw(world.alice, assessment)
    assert not ScoreSharing.objects.exists()
    events = _events()
    assert [event.action for event in events] == list(ACTIONS)
    assert all(event.organisation == world.alice_org and event.network == world.network for event in events)
    assert all(event.actor == world.alice and event.object_id == str(assessment.public_id) for event in events)
    assert events[0].changes == {"assessment": assessment.title, "shared_from": None, "open_to_partners": False}
    assert events[1].changes == {
        "assessment": assessment.title,
        "shared_from": {"before": None, "after": later.isoformat()},
        "open_to_partners": {"before": False, "after": True},
    }
    assert events[2].changes["open_to_partners"] is True
    assert refreshes == [world.network] * 3
    assert action_label(ACTIONS[0]) != ACTIONS[0]  # registered with a label
    assert "—" in describe_changes(ACTIONS[1], events[1].changes)  # no date before: shown as a dash


def test_repeating_the_current_choice_records_nothing(
    world: World, assessment: SelfAssessment, refreshes: list[Network]
) -> None:
    first, _changed = _give(world.alice, assessment, open_to_partners=True)
    again, changed = _give(world.alice, assessment, open_to_partners=True)
    assert not changed and again.given_at == first.given_at
    assert len(_events()) == 1 and len(refreshes) == 1


@pytest.mark.parametrize("role", [Role.CAF_LEADER, Role.MANAGER, Role.ASSESSOR, Role.VIEWER, Role.ACTION_OWNER])
def test_only_the_organisations_administrators_decide(
    world: World, assessment: SelfAssessment, refreshes: list[Network], role: str
) -> None:
    user = UserFactory()
    add_member(world.alice_org, user, role)
    with pytest.raises(PermissionDenied):
        _give(user, assessment)
    consent(assessment)
    with pytest.raises(PermissionDenied):
        _withdraw(user, assessment)
    for outsider in (world.carol, world.bob):  # the network's coordinator; another network's administrator
        with pytest.raises(PermissionDenied):
            _withdraw(outsider, assessment)
    assert ScoreSharing.objects.count() == 1 and not _events() and not refreshes


@pytest.mark.parametrize("state", ["planned", "individual", "consensus", "paused"])
def test_an_unfinished_assessment_cannot_be_shared(
    world: World, caf_framework: Any, refreshes: list[Network], state: str
) -> None:
    unfinished = finished_assessment(world.alice_org, caf_framework, state=state)
    with pytest.raises(ValidationError) as refused:
        _give(world.alice, unfinished)
    assert refused.value.messages == [services.unfinished_message()]
    assert not ScoreSharing.objects.exists() and not _events() and not refreshes


@pytest.mark.parametrize("state", ["finalised", "closed"])
def test_finished_states_come_from_the_lifecycle(world: World, caf_framework: Any, state: str) -> None:
    _sharing, changed = _give(world.alice, finished_assessment(world.alice_org, caf_framework, state=state))
    assert changed


def test_an_organisation_outside_a_network_has_no_one_to_share_with(world: World, caf_framework: Any) -> None:
    alone = OrganisationFactory(network=None, name="Lonely Institute")
    admin = UserFactory()
    add_member(alone, admin, Role.ORG_ADMIN)
    with pytest.raises(ValidationError) as refused:
        _give(admin, finished_assessment(alone, caf_framework))
    assert refused.value.messages == [services.needs_network_message()]
    assert not ScoreSharing.objects.exists()


def test_a_reopened_assessment_keeps_its_consent_on_hold_can_be_withdrawn_not_changed(
    world: World, assessment: SelfAssessment, refreshes: list[Network]
) -> None:
    sharing, _changed = _give(world.alice, assessment)
    SelfAssessment.objects.filter(pk=assessment.pk).update(state="consensus")
    assessment.refresh_from_db()
    assert sharing_state(assessment, sharing) == SharingState.HELD
    assert list(consents_in(world.network)) == []  # nothing for the snapshot while it is reopened
    with pytest.raises(ValidationError):
        _give(world.alice, assessment, open_to_partners=True)
    _withdraw(world.alice, assessment)
    assert not ScoreSharing.objects.exists()


def test_withdrawing_what_is_not_shared_is_a_clear_refusal(world: World, assessment: SelfAssessment) -> None:
    with pytest.raises(ValidationError):
        _withdraw(world.alice, assessment)
    assert not _events()


def test_a_stale_form_is_refused_and_a_fresh_one_accepted(
    world: World, assessment: SelfAssessment, refreshes: list[Network]
) -> None:
    opened_on_nothing = consent_version(None)
    colleague = UserFactory()
    add_member(world.alice_org, colleague, Role.ORG_ADMIN)
    theirs, _changed = _give(colleague, assessment, open_to_partners=True)
    with pytest.raises(StaleConsentError):
        _give(world.alice, assessment, open_to_partners=False, expected_version=opened_on_nothing)
    theirs.refresh_from_db()
    assert theirs.open_to_partners and theirs.given_by == colleague and len(_events()) == 1
    mine, changed = _give(world.alice, assessment, open_to_partners=False, expected_version=consent_version(theirs))
    assert changed and not mine.open_to_partners and mine.given_by == world.alice


def test_an_embargo_in_the_past_means_at_once_and_is_kept_as_given(world: World, assessment: SelfAssessment) -> None:
    """Decision: a date that has passed is accepted, not refused: it means "at once". It is kept as
    given, so that changing only the partner consent of an old consent does not rewrite its date."""
    last_year = timezone.localdate() - timedelta(days=365)
    sharing, _changed = _give(world.alice, assessment, shared_from=last_year)
    assert sharing.shared_from == last_year
    assert sharing_state(assessment, sharing) == SharingState.SHARED
    assert [item.pk for item in consents_in(world.network, on=timezone.localdate())] == [sharing.pk]


def test_an_embargo_ends_on_its_day(world: World, assessment: SelfAssessment) -> None:
    today = timezone.localdate()
    sharing, _changed = _give(world.alice, assessment, shared_from=today + timedelta(days=1))
    assert sharing_state(assessment, sharing, today) == SharingState.EMBARGOED
    assert not consents_in(world.network, on=today).exists()
    assert consents_in(world.network, on=today + timedelta(days=1)).exists()
    assert sharing_state(assessment, sharing, today + timedelta(days=1)) == SharingState.SHARED


def test_an_embargo_too_far_ahead_is_refused_on_its_field(world: World, assessment: SelfAssessment) -> None:
    far = timezone.localdate() + timedelta(days=365 * services.LONGEST_EMBARGO_YEARS + 1)
    with pytest.raises(ValidationError) as refused:
        _give(world.alice, assessment, shared_from=far)
    assert set(refused.value.message_dict) == {"shared_from"}
    assert not ScoreSharing.objects.exists()


def test_consents_in_a_network_are_of_its_own_organisations_only(world: World, caf_framework: Any) -> None:
    ours = sharing_organisation(world.network, caf_framework)
    sharing_organisation(world.network, caf_framework, shares=False)
    sharing_organisation(world.other_network, caf_framework)
    assert [item.organisation_id for item in consents_in(world.network)] == [ours.organisation.pk]


def test_the_overview_lists_finished_and_held_assessments_and_counts_the_others(
    world: World, caf_framework: Any
) -> None:
    finished = finished_assessment(world.alice_org, caf_framework, title="Done")
    held = finished_assessment(world.alice_org, caf_framework, title="Reopened", state="consensus")
    consent(held)
    finished_assessment(world.alice_org, caf_framework, title="Running", state="individual")
    finished_assessment(world.bob_org, caf_framework, title="Bob's")
    overview = sharing_overview(world.alice_org)
    assert {row.assessment.pk: row.state for row in overview.rows} == {
        finished.pk: SharingState.NOT_SHARED,
        held.pk: SharingState.HELD,
    }
    assert overview.unfinished == 1


# --- a property: any sequence of choices leaves exactly what the last one said ---------------------------

CHOICES = st.lists(
    st.one_of(
        st.tuples(st.just("give"), st.integers(-4000, 2200), st.booleans(), st.booleans()),
        st.tuples(st.just("withdraw"), st.just(0), st.just(False), st.just(False)),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    deadline=None,
    max_examples=30,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(choices=CHOICES)
def test_any_sequence_of_choices_leaves_the_last_one_and_audits_each_change(
    choices: list[tuple[str, int, bool, bool]], world: World, assessment: SelfAssessment, refreshes: list[Network]
) -> None:
    ScoreSharing.objects.all().delete()  # examples share the database: start each one afresh
    AuditEvent.objects.filter(action__in=ACTIONS).delete()
    refreshes.clear()
    today = timezone.localdate()
    latest = today + timedelta(days=365 * services.LONGEST_EMBARGO_YEARS)
    expected: tuple[date | None, bool] | None = None
    changes = 0
    for kind, days, dated, partners in choices:
        if kind == "withdraw":
            if expected is None:
                with pytest.raises(ValidationError):
                    _withdraw(world.alice, assessment)
            else:
                _withdraw(world.alice, assessment)
                expected, changes = None, changes + 1
            continue
        shared_from = today + timedelta(days=days) if dated else None
        if shared_from is not None and shared_from > latest:
            with pytest.raises(ValidationError):
                _give(world.alice, assessment, shared_from=shared_from, open_to_partners=partners)
            continue
        _sharing, changed = _give(world.alice, assessment, shared_from=shared_from, open_to_partners=partners)
        assert changed == (expected != (shared_from, partners))
        changes += changed
        expected = (shared_from, partners)
    stored = ScoreSharing.objects.filter(assessment=assessment).first()
    assert (None if stored is None else (stored.shared_from, stored.open_to_partners)) == expected
    assert AuditEvent.objects.filter(action__in=ACTIONS).count() == changes == len(refreshes)
