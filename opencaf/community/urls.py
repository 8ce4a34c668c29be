"""Addresses of the community app: each part's patterns live in `urls_<part>.py`."""

from django.urls import URLPattern

from opencaf.community import urls_forum, urls_library, urls_moderation, urls_notifications, urls_practices

app_name = "community"

urlpatterns: list[URLPattern] = [
    *urls_practices.urlpatterns,
    *urls_library.urlpatterns,
    *urls_forum.urlpatterns,
    *urls_moderation.urlpatterns,
    *urls_notifications.urlpatterns,
]
