"""Forum subscription pages: the signed-in person's subscriptions in a network's forum, the POST endpoints
behind the follow buttons of thread and category pages (`community/notifications/_subscribe.html`), and
the pages behind the stop links of notification e-mails (no sign-in: the signed link decides; kept out
of search engines and caches, its address is a key; a GET changes nothing, as mail scanners open links).

The stop links are also the e-mails' `List-Unsubscribe` addresses: a mail program's unsubscribe button
POSTs to them by itself (RFC 8058 `List-Unsubscribe=One-Click`, without cookies or a CSRF token), so
these two views, and only they, are CSRF-exempt: the signed link is what authorises the POST, it can only
stop mail to the person it was sent to, and doing it twice does nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.community.models import ForumCategory, ForumSubscription, NotificationMode, Thread
from opencaf.community.notification_forms import FollowForm
from opencaf.community.permissions.forum import forum_access
from opencaf.community.selectors import notifications as selectors
from opencaf.community.services import forum_subscriptions as services
from opencaf.organisations.models import Network


def _subscriptions_page(network: Network) -> str:
    return reverse("community:forum_subscriptions", kwargs={"network_id": network.public_id})


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """To the page the button was on (`next`, when it is an address of this site), else `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _thread_page(network: Network, thread: Thread) -> str:
    return reverse("community:thread", kwargs={"network_id": network.public_id, "thread_id": thread.public_id})


def _category_page(network: Network, category: ForumCategory) -> str:
    return reverse(
        "community:forum_category", kwargs={"network_id": network.public_id, "category_id": category.public_id}
    )


def _mode_label(subscription: ForumSubscription) -> str:
    return str(NotificationMode(subscription.mode).label)


# --- the person's subscriptions --------------------------------------------------------------------------


@login_required
@require_safe
def forum_subscriptions(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    access = forum_access(request.user, network_id)
    network = access.network
    listing = selectors.subscriptions_page(request.user, network, translation.get_language(), request.GET.get("page"))
    context = {
        "network": network,
        "is_coordinator": access.is_coordinator,
        "listing": listing,
        "page": listing.page,
    }
    return render(request, "community/notifications/list.html", context)


# --- following and unfollowing (the buttons of thread, category and subscriptions pages) -----------------


def _follow(request: AuthenticatedRequest, *, thread: Thread | None, category: ForumCategory | None) -> None:
    form = FollowForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("mode", []):
            messages.error(request, str(message))
        return
    mode = form.cleaned_data["mode"]
    try:
        if thread is not None:
            subscription = services.follow_thread(actor=request.user, thread=thread, mode=mode)
            text = _("You follow “%(title)s”. Notifications: %(mode)s.")
            title = thread.title
        else:
            assert category is not None
            subscription = services.follow_category(actor=request.user, category=category, mode=mode)
            text = _("You follow the category “%(title)s”. Notifications: %(mode)s.")
            title = selectors.category_name(category, translation.get_language(), category.network.default_language)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return
    messages.success(request, text % {"title": title, "mode": _mode_label(subscription)})


@login_required
@require_POST
def follow_thread(request: AuthenticatedRequest, network_id: str, thread_id: str) -> HttpResponse:
    network = forum_access(request.user, network_id).network
    thread = selectors.thread_in(network, thread_id)
    _follow(request, thread=thread, category=None)
    return _back(request, _thread_page(network, thread))


@login_required
@require_POST
def unfollow_thread(request: AuthenticatedRequest, network_id: str, thread_id: str) -> HttpResponse:
    network = forum_access(request.user, network_id).network
    thread = selectors.thread_in(network, thread_id)
    subscription = selectors.subscription_for(request.user, thread=thread)
    if subscription is not None:
        services.unfollow(actor=request.user, subscription=subscription)
    messages.success(request, _("You no longer follow “%(title)s”.") % {"title": thread.title})
    return _back(request, _thread_page(network, thread))


@login_required
@require_POST
def follow_category(request: AuthenticatedRequest, network_id: str, category_id: str) -> HttpResponse:
    network = forum_access(request.user, network_id).network
    category = selectors.category_in(network, category_id)
    _follow(request, thread=None, category=category)
    return _back(request, _category_page(network, category))


@login_required
@require_POST
def unfollow_category(request: AuthenticatedRequest, network_id: str, category_id: str) -> HttpResponse:
    network = forum_access(request.user, network_id).network
    category = selectors.category_in(network, category_id)
    subscription = selectors.subscription_for(request.user, category=category)
    if subscription is not None:
        services.unfollow(actor=request.user, subscription=subscription)
    name = selectors.category_name(category, translation.get_language(), network.default_language)
    messages.success(request, _("You no longer follow the category “%(title)s”.") % {"title": name})
    return _back(request, _category_page(network, category))


# --- the stop link of the e-mails ------------------------------------------------------------------------


def _private(response: HttpResponse, language: str) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Content-Language"] = language
    return response


def _link_problem(request: HttpRequest, problem: selectors.StopLinkProblem) -> HttpResponse:
    language = problem.language or translation.get_language() or "en"
    status = 400 if problem.reason == selectors.StopLinkProblem.TAMPERED else 200
    with translation.override(language):
        response = render(request, "community/notifications/stop_problem.html", {"problem": problem}, status=status)
    return _private(response, language)


@csrf_exempt  # RFC 8058 one-click: the signed link authorises the POST (see the module's docstring)
@require_http_methods(["GET", "POST"])
def stop_forum_mail(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = selectors.read_stop_token(token)
    except selectors.StopLinkProblem as problem:
        return _link_problem(request, problem)
    language = link.language
    with translation.override(language):
        category = ""
        if link.category is not None:
            category = selectors.category_name(link.category, language, link.network.default_language)
        context = {"link": link, "category_name": category}
        if request.method == "POST" and link.subscription is not None:
            services.stop_by_link(subscription=link.subscription)
            response = render(request, "community/notifications/stopped.html", context)
        elif link.subscription is None:  # used already, or unfollowed since: it is stopped
            response = render(request, "community/notifications/stopped.html", context)
        else:
            response = render(request, "community/notifications/stop.html", context)
    return _private(response, language)


@dataclass(frozen=True)
class _Followed:
    """A subscription as the digest's stop pages name it."""

    is_thread: bool
    title: str
    network: str


def _followed(link: selectors.DigestStopLink, language: str) -> list[_Followed]:
    items = []
    for subscription in link.subscriptions:
        if subscription.thread is not None:
            network = subscription.thread.network
            items.append(_Followed(True, subscription.thread.title, network.name))
        elif subscription.category is not None:
            network = subscription.category.network
            name = selectors.category_name(subscription.category, language, network.default_language)
            items.append(_Followed(False, name, network.name))
    return items


@csrf_exempt  # RFC 8058 one-click: the signed link authorises the POST (see the module's docstring)
@require_http_methods(["GET", "POST"])
def stop_forum_digest(request: HttpRequest, token: str) -> HttpResponse:
    """A digest's link: stop every subscription the digest came through, after a confirmation (or at
    once, by the mail program's one-click POST)."""
    try:
        link = selectors.read_digest_stop_token(token)
    except selectors.StopLinkProblem as problem:
        return _link_problem(request, problem)
    language = link.language or translation.get_language() or "en"
    with translation.override(language):
        context = {"followed": _followed(link, language), "networks": link.networks}
        if request.method == "POST" and link.subscriptions:
            for subscription in link.subscriptions:
                services.stop_by_link(subscription=subscription)
            response = render(request, "community/notifications/stopped_digest.html", context)
        elif not link.subscriptions:  # used already, or unfollowed since: they are stopped
            response = render(request, "community/notifications/stopped_digest.html", context)
        else:
            response = render(request, "community/notifications/stop_digest.html", context)
    return _private(response, language)
