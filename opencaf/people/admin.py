"""Admin views of the people app: only the competency models, read-only.

Reviews, development plans, candidates and talent data are deliberately not registered: they are
personal data whose every read is audited (access.py), and the admin site would read them unaudited.
Support staff who need them go through the organisation's HR, as everyone else does."""

from django.contrib import admin

from opencaf.core.admin import ReadOnlyAdmin
from opencaf.people.models import CompetencyModel, ModelVersion


@admin.register(CompetencyModel)
class CompetencyModelAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "network", "organisation", "source", "created_at")
    list_select_related = ("network", "organisation")


@admin.register(ModelVersion)
class ModelVersionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "state", "levels", "published_at")
    list_select_related = ("model",)
