"""URLs of the people app's engagement part (included by urls.py)."""

from django.urls import URLPattern

ORG = "org/<uuid:org_id>/people/"

urlpatterns: list[URLPattern] = []
