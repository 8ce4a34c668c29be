"""Addresses of the coordination app's newsletter pages (included by urls.py)."""

from django.urls import URLPattern, path

from opencaf.coordination.views import newsletters, subscriptions

NETWORK = "network/<uuid:network_id>/"
PUBLIC_NETWORK = "public/network/<uuid:network_id>/"

urlpatterns: list[URLPattern] = [
    # subscriptions
    path(PUBLIC_NETWORK + "newsletter/subscribe/", subscriptions.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", subscriptions.confirm, name="subscription_confirm"),
    path("newsletter/unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path(NETWORK + "newsletter/subscribers/", subscriptions.subscriber_list, name="subscribers"),
    path(NETWORK + "newsletter/subscribers/export.xlsx", subscriptions.subscriber_export, name="subscribers_export"),
    path(
        NETWORK + "newsletter/subscribers/<uuid:subscriber_id>/remove/",
        subscriptions.subscriber_remove,
        name="subscriber_remove",
    ),
    # end subscriptions
    # newsletters
    path(NETWORK + "newsletters/", newsletters.newsletter_list, name="newsletters"),
    path(NETWORK + "newsletters/new/", newsletters.newsletter_new, name="newsletter_new"),
    path(NETWORK + "newsletters/<uuid:newsletter_id>/", newsletters.newsletter_detail, name="newsletter"),
    path(NETWORK + "newsletters/<uuid:newsletter_id>/edit/", newsletters.newsletter_edit, name="newsletter_edit"),
    path(
        NETWORK + "newsletters/<uuid:newsletter_id>/preview/", newsletters.newsletter_preview, name="newsletter_preview"
    ),
    path(
        NETWORK + "newsletters/<uuid:newsletter_id>/test/",
        newsletters.newsletter_test_send,
        name="newsletter_test_send",
    ),
    path(NETWORK + "newsletters/<uuid:newsletter_id>/send/", newsletters.newsletter_send, name="newsletter_send"),
    path(
        NETWORK + "newsletters/<uuid:newsletter_id>/progress/",
        newsletters.newsletter_progress,
        name="newsletter_progress",
    ),
    path(NETWORK + "newsletters/<uuid:newsletter_id>/retry/", newsletters.newsletter_retry, name="newsletter_retry"),
    path(PUBLIC_NETWORK + "newsletter/", newsletters.newsletter_archive, name="newsletter_archive"),
    path(
        PUBLIC_NETWORK + "newsletter/<uuid:newsletter_id>/",
        newsletters.newsletter_archived,
        name="newsletter_archived",
    ),
    # end newsletters
]
