"""Addresses of the network-wide overview of areas for improvement (included by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
