"""Background tasks (django.tasks): thin wrappers over services."""

from django.tasks import task

from opencaf.coordination.services import newsletter_sending


@task
def send_newsletter_batch(newsletter_id: int, round_started: str = "") -> str:
    """Send the next batch of a newsletter's queued deliveries and queue the one after it."""
    return newsletter_sending.send_batches(newsletter_id, round_started)
