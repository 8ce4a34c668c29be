"""Addresses of the coordination app's recognitions pages (included by urls.py)."""

from django.urls import URLPattern, path

from opencaf.coordination.views import recognitions as views

NETWORK = "network/<uuid:network_id>/recognitions/"
SCHEME = NETWORK + "schemes/<uuid:scheme_id>/"
AWARD = NETWORK + "awards/<uuid:award_id>/"
ORG = "org/<uuid:org_id>/recognitions/"

urlpatterns: list[URLPattern] = [
    path(NETWORK, views.recognitions, name="recognitions"),
    path(NETWORK + "schemes/new/", views.scheme_new, name="recognition_scheme_new"),
    path(NETWORK + "schemes/preset/", views.scheme_preset, name="recognition_scheme_preset"),
    path(SCHEME + "edit/", views.scheme_edit, name="recognition_scheme_edit"),
    path(SCHEME + "archive/", views.scheme_archive, name="recognition_scheme_archive"),
    path(SCHEME + "award/", views.award_new, name="award_new"),
    path(AWARD, views.award_detail, name="award"),
    path(AWARD + "edit/", views.award_edit, name="award_edit"),
    path(AWARD + "withdraw/", views.award_withdraw, name="award_withdraw"),
    path(AWARD + "certificate.pdf", views.award_certificate, name="award_certificate"),
    path("public/network/<uuid:network_id>/recognitions/", views.public_recognitions, name="public_recognitions"),
    path(ORG, views.org_recognitions, name="org_recognitions"),
    path(ORG + "<uuid:award_id>/certificate.pdf", views.org_award_certificate, name="org_award_certificate"),
]
