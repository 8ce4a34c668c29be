"""Addresses of the coordination app's newsletter pages (included by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
