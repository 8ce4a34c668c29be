"""Refreshing a network's benchmark snapshot (owned by the figures part).

`request_refresh(network)` is called by every service that changes what is consented (a consent given,
changed or withdrawn; a peer group's members) after its write, and by `benchmarking.signals` when
consented data changes (a shared assessment re-opened or finalised again, a value of a shared
indicator, an indicator's visibility); it queues one background refresh of the network's snapshot
(not a second while one waits) on commit. `refresh_now` is the coordinators' button: the same, audited.

`rebuild(network)` copies what is consented into `ScoreSnapshot` and `IndicatorSnapshot`:

- Scores: for every organisation of the network, per framework and cycle (the year its self-assessment
  was finalised), its latest finished self-assessment with a consent (`ScoreSharing`): the consensus
  score of each subcriterion assessed, and each criterion's score as `assessments.scoring.totals`
  computes it (the mean of its assessed subcriteria), rounded to one decimal. The consent's
  `shared_from` becomes `visible_from` (an embargo the pages respect day by day, without a refresh).
- Indicator values: for every indicator shared with the network (visibility "network") and adopted
  from one of the network's shared definitions, the latest value of each year.

Type, size band and country are copied from the organisation, so that a page forms its peer groups
from the snapshot alone. The work reads in bulk, computes in memory, then replaces the network's rows
in one short transaction (delete, then insert in bulk: see `_insert`), so readers never see half a
snapshot, and stamps the snapshot's time (`SnapshotState.refreshed_at`), which keys the pages' cached
figures. The task reports progress between the steps, then works out the usual figures beforehand
(`selectors.figures.warm`). A change committed while a refresh runs requests another one, which runs
after it. 5,000 organisations × 28 subcriteria × 3 cycles: 7 s on SQLite, 8.4 s on PostgreSQL
(benchmarks/benchmarking.py).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from itertools import batched
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.utils import timezone

from opencaf.assessments.lifecycle import FINISHED
from opencaf.assessments.models import Consensus
from opencaf.assessments.scoring import totals
from opencaf.audit.services import record_event
from opencaf.benchmarking.distribution import one_decimal
from opencaf.benchmarking.models import (
    IndicatorSnapshot,
    RefreshStatus,
    ScoreSharing,
    ScoreSnapshot,
    SnapshotItemKind,
    SnapshotState,
)
from opencaf.frameworks.models import FrameworkVersion
from opencaf.frameworks.selectors import structure_of
from opencaf.indicators.models import DefinitionStatus, Measurement, Visibility
from opencaf.organisations.models import Network
from opencaf.organisations.permissions import is_coordinator

if TYPE_CHECKING:
    from opencaf.accounts.models import User

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
# A request still waiting after this long is taken for lost (its worker died, the queue was emptied):
# the next request queues a refresh again instead of trusting it.
QUEUED_STALE_AFTER = timedelta(minutes=30)
MAX_ERROR = 2000
WARMED_CYCLES = 2
FINISHED_STATES = [state.value for state in FINISHED]


@dataclass(frozen=True)
class RebuildCounts:
    organisations: int  # organisations with at least one shared self-assessment in the snapshot
    assessments: int
    scores: int  # ScoreSnapshot rows
    indicator_values: int  # IndicatorSnapshot rows


Progress = Callable[[int], None]


def _no_progress(percent: int) -> None:
    """Progress goes nowhere (a rebuild called directly, in tests or the nightly command)."""


# --- asking for a refresh -------------------------------------------------------------------------------


def state_of(network: Network) -> SnapshotState:
    """The network's refresh state, created (idle, never refreshed) the first time it is asked for."""
    state, _created = SnapshotState.objects.get_or_create(network=network)
    return state


def _enqueue(network_id: int) -> None:
    from opencaf.benchmarking.tasks import refresh_benchmark_snapshot  # the task module imports this one

    refresh_benchmark_snapshot.enqueue(network_id)


