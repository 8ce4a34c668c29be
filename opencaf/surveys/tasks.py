"""Background tasks (django.tasks): thin wrappers over services."""

from django.tasks import task

from opencaf.surveys import services


@task
def generate_summary_document(document_id: int) -> None:
    services.generate_summary(document_id)
