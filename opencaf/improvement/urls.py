from django.urls import path

from opencaf.improvement import views

app_name = "improvement"

PLAN = "org/<uuid:org_id>/plans/<uuid:plan_id>/"

urlpatterns = [
    path("org/<uuid:org_id>/assessments/<uuid:assessment_id>/improvement/", views.start, name="start"),
    path(PLAN, views.detail, name="detail"),
    path(PLAN + "approve/", views.approve, name="approve"),
    path(PLAN + "publish/", views.publish, name="publish"),
    path(PLAN + "actions/new/", views.action_form, name="action_new"),
    path(PLAN + "actions/export/", views.export_actions, name="export"),
    path(PLAN + "actions/import/", views.import_actions, name="import"),
    path(PLAN + "actions/<uuid:action_id>/", views.action_detail, name="action"),
    path(PLAN + "actions/<uuid:action_id>/edit/", views.action_form, name="action_edit"),
    path("plans/<str:token>/", views.public_plan, name="public"),
    path("actions/update/<str:token>/", views.update_by_link, name="update_by_link"),
    path("my/actions/", views.my_actions, name="my_actions"),
]
