"""Newsletter subscription pages: the public form (double opt-in), the confirmation and unsubscribe
pages behind the links in e-mails (no account: the link decides; kept out of search engines and caches,
their address is a key), and the coordinators' list of subscribers.

A GET never changes anything: mail scanners open links. Confirming and unsubscribing are POSTs of a
one-button page; unsubscribing also takes the RFC 8058 one-click POST a mail program sends by itself
(`List-Unsubscribe=One-Click`, without cookies or a CSRF token), so that view is CSRF-exempt: the
secret in its address is what authorises it, and doing it twice does nothing more.
"""

from __future__ import annotations

from datetime import datetime

from allauth.core.ratelimit import consume as consume_rate
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.coordination.models import Subscriber, SubscriberStatus
from opencaf.coordination.permissions import coordinated_network
from opencaf.coordination.selectors import subscriptions as selectors
from opencaf.coordination.services import subscriptions as services
from opencaf.coordination.subscription_forms import HONEYPOT, SubscribeForm, SubscriberSearchForm
from opencaf.coordination.subscription_links import (
    CONFIRM_VALID_DAYS,
    ConfirmProblem,
    read_confirm_token,
    unsubscribe_url,
)
from opencaf.core.exports import spreadsheet_download, write_xlsx
from opencaf.core.forms import add_service_errors
from opencaf.organisations.models import Network

# The per-IP limit of subscription requests, configured in settings.ACCOUNT_RATE_LIMITS like the
# survey limits (allauth's rate limiter, kept in the cache).
RATE_ACTION = "newsletter_subscribe"
PAGE_SIZE = 50


def _private(response: HttpResponse, language: str) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Content-Language"] = language
    return response


