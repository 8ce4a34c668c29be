from django.urls import path

from opencaf.assessments.views import consensus, evidence, individual, project

app_name = "assessments"

BASE = "org/<uuid:org_id>/assessments/"
ONE = BASE + "<uuid:assessment_id>/"

urlpatterns = [
    path(BASE, project.assessment_list, name="list"),
    path(BASE + "new/", project.assessment_new, name="new"),
    path(ONE, project.assessment_detail, name="detail"),
    path(ONE + "state/", project.change_state, name="state"),
    path(ONE + "state/<str:action>/", project.confirm_step, name="confirm_step"),
    path(ONE + "settings/", project.assessment_settings, name="settings"),
    path(ONE + "next/", project.next_cycle, name="next_cycle"),
    path(ONE + "plan/new/", project.plan_item, name="plan_new"),
    path(ONE + "plan/<uuid:item_id>/", project.plan_item, name="plan_edit"),
    path(ONE + "groups/new/", project.group_new, name="group_new"),
    path(ONE + "groups/<uuid:group_id>/members/new/", project.seat_new, name="seat_new"),
    path(ONE + "seats/<uuid:seat_id>/replace/", project.seat_replace, name="seat_replace"),
    path(ONE + "reminders/", project.send_reminders, name="reminders"),
    path(ONE + "my/", individual.my_input, name="my_input"),
    path(ONE + "my/<str:code>/", individual.score_subcriterion, name="score"),
    path(ONE + "consensus/", consensus.workspace, name="consensus"),
    path(ONE + "consensus/<str:code>/", consensus.consensus_item, name="consensus_item"),
    path(ONE + "consensus/<str:code>/meeting/", consensus.meeting, name="meeting"),
    path(ONE + "results/", consensus.results, name="results"),
    path(ONE + "evidence/<str:code>/", evidence.attach_or_detach, name="evidence"),
]
