from django.urls import path

from opencaf.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.detail, name="detail"),
    path("<slug:code>/scoring/", views.scoring, name="scoring"),
    path("<slug:code>/process/", views.process, name="process"),
    path("<slug:code>/subcriteria/<str:subcode>/", views.subcriterion, name="subcriterion"),
]
