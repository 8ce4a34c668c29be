"""Addresses of the network-wide overview of areas for improvement (included by urls.py), and of an
organisation's consent to be counted in it."""

from django.urls import URLPattern, path

from opencaf.coordination.views import improvement_areas

NETWORK = "network/<uuid:network_id>/"

urlpatterns: list[URLPattern] = [
    path(NETWORK + "improvement-areas/", improvement_areas.improvement_areas_overview, name="improvement_areas"),
    path(
        NETWORK + "improvement-areas/<slug:framework>/<str:code>/",
        improvement_areas.improvement_area_texts,
        name="improvement_area_texts",
    ),
    path(
        "org/<uuid:org_id>/improvement-areas/sharing/",
        improvement_areas.improvement_area_sharing,
        name="improvement_area_sharing",
    ),
]
