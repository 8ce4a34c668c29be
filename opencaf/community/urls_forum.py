"""Addresses of the community app's forum pages (included by urls.py): all under a network's forum, for
the members of its organisations and its coordinators (moderation has its own, urls_moderation.py)."""

from django.urls import URLPattern, path

from opencaf.community.views import forum

FORUM = "network/<uuid:network_id>/forum/"
CATEGORY = FORUM + "categories/<uuid:category_id>/"
THREAD = FORUM + "threads/<uuid:thread_id>/"
POST = FORUM + "posts/<uuid:post_id>/"

urlpatterns: list[URLPattern] = [
    path(FORUM, forum.forum, name="forum"),
    path(FORUM + "categories/new/", forum.category_new, name="forum_category_new"),
    path(CATEGORY, forum.category, name="forum_category"),
    path(CATEGORY + "edit/", forum.category_edit, name="forum_category_edit"),
    path(CATEGORY + "move/", forum.category_move, name="forum_category_move"),
    path(CATEGORY + "delete/", forum.category_delete, name="forum_category_delete"),
    path(CATEGORY + "new-thread/", forum.thread_new, name="thread_new"),
    path(FORUM + "events/new-thread/", forum.event_thread_new, name="event_thread_new"),
    path(THREAD, forum.thread, name="thread"),
    path(THREAD + "reply/", forum.thread_reply, name="thread_reply"),
    path(POST, forum.post, name="post"),
    path(POST + "edit/", forum.post_edit, name="post_edit"),
    path(POST + "history/", forum.post_history, name="post_history"),
    path(FORUM + "attachments/<uuid:attachment_id>/", forum.attachment, name="forum_attachment"),
]
