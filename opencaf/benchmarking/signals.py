"""Requesting a refresh of the benchmark snapshot when consented data changes in other apps.

What the snapshot copies changes in three places the benchmarking app does not own:

- a shared self-assessment is re-opened (it leaves a finished state, so its scores must leave the
  snapshot) or finalised again (they come back, as they now stand);
- an indicator's visibility changes to or from "shared with the network";
- a value of an indicator shared with the network is recorded, imported or worked out.

Those writes do not all pass through `Model.save()`: a self-assessment's state changes with one
guarded `UPDATE`, imported and calculated indicator values are upserted in bulk; model signals would
miss them. Every one of them writes an audit event in its own transaction, though (a rule of the
platform), so this module listens to the audit events being created and requests a refresh of the
organisation's network; the request is queued when that transaction commits, and only once while
one waits. The nightly `refresh_benchmarks` command catches anything else (a change in the admin site).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models.signals import post_save

from opencaf.audit.models import AuditEvent
from opencaf.benchmarking.models import ScoreSharing
from opencaf.benchmarking.services.snapshots import request_refresh
from opencaf.indicators.models import Indicator, Visibility
from opencaf.organisations.models import Network

# The value-changing actions of the indicators app (services.record_measurement, import_values,
# recalculate): each records the indicator as its object.
INDICATOR_VALUE_ACTIONS = ("indicators.value_recorded", "indicators.values_imported", "indicators.values_calculated")
# Leaving a finished state, and entering one again (lifecycle: reopen, finalise).
ASSESSMENT_ACTIONS = ("assessment.reopen", "assessment.finalise")


def _network_of(event: AuditEvent) -> Network | None:
    return Network.objects.filter(pk=event.network_id).first() if event.network_id else None


def _shared_assessment_changed(event: AuditEvent) -> bool:
    return ScoreSharing.objects.filter(assessment__public_id=event.object_id).exists()


def _visibility_changed(event: AuditEvent) -> bool:
    change = (event.changes or {}).get("visibility")
    if not isinstance(change, list | tuple) or Visibility.NETWORK.value not in change:
        return False  # not shared before nor after: nothing the snapshot holds
    return Indicator.objects.filter(public_id=event.object_id, definition__isnull=False).exists()


def _shared_value_changed(event: AuditEvent) -> bool:
    return Indicator.objects.filter(
        public_id=event.object_id, visibility=Visibility.NETWORK, definition__isnull=False
    ).exists()


CHECKS: dict[str, Callable[[AuditEvent], bool]] = {
    **dict.fromkeys(ASSESSMENT_ACTIONS, _shared_assessment_changed),
    "indicators.changed": _visibility_changed,
    **dict.fromkeys(INDICATOR_VALUE_ACTIONS, _shared_value_changed),
}


def refresh_on_consented_change(sender: type[AuditEvent], instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    """post_save of an audit event: request a refresh when it records a change the snapshot copies."""
    check = CHECKS.get(instance.action)
    if not created or check is None or not instance.object_id:
        return
    if check(instance):
        network = _network_of(instance)
        if network is not None:
            request_refresh(network)


def connect() -> None:
    post_save.connect(refresh_on_consented_change, sender=AuditEvent, dispatch_uid="benchmarking.refresh_on_change")
