"""The forum's pages, for the members of the network's organisations and its coordinators (404 for
everyone else, `permissions.forum.forum_access`): the categories, a category's threads, a thread with
its posts, writing a thread, a reply (quoting a post) and an edit, a post's history, attachments.
The coordinators also manage the categories and open threads for the network's events."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.community import markdown
from opencaf.community.forum_forms import CategoryForm, EditPostForm, EventThreadForm, ReplyForm, ThreadForm
from opencaf.community.models import ForumCategory, Post, Thread
from opencaf.community.permissions.forum import ForumAccess, forum_access, require_coordinator_page
from opencaf.community.selectors import forum as selectors
from opencaf.community.selectors.notifications import subscription_for
from opencaf.community.services import forum as services
from opencaf.community.services import forum_categories as category_services
from opencaf.core.forms import add_service_errors


def _language() -> str:
    return translation.get_language() or ""


def _context(access: ForumAccess, **more: Any) -> dict[str, Any]:
    return {"network": access.network, "access": access, **more}


def thread_url(thread: Thread) -> str:
    return reverse("community:thread", kwargs={"network_id": thread.network.public_id, "thread_id": thread.public_id})


def post_url(network_id: object, post: Post) -> str:
    """The address of a post (it leads to its page of the thread): for links, quotes and e-mails."""
    return reverse("community:post", kwargs={"network_id": network_id, "post_id": post.public_id})


def _category_url(category: ForumCategory) -> str:
    return reverse(
        "community:forum_category", kwargs={"network_id": category.network.public_id, "category_id": category.public_id}
    )


def _event_url(access: ForumAccess, thread: Thread) -> str:
    """Where the thread's event is shown to this reader: the coordinators' event page, else the events
    page of the reader's organisation."""
    if thread.event is None:
        return ""
    if access.is_coordinator:
        return reverse(
            "coordination:event", kwargs={"network_id": access.network.public_id, "event_id": thread.event.public_id}
        )
    if access.organisation is not None:
        return reverse("coordination:org_events", kwargs={"org_id": access.organisation.public_id})
    return ""


