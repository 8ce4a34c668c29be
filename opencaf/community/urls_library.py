"""Addresses of the community app's library pages (included by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
