"""Admin building blocks shared by every app, and core's own records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from opencaf.core.models import PendingImport


class ReadOnlyAdmin(admin.ModelAdmin):
    """For support staff to look, never to change: these records change only through the audited
    services (an admin edit would leave no audit event), or never at all."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(PendingImport)
class PendingImportAdmin(ReadOnlyAdmin):
    """Checked import files waiting for their uploader's confirmation; they expire within the hour."""

    list_display = ("filename", "kind", "user", "created_at")
    search_fields = ("filename", "user__email")
    exclude = ("content",)
