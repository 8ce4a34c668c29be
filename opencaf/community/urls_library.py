"""Addresses of the community app's library pages (included by urls.py): a network's library for the
members of its organisations and its coordinators, and the public library for everyone."""

from django.urls import URLPattern, path

from opencaf.community.views import library

urlpatterns: list[URLPattern] = [
    path("network/<uuid:network_id>/practices/library/", library.library, name="library"),
    path("public/practices/", library.public_library, name="public_library"),
]
