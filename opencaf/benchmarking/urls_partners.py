"""Addresses of the benchmarking app's partners pages (included by urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