def request_refresh(network: Network) -> bool:
    """Queue a refresh of `network`'s benchmark snapshot once the caller's transaction commits.
    Returns False when one is already waiting (it will see the caller's change, as it has not started)."""
    with transaction.atomic():
        state_of(network)
        state = SnapshotState.objects.select_for_update().get(network=network)
        now = timezone.now()
        waiting = state.status == RefreshStatus.QUEUED
        if waiting and state.requested_at is not None and state.requested_at > now - QUEUED_STALE_AFTER:
            return False
        state.status = RefreshStatus.QUEUED
        state.requested_at = now
        state.save(update_fields=["status", "requested_at"])
        transaction.on_commit(partial(_enqueue, network.pk), robust=True)
    return True


@transaction.atomic
def refresh_now(*, actor: User, network: Network) -> bool:
    """The coordinators' "refresh now": queue a refresh, audited. False when one was already waiting."""
    if not is_coordinator(actor, network):
        raise PermissionDenied
    queued = request_refresh(network)
    record_event(
        "benchmarking.snapshot_refresh_requested",
        actor=actor,
        network=network,
        changes={"benchmark_already_waiting": not queued},
    )
    return queued


# --- the background task's work -------------------------------------------------------------------------


def _report(network_id: int, percent: int) -> None:
    SnapshotState.objects.filter(network_id=network_id, status=RefreshStatus.RUNNING).update(progress=percent)


