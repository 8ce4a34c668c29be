"""Addresses of the benchmarking app's sharing pages (included by urls.py): an organisation's consents to
share its scores, and its network coordinators' peer groups."""

from django.urls import URLPattern, path

from opencaf.benchmarking.views import sharing

SHARING = "org/<uuid:org_id>/benchmarking/sharing/"
CONSENT = SHARING + "<uuid:assessment_id>/"
PEER_GROUPS = "network/<uuid:network_id>/benchmarking/peer-groups/"
PEER_GROUP = PEER_GROUPS + "<uuid:group_id>/"

urlpatterns: list[URLPattern] = [
    path(SHARING, sharing.sharing, name="sharing"),
    path(CONSENT, sharing.sharing_consent, name="sharing_consent"),
    path(CONSENT + "withdraw/", sharing.sharing_withdraw, name="sharing_withdraw"),
    path(PEER_GROUPS, sharing.peer_groups, name="peer_groups"),
    path(PEER_GROUPS + "new/", sharing.peer_group_new, name="peer_group_new"),
    path(PEER_GROUP, sharing.peer_group, name="peer_group"),
    path(PEER_GROUP + "edit/", sharing.peer_group_edit, name="peer_group_edit"),
    path(PEER_GROUP + "delete/", sharing.peer_group_delete, name="peer_group_delete"),
    path(PEER_GROUP + "add/", sharing.peer_group_add, name="peer_group_add"),
    path(PEER_GROUP + "remove/", sharing.peer_group_remove, name="peer_group_remove"),
]
