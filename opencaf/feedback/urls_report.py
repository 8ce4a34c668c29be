"""URLs of the external feedback cases: the report part (included by urls.py under app_name "feedback")."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
