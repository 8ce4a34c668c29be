from django.urls import URLPattern, path

from opencaf.coordination import urls_areas, urls_feedback, urls_news, urls_newsletter, urls_recognitions
from opencaf.coordination.views import campaigns, events, portfolio

app_name = "coordination"

NETWORK = "network/<uuid:network_id>/"

CAMPAIGN = NETWORK + "campaigns/<uuid:campaign_id>/"
EVENT = NETWORK + "events/<uuid:event_id>/"
ORG_EVENTS = "org/<uuid:org_id>/events/"

urlpatterns: list[URLPattern] = [
    # campaigns
    path(NETWORK + "campaigns/", campaigns.campaign_list, name="campaigns"),
    path(NETWORK + "campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path(CAMPAIGN, campaigns.campaign_detail, name="campaign"),
    path(CAMPAIGN + "edit/", campaigns.campaign_edit, name="campaign_edit"),
    path(CAMPAIGN + "organisations/", campaigns.campaign_pick, name="campaign_pick"),
    path(CAMPAIGN + "import/", campaigns.campaign_import, name="campaign_import"),
    path(CAMPAIGN + "send/", campaigns.campaign_send, name="campaign_send"),
    path(CAMPAIGN + "close/", campaigns.campaign_close, name="campaign_close"),
    path(CAMPAIGN + "export.xlsx", campaigns.campaign_export, name="campaign_export"),
    path(CAMPAIGN + "organisations/<uuid:recipient_id>/remove/", campaigns.recipient_remove, name="recipient_remove"),
    path("campaign-reply/<str:token>/", campaigns.nomination, name="nomination"),
    path("campaign-reply/<str:token>/attachment/", campaigns.nomination_attachment, name="nomination_attachment"),
    # portfolio and engagement log
    path(NETWORK + "portfolio/", portfolio.portfolio_table, name="portfolio"),
    path(NETWORK + "portfolio/pipeline/", portfolio.portfolio_pipeline, name="portfolio_pipeline"),
    path(NETWORK + "portfolio/<uuid:org_id>/", portfolio.organisation_page, name="portfolio_organisation"),
    # events and trainings
    path(NETWORK + "events/", events.event_list, name="events"),
    path(NETWORK + "events/new/", events.event_new, name="event_new"),
    path(EVENT, events.event_detail, name="event"),
    path(EVENT + "edit/", events.event_edit, name="event_edit"),
    path(EVENT + "publish/", events.event_publish, name="event_publish"),
    path(EVENT + "cancel/", events.event_cancel, name="event_cancel"),
    path(EVENT + "sessions/<int:session_id>/attendance/", events.attendance, name="event_attendance"),
    path(
        EVENT + "registrations/<uuid:registration_id>/cancel/", events.registration_cancel, name="registration_cancel"
    ),
    path(EVENT + "registrations/<uuid:registration_id>/certificate.pdf", events.certificate, name="event_certificate"),
    path(ORG_EVENTS, events.org_events, name="org_events"),
    path(ORG_EVENTS + "<uuid:event_id>/register/", events.register_self, name="event_register"),
    path(ORG_EVENTS + "<uuid:event_id>/register-people/", events.register_people, name="event_register_people"),
    path(
        ORG_EVENTS + "registrations/<uuid:registration_id>/cancel/",
        events.my_registration_cancel,
        name="my_registration_cancel",
    ),
    path(
        ORG_EVENTS + "registrations/<uuid:registration_id>/certificate.pdf",
        events.my_certificate,
        name="my_certificate",
    ),
    *urls_news.urlpatterns,
    *urls_newsletter.urlpatterns,
    *urls_recognitions.urlpatterns,
    *urls_feedback.urlpatterns,
    *urls_areas.urlpatterns,
]

__all__ = ["NETWORK", "campaigns", "events", "path", "portfolio", "urlpatterns"]
