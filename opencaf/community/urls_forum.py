"""Addresses of the community app's forum pages (included by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
