"""Addresses of the coordination app's recognitions pages (included by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
