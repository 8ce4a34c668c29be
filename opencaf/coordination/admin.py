from django.contrib import admin

from opencaf.coordination.models import Campaign, EngagementEntry, Event, EventSession, Recipient, Registration


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin[Campaign]):
    list_display = ("title", "network", "state", "deadline", "sent_at")
    list_filter = ("state",)
    readonly_fields = ("public_id",)


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin[Recipient]):
    list_display = ("organisation", "campaign", "status", "sent_at", "replied_at")
    list_filter = ("status",)
    readonly_fields = ("public_id", "link_version")


@admin.register(EngagementEntry)
class EngagementEntryAdmin(admin.ModelAdmin[EngagementEntry]):
    list_display = ("organisation", "kind", "happened_on", "author")
    list_filter = ("kind",)


class EventSessionInline(admin.TabularInline[EventSession, Event]):
    model = EventSession
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ("title", "network", "kind", "state", "capacity")
    list_filter = ("kind", "state", "audience")
    readonly_fields = ("public_id",)
    inlines = (EventSessionInline,)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = ("name", "email", "event", "organisation", "status", "created_at")
    list_filter = ("status",)
    readonly_fields = ("public_id",)
