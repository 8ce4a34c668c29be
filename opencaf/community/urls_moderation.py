"""Addresses of the community app's moderation pages (included by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
