from django.contrib import admin
from django.urls import include, path

from opencaf.core import views as core_views

admin.site.site_header = "OpenCAF"
admin.site.site_title = "OpenCAF"

urlpatterns = [
    path("", include("opencaf.core.urls")),
    path("accounts/", include("opencaf.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("framework/", include("opencaf.frameworks.urls")),
    path("", include("opencaf.organisations.urls")),
    path("", include("opencaf.evidence.urls")),
    path("", include("opencaf.assessments.urls")),
    path("", include("opencaf.improvement.urls")),
    path("", include("opencaf.reports.urls")),
    path("admin/", admin.site.urls),
]

handler500 = core_views.server_error
