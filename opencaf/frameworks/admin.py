from django.contrib import admin

from opencaf.frameworks.models import FrameworkVersion


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    """Framework data comes from model files (load_frameworks); the admin only shows what is loaded."""

    list_display = ("code", "version", "name", "loaded_at")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