# --- the public subscription form -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, network_id: str) -> HttpResponse:
    network = selectors.public_network(network_id)
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if request.POST.get(HONEYPOT):  # a robot: the same answer as everyone, and nothing done
            return _check_inbox(request, network, request.POST.get("email", ""))
        if form.is_valid():
            if not consume_rate(request, action=RATE_ACTION):
                return render(request, "coordination/subscriptions/too_many.html", {"network": network}, status=429)
            try:
                services.request_subscription(
                    network=network, email=form.cleaned_data["email"], language=form.cleaned_data["language"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _check_inbox(request, network, form.cleaned_data["email"])
        status = 422
    context = {
        "network": network,
        "form": form,
        "honeypot": HONEYPOT,
        "valid_days": CONFIRM_VALID_DAYS,
        "kept_days": services.UNCONFIRMED_KEPT_DAYS,
    }
    return render(request, "coordination/subscriptions/subscribe.html", context, status=status)


def _check_inbox(request: HttpRequest, network: Network, email: str) -> HttpResponse:
    """The one answer to every request, whether the address is new, waiting, subscribed or refused."""
    context = {
        "network": network,
        "email": email.strip(),
        "valid_days": CONFIRM_VALID_DAYS,
        "wait_minutes": int(services.MAIL_INTERVAL.total_seconds() // 60),
    }
    return render(request, "coordination/subscriptions/check_inbox.html", context)


# --- confirming: the link in the e-mail ---------------------------------------------------------------


def _confirm_problem(request: HttpRequest, problem: ConfirmProblem) -> HttpResponse:
    language = problem.language or get_language() or "en"
    status = {ConfirmProblem.TAMPERED: 400, ConfirmProblem.CONFIRMED: 200}.get(problem.reason, 410)
    with translation.override(language):
        context = {"problem": problem, "network": problem.network, "valid_days": CONFIRM_VALID_DAYS}
        response = render(request, "coordination/subscriptions/link_problem.html", context, status=status)
    return _private(response, language)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = read_confirm_token(token)
    except ConfirmProblem as problem:
        return _confirm_problem(request, problem)
    language = subscriber.language
    with translation.override(language):
        if request.method == "POST":
            try:
                subscriber = services.confirm_subscription(subscriber=subscriber)
            except ValidationError:  # unsubscribed in another tab between the two requests
                ended = ConfirmProblem(ConfirmProblem.ENDED, language=language, network=subscriber.network)
                return _confirm_problem(request, ended)
            context = {
                "subscriber": subscriber,
                "network": subscriber.network,
                "unsubscribe": unsubscribe_url(subscriber),
            }
            response = render(request, "coordination/subscriptions/confirmed.html", context)
        else:
            context = {"subscriber": subscriber, "network": subscriber.network}
            response = render(request, "coordination/subscriptions/confirm.html", context)
    return _private(response, language)


# --- unsubscribing: the link in every newsletter ---------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = selectors.subscriber_by_token(token)
    if subscriber is None:  # never issued, or the subscriber was erased: nothing to say about anyone
        language = get_language() or "en"
        return _private(render(request, "coordination/subscriptions/unsubscribe_unknown.html"), language)
    language = subscriber.language
    with translation.override(language):
        if request.method == "POST":
            one_click = request.POST.get("List-Unsubscribe") == "One-Click"
            services.unsubscribe(subscriber=subscriber, one_click=one_click)
            subscriber.status = SubscriberStatus.UNSUBSCRIBED
        template = "unsubscribed" if subscriber.status == SubscriberStatus.UNSUBSCRIBED else "unsubscribe"
        context = {"subscriber": subscriber, "network": subscriber.network}
        response = render(request, f"coordination/subscriptions/{template}.html", context)
    return _private(response, language)


# --- the coordinators' list ------------------------------------------------------------------------------


def _whole_address(value: str) -> str:
    try:
        validate_email(value.strip())
    except ValidationError:
        return ""
    return value.strip().lower()


@login_required
def subscriber_list(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    form = SubscriberSearchForm(request.GET or None)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {"q": "", "status": ""}
    subscribers = selectors.subscribers_of(network, search=chosen["q"], status=chosen["status"])
    page = Paginator(subscribers, PAGE_SIZE).get_page(request.GET.get("page"))
    address = _whole_address(chosen["q"])
    context = {
        "network": network,
        "form": form,
        "counts": selectors.subscriber_counts(network),
        "page": page,
        "searched": bool(chosen["q"] or chosen["status"]),
        "address": address,
        "history": selectors.address_history(network, address) if address else None,
    }
    return render(request, "coordination/subscriptions/list.html", context)


def _local(moment: datetime | None) -> datetime | None:
    """A time as the spreadsheet shows it: the site's local time, without a zone (XLSX has none)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment is not None else None


@login_required
def subscriber_export(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    """The confirmed subscribers as an XLSX file (address, language, confirmed)."""
    network = coordinated_network(request.user, network_id)
    languages = {code: str(name) for code, name in settings.LANGUAGES}
    rows = [
        [email, languages.get(language, language), _local(confirmed_at)]
        for email, language, confirmed_at in selectors.confirmed_for_export(network)
    ]
    header = [_("E-mail address"), _("Language of the newsletter"), _("Confirmed")]
    content = write_xlsx(header, rows, title=_("Subscribers"))
    return spreadsheet_download(content, "xlsx", f"newsletter-subscribers-{network.public_id}")


@login_required
@require_http_methods(["GET", "POST"])
def subscriber_remove(request: AuthenticatedRequest, network_id: str, subscriber_id: str) -> HttpResponse:
    """Erase a subscriber at their request: a page that says what happens, then the POST that does it."""
    network = coordinated_network(request.user, network_id)
    subscriber: Subscriber = selectors.get_subscriber(network, subscriber_id)
    if request.method == "POST":
        services.remove_subscriber(actor=request.user, subscriber=subscriber)
        messages.success(
            request, _("%(email)s has been removed and will receive nothing more.") % {"email": subscriber.email}
        )
        return redirect("coordination:subscribers", network_id=network.public_id)
    return render(request, "coordination/subscriptions/remove.html", {"network": network, "subscriber": subscriber})
