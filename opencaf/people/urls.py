from django.urls import URLPattern, URLResolver, path

from opencaf.people import urls_engagement, urls_model, urls_reviews, urls_selection, urls_talent
from opencaf.people.views import home

app_name = "people"

urlpatterns: list[URLPattern | URLResolver] = [
    path("org/<uuid:org_id>/people/", home.people_home, name="home"),
    *urls_model.urlpatterns,
    *urls_reviews.urlpatterns,
    *urls_selection.urlpatterns,
    *urls_talent.urlpatterns,
    *urls_engagement.urlpatterns,
]
