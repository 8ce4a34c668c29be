"""Admin views of the benchmarking app's data."""

from django.contrib import admin

from opencaf.benchmarking.models import PeerGroup, ScoreSharing, SnapshotState


@admin.register(ScoreSharing)
class ScoreSharingAdmin(admin.ModelAdmin[ScoreSharing]):
    list_display = ("assessment", "organisation", "shared_from", "open_to_partners", "given_at")
    readonly_fields = ("public_id",)


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin[PeerGroup]):
    list_display = ("name", "network", "created_at")
    readonly_fields = ("public_id",)


@admin.register(SnapshotState)
class SnapshotStateAdmin(admin.ModelAdmin[SnapshotState]):
    list_display = ("network", "status", "refreshed_at", "organisations")
