"""Moderation pages of a network's forum: the coordinators' queue of reported posts and list of bans,
the moderators' actions on a post or a thread (each a POST with its CSRF token; those that need a
reason or a choice have a small form page), and a reader's report of a post.

Every page is for the network's coordinators (404 for anyone else), except reporting a post, which is
for every reader of the forum: members of the network's organisations and its coordinators. Both go
through the forum's access helper (`permissions.forum.forum_access`). After an
action the moderator goes back where they came from (`next`, when it is an address of this site), else
to the thread.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.community.models import Post, Thread
from opencaf.community.moderation_forms import BanForm, HideForm, MoveForm, ReportForm
from opencaf.community.permissions.forum import forum_access, require_coordinator_page
from opencaf.community.selectors import moderation as selectors
from opencaf.community.services import moderation as services
from opencaf.community.services.forum_guard import running_ban
from opencaf.core.forms import add_service_errors
from opencaf.organisations.models import Network


def _moderated_network(request: AuthenticatedRequest, network_id: str) -> Network:
    """The network, for its coordinators; 404 for other readers of its forum and for everyone else."""
    access = forum_access(request.user, network_id)
    require_coordinator_page(access)
    return access.network


# --- where to go afterwards -----------------------------------------------------------------------------


def _queue_url(network: Network) -> str:
    return reverse("community:moderation", kwargs={"network_id": network.public_id})


def thread_url(network: Network, thread: Thread, post: Post | None = None) -> str:
    """The thread's page, or the post's place in it (the forum's post address finds its page)."""
    if post is not None:
        return reverse("community:post", kwargs={"network_id": network.public_id, "post_id": post.public_id})
    return reverse("community:thread", kwargs={"network_id": network.public_id, "thread_id": thread.public_id})


def _next(request: AuthenticatedRequest) -> str:
    """The page the action was started from, when it is one of this site's addresses."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure())
    return wanted if wanted and allowed else ""


def _back(request: AuthenticatedRequest, network: Network, thread: Thread, post: Post | None = None) -> HttpResponse:
    return redirect(_next(request) or thread_url(network, thread, post))


def _show_errors(request: AuthenticatedRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- the coordinators' pages ----------------------------------------------------------------------------


@login_required
@require_safe
def queue(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = _moderated_network(request, network_id)
    page, rows = selectors.reported_posts_page(network, request.GET.get("page"))
    context = {"network": network, "page": page, "rows": rows, "reason_max": services.HIDE_REASON_MAX}
    return render(request, "community/moderation/queue.html", context)


@login_required
@require_safe
def bans(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = _moderated_network(request, network_id)
    page, rows = selectors.running_bans_page(network, request.GET.get("page"))
    return render(request, "community/moderation/bans.html", {"network": network, "page": page, "rows": rows})


# --- posts ----------------------------------------------------------------------------------------------


def _moderated_post(request: AuthenticatedRequest, network_id: str, post_id: str) -> tuple[Network, Post]:
    network = _moderated_network(request, network_id)
    return network, selectors.get_post(network, post_id)


def _post_context(request: AuthenticatedRequest, network: Network, post: Post) -> dict[str, object]:
    return {
        "network": network,
        "post": post,
        "thread_url": thread_url(network, post.thread, post),
        "next": _next(request),
    }


@login_required
def hide(request: AuthenticatedRequest, network_id: str, post_id: str) -> HttpResponse:
    """GET: the post and a reason field; POST: hide it (from here or from the queue's inline form)."""
    network, post = _moderated_post(request, network_id, post_id)
    form = HideForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.hide_post(actor=request.user, post=post, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The post is hidden. Readers see the reason in its place."))
                return _back(request, network, post.thread, post)
        status = 422
    context = {**_post_context(request, network, post), "form": form}
    return render(request, "community/moderation/hide.html", context, status=status)


@login_required
@require_POST
def unhide(request: AuthenticatedRequest, network_id: str, post_id: str) -> HttpResponse:
    network, post = _moderated_post(request, network_id, post_id)
    try:
        services.unhide_post(actor=request.user, post=post)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("The post is shown again."))
    return _back(request, network, post.thread, post)


@login_required
@require_POST
def dismiss(request: AuthenticatedRequest, network_id: str, post_id: str) -> HttpResponse:
    network, post = _moderated_post(request, network_id, post_id)
    try:
        services.dismiss_reports(actor=request.user, post=post)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("The reports are dismissed; the post stays as it is."))
    return redirect(_next(request) or _queue_url(network))


@login_required
def ban(request: AuthenticatedRequest, network_id: str, post_id: str) -> HttpResponse:
    """Ban the post's author from posting in the network's forum for a time."""
    network, post = _moderated_post(request, network_id, post_id)
    person = post.author
    if person is None:  # the author's account is gone: nobody to ban
        raise Http404
    form = BanForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.ban_from_posting(
                    actor=request.user,
                    network=network,
                    person=person,
                    until=form.until(),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("%(person)s may not post in the forum for now.") % {"person": person.display_name}
                )
                return redirect(_next(request) or reverse("community:moderation_bans", args=[network.public_id]))
        status = 422
    context = {**_post_context(request, network, post), "form": form, "person": person}
    context["current_ban"] = running_ban(person, network)
    return render(request, "community/moderation/ban.html", context, status=status)


@login_required
@require_POST
def lift_ban(request: AuthenticatedRequest, network_id: str, user_id: str) -> HttpResponse:
    network = _moderated_network(request, network_id)
    person = selectors.banned_person(network, user_id)
    try:
        services.lift_ban(actor=request.user, network=network, person=person)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("%(person)s may post again.") % {"person": person.display_name})
    return redirect(_next(request) or reverse("community:moderation_bans", args=[network.public_id]))


