from django.urls import path

from opencaf.resources import views

app_name = "resources"

RESOURCES = "org/<uuid:org_id>/resources/"

urlpatterns = [
    path(RESOURCES, views.overview, name="overview"),
    path(RESOURCES + "import/", views.import_figures, name="import"),
    path(RESOURCES + "actions/<uuid:action_id>/", views.action_quarters, name="action"),
    path(RESOURCES + "processes/<uuid:process_id>/", views.process_quarters, name="process"),
    path("org/<uuid:org_id>/resources.<str:file_format>", views.export, name="export"),
]
