"""Addresses of the benchmarking app's partners pages (included by urls.py): an organisation's
bench-learning suggestions and contact requests, and the steps of a request."""

from django.urls import URLPattern, path

from opencaf.benchmarking.views import partners

PARTNERS = "org/<uuid:org_id>/bench-learning/"
REQUEST = PARTNERS + "requests/<uuid:request_id>/"

urlpatterns: list[URLPattern] = [
    path(PARTNERS, partners.partners, name="partners"),
    path(PARTNERS + "requests/new/", partners.partner_request_new, name="partner_request_new"),
    path(REQUEST + "withdraw/", partners.partner_request_withdraw, name="partner_request_withdraw"),
    path(REQUEST + "accept/", partners.partner_request_accept, name="partner_request_accept"),
    path(REQUEST + "decline/", partners.partner_request_decline, name="partner_request_decline"),
]
