from __future__ import annotations

import requests
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect import views as openid_connect_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencaf.accounts import services
from opencaf.accounts.forms import LanguageForm, ProfileForm
from opencaf.accounts.http import AuthenticatedRequest
from opencaf.accounts.sign_on_pages import single_sign_on_failed
from opencaf.accounts.sign_on_provider import SignOnAdapter, configured_providers
from opencaf.accounts.single_sign_on import Failure


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; for a signed-in person it also becomes their preference."""
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    form = LanguageForm(request.POST)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.set_language(actor=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(
        request.POST or None,
        initial={"full_name": request.user.full_name, "language": request.user.language},
    )
    if request.method == "POST" and form.is_valid():
        services.update_profile(
            actor=request.user,
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
        )
        translation.activate(request.user.language)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    context = {"form": form, "sign_on_providers": configured_providers(request)}
    return render(request, "accounts/profile.html", context)


def single_sign_on_start(request: HttpRequest, provider_id: str) -> HttpResponse:
    """allauth's OpenID Connect login view, reached first through this one: when the provider cannot be
    reached (its discovery document is read at this point), the person gets a page saying so instead
    of a server error. Failures later in the flow reach SocialAccountAdapter.on_authentication_error."""
    try:
        return openid_connect_views.login(request, provider_id)
    except (requests.RequestException, OAuth2Error, ValueError) as error:
        return single_sign_on_failed(request, provider_id, Failure.UNREACHABLE, error)


def single_sign_on_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """allauth's callback with OpenCAF's adapter, which keeps the ID token for logging out at the provider."""
    try:
        return OAuth2CallbackView.adapter_view(SignOnAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
