from django.urls import path

from opencaf.indicators import definition_views, process_views, views
from opencaf.indicators.link_views import value_by_link

app_name = "indicators"

INDICATORS = "org/<uuid:org_id>/indicators/"
INDICATOR = INDICATORS + "<uuid:indicator_id>/"
PROCESSES = "org/<uuid:org_id>/processes/"
PROCESS = PROCESSES + "<uuid:process_id>/"
SHARED = INDICATORS + "shared/"
DEFINITIONS = "network/<uuid:network_id>/indicator-definitions/"
DEFINITION = DEFINITIONS + "<uuid:definition_id>/"

urlpatterns = [
    path(INDICATORS, views.indicator_list, name="list"),
    path(INDICATORS + "new/", views.indicator_new, name="new"),
    path(INDICATORS + "import/", views.indicator_import, name="import"),
    path(INDICATORS + "by-criterion/", views.indicators_by_criterion, name="by_criterion"),
    path("public/org/<uuid:org_id>/indicators/", views.public_indicators, name="public"),
    path("org/<uuid:org_id>/indicators.<str:file_format>", views.indicator_export, name="export"),
    path(INDICATOR, views.indicator_detail, name="detail"),
    path(INDICATOR + "edit/", views.indicator_edit, name="edit"),
    path("indicators/value/<str:token>/", value_by_link, name="value_by_link"),
    path(PROCESSES, process_views.process_list, name="processes"),
    path(PROCESSES + "new/", process_views.process_new, name="process_new"),
    path(PROCESS, process_views.process_detail, name="process"),
    path(PROCESS + "edit/", process_views.process_edit, name="process_edit"),
    path(PROCESS + "archive/", process_views.process_archive, name="process_archive"),
    path(PROCESS + "restore/", process_views.process_restore, name="process_restore"),
    path(SHARED, definition_views.shared_definitions, name="shared_definitions"),
    path(SHARED + "<uuid:definition_id>/adopt/", definition_views.adopt_definition, name="adopt_definition"),
    path(DEFINITIONS, definition_views.network_definitions, name="definitions"),
    path(DEFINITIONS + "new/", definition_views.definition_new, name="definition_new"),
    path(DEFINITIONS + "starter-library/", definition_views.definition_library, name="definition_library"),
    path(DEFINITIONS + "publish/", definition_views.definitions_publish, name="definitions_publish"),
    path(DEFINITION, definition_views.definition_detail, name="definition"),
    path(DEFINITION + "<str:action>/", definition_views.definition_step, name="definition_step"),
]
