"""Candidates' personal data: who read it, and its deletion when the retention period has passed.

A candidate's record (their scores and notes) is read only on pages that say so in the audit log:
the selector that loads it for a page calls `record_candidate_read`, so each page view writes one
`people.candidate_read` event per candidate shown.

`purge_expired_candidates(today)` runs daily (`manage.py purge_candidates`): for every finished
vacancy (decided or cancelled) whose retention period has passed (retention.py), it deletes the
candidates with their scores and agreed scores, and keeps the vacancy with the number of candidates and
the moment of deletion; one `people.candidates_purged` audit event per vacancy. A vacancy already
purged is skipped, so running it twice deletes nothing more.

The audit log names candidates by public id only, never by name, so it keeps nothing of them either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from opencaf.audit.services import record_event
from opencaf.people import retention
from opencaf.people.lifecycle import FINISHED_VACANCY
from opencaf.people.models import Candidate, Vacancy

if TYPE_CHECKING:
    from opencaf.accounts.models import User


@transaction.atomic
def record_candidate_read(*, actor: User, candidate: Candidate) -> None:
    """Audit that `actor` was shown the candidate's record (call from the selector that loads it)."""
    vacancy = candidate.vacancy
    record_event(
        "people.candidate_read",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={"candidate": str(candidate.public_id)},
    )


@dataclass(frozen=True)
class Due:
    vacancy: Vacancy
    due_on: date
    candidates: int


def due_for_deletion(today: date) -> list[Due]:
    """The finished vacancies whose candidates' data is due for deletion on `today` (two queries)."""
    finished = list(
        Vacancy.objects.filter(
            state__in=[str(state) for state in FINISHED_VACANCY],
            candidates_purged_at__isnull=True,
            decided_at__isnull=False,
        )
        .select_related("organisation__network")
        .order_by("decided_at", "pk")
    )
    by_pk = {vacancy.pk: vacancy for vacancy in finished}
    keys = retention.due(
        (
            retention.Finished(vacancy.pk, timezone.localdate(vacancy.decided_at), vacancy.retention_months)
            for vacancy in finished
            if vacancy.decided_at is not None
        ),
        today,
    )
    counts = dict(
        Candidate.objects.filter(vacancy__in=keys).values("vacancy").annotate(n=Count("pk")).values_list("vacancy", "n")
    )
    result = []
    for key in keys:
        vacancy = by_pk[key]
        assert vacancy.decided_at is not None
        result.append(
            Due(
                vacancy,
                retention.deletion_due_on(timezone.localdate(vacancy.decided_at), vacancy.retention_months),
                counts.get(vacancy.pk, 0),
            )
        )
    return result


def purge_vacancy(vacancy: Vacancy, *, actor: User | None = None) -> int | None:
    """Delete the candidates of one finished vacancy in its own transaction; the number deleted, or
    None when it was purged meanwhile (or is not finished)."""
    with transaction.atomic():
        current = (
            Vacancy.objects.select_for_update(of=("self",)).select_related("organisation__network").get(pk=vacancy.pk)
        )
        if current.candidates_purged_at is not None or current.state not in FINISHED_VACANCY:
            return None
        count = current.candidates.count()
        # The candidates' scores and agreed scores go with them (on_delete=CASCADE).
        current.candidates.all().delete()
        current.candidates_count = count
        current.candidates_purged_at = timezone.now()
        current.save(update_fields=["candidates_count", "candidates_purged_at"])
        record_event(
            "people.candidates_purged",
            actor=actor,
            obj=current,
            organisation=current.organisation,
            changes={"count": count, "retention_months": current.retention_months},
        )
        return count


def purge_expired_candidates(today: date | None = None, *, actor: User | None = None) -> list[tuple[Vacancy, int]]:
    """Delete the candidates' data of every finished vacancy whose retention period has passed on
    `today` (default: today). Each vacancy is its own transaction, so one failure keeps the others'
    deletions. Returns (vacancy, candidates deleted) for each vacancy purged now."""
    today = today or timezone.localdate()
    purged = []
    for item in due_for_deletion(today):
        count = purge_vacancy(item.vacancy, actor=actor)
        if count is not None:
            purged.append((item.vacancy, count))
    return purged
