from django.contrib import admin

from opencaf.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ("occurred_at", "actor_label", "organisation", "action", "object_repr")
    list_filter = ("action",)
    search_fields = ("actor_label", "object_repr")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
