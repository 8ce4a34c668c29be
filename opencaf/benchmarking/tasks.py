"""Background tasks (django.tasks): thin wrappers over services."""

from django.tasks import task

from opencaf.benchmarking.services import snapshots


@task
def refresh_benchmark_snapshot(network_id: int) -> str:
    """Rebuild one network's benchmark snapshot, recording progress and the outcome on its state."""
    return snapshots.run_refresh(network_id)
