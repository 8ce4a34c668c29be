"""Addresses of the community app's practices pages (included by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
