"""Admin views of the external feedback data. Procedures come from the files in frameworks/pef/
(load_procedures) and networks choose theirs on the coordinators' page: the admin only shows them."""

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from opencaf.feedback.models import NetworkProcedure, Procedure


class _ReadOnly[ModelT: models.Model](admin.ModelAdmin[ModelT]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(_ReadOnly[Procedure]):
    list_display = ("code", "country", "status", "loaded_at")


@admin.register(NetworkProcedure)
class NetworkProcedureAdmin(_ReadOnly[NetworkProcedure]):
    list_display = ("network", "procedure", "chosen_by", "chosen_at")
    list_select_related = ("network", "procedure", "chosen_by")