def _show_errors(request: AuthenticatedRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- categories --------------------------------------------------------------------------------------------


@login_required
@require_safe
def forum(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    access = forum_access(request.user, network_id)
    rows = selectors.forum_overview(access, _language())
    if not rows:  # the forum's first opening: the default categories
        category_services.ensure_default_categories(access.network, actor=request.user)
        rows = selectors.forum_overview(access, _language())
    return render(request, "community/forum/index.html", _context(access, rows=rows))


@login_required
@require_safe
def category(request: AuthenticatedRequest, network_id: str, category_id: str) -> HttpResponse:
    access = forum_access(request.user, network_id)
    found = selectors.get_category(access, category_id)
    page, rows = selectors.threads_page(access, found, request.GET.get("page"))
    context = _context(
        access,
        category=found,
        category_name=selectors.category_name(found, _language()),
        category_description=selectors.category_description(found, _language()),
        page=page,
        rows=rows,
        subscription=subscription_for(request.user, category=found),  # the follow buttons (notifications part)
    )
    return render(request, "community/forum/category.html", context)


def _category_form_page(
    request: AuthenticatedRequest, access: ForumAccess, found: ForumCategory | None
) -> HttpResponse:
    form = CategoryForm(request.POST if request.method == "POST" else None, category=found)
    if request.method == "POST" and form.is_valid():
        try:
            if found is None:
                category_services.create_category(actor=request.user, network=access.network, data=form.to_data())
            else:
                category_services.update_category(actor=request.user, category=found, data=form.to_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The category has been saved."))
            return redirect("community:forum", network_id=access.network.public_id)
    name = selectors.category_name(found, _language()) if found is not None else ""
    context = _context(access, category=found, category_name=name, form=form)
    return render(
        request, "community/forum/category_form.html", context, status=422 if request.method == "POST" else 200
    )


@login_required
def category_new(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    access = forum_access(request.user, network_id)
    require_coordinator_page(access)
    return _category_form_page(request, access, None)


@login_required
def category_edit(request: AuthenticatedRequest, network_id: str, category_id: str) -> HttpResponse:
    access = forum_access(request.user, network_id)
    require_coordinator_page(access)
    return _category_form_page(request, access, selectors.get_category(access, category_id))


@login_required
@require_POST
def category_move(request: AuthenticatedRequest, network_id: str, category_id: str) -> HttpResponse:
    access = forum_access(request.user, network_id)
    require_coordinator_page(access)
    found = selectors.get_category(access, category_id)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        messages.error(request, _("Choose whether to move the category up or down."))
    else:
        category_services.move_category(actor=request.user, category=found, offset=offset)
    return redirect(reverse("community:forum", kwargs={"network_id": access.network.public_id}) + "#categories")


@login_required
def category_delete(request: AuthenticatedRequest, network_id: str, category_id: str) -> HttpResponse:
    """Asks first (GET), deletes on POST; a category with threads, or the last one, is refused."""
    access = forum_access(request.user, network_id)
    require_coordinator_page(access)
    found = selectors.get_category(access, category_id)
    if request.method == "POST":
        try:
            category_services.delete_category(actor=request.user, category=found)
        except ValidationError as error:
            _show_errors(request, error)
        else:
            messages.success(request, _("The category has been deleted."))
        return redirect("community:forum", network_id=access.network.public_id)
    context = _context(
        access,
        category=found,
        category_name=selectors.category_name(found, _language()),
        thread_count=Thread.objects.filter(category=found).count(),
    )
    return render(request, "community/forum/category_delete.html", context)


# --- threads -----------------------------------------------------------------------------------------------


@login_required
def thread_new(request: AuthenticatedRequest, network_id: str, category_id: str) -> HttpResponse:
    access = forum_access(request.user, network_id)
    found = selectors.get_category(access, category_id)
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            started = services.start_thread(
                actor=request.user,
                category=found,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                attachments=form.uploads(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your thread has been started."))
            return redirect(thread_url(started))
    context = _context(access, category=found, category_name=selectors.category_name(found, _language()), form=form)
    return render(request, "community/forum/thread_new.html", context, status=422 if request.method == "POST" else 200)


@login_required
def event_thread_new(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    """A coordinator opens the thread of one of the network's events."""
    access = forum_access(request.user, network_id)
    require_coordinator_page(access)
    events = selectors.events_without_thread(access.network)
    form = EventThreadForm(
        request.POST or None,
        events=events,
        categories=selectors.category_choices(access.network, _language()),
        # The event's own page links here with ?event=<its id>, so that event is chosen already.
        initial={"event": request.GET.get("event")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            found = selectors.get_category(access, form.cleaned_data["category"])
            started = services.start_event_thread(
                actor=request.user, event=form.cleaned_data["event"], category=found, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event's thread has been opened."))
            return redirect(thread_url(started))
    return render(
        request,
        "community/forum/event_thread_new.html",
        _context(access, form=form, has_events=request.method == "POST" or events.exists()),
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def thread(request: AuthenticatedRequest, network_id: str, thread_id: str) -> HttpResponse:
    access = forum_access(request.user, network_id)
    found = selectors.get_thread(access, thread_id)
    read_before = selectors.reading_mark(access, found)
    page, posts = selectors.posts_page(access, found, request.GET.get("page"), read_before)
    services.record_visit(user=request.user, thread=found, read_before=read_before)
    context = _context(
        access,
        thread=found,
        category=found.category,
        category_name=selectors.category_name(found.category, _language()),
        page=page,
        posts=posts,
        event_url=_event_url(access, found),
        subscription=subscription_for(request.user, thread=found),  # the follow buttons (notifications part)
        form=ReplyForm() if access.can_reply(found) else None,
        thread_path=request.get_full_path(),
    )
    return render(request, "community/forum/thread.html", context)


def _quoted_post(access: ForumAccess, found: Thread, public_id: object) -> Post | None:
    if not public_id:
        return None
    quoted = selectors.get_readable_post(access, public_id)
    if quoted.thread_id != found.pk:
        raise Http404
    return quoted


@login_required
def thread_reply(request: AuthenticatedRequest, network_id: str, thread_id: str) -> HttpResponse:
    """The reply form on a page of its own: after a quote (`?quote=`), or sent back with errors."""
    access = forum_access(request.user, network_id)
    found = selectors.get_thread(access, thread_id)
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES or None)
        quoted = None
        if form.is_valid():
            try:
                quoted = _quoted_post(access, found, form.cleaned_data["quote"])
                written = services.reply(
                    actor=request.user,
                    thread=found,
                    body=form.cleaned_data["body"],
                    quoted=quoted,
                    attachments=form.uploads(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your reply has been posted."))
                return redirect(post_url(access.network.public_id, written))
        status = 422
    else:
        quoted = _quoted_post(access, found, request.GET.get("quote"))
        initial = {}
        if quoted is not None:
            link = post_url(access.network.public_id, quoted)
            initial = {
                "body": markdown.quote_markdown(selectors.person_name(quoted.author), link, quoted.body),
                "quote": quoted.public_id,
            }
        form, status = ReplyForm(initial=initial), 200
    context = _context(
        access,
        thread=found,
        category=found.category,
        category_name=selectors.category_name(found.category, _language()),
        form=form if access.can_reply(found) else None,
        quoted=quoted,
    )
    return render(request, "community/forum/reply.html", context, status=status)


# --- posts -------------------------------------------------------------------------------------------------


@login_required
@require_safe
def post(request: AuthenticatedRequest, network_id: str, post_id: str) -> HttpResponse:
    """A post's address: its page of the thread, at the post."""
    access = forum_access(request.user, network_id)
    found = selectors.get_post(access, post_id)
    page = selectors.page_of(found)
    query = f"?page={page}" if page > 1 else ""
    return redirect(f"{thread_url(found.thread)}{query}#post-{found.public_id}")


@login_required
def post_edit(request: AuthenticatedRequest, network_id: str, post_id: str) -> HttpResponse:
    """The author edits their post: its text, and its files (remove some, attach more). Sent back with
    an error, the form keeps the typed text and the ticked files; nothing has been changed."""
    access = forum_access(request.user, network_id)
    found = selectors.get_post(access, post_id)
    if found.author_id != request.user.pk:
        raise Http404
    if not access.can_edit(found, found.thread):
        messages.error(request, _("This post can no longer be edited: the thread is locked or the post was hidden."))
        return redirect(post_url(access.network.public_id, found))
    version = (found.edited_at or found.created_at).isoformat()
    form = EditPostForm(
        request.POST or None,
        request.FILES or None,
        initial={"body": found.body, "version": version},
        current=list(found.attachments.all()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                actor=request.user,
                post=found,
                body=form.cleaned_data["body"],
                attachments=form.uploads(),
                remove=form.removals(),
                expected_version=form.expected_version(),
            )
        except services.StalePostError as error:
            fresh = selectors.get_post(access, post_id)
            data = request.POST.copy()
            data["version"] = (fresh.edited_at or fresh.created_at).isoformat()  # a second save replaces it
            # The files as they are now (another window may have changed them), the ticks still on them.
            form = EditPostForm(data, initial=form.initial, current=list(fresh.attachments.all()))
            form.full_clean()
            add_service_errors(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your post has been changed."))
            return redirect(post_url(access.network.public_id, found))
    context = _context(
        access,
        post=found,
        thread=found.thread,
        category=found.thread.category,
        category_name=selectors.category_name(found.thread.category, _language()),
        form=form,
    )
    return render(request, "community/forum/post_edit.html", context, status=422 if request.method == "POST" else 200)


@login_required
@require_safe
def post_history(request: AuthenticatedRequest, network_id: str, post_id: str) -> HttpResponse:
    """The post's earlier versions, newest first (rendered here: the history is opened rarely)."""
    access = forum_access(request.user, network_id)
    found = selectors.get_readable_post(access, post_id)
    revisions = selectors.revisions_of(found)
    # The text each edit left: the next newer version's, the post's own for the newest. The same text as
    # before it means the edit changed only the attached files.
    texts_after = [found.body, *(revision.body for revision in revisions)]
    versions = [
        {
            "revision": revision,
            "html": markdown.render(revision.body),
            "by": selectors.person_name(revision.edited_by),
            "files_only": revision.body == texts_after[index],
        }
        for index, revision in enumerate(revisions)
    ]
    context = _context(
        access,
        post=found,
        author=selectors.person_name(found.author),
        thread=found.thread,
        category=found.thread.category,
        category_name=selectors.category_name(found.thread.category, _language()),
        versions=versions,
    )
    return render(request, "community/forum/post_history.html", context)


@login_required
@require_safe
def attachment(request: AuthenticatedRequest, network_id: str, attachment_id: str) -> FileResponse:
    """An attached file, for the forum's readers only; always downloaded, never shown in the browser."""
    access = forum_access(request.user, network_id)
    found = selectors.get_attachment(access, attachment_id)
    try:
        opened = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(opened, as_attachment=True, filename=found.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
