"""Addresses of the coordination app's feedback pages (included by urls.py): the participant's form
behind the signed link, and the coordinator's page that asks the participants of an event."""

from django.urls import URLPattern, path

from opencaf.coordination.views import feedback

EVENT = "network/<uuid:network_id>/events/<uuid:event_id>/"  # as in urls.py

urlpatterns: list[URLPattern] = [
    path(EVENT + "feedback-requests/", feedback.event_feedback_request, name="event_feedback_request"),
    path("event-feedback/<str:token>/", feedback.event_feedback, name="event_feedback"),
]
