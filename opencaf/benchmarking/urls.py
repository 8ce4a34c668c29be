"""Addresses of the benchmarking app: each part's patterns live in `urls_<part>.py`."""

from django.urls import URLPattern

from opencaf.benchmarking import urls_figures, urls_partners, urls_sharing

app_name = "benchmarking"

urlpatterns: list[URLPattern] = [*urls_sharing.urlpatterns, *urls_figures.urlpatterns, *urls_partners.urlpatterns]
