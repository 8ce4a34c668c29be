from django.contrib import admin

from opencaf.audit.models import AuditEvent
from opencaf.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ("occurred_at", "actor_label", "organisation", "action", "object_repr")
    list_filter = ("action",)
    search_fields = ("actor_label", "object_repr")
