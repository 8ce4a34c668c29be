"""Writing in a network's forum: categories (by the coordinators), threads, replies, quotes, edits with
their history, attachments, and threads for the network's events.

Every write is atomic and audited. Before a thread, a reply or an edit is written the moderation part
may refuse it (`forum_guard.refuse_if_barred`: a ban, too many posts); after a new visible post is
written the notifications part hears of it in the same transaction (`forum_notifications.post_created`).
A post's Markdown source is the record; its sanitised HTML is rendered at each save (`markdown.render`).
A thread keeps the number of its visible posts and the time of the newest (`post_count`,
`last_post_at`): replies update them under the thread's row lock, `refresh_thread_counters` recomputes
them after a post is hidden, shown again or moved.

Files attached to a post are checked before anything is written (`evidence.rules.check_upload`: size,
extension, and first bytes matching it; at most `MAX_ATTACHMENTS` a post), stored under a random name,
and removed again when the write fails. An edit may also remove files: their rows go in the edit's
transaction, their stored files only after it commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, cast

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.audit.services import record_event
from opencaf.community import markdown
from opencaf.community.models import ForumCategory, Post, PostAttachment, PostRevision, Thread, ThreadVisit
from opencaf.community.permissions.forum import ForumAccess, require_moderator, require_reader
from opencaf.community.services import forum_guard, forum_notifications
from opencaf.coordination.models import Event, EventState
from opencaf.core.texts import too_long
from opencaf.evidence import rules as upload_rules
from opencaf.evidence.services import upload_problem_message
from opencaf.lib.texts import one_line
from opencaf.organisations.models import Network

if TYPE_CHECKING:
    from opencaf.accounts.models import User

TITLE_MAX = 200
BODY_MAX = 20_000
MAX_ATTACHMENTS = 5


class StalePostError(ValidationError):
    """The post changed since its author opened the form; their text has not been saved."""


def _source(text: object) -> str:
    """A post's Markdown as written, with the line ends of every browser made one and the ends tidied."""
    return str(text or "").replace("\r\n", "\n").replace("\r", "\n").strip("\n").rstrip()


def clean_title(title: object) -> str:
    cleaned = one_line(title)
    if not cleaned:
        raise ValidationError({"title": _("Give the thread a title.")})
    if len(cleaned) > TITLE_MAX:
        raise ValidationError({"title": too_long(TITLE_MAX)})
    return cleaned


def clean_body(body: object) -> str:
    cleaned = _source(body)
    if not cleaned.strip():
        raise ValidationError({"body": _("Write the text of your post.")})
    if len(cleaned) > BODY_MAX:
        raise ValidationError(
            {
                "body": ngettext(
                    "The text is too long: %(length)s characters where at most %(limit)s are possible. "
                    "Shorten it, or attach the longer text as a file.",
                    "The text is too long: %(length)s characters where at most %(limit)s are possible. "
                    "Shorten it, or attach the longer text as a file.",
                    BODY_MAX,
                )
                % {"length": len(cleaned), "limit": BODY_MAX}
            }
        )
    return cleaned


def check_attachments(uploads: Sequence[UploadedFile], already: int = 0) -> None:
    """ValidationError on the `attachments` field when a file may not be stored, or too many are given."""
    errors: list[str] = []
    if already + len(uploads) > MAX_ATTACHMENTS:
        errors.append(
            ngettext(
                "A post may have at most %(limit)s attached file.",
                "A post may have at most %(limit)s attached files.",
                MAX_ATTACHMENTS,
            )
            % {"limit": MAX_ATTACHMENTS}
        )
    for upload in uploads:
        name = upload.name or ""
        upload.seek(0)
        head = upload.read(64)
        upload.seek(0)
        problem = upload_rules.check_upload(name, upload.size or 0, head)
        if problem is not None:
            errors.append(_("%(name)s: %(problem)s") % {"name": name, "problem": upload_problem_message(problem)})
    if errors:
        raise ValidationError({"attachments": errors})