def run_refresh(network_id: int) -> str:
    """The task: mark the state running, rebuild, and record the outcome (idle, or failed with the
    error). A request that came in while it ran stays queued: its own task runs next."""
    network = Network.objects.filter(pk=network_id).first()
    if network is None:
        return "gone"
    state_of(network)
    SnapshotState.objects.filter(network_id=network_id).update(
        status=RefreshStatus.RUNNING, started_at=timezone.now(), progress=0
    )
    try:
        # The rebuild is most of the work; working the figures out beforehand is the rest.
        rebuild(network, progress=lambda percent: _report(network_id, percent * 85 // 100))
    except Exception as error:
        logger.exception("The benchmark snapshot of network %s could not be refreshed", network_id)
        SnapshotState.objects.filter(network_id=network_id).update(
            status=RefreshStatus.FAILED, progress=0, error=f"{type(error).__name__}: {error}"[:MAX_ERROR]
        )
        return "failed"
    _warm(network)
    SnapshotState.objects.filter(network_id=network_id).update(error="")
    SnapshotState.objects.filter(network_id=network_id, status=RefreshStatus.RUNNING).update(
        status=RefreshStatus.IDLE, progress=100
    )
    return "done"


def _warm(network: Network) -> None:
    """Work out the figures of the two latest cycles beforehand (`selectors.figures.warm`), so that
    the first visitors after a refresh do not wait for them. A failure here costs only speed."""
    from opencaf.benchmarking.selectors import figures  # selectors read what this module writes

    try:
        framework = figures.default_framework()
        if framework is not None:
            today = timezone.localdate()
            version = figures.snapshot_version(network)
            for cycle in figures.network_cycles(network, framework.code, today, version)[:WARMED_CYCLES]:
                figures.warm(network, framework.code, cycle, today)
    except Exception:
        logger.exception("The benchmark figures of network %s could not be worked out beforehand", network.pk)


# --- rebuilding ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shared:
    """A finished self-assessment shared with the network, as the snapshot needs it."""

    assessment_id: int
    organisation_id: int
    framework_id: int
    framework_code: str
    cycle: int
    finalised: datetime
    visible_from: date | None
    org_type: str
    size_band: str
    country: str


def _cycle_of(finalised_at: datetime | None, created_at: datetime) -> tuple[int, datetime]:
    moment = finalised_at or created_at  # finished before finalised_at was kept: its start will do
    return timezone.localtime(moment).year, moment


def _latest_shared(network: Network) -> list[_Shared]:
    """Per organisation, framework and cycle, the latest finished self-assessment with a consent."""
    rows = ScoreSharing.objects.filter(
        assessment__organisation__network=network,
        assessment__state__in=FINISHED_STATES,
    ).values_list(
        "assessment_id",
        "assessment__organisation_id",
        "assessment__framework_id",
        "assessment__framework__code",
        "assessment__finalised_at",
        "assessment__created_at",
        "shared_from",
        "assessment__organisation__org_type",
        "assessment__organisation__size_band",
        "assessment__organisation__country",
    )
    latest: dict[tuple[int, int, int], _Shared] = {}
    for pk, org, framework, code, finalised_at, created_at, shared_from, org_type, size, country in rows:
        cycle, moment = _cycle_of(finalised_at, created_at)
        item = _Shared(pk, org, framework, code, cycle, moment, shared_from, org_type, size, country)
        key = (org, framework, cycle)
        kept = latest.get(key)
        if kept is None or (moment, pk) > (kept.finalised, kept.assessment_id):
            latest[key] = item
    return list(latest.values())


def _consensus_scores(network: Network, wanted: set[int]) -> dict[int, dict[int, int]]:
    """Subcriterion id → consensus score, per self-assessment in `wanted` (one query through the
    consents, not a list of thousands of ids)."""
    shared = ScoreSharing.objects.filter(
        assessment__organisation__network=network, assessment__state__in=FINISHED_STATES
    ).values("assessment_id")
    scores: dict[int, dict[int, int]] = {pk: {} for pk in wanted}
    for assessment_id, subcriterion_id, score in (
        Consensus.objects.filter(assessment_id__in=shared, score__isnull=False)
        .order_by()
        .values_list("assessment_id", "subcriterion_id", "score")
        .iterator(chunk_size=20_000)
    ):
        if assessment_id in scores and score is not None:
            scores[assessment_id][subcriterion_id] = score
    return scores


@dataclass(frozen=True)
class _Layout:
    """A framework's subcriteria as the snapshot needs them: id → code, and the criteria's kinds."""

    codes: dict[int, str]
    kinds: dict[int, str]


def _layouts(framework_ids: set[int]) -> dict[int, _Layout]:
    layouts: dict[int, _Layout] = {}
    for framework in FrameworkVersion.objects.filter(pk__in=framework_ids):
        subcriteria = structure_of(framework).subcriteria
        layouts[framework.pk] = _Layout(
            codes={sub.pk: sub.code for sub in subcriteria},
            kinds={sub.criterion.number: sub.criterion.kind for sub in subcriteria},
        )
    return layouts


# The columns the rebuild writes, in the order of the tuples it builds.
SCORE_COLUMNS = (
    "network", "organisation", "assessment", "framework_code", "cycle", "kind", "code", "score",
    "org_type", "size_band", "country", "visible_from",
)  # fmt: skip
INDICATOR_COLUMNS = ("network", "organisation", "definition", "year", "value", "org_type", "size_band", "country")
ScoreRow = tuple[int, int, int, str, int, str, str, Decimal, str, str, str, date | None]
IndicatorRow = tuple[int, int, int, int, Decimal, str, str, str]


def _score_rows(network: Network, shared: list[_Shared], scores: dict[int, dict[int, int]]) -> Iterator[ScoreRow]:
    layouts = _layouts({item.framework_id for item in shared})
    criterion, subcriterion = SnapshotItemKind.CRITERION.value, SnapshotItemKind.SUBCRITERION.value
    for item in shared:
        layout = layouts[item.framework_id]
        by_code = {layout.codes[sub]: score for sub, score in scores[item.assessment_id].items() if sub in layout.codes}
        if not by_code:
            continue  # nothing assessed (every subcriterion "not assessed"): nothing to compare
        head = (network.pk, item.organisation_id, item.assessment_id, item.framework_code, item.cycle)
        tail = (item.org_type, item.size_band, item.country, item.visible_from)
        result = totals({code: float(score) for code, score in by_code.items()}, layout.kinds)
        for number, mean in result.criteria.items():
            if mean is not None:
                yield (*head, criterion, str(number), one_decimal(mean), *tail)
        for code, score in by_code.items():
            yield (*head, subcriterion, code, Decimal(score), *tail)


def _year_of(period: str) -> int | None:
    """The year of a period key ("2026", "2026-Q1", "2026-03"); None for a key that is not one."""
    head = period[:4]
    return int(head) if head.isdigit() else None


def _indicator_rows(network: Network) -> list[IndicatorRow]:
    """The latest value of each year of every indicator shared with the network from one of its
    shared definitions (a draft definition cannot have been adopted; a withdrawn one's values were
    counted by its exact definition and still compare)."""
    values = (
        Measurement.objects.filter(
            indicator__visibility=Visibility.NETWORK,
            indicator__definition__network=network,
            indicator__organisation__network=network,
        )
        .exclude(indicator__definition__status=DefinitionStatus.DRAFT)
        .order_by()
        .values_list(
            "indicator__organisation_id",
            "indicator__definition_id",
            "period",
            "value",
            "indicator__organisation__org_type",
            "indicator__organisation__size_band",
            "indicator__organisation__country",
        )
    )
    latest: dict[tuple[int, int, int], tuple[str, Any]] = {}
    for organisation_id, definition_id, period, value, org_type, size_band, country in values:
        year = _year_of(period)
        if year is None or definition_id is None:
            continue
        key = (organisation_id, definition_id, year)
        kept = latest.get(key)
        # Keys of one indicator share its frequency's form, so the latest period sorts last.
        if kept is None or period > kept[0]:
            latest[key] = (period, (value, org_type, size_band, country))
    return [
        (network.pk, organisation_id, definition_id, year, value, org_type, size_band, country)
        for (organisation_id, definition_id, year), (_period, (value, org_type, size_band, country)) in latest.items()
    ]


def _insert(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert plain rows (values in the order of `names`); returns how many. `bulk_create` built every
    batch through the ORM's compiler value by value, and a model instance per row: 0.1 ms a row, most
    of a rebuild's time. Here the rows go with `COPY` on PostgreSQL (its `executemany` took 23 s for
    half a million rows) and one statement sent by `executemany` in batches on SQLite, which runs it
    in C. Each value still goes through its field's `get_db_prep_save` (once per distinct value: there
    are few), so it is stored exactly as the ORM would store it. No signals are sent (nobody listens)."""
    fields = [cast(models.Field[Any, Any], model._meta.get_field(name)) for name in names]
    prepare = [functools.cache(partial(field.get_db_prep_save, connection=connection)) for field in fields]
    prepared = ([convert(value) for convert, value in zip(prepare, row, strict=True)] for row in rows)
    quote = connection.ops.quote_name
    # Only identifiers from the model's own metadata, quoted, go into the statements; values are data.
    table, columns = quote(model._meta.db_table), ", ".join(quote(str(field.column)) for field in fields)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
                    written += 1
            return written
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        for batch in batched(prepared, BATCH_SIZE):
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def rebuild(network: Network, *, progress: Progress = _no_progress) -> RebuildCounts:
    """Replace the network's snapshot rows with what is consented now (see the module's note)."""
    progress(5)
    shared = _latest_shared(network)
    progress(15)
    scores = _consensus_scores(network, {item.assessment_id for item in shared})
    progress(40)
    score_rows = list(_score_rows(network, shared, scores))
    progress(60)
    indicator_rows = _indicator_rows(network)
    progress(70)
    with transaction.atomic():
        # Serialise two refreshes of one network (two workers): the second waits here, then replaces
        # the first one's rows instead of adding its own beside them.
        state_of(network)
        SnapshotState.objects.select_for_update().filter(network=network).exists()
        ScoreSnapshot.objects.filter(network=network).delete()
        IndicatorSnapshot.objects.filter(network=network).delete()
        _insert(ScoreSnapshot, SCORE_COLUMNS, score_rows)
        _insert(IndicatorSnapshot, INDICATOR_COLUMNS, indicator_rows)
        counts = RebuildCounts(
            organisations=len({row[1] for row in score_rows}),
            assessments=len({row[2] for row in score_rows}),
            scores=len(score_rows),
            indicator_values=len(indicator_rows),
        )
        # The snapshot's time is its version: the pages' cached figures are keyed by it.
        SnapshotState.objects.filter(network=network).update(
            refreshed_at=timezone.now(), organisations=counts.organisations
        )
    progress(100)
    return counts


def rebuild_all() -> dict[str, str]:
    """Every network's snapshot in turn, through the task's bookkeeping (the nightly safety net):
    network name → "done" or "failed"."""
    outcomes: dict[str, str] = {}
    for network in Network.objects.order_by("name"):
        outcomes[network.name] = run_refresh(network.pk)
    return outcomes
