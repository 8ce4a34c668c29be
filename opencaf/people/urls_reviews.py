"""URLs of the people app's reviews part (included by urls.py): HR's review cycles; a person's review,
the line manager's assessment and team; development plans and their actions."""

from django.urls import URLPattern, path

from opencaf.people.views import plans, reviews, reviews_hr

ORG = "org/<uuid:org_id>/people/"
REVIEW = ORG + "reviews/assessment/<uuid:review_id>/"
PLAN = ORG + "plans/<uuid:plan_id>/"

urlpatterns: list[URLPattern] = [
    path(ORG + "reviews/", reviews_hr.review_cycles, name="review_cycles"),
    path(ORG + "reviews/new/", reviews_hr.review_cycle_new, name="review_cycle_new"),
    path(ORG + "reviews/<uuid:cycle_id>/", reviews_hr.review_cycle, name="review_cycle"),
    path(ORG + "reviews/<uuid:cycle_id>/<slug:move>/", reviews_hr.review_cycle_move, name="review_cycle_move"),
    path(ORG + "reviews/mine/", reviews.my_review, name="my_review"),
    path(ORG + "reviews/team/", reviews.my_team, name="my_team"),
    path(REVIEW, reviews.review, name="review"),
    path(REVIEW + "assess/", reviews.review_assess, name="review_assess"),
    path(ORG + "plans/mine/", plans.my_plan, name="my_plan"),
    path(ORG + "plans/start/<uuid:employee_id>/", plans.plan_start, name="plan_start"),
    path(PLAN, plans.plan, name="plan"),
    path(PLAN + "agree/", plans.plan_agree, name="plan_agree"),
    path(PLAN + "actions/new/", plans.plan_action_new, name="plan_action_new"),
    path(PLAN + "actions/<uuid:action_id>/", plans.plan_action_edit, name="plan_action_edit"),
    path(PLAN + "actions/<uuid:action_id>/state/", plans.plan_action_state, name="plan_action_state"),
]
