from django.urls import path

from opencaf.organisations import views

app_name = "organisations"

urlpatterns = [
    path("org/<uuid:org_id>/", views.organisation_detail, name="detail"),
    path("org/<uuid:org_id>/members/", views.member_list, name="members"),
    path("org/<uuid:org_id>/members/<uuid:membership_id>/", views.member_edit, name="member_edit"),
    path("org/<uuid:org_id>/members/<uuid:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("org/<uuid:org_id>/invitations/new/", views.invite, name="invite"),
    path(
        "org/<uuid:org_id>/invitations/<uuid:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"
    ),
    path("org/<uuid:org_id>/audit/", views.organisation_audit, name="audit"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path(
        "invitations/<str:token>/sign-on/<str:provider_id>/",
        views.accept_invitation_with_provider,
        name="accept_invitation_with_provider",
    ),
    path("network/<uuid:network_id>/", views.network_detail, name="network"),
    path("network/<uuid:network_id>/organisations/new/", views.network_add_organisation, name="network_add"),
    path("network/<uuid:network_id>/organisations/import/", views.network_import, name="network_import"),
    path("network/<uuid:network_id>/audit/", views.network_audit, name="network_audit"),
]
