"""URLs of the external feedback cases: the organiser part (included by urls.py under app_name "feedback").

The network's applications and external feedback actors (its coordinators); on a case, accepting or
returning it, its actors and the visit (the coordinators), the actor's declaration of interests; the
person's own cases as an actor."""

from django.urls import URLPattern, path

from opencaf.feedback.views import actors, organiser

NETWORK = "network/<uuid:network_id>/external-feedback/"
CASE = "external-feedback/<uuid:case_id>/"

urlpatterns: list[URLPattern] = [
    path(NETWORK + "cases/", organiser.network_cases, name="network_cases"),
    path(NETWORK + "actors/", actors.actors, name="actors"),
    path(NETWORK + "actors/<uuid:actor_id>/", actors.actor_edit, name="actor_edit"),
    path("external-feedback/mine/", actors.my_cases, name="my_cases"),
    path(CASE + "accept/", organiser.case_accept, name="case_accept"),
    path(CASE + "return/", organiser.case_return, name="case_return"),
    path(CASE + "actors/", organiser.case_assign, name="case_assign"),
    path(CASE + "actors/<uuid:assignment_id>/remove/", organiser.case_unassign, name="case_unassign"),
    path(CASE + "visit/", organiser.visit, name="visit"),
    path(CASE + "declaration/", actors.declare, name="declare"),
]
