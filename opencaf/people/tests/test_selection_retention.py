"""Candidates' data is kept only for the retention period: `purge_expired_candidates` and
`manage.py purge_candidates` delete it afterwards (audited, once), and every read of a candidate's
record is audited."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.people.models import AgreedScore, Candidate, PanelScore, Vacancy
from opencaf.people.services.retention import due_for_deletion, purge_expired_candidates, record_candidate_read
from opencaf.people.tests import factories as f
from opencaf.people.tests.selection_builders import Selection, agree, score_everyone, selection

pytestmark = pytest.mark.django_db


def finished(vacancy: Vacancy, decided_at: datetime, *, months: int = 6, state: str = "decided") -> Vacancy:
    vacancy.state = state
    vacancy.decided_at = decided_at
    vacancy.retention_months = months
    vacancy.save()
    return vacancy


def at(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 12, 0))


@pytest.fixture
def s(world: World) -> Selection:
    made = selection(world)
    score_everyone(made)
    agree(made, made.ana, [3, 3])
    return made


def test_candidates_older_than_the_retention_period_are_deleted_and_audited(s: Selection) -> None:
    finished(s.vacancy, at(2025, 1, 31), months=1)
    purged = purge_expired_candidates(at(2025, 2, 28).date())
    assert [(vacancy.pk, count) for vacancy, count in purged] == [(s.vacancy.pk, 2)]
    assert not Candidate.objects.exists() and not PanelScore.objects.exists() and not AgreedScore.objects.exists()
    s.refresh()
    assert s.vacancy.candidates_purged_at is not None and s.vacancy.candidates_count == 2
    assert s.vacancy.guide.count() == 4 and s.vacancy.panel.count() == 2  # the vacancy itself is kept
    event = AuditEvent.objects.get(action="people.candidates_purged")
    assert event.changes["count"] == 2 and event.actor is None and event.organisation == s.world.alice_org
    assert event.object_id == str(s.vacancy.public_id)


def test_younger_data_is_kept_until_the_day_the_period_ends(s: Selection) -> None:
    finished(s.vacancy, at(2025, 1, 31), months=1)
    assert purge_expired_candidates(at(2025, 2, 27).date()) == []
    assert Candidate.objects.count() == 2
    assert not AuditEvent.objects.filter(action="people.candidates_purged").exists()


def test_vacancies_in_progress_are_never_purged(s: Selection) -> None:
    s.vacancy.decided_at = at(2020, 1, 1)  # a stray date does not make it finished
    s.vacancy.state = "agreeing"
    s.vacancy.save()
    assert purge_expired_candidates(at(2025, 1, 1).date()) == []
    assert Candidate.objects.count() == 2


def test_cancelled_vacancies_are_purged_too(s: Selection) -> None:
    finished(s.vacancy, at(2024, 1, 10), months=6, state="cancelled")
    assert len(purge_expired_candidates(at(2024, 7, 10).date())) == 1
    assert not Candidate.objects.exists()


def test_the_purge_is_idempotent(s: Selection) -> None:
    finished(s.vacancy, at(2024, 1, 10))
    day = at(2025, 1, 1).date()
    purge_expired_candidates(day)
    first = s.refresh().candidates_purged_at
    assert purge_expired_candidates(day) == []
    assert s.refresh().candidates_purged_at == first
    assert AuditEvent.objects.filter(action="people.candidates_purged").count() == 1


def test_only_the_due_vacancy_of_several_is_purged(s: Selection, world: World) -> None:
    finished(s.vacancy, at(2024, 1, 10))
    young = f.vacancy(world.alice_org, s.profile, [s.chair, s.member], ["Young Candidate"])
    finished(young, at(2024, 12, 1))
    assert [item.vacancy.pk for item in due_for_deletion(at(2025, 1, 1).date())] == [s.vacancy.pk]
    purge_expired_candidates(at(2025, 1, 1).date())
    assert list(Candidate.objects.values_list("name", flat=True)) == ["Young Candidate"]


def test_the_command_lists_in_a_dry_run_then_deletes(s: Selection) -> None:
    finished(s.vacancy, timezone.now() - timedelta(days=400))
    out = io.StringIO()
    call_command("purge_candidates", "--dry-run", stdout=out)
    assert "Dry run: 1 vacancy(ies) due, 2 candidate(s) would be deleted." in out.getvalue()
    assert str(s.vacancy.public_id) in out.getvalue()
    assert Candidate.objects.count() == 2 and not AuditEvent.objects.filter(action="people.candidates_purged").exists()
    out = io.StringIO()
    call_command("purge_candidates", stdout=out)
    assert "1 vacancy(ies) purged, 2 candidate(s) deleted." in out.getvalue()
    assert not Candidate.objects.exists()
    out = io.StringIO()
    call_command("purge_candidates", stdout=out)
    assert "0 vacancy(ies) purged, 0 candidate(s) deleted." in out.getvalue()


def test_a_read_of_a_candidates_record_is_audited_without_the_name(s: Selection) -> None:
    from django.db import transaction

    with transaction.atomic():
        record_candidate_read(actor=s.chair.user, candidate=s.ana)
    event = AuditEvent.objects.get(action="people.candidate_read")
    assert event.actor == s.chair.user and event.changes == {"candidate": str(s.ana.public_id)}
    assert event.organisation == s.world.alice_org and "Ana" not in event.object_repr
