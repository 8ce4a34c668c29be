"""Addresses of the benchmarking app's sharing pages (included by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
