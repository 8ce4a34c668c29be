from django.urls import path

from opencaf.indicators import views

app_name = "indicators"

INDICATORS = "org/<uuid:org_id>/indicators/"
INDICATOR = INDICATORS + "<uuid:indicator_id>/"

urlpatterns = [
    path(INDICATORS, views.indicator_list, name="list"),
    path(INDICATORS + "new/", views.indicator_new, name="new"),
    path("org/<uuid:org_id>/indicators.<str:file_format>", views.indicator_export, name="export"),
    path(INDICATOR, views.indicator_detail, name="detail"),
    path(INDICATOR + "edit/", views.indicator_edit, name="edit"),
]
