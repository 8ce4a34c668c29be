"""URLs of the people app's engagement part (included by urls.py): the involvement page, a staff
involvement activity, the invitation to the network's e-newsletter, the criterion 3 figures."""

from django.urls import URLPattern, path

from opencaf.people.views import engagement

ORG = "org/<uuid:org_id>/people/"
ACTIVITY = ORG + "involvement/activities/<uuid:activity_id>/"

urlpatterns: list[URLPattern] = [
    path(ORG + "involvement/", engagement.involvement, name="involvement"),
    path(ORG + "involvement/activities/new/", engagement.activity_new, name="activity_new"),
    path(ACTIVITY, engagement.activity_edit, name="activity_edit"),
    path(ACTIVITY + "delete/", engagement.activity_delete, name="activity_delete"),
    path(ORG + "involvement/newsletter/", engagement.newsletter_invite, name="newsletter_invite"),
    path(ORG + "criterion-3/", engagement.criterion3_figures, name="criterion3_figures"),
]
