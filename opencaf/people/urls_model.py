"""URLs of the people app's model part (included by urls.py): the competency model of an organisation
and of a network, job profiles and employees' records."""

from django.urls import URLPattern, path

from opencaf.people.views import employees, model, profiles

ORG = "org/<uuid:org_id>/people/"
NETWORK = "network/<uuid:network_id>/people/"
MODEL = "competency-model/"
VERSION = MODEL + "<uuid:version_id>/"
COMPETENCY = VERSION + "competency/<str:code>/"

urlpatterns: list[URLPattern] = [
    path(ORG + MODEL, model.org_model, name="model"),
    path(ORG + MODEL + "adopt/", model.org_adopt, name="model_adopt"),
    path(ORG + MODEL + "new-draft/", model.org_draft, name="model_draft"),
    path(ORG + VERSION + "add-competency/", model.org_competency_add, name="model_competency_add"),
    path(ORG + VERSION + "levels/", model.org_levels, name="model_levels"),
    path(ORG + VERSION + "publish/", model.org_publish, name="model_publish"),
    path(ORG + COMPETENCY, model.org_competency, name="model_competency"),
    path(ORG + COMPETENCY + "remove/", model.org_competency_remove, name="model_competency_remove"),
    path(NETWORK + MODEL, model.network_model, name="network_model"),
    path(NETWORK + MODEL + "adopt/", model.network_adopt, name="network_model_adopt"),
    path(NETWORK + MODEL + "new-draft/", model.network_draft, name="network_model_draft"),
    path(NETWORK + VERSION + "add-competency/", model.network_competency_add, name="network_model_competency_add"),
    path(NETWORK + VERSION + "levels/", model.network_levels, name="network_model_levels"),
    path(NETWORK + VERSION + "publish/", model.network_publish, name="network_model_publish"),
    path(NETWORK + COMPETENCY, model.network_competency, name="network_model_competency"),
    path(NETWORK + COMPETENCY + "remove/", model.network_competency_remove, name="network_model_competency_remove"),
    path(ORG + "job-profiles/", profiles.profile_list, name="profiles"),
    path(ORG + "job-profiles/new/", profiles.profile_new, name="profile_new"),
    path(ORG + "job-profiles/<uuid:profile_id>/", profiles.profile_edit, name="profile_edit"),
    path(ORG + "job-profiles/<uuid:profile_id>/archive/", profiles.profile_archive, name="profile_archive"),
    path(ORG + "job-profiles/<uuid:profile_id>/move/", profiles.profile_move, name="profile_move"),
    path(ORG + "employees/", employees.employee_list, name="employees"),
    path(ORG + "employees/add-all/", employees.employees_add_all, name="employees_add_all"),
    path(ORG + "employees/<uuid:employee_id>/", employees.employee_edit, name="employee_edit"),
]
