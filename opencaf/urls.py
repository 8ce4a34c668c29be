from django.contrib import admin
from django.urls import include, path

from opencaf.accounts import views as accounts_views
from opencaf.core import views as core_views

admin.site.site_header = "OpenCAF"
admin.site.site_title = "OpenCAF"

urlpatterns = [
    # First: the respondents' pages, opened by the public in the thousands (see the module).
    path("", include("opencaf.surveys.urls")),
    path("", include("opencaf.core.urls")),
    path("accounts/", include("opencaf.accounts.urls")),
    # Before allauth's own view of the same address: a provider that cannot be reached gets a page, not a 500.
    path("accounts/oidc/<str:provider_id>/login/", accounts_views.single_sign_on_start, name="single_sign_on_start"),
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        accounts_views.single_sign_on_callback,
        name="single_sign_on_callback",
    ),
    path("accounts/", include("allauth.urls")),
    path("framework/", include("opencaf.frameworks.urls")),
    path("", include("opencaf.organisations.urls")),
    path("", include("opencaf.evidence.urls")),
    path("", include("opencaf.assessments.urls")),
    path("", include("opencaf.improvement.urls")),
    path("", include("opencaf.indicators.urls")),
    path("", include("opencaf.resources.urls")),
    path("", include("opencaf.coordination.urls")),
    path("", include("opencaf.community.urls")),
    path("", include("opencaf.benchmarking.urls")),
    path("", include("opencaf.feedback.urls")),
    path("", include("opencaf.people.urls")),
    path("", include("opencaf.reports.urls")),
    path("admin/", admin.site.urls),
]

handler500 = core_views.server_error
