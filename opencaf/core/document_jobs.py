"""Documents made in the background (`GeneratedDocument` rows): reuse, limits, claims, progress,
stalled jobs and retries, the same for every app that generates documents.

A job's state lives on its row, so the page that asked for it can show progress. A run first claims
a waiting row (the next `attempt`) and writes only while its claim is the latest: a task delivered
twice makes one file, and a worker that comes back after a retry cannot overwrite the retried run.
A job without progress for `settings.DOCUMENT_JOB_STALL_AFTER` seconds is taken for dead and marked
failed, when its page looks and by `manage.py fail_stalled_documents`; the page offers to try again.

Apps keep their own permission checks and audit events: the functions here take the queryset or
model to act on and a callback to audit with.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from opencaf.core.models import DocumentStatus, GeneratedDocument

logger = logging.getLogger(__name__)

# Stored on the row in English for the administrators; pages show it translated.
STALLED_ERROR = "The document could not be finished. Try again."

IN_PROGRESS = (DocumentStatus.QUEUED, DocumentStatus.RUNNING)

# Producing a document: (the claimed row, a callback to report progress 0 to 100) → (file name, content).
Producer = Callable[[Any, Callable[[int], None]], tuple[str, bytes]]


class TooManyDocumentsError(Exception):
    """The person has asked for too many new documents within the hour."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            ngettext(
                "You have asked for many documents in the last hour; at most %(count)d an hour can be "
                "generated per person. Download one of the documents below or try again later.",
                "You have asked for many documents in the last hour; at most %(count)d an hour can be "
                "generated per person. Download one of the documents below or try again later.",
                limit,
            )
            % {"count": limit}
        )


def stall_cutoff() -> datetime:
    """A job in progress whose last progress is older than this is taken for dead."""
    return timezone.now() - timedelta(seconds=settings.DOCUMENT_JOB_STALL_AFTER)


def reusable[DocumentT: GeneratedDocument](documents: QuerySet[DocumentT], fingerprint: str) -> DocumentT | None:
    """A document of the same content that is ready, or still alive on its way."""
    return (
        documents.filter(fingerprint=fingerprint)
        .filter(Q(status=DocumentStatus.DONE) | Q(status__in=IN_PROGRESS, progressed_at__gte=stall_cutoff()))
        .first()
    )


def reuse_or_create[DocumentT: GeneratedDocument](
    same: QuerySet[DocumentT], fingerprint: str, mine: QuerySet[Any], limit: int, create: Callable[[], DocumentT]
) -> tuple[DocumentT, bool]:
    """The document of `same` with this fingerprint if it is ready or on its way, else a new one
    (`create`), refused when the person's documents (`mine`) reached `limit` this hour. Returns the
    document and whether it is new. The caller holds a lock that serialises identical requests."""
    existing = reusable(same, fingerprint)
    if existing is not None:
        return existing, False
    check_hourly_limit(mine, limit)
    return create(), True


def check_hourly_limit(requested: QuerySet[Any], limit: int) -> None:
    """Refuse a new document when `requested` (the person's documents) holds `limit` from the last hour."""
    if requested.filter(requested_at__gte=timezone.now() - timedelta(hours=1)).count() >= limit:
        raise TooManyDocumentsError(limit)


def enqueue_on_commit(task: Any, document: GeneratedDocument) -> None:
    """Queue the task once the transaction that created or re-opened the row has committed."""
    transaction.on_commit(lambda: task.enqueue(document.pk))


def reopen_failed(document: GeneratedDocument, fingerprint: str) -> bool:
    """Put a failed document back in the queue (the same row). False if it had not failed."""
    return bool(
        type(document)
        ._default_manager.filter(pk=document.pk, status=DocumentStatus.FAILED)
        .update(
            status=DocumentStatus.QUEUED,
            progress=0,
            error="",
            finished_at=None,
            progressed_at=timezone.now(),
            fingerprint=fingerprint,
        )
    )


def fail_stalled[DocumentT: GeneratedDocument](
    documents: QuerySet[DocumentT], audit: Callable[[DocumentT], None]
) -> int:
    """Mark failed the documents in `documents` that have made no progress since the cutoff; `audit`
    records each one. Returns how many. Idempotent: a job still progressing is left alone."""
    marked = 0
    for document in documents.filter(status__in=IN_PROGRESS, progressed_at__lt=stall_cutoff()):
        with transaction.atomic():
            # Only if it is still as found: a worker may have moved it on in the meantime.
            changed = (
                type(document)
                ._default_manager.filter(pk=document.pk, status=document.status, progressed_at=document.progressed_at)
                .update(status=DocumentStatus.FAILED, error=STALLED_ERROR, finished_at=timezone.now())
            )
            if changed:
                audit(document)
                marked += changed
    return marked


# Every app's stalled-job check, for the periodic command (registered from AppConfig.ready()).
_stall_checks: dict[str, Callable[[], int]] = {}


def register_stall_check(key: str, check: Callable[[], int]) -> None:
    _stall_checks[key] = check


def fail_all_stalled() -> dict[str, int]:
    return {key: check() for key, check in sorted(_stall_checks.items())}


class _ClaimLostError(Exception):
    """Another run owns the row now (the document was tried again): this run stops writing."""


def run(model: type[GeneratedDocument], document_id: int, produce: Producer, *, related: tuple[str, ...] = ()) -> None:
    """The background work of one document: claim the waiting row, produce the file with progress,
    store it. A row that is running, ready or failed is left alone; a failure is stored on the row
    (the traceback goes to the log)."""
    claimed = model._default_manager.filter(pk=document_id, status=DocumentStatus.QUEUED).update(
        status=DocumentStatus.RUNNING, attempt=F("attempt") + 1, progress=0, progressed_at=timezone.now()
    )
    if not claimed:
        logger.info("%s %s is not waiting; nothing to do", model.__name__, document_id)
        return
    documents = model._default_manager.all()
    document = (documents.select_related(*related) if related else documents).get(pk=document_id)
    attempt = document.attempt
    mine = model._default_manager.filter(pk=document_id, attempt=attempt, status=DocumentStatus.RUNNING)

    def advance(progress: int) -> None:
        if not mine.update(progress=progress, progressed_at=timezone.now()):
            raise _ClaimLostError

    try:
        advance(5)
        filename, content = produce(document, advance)
        advance(95)
        document.file.save(filename, ContentFile(content), save=False)
        now = timezone.now()
        if not mine.update(
            file=document.file.name, status=DocumentStatus.DONE, progress=100, finished_at=now, progressed_at=now
        ):
            document.file.delete(save=False)  # the row belongs to a newer run: leave no orphan file
            raise _ClaimLostError
    except _ClaimLostError:
        logger.warning("%s %s: run %s was superseded; its work is dropped", model.__name__, document_id, attempt)
    except Exception as error:
        logger.exception("%s %s failed", model.__name__, document_id)
        model._default_manager.filter(pk=document_id, attempt=attempt).update(
            status=DocumentStatus.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
