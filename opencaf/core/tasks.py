"""Background tasks (django.tasks): thin wrappers over the core modules."""

from typing import Any

from django.tasks import task

from opencaf.core import mail


@task
def deliver_mail(message: dict[str, Any], attempt: int) -> str:
    """One delivery attempt of a message queued by `core.mail`; returns sent, retrying or not_delivered."""
    return mail.deliver(mail.OutgoingMail(**message), attempt)
