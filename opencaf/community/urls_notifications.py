"""Addresses of the community app's notifications pages (included by urls.py): a person's forum
subscriptions in a network, the follow and unfollow buttons of threads and categories, and the stop links
of notification e-mails (a thread's or category's, and a digest's)."""

from django.urls import URLPattern, path

from opencaf.community.views import notifications

FORUM = "network/<uuid:network_id>/forum/"
THREAD = FORUM + "threads/<uuid:thread_id>/"
CATEGORY = FORUM + "categories/<uuid:category_id>/"

urlpatterns: list[URLPattern] = [
    path(FORUM + "subscriptions/", notifications.forum_subscriptions, name="forum_subscriptions"),
    path(THREAD + "follow/", notifications.follow_thread, name="follow_thread"),
    path(THREAD + "unfollow/", notifications.unfollow_thread, name="unfollow_thread"),
    path(CATEGORY + "follow/", notifications.follow_category, name="follow_category"),
    path(CATEGORY + "unfollow/", notifications.unfollow_category, name="unfollow_category"),
    path("forum-mail/stop/<str:token>/", notifications.stop_forum_mail, name="stop_forum_mail"),
    path("forum-mail/stop-digest/<str:token>/", notifications.stop_forum_digest, name="stop_forum_digest"),
]
