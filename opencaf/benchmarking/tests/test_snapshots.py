"""The benchmark snapshot: what `rebuild` copies (consented finished self-assessments only, the latest
per organisation and cycle, criterion scores as scoring computes them, shared indicator values), the
refresh requests and the task's bookkeeping, the signals that ask for a refresh, and the nightly command."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from conftest import World
from opencaf.assessments import services as assessment_services
from opencaf.assessments.lifecycle import Action
from opencaf.audit.models import AuditEvent
from opencaf.benchmarking.models import (
    IndicatorSnapshot,
    RefreshStatus,
    ScoreSharing,
    ScoreSnapshot,
    SnapshotItemKind,
    SnapshotState,
)
from opencaf.benchmarking.services import snapshots
from opencaf.benchmarking.tests.factories import consent, finished_assessment, sharing_organisation
from opencaf.benchmarking.tests.test_figures_builders import adopted_indicator, shared_definition
from opencaf.indicators import services as indicator_services
from opencaf.indicators.models import Indicator, Visibility
from opencaf.indicators.services import IndicatorInput
from opencaf.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _moment(year: int, month: int = 6) -> datetime:
    return timezone.make_aware(datetime(year, month, 15, 12))


def _scores(network: Any) -> dict[tuple[int, int, str], Decimal]:
    return {
        (row.organisation_id, row.cycle, row.code): row.score for row in ScoreSnapshot.objects.filter(network=network)
    }


# --- what the rebuild copies ---------------------------------------------------------------------------------


def test_only_consented_finished_assessments_of_the_network_are_copied(world: World, caf_framework: Any) -> None:
    shared = sharing_organisation(world.network, caf_framework, {"1.1": 80, "1.2": 61}, default_score=50)
    sharing_organisation(world.network, caf_framework, default_score=90, shares=False)  # no consent
    reopened = sharing_organisation(world.network, caf_framework, default_score=70)
    reopened.assessment.state = "consensus"  # left a finished state: its consent no longer counts
    reopened.assessment.save(update_fields=["state"])
    sharing_organisation(world.other_network, caf_framework, default_score=10)  # another network

    counts = snapshots.rebuild(world.network)

    assert counts.organisations == 1 and counts.assessments == 1
    rows = ScoreSnapshot.objects.filter(network=world.network)
    assert set(rows.values_list("organisation_id", flat=True)) == {shared.organisation.pk}
    assert rows.filter(kind=SnapshotItemKind.SUBCRITERION).count() == 28 == counts.scores - 9
    scores = {row.code: row.score for row in rows}
    assert scores["1.1"] == Decimal(80) and scores["1.2"] == Decimal(61)
    # Criterion 1 has four subcriteria: (80 + 61 + 50 + 50) / 4 = 60.25, kept as 60.3.
    assert scores["1"] == Decimal("60.3") and scores["2"] == Decimal(50)
    row = rows.first()
    assert row is not None
    assert (row.org_type, row.size_band, row.country) == ("municipality", "50-249", "SI")
    assert row.framework_code == caf_framework.code and row.cycle == timezone.localdate().year


def test_subcriteria_not_assessed_are_left_out_and_a_criterion_is_the_mean_of_the_rest(
    world: World, caf_framework: Any
) -> None:
    sharing_organisation(world.network, caf_framework, {"1.1": 90, "1.2": None, "1.3": None, "1.4": None})
    snapshots.rebuild(world.network)
    rows = {row.code: row.score for row in ScoreSnapshot.objects.filter(network=world.network)}
    assert "1.2" not in rows and rows["1.1"] == Decimal(90) and rows["1"] == Decimal(90)


def test_the_latest_shared_assessment_of_a_cycle_counts_and_each_cycle_keeps_its_own(
    world: World, caf_framework: Any
) -> None:
    first = sharing_organisation(world.network, caf_framework, default_score=20, finalised_at=_moment(2024, 3))
    organisation = first.organisation
    later_same_year = finished_assessment(organisation, caf_framework, default_score=30, finalised_at=_moment(2024, 9))
    consent(later_same_year)
    next_cycle = finished_assessment(organisation, caf_framework, default_score=60, finalised_at=_moment(2026, 2))
    consent(next_cycle)
    finished_assessment(organisation, caf_framework, default_score=99, finalised_at=_moment(2026, 5))  # not shared

    snapshots.rebuild(world.network)

    scores = _scores(world.network)
    assert scores[(organisation.pk, 2024, "1.1")] == Decimal(30)
    assert scores[(organisation.pk, 2026, "1.1")] == Decimal(60)
    assert {cycle for (_org, cycle, _code) in scores} == {2024, 2026}


def test_the_embargo_is_copied_and_a_withdrawn_consent_leaves_at_the_next_refresh(
    world: World, caf_framework: Any
) -> None:
    later = timezone.localdate() + timedelta(days=30)
    embargoed = sharing_organisation(world.network, caf_framework, shared_from=later)
    snapshots.rebuild(world.network)
    assert set(ScoreSnapshot.objects.values_list("visible_from", flat=True)) == {later}

    assert embargoed.sharing is not None
    embargoed.sharing.delete()  # withdrawn
    counts = snapshots.rebuild(world.network)
    assert counts.scores == 0 and not ScoreSnapshot.objects.exists()


def test_a_rebuild_replaces_the_rows_and_changes_nothing_when_run_again(world: World, caf_framework: Any) -> None:
    sharing_organisation(world.network, caf_framework, default_score=40)
    other = sharing_organisation(world.other_network, caf_framework, default_score=45)
    snapshots.rebuild(world.other_network)
    first = snapshots.rebuild(world.network)
    before = sorted(_scores(world.network).items())
    second = snapshots.rebuild(world.network)
    assert first == second and sorted(_scores(world.network).items()) == before
    # The other network's rows are its own.
    assert ScoreSnapshot.objects.filter(network=world.other_network, organisation=other.organisation).count() == 37


def test_shared_indicator_values_keep_the_latest_of_each_year(world: World, caf_framework: Any) -> None:
    definition = shared_definition(world.network)
    other_definition = shared_definition(world.other_network)
    quarterly = shared_definition(world.network, "complaints")
    quarterly.frequency = "quarterly"
    quarterly.save()
    adopted_indicator(world.alice_org, definition, {"2024": "12", "2025": "10.5"})
    adopted_indicator(world.alice_org, quarterly, {"2025-Q1": "3", "2025-Q4": "7", "2025-Q2": "5"})
    internal = OrganisationFactory(network=world.network)
    adopted_indicator(internal, definition, {"2025": "99"}, visibility=Visibility.INTERNAL)
    adopted_indicator(world.bob_org, other_definition, {"2025": "1"})

    counts = snapshots.rebuild(world.network)

    values = {
        (row.definition_id, row.year): row.value
        for row in IndicatorSnapshot.objects.filter(network=world.network, organisation=world.alice_org)
    }
    assert values == {
        (definition.pk, 2024): Decimal(12),
        (definition.pk, 2025): Decimal("10.5"),
        (quarterly.pk, 2025): Decimal(7),
    }
    assert counts.indicator_values == 3 == IndicatorSnapshot.objects.filter(network=world.network).count()


# --- asking for a refresh, and the task ------------------------------------------------------------------------


def test_a_request_is_queued_once_while_it_waits_and_runs_on_commit(
    world: World, caf_framework: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sharing_organisation(world.network, caf_framework)
    with django_capture_on_commit_callbacks() as callbacks:
        assert snapshots.request_refresh(world.network) is True
        assert snapshots.request_refresh(world.network) is False  # one is already waiting
    assert len(callbacks) == 1
    state = SnapshotState.objects.get(network=world.network)
    assert state.status == RefreshStatus.QUEUED and state.requested_at is not None
    callbacks[0]()  # the commit: the immediate backend runs the task at once
    state.refresh_from_db()
    assert state.status == RefreshStatus.IDLE and state.progress == 100 and state.organisations == 1
    assert state.refreshed_at is not None and state.error == ""
    assert ScoreSnapshot.objects.filter(network=world.network).count() == 37


def test_a_request_waiting_too_long_is_queued_again(world: World, django_capture_on_commit_callbacks: Any) -> None:
    SnapshotState.objects.create(
        network=world.network,
        status=RefreshStatus.QUEUED,
        requested_at=timezone.now() - snapshots.QUEUED_STALE_AFTER - timedelta(minutes=1),
    )
    with django_capture_on_commit_callbacks() as callbacks:
        assert snapshots.request_refresh(world.network) is True
    assert len(callbacks) == 1


def test_a_request_while_a_refresh_runs_queues_another_and_the_first_leaves_it_waiting(world: World) -> None:
    SnapshotState.objects.create(network=world.network, status=RefreshStatus.RUNNING)
    with transaction.atomic():
        assert snapshots.request_refresh(world.network) is True
    state = SnapshotState.objects.get(network=world.network)
    assert state.status == RefreshStatus.QUEUED


def test_a_failed_refresh_is_recorded_with_its_error(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(snapshots, "rebuild", broken)
    assert snapshots.run_refresh(world.network.pk) == "failed"
    state = SnapshotState.objects.get(network=world.network)
    assert state.status == RefreshStatus.FAILED and "disk full" in state.error and state.refreshed_at is None
    assert snapshots.run_refresh(10**9) == "gone"


def test_refresh_now_is_for_coordinators_and_audited(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        assert snapshots.refresh_now(actor=world.carol, network=world.network) is True
        assert snapshots.refresh_now(actor=world.carol, network=world.network) is False
    assert len(callbacks) == 1
    events = AuditEvent.objects.filter(action="benchmarking.snapshot_refresh_requested", network=world.network)
    assert [event.changes["benchmark_already_waiting"] for event in events.order_by("id")] == [False, True]
    for outsider in (world.dave, world.alice):
        with pytest.raises(PermissionDenied):
            snapshots.refresh_now(actor=outsider, network=world.network)
    assert events.count() == 2


def test_the_nightly_command_rebuilds_every_network(world: World, caf_framework: Any) -> None:
    sharing_organisation(world.network, caf_framework)
    sharing_organisation(world.other_network, caf_framework)
    out = StringIO()
    call_command("refresh_benchmarks", stdout=out)
    assert "2 network(s) refreshed, 0 failed" in out.getvalue()
    assert ScoreSnapshot.objects.filter(network=world.network).count() == 37
    assert ScoreSnapshot.objects.filter(network=world.other_network).count() == 37
    assert set(SnapshotState.objects.values_list("status", flat=True)) == {RefreshStatus.IDLE}


# --- signals: consented data changed elsewhere ---------------------------------------------------------------


def _queued(network: Any) -> bool:
    return SnapshotState.objects.filter(network=network, status=RefreshStatus.QUEUED).exists()


def test_reopening_a_shared_assessment_requests_a_refresh(world: World, caf_framework: Any) -> None:
    assessment = finished_assessment(world.alice_org, caf_framework)
    with transaction.atomic():
        assessment_services.change_state(actor=world.alice, assessment=assessment, action=Action.REOPEN)
    assert not _queued(world.network)  # not shared: nothing of it is in the snapshot

    shared = finished_assessment(world.alice_org, caf_framework)
    consent(shared)
    with transaction.atomic():
        assessment_services.change_state(actor=world.alice, assessment=shared, action=Action.REOPEN)
    assert _queued(world.network)


def test_a_value_of_a_shared_indicator_requests_a_refresh_an_internal_one_does_not(world: World) -> None:
    definition = shared_definition(world.network)
    internal = adopted_indicator(world.alice_org, definition, visibility=Visibility.INTERNAL)
    with transaction.atomic():
        indicator_services.record_measurement(actor=world.alice, indicator=internal, period="2025", value=Decimal(3))
    assert not _queued(world.network)

    Indicator.objects.filter(pk=internal.pk).update(visibility=Visibility.NETWORK)
    internal.refresh_from_db()
    with transaction.atomic():
        indicator_services.record_measurement(actor=world.alice, indicator=internal, period="2025", value=Decimal(4))
    assert _queued(world.network)


def test_sharing_an_indicator_with_the_network_requests_a_refresh(world: World) -> None:
    indicator = adopted_indicator(world.alice_org, shared_definition(world.network), visibility=Visibility.INTERNAL)
    data = IndicatorInput(
        name=dict(indicator.name),
        unit=indicator.unit,
        direction=indicator.direction,
        frequency=indicator.frequency,
        decimals=indicator.decimals,
        visibility=Visibility.PUBLISHED,
    )
    with transaction.atomic():
        indicator_services.update_indicator(actor=world.alice, indicator=indicator, data=data)
    assert not _queued(world.network)  # published, not shared for benchmarking
    with transaction.atomic():
        indicator_services.update_indicator(
            actor=world.alice, indicator=indicator, data=IndicatorInput(**{**data.__dict__, "visibility": "network"})
        )
    assert _queued(world.network)


def test_a_consent_row_alone_does_not_touch_the_snapshot(world: World, caf_framework: Any) -> None:
    """Consents are given through the sharing part's services, which request the refresh themselves."""
    shared = sharing_organisation(world.network, caf_framework)
    assert ScoreSharing.objects.filter(assessment=shared.assessment).exists()
    assert not SnapshotState.objects.exists() and not ScoreSnapshot.objects.exists()


def test_the_task_works_the_figures_out_beforehand_and_a_rebuild_replaces_them(
    world: World, caf_framework: Any, django_assert_num_queries: Any
) -> None:
    from opencaf.benchmarking.selectors import figures

    peers = [sharing_organisation(world.network, caf_framework, name=f"Peer {n}") for n in range(5)]
    assert snapshots.run_refresh(world.network.pk) == "done"
    today, version = timezone.localdate(), figures.snapshot_version(world.network)
    by_size = figures.PeerGroupChoice("size", figures.GroupKind.SIZE, "", "50-249")
    with django_assert_num_queries(0):  # worked out by the task, read from the cache
        found = figures.breakdown(world.network, caf_framework.code, today.year, by_size, today, version)
    assert found.organisations == {"50-249": 5}

    assert peers[0].sharing is not None
    peers[0].sharing.delete()  # withdrawn: the next snapshot has a new version, and new figures
    snapshots.rebuild(world.network)
    assert figures.snapshot_version(world.network) != version
    page = figures.organisation_benchmark(world.alice_org, group_key="size")
    assert page.organisations is None and page.visibility == figures.Visibility.TOO_SMALL  # four left
