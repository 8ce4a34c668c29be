"""Addresses of the community app's moderation pages (included by urls.py): all under a network's
forum, for its coordinators, except reporting a post, which every reader of the forum may do."""

from django.urls import URLPattern, path

from opencaf.community.views import moderation

MODERATION = "network/<uuid:network_id>/forum/moderation/"
POST = MODERATION + "posts/<uuid:post_id>/"
THREAD = MODERATION + "threads/<uuid:thread_id>/"

urlpatterns: list[URLPattern] = [
    path(MODERATION, moderation.queue, name="moderation"),
    path(MODERATION + "bans/", moderation.bans, name="moderation_bans"),
    path(MODERATION + "bans/<uuid:user_id>/lift/", moderation.lift_ban, name="moderation_lift_ban"),
    path(POST + "report/", moderation.report, name="moderation_report"),
    path(POST + "hide/", moderation.hide, name="moderation_hide"),
    path(POST + "unhide/", moderation.unhide, name="moderation_unhide"),
    path(POST + "dismiss/", moderation.dismiss, name="moderation_dismiss"),
    path(POST + "ban/", moderation.ban, name="moderation_ban"),
    path(THREAD + "lock/", moderation.lock, name="moderation_lock"),
    path(THREAD + "unlock/", moderation.unlock, name="moderation_unlock"),
    path(THREAD + "pin/", moderation.pin, name="moderation_pin"),
    path(THREAD + "unpin/", moderation.unpin, name="moderation_unpin"),
    path(THREAD + "move/", moderation.move, name="moderation_move"),
]
