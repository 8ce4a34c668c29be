"""Site administrators create networks and name their coordinators here; everything else has its own pages."""

from django.contrib import admin

from opencaf.organisations.models import (
    Invitation,
    Membership,
    MembershipRole,
    Network,
    NetworkCoordinator,
    Organisation,
)


class CoordinatorInline(admin.TabularInline):
    model = NetworkCoordinator
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "default_language")
    search_fields = ("name",)
    inlines = (CoordinatorInline,)


class RoleInline(admin.TabularInline):
    model = MembershipRole
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "org_type", "network", "country", "size_band")
    list_filter = ("org_type", "country", "network")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("parent",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "department")
    search_fields = ("user__email", "organisation__name")
    autocomplete_fields = ("user", "organisation")
    inlines = (RoleInline,)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organisation", "created_at", "expires_at", "accepted_at", "revoked_at")
    search_fields = ("email", "organisation__name")
    readonly_fields = ("token_hash",)
