"""An evidence item's file as a download: one response for every page that hands it out (the register,
and apps above that attach evidence, such as an external feedback case)."""

from __future__ import annotations

from django.http import FileResponse

from opencaf.evidence.models import EvidenceItem


def file_response(item: EvidenceItem) -> FileResponse:
    """The stored file under its original name, never cached by a shared cache (it may be private)."""
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
