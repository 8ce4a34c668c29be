from django.contrib import admin

from opencaf.core.admin import ReadOnlyAdmin
from opencaf.resources.models import ResourceLine


@admin.register(ResourceLine)
class ResourceLineAdmin(ReadOnlyAdmin):
    """Read-only: the figures change only through the audited services."""

    list_display = ("__str__", "organisation", "quarter", "planned_eur", "actual_eur", "planned_days", "actual_days")
    list_filter = ("quarter",)
    list_select_related = ("organisation", "action", "process")
