"""Addresses of the coordination app's feedback pages (included by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