def _checked[T, R](errors: dict[str, list[str]], check: Callable[[T], R], value: T) -> R:
    """`check(value)`, its ValidationError gathered into `errors` (so the form shows every problem at once)."""
    try:
        return check(value)
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, []).extend(messages)
        return cast(R, value)  # never used: the caller raises with the errors


@contextmanager
def _files_removed_on_failure() -> Iterator[list[FieldFile]]:
    """The files stored by a write; removed again if the write fails (its rows roll back)."""
    stored: list[FieldFile] = []
    try:
        yield stored
    except BaseException:
        for stored_file in stored:
            stored_file.delete(save=False)
        raise


def _attach(post: Post, uploads: Sequence[UploadedFile], stored: list[FieldFile]) -> list[str]:
    names = []
    for upload in uploads:
        name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][-200:]
        attachment = PostAttachment(post=post, name=name, size=upload.size or 0)
        # A random name on disk: the person's file name is only ever shown, never used as a path.
        attachment.file.save(f"{uuid.uuid4().hex}.{upload_rules.extension_of(name)}", upload, save=False)
        stored.append(attachment.file)
        attachment.save()
        names.append(name)
    return names


# --- threads and posts -------------------------------------------------------------------------------------


def category_label(category: ForumCategory) -> str:
    """The category's name in the network's language, as the audit log records it."""
    return category.names.get(category.network.default_language) or str(category)


def _writer(actor: User, network: Network) -> ForumAccess:
    access = require_reader(actor, network)
    forum_guard.refuse_if_barred(actor, network)
    return access


def _new_post(access: ForumAccess, thread: Thread, body: str, now: datetime, quoted: Post | None = None) -> Post:
    return Post.objects.create(
        thread=thread,
        author=access.user,
        organisation=access.organisation,
        body=body,
        body_html=markdown.render(body),
        quoted=quoted,
        created_at=now,
    )


def _create_thread(
    access: ForumAccess,
    category: ForumCategory,
    title: str,
    body: str,
    uploads: Sequence[UploadedFile],
    event: Event | None = None,
) -> Thread:
    errors: dict[str, list[str]] = {}
    title = _checked(errors, clean_title, title)
    body = _checked(errors, clean_body, body)
    _checked(errors, check_attachments, uploads)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    thread = Thread.objects.create(
        category=category,
        network=category.network,
        title=title,
        started_by=access.user,
        created_at=now,
        last_post_at=now,
        post_count=1,
        event=event,
    )
    with _files_removed_on_failure() as stored:
        post = _new_post(access, thread, body, now)
        names = _attach(post, uploads, stored)
        changes: dict[str, object] = {"forum_thread": thread.title, "forum_category": category_label(category)}
        if names:
            changes["forum_attachments"] = names
        if event is not None:
            changes["forum_event"] = event.title
        if event is not None:
            record_event(
                "community.forum_event_thread_started",
                actor=access.user,
                obj=thread,
                network=category.network,
                changes=changes,
            )
        else:
            record_event(
                "community.forum_thread_started",
                actor=access.user,
                obj=thread,
                network=category.network,
                changes=changes,
            )
        forum_notifications.post_created(post)
    return thread


@transaction.atomic
def start_thread(
    *, actor: User, category: ForumCategory, title: str, body: str, attachments: Sequence[UploadedFile] = ()
) -> Thread:
    """A new thread in the category, with its first post."""
    access = _writer(actor, category.network)
    return _create_thread(access, category, title, body, attachments)


def _locked_thread(thread: Thread) -> Thread:
    return Thread.objects.select_for_update().select_related("network", "category").get(pk=thread.pk)


