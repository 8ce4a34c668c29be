"""Certificates of attendance: one page, in the participant's language, drawn on request with
WeasyPrint (as the reports and survey summaries are). A page of text without images takes well
under a second, so no background job is needed."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from opencaf.coordination.models import Registration
from opencaf.coordination.selectors.events import sessions_attended


def certificate_filename(registration: Registration) -> str:
    return f"certificate-{slugify(registration.event.title)[:40] or 'event'}-{slugify(registration.name)[:40]}.pdf"


def certificate_pdf(registration: Registration) -> bytes:
    from weasyprint import HTML  # imported here: loading it takes time other work does not need

    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "network": event.network,
        "sessions": list(event.sessions.all()),
        "attended": sessions_attended(registration),
        "language": registration.language,
        "issued_on": timezone.localdate(),
    }
    with translation.override(registration.language):
        html = render_to_string("coordination/events/certificate.html", context)
    return bytes(HTML(string=html).write_pdf())
