"""Addresses of the benchmarking app's figures pages (included by urls.py): an organisation's scores
against its peers, and the network-wide figures of its coordinators with the snapshot's refresh."""

from django.urls import URLPattern, path

from opencaf.benchmarking.views import figures

ORG_FIGURES = "org/<uuid:org_id>/benchmarking/"
NETWORK_FIGURES = "network/<uuid:network_id>/benchmarking/"

urlpatterns: list[URLPattern] = [
    path(ORG_FIGURES, figures.organisation_figures, name="organisation"),
    path(NETWORK_FIGURES, figures.network_figures, name="network"),
    path(NETWORK_FIGURES + "refresh/", figures.network_refresh, name="network_refresh"),
    path(NETWORK_FIGURES + "refresh/progress/", figures.network_refresh_progress, name="network_refresh_progress"),
]
