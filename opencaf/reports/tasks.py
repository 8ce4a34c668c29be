"""Background tasks (django.tasks): thin wrappers over services."""

from django.tasks import task

from opencaf.reports import services


@task
def generate_report_document(document_id: int) -> None:
    services.generate_document(document_id)
