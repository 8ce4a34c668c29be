"""Addresses of the coordination app's news pages (included by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