@transaction.atomic
def reply(
    *,
    actor: User,
    thread: Thread,
    body: str,
    quoted: Post | None = None,
    attachments: Sequence[UploadedFile] = (),
) -> Post:
    """A reply at the end of the thread, quoting one of its visible posts when `quoted` is given."""
    access = _writer(actor, thread.network)
    thread = _locked_thread(thread)
    if not access.can_reply(thread):
        raise ValidationError(_("This thread is locked: it takes no new replies."))
    errors: dict[str, list[str]] = {}
    if quoted is not None and (quoted.thread_id != thread.pk or quoted.hidden_at is not None):
        errors[NON_FIELD_ERRORS] = [_("The quoted post is not in this thread, or it has been hidden.")]
    body = _checked(errors, clean_body, body)
    _checked(errors, check_attachments, attachments)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with _files_removed_on_failure() as stored:
        post = _new_post(access, thread, body, now, quoted=quoted)
        names = _attach(post, attachments, stored)
        Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1, last_post_at=now)
        thread.post_count, thread.last_post_at = thread.post_count + 1, now
        changes: dict[str, object] = {"forum_thread": thread.title}
        if names:
            changes["forum_attachments"] = names
        if quoted is not None:
            changes["forum_quoted"] = str(quoted.public_id)
        record_event("community.forum_post_written", actor=actor, obj=post, network=thread.network, changes=changes)
        forum_notifications.post_created(post)
    return post


def _attachments_to_remove(post: Post, remove: Collection[object]) -> list[PostAttachment]:
    """The post's attachments with these public ids; ValidationError on `remove` when one is not the
    post's (another window removed it, or the id was made up)."""
    gone = ValidationError(
        {"remove": _("A file chosen for removal is no longer attached to the post. Reload the page.")}
    )
    try:
        wanted = {uuid.UUID(str(public_id)) for public_id in remove}
    except ValueError:
        raise gone from None
    if not wanted:
        return []
    found = [attachment for attachment in post.attachments.all() if attachment.public_id in wanted]
    if len(found) != len(wanted):
        raise gone
    return found


def _delete_files_on_commit(files: Sequence[FieldFile]) -> None:
    """The removed attachments' files go once their rows are gone for good: never while a rollback could
    still bring the rows back. A storage error is logged, not raised: the edit is already saved."""

    def deleter(storage: Storage, name: str) -> Callable[[], None]:
        return lambda: storage.delete(name)

    for stored_file in files:
        if stored_file.name:
            transaction.on_commit(deleter(stored_file.storage, stored_file.name), robust=True)