# --- threads --------------------------------------------------------------------------------------------


def _moderated_thread(request: AuthenticatedRequest, network_id: str, thread_id: str) -> tuple[Network, Thread]:
    network = _moderated_network(request, network_id)
    return network, selectors.get_thread(network, thread_id)


def _thread_action(request: AuthenticatedRequest, network_id: str, thread_id: str, action: str) -> HttpResponse:
    network, thread = _moderated_thread(request, network_id, thread_id)
    service, done = {
        "lock": (services.lock_thread, _("The thread is locked: nobody can add posts to it.")),
        "unlock": (services.unlock_thread, _("The thread is open for posts again.")),
        "pin": (services.pin_thread, _("The thread is pinned at the top of its category.")),
        "unpin": (services.unpin_thread, _("The thread is no longer pinned.")),
    }[action]
    try:
        service(actor=request.user, thread=thread)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, done)
    return _back(request, network, thread)


@login_required
@require_POST
def lock(request: AuthenticatedRequest, network_id: str, thread_id: str) -> HttpResponse:
    return _thread_action(request, network_id, thread_id, "lock")


@login_required
@require_POST
def unlock(request: AuthenticatedRequest, network_id: str, thread_id: str) -> HttpResponse:
    return _thread_action(request, network_id, thread_id, "unlock")


@login_required
@require_POST
def pin(request: AuthenticatedRequest, network_id: str, thread_id: str) -> HttpResponse:
    return _thread_action(request, network_id, thread_id, "pin")


@login_required
@require_POST
def unpin(request: AuthenticatedRequest, network_id: str, thread_id: str) -> HttpResponse:
    return _thread_action(request, network_id, thread_id, "unpin")


@login_required
def move(request: AuthenticatedRequest, network_id: str, thread_id: str) -> HttpResponse:
    """Move the thread to another category of the network; another network's category is a 404."""
    network, thread = _moderated_thread(request, network_id, thread_id)
    current = str(thread.category.public_id)
    form = MoveForm(
        request.POST if request.method == "POST" else None,
        categories=selectors.category_choices(network),
        initial={"category": current},
    )
    status = 200
    if request.method == "POST":
        chosen = request.POST.get("category")
        category = selectors.get_category(network, chosen) if chosen else None
        if category is not None and form.is_valid():
            try:
                services.move_thread(actor=request.user, thread=thread, category=category)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The thread has been moved."))
                return _back(request, network, thread)
        elif category is None:
            form.is_valid()  # the field says a category is needed
        status = 422
    context = {
        "network": network,
        "thread": thread,
        "category": selectors.category_name(thread.category, network),
        "thread_url": thread_url(network, thread),
        "form": form,
        "next": _next(request),
    }
    return render(request, "community/moderation/move.html", context, status=status)


# --- readers --------------------------------------------------------------------------------------------


@login_required
def report(request: AuthenticatedRequest, network_id: str, post_id: str) -> HttpResponse:
    """A reader reports a post to the coordinators (once; never their own post)."""
    network = forum_access(request.user, network_id).network
    post = selectors.get_post(network, post_id)
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.report_post(actor=request.user, post=post, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you. The coordinators of the network will look at the post."))
                return redirect(_next(request) or thread_url(network, post.thread, post))
        status = 422
    own_post = post.author_id == request.user.pk
    earlier_report = selectors.report_by(request.user, post)
    context = {
        **_post_context(request, network, post),
        "form": form,
        "own_post": own_post,
        "earlier_report": earlier_report,
        "can_report": not own_post and earlier_report is None and post.hidden_at is None,
    }
    return render(request, "community/moderation/report.html", context, status=status)