@transaction.atomic
def edit_post(
    *,
    actor: User,
    post: Post,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    remove: Collection[object] = (),
    expected_version: datetime | None = None,
) -> Post:
    """The author changes their post: its text, and its files (`remove`: public ids of its attachments to
    take away; `attachments`: new files, within the limits counted after the removal). Everything is
    checked before anything is written, so a refused file leaves the text and the files as they were.
    The post before is kept as a `PostRevision` (the edit history; also when only the files changed) and
    the post shows as edited. The removed files leave the storage after the commit. Refused when the post
    changed since `expected_version` (its `edited_at`, else its `created_at`, when the author opened the
    form)."""
    thread = post.thread
    access = _writer(actor, thread.network)
    thread = _locked_thread(thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not access.can_edit(post, thread):
        if post.author_id != actor.pk:
            raise PermissionDenied
        raise ValidationError(_("This post can no longer be edited: the thread is locked or the post was hidden."))
    if expected_version is not None and (post.edited_at or post.created_at) != expected_version:
        raise StalePostError(
            _("The post changed while you were editing it (in another window?). Your text is below, not saved.")
        )
    errors: dict[str, list[str]] = {}
    new_body = _checked(errors, clean_body, body)
    removing: list[PostAttachment] = _checked(errors, lambda given: _attachments_to_remove(post, given), remove)
    kept = post.attachments.count() - (len(removing) if "remove" not in errors else 0)
    _checked(errors, lambda given: check_attachments(given, kept), attachments)
    if errors:
        raise ValidationError(errors)
    if new_body == post.body and not attachments and not removing:
        return post
    now = timezone.now()
    with _files_removed_on_failure() as stored:
        changes: dict[str, object] = {"forum_thread": thread.title}
        PostRevision.objects.create(post=post, body=post.body, edited_by=actor, replaced_at=now)
        if new_body != post.body:
            changes["forum_text_length"] = {"before": len(post.body), "after": len(new_body)}
            post.body, post.body_html = new_body, markdown.render(new_body)
        post.edited_at = now
        post.save(update_fields=["body", "body_html", "edited_at"])
        if removing:
            PostAttachment.objects.filter(pk__in=[attachment.pk for attachment in removing]).delete()
            changes["forum_attachments_removed"] = [attachment.name for attachment in removing]
            _delete_files_on_commit([attachment.file for attachment in removing])  # dropped if this rolls back
        names = _attach(post, attachments, stored)
        if names:
            changes["forum_attachments"] = names
        record_event("community.forum_post_edited", actor=actor, obj=post, network=thread.network, changes=changes)
    return post


def _event_thread_text(event: Event) -> str:
    opening = _("This thread belongs to the event “%(title)s”: questions, materials and what comes after it.") % {
        "title": event.title
    }
    description = _source(event.description)
    return f"{opening}\n\n{description}" if description else opening


@transaction.atomic
def start_event_thread(*, actor: User, event: Event, category: ForumCategory, body: str = "") -> Thread:
    """A coordinator opens the thread of one of the network's events (one thread per event): titled as
    the event, its first post the text given or a short introduction with the event's description."""
    access = require_moderator(actor, category.network)
    forum_guard.refuse_if_barred(actor, category.network)
    if event.network_id != category.network_id:
        raise ValidationError({"event": _("Choose an event of this network.")})
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.state == EventState.DRAFT:
        raise ValidationError({"event": _("Publish the event before opening its thread.")})
    if Thread.objects.filter(event=event).exists():
        raise ValidationError({"event": _("This event already has its thread.")})
    return _create_thread(access, category, event.title, _source(body) or _event_thread_text(event), (), event=event)


# --- reading marks and upkeep ----------------------------------------------------------------------------


def record_visit(*, user: User, thread: Thread, read_before: datetime | None) -> None:
    """The person has read the thread up to its newest post. A reading mark, not a change to anyone's
    work: not audited. `read_before` is their previous mark (None for a first visit): nothing is
    written when it is already up to date."""
    if read_before is not None and read_before >= thread.last_post_at:
        return
    ThreadVisit.objects.bulk_create(
        [ThreadVisit(user=user, thread=thread, read_up_to=thread.last_post_at)],
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["read_up_to"],
    )


def refresh_thread_counters(thread: Thread) -> Thread:
    """Count the thread's visible posts and take the newest one's time again (after a post was hidden,
    shown again or moved); call it inside the transaction that changed the posts."""
    visible = Post.objects.filter(thread=thread, hidden_at__isnull=True)
    thread.post_count = visible.count()
    thread.last_post_at = visible.aggregate(newest=Max("created_at"))["newest"] or thread.created_at
    Thread.objects.filter(pk=thread.pk).update(post_count=thread.post_count, last_post_at=thread.last_post_at)
    return thread


def rerender_posts(batch_size: int = 500) -> int:
    """Render every post's HTML again from its source (after a change of the allow-list or the renderer);
    the number of posts whose HTML changed. Derived data only: nothing anyone wrote changes."""
    changed = 0
    batch: list[Post] = []
    for post in Post.objects.only("pk", "body", "body_html").order_by("pk").iterator(chunk_size=batch_size):
        html = markdown.render(post.body)
        if html != post.body_html:
            post.body_html = html
            batch.append(post)
        if len(batch) >= batch_size:
            Post.objects.bulk_update(batch, ["body_html"])
            changed, batch = changed + len(batch), []
    if batch:
        Post.objects.bulk_update(batch, ["body_html"])
        changed += len(batch)
    return changed
