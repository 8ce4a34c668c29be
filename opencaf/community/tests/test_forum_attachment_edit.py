"""Editing a post's files: the author removes attached files and attaches new ones in one edit, within
the limits; nothing is half-written (a refused file leaves the text and the files as they were); the
removed files leave the storage only after the commit; the edit history and the audit log record it;
nobody but the author may do it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.community.models import Post, PostAttachment, PostRevision
from opencaf.community.services import forum as services
from opencaf.community.tests.forum_factories import Forum, make_attachment, make_forum, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(world: World, settings: Any) -> Forum:
    """Alice's thread; its post has the file "minutes.txt" (`forum.attachment`)."""
    settings.FORUM_POST_LIMITS = ()
    return make_forum(world)


def _upload(name: str = "plan.txt", content: bytes = b"The plan.\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _names(post: Post) -> list[str]:
    return [attachment.name for attachment in PostAttachment.objects.filter(post=post).order_by("pk")]


def _edits() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="community.forum_post_edited"))


# --- the service -----------------------------------------------------------------------------------------


def test_one_edit_removes_a_file_and_attaches_another(
    world: World, forum: Forum, django_capture_on_commit_callbacks: Any
) -> None:
    post, old = forum.post, forum.attachment
    second = make_attachment(post, name="agenda.txt")
    with django_capture_on_commit_callbacks() as callbacks:
        edited = services.edit_post(
            actor=world.alice,
            post=post,
            body="Our response rate was 64 %.",
            attachments=[_upload()],
            remove=[str(old.public_id)],
        )
        # Until the commit the removed file stays: a rollback would bring its row back.
        assert default_storage.exists(old.file.name)
    assert _names(post) == ["agenda.txt", "plan.txt"] and edited.body == "Our response rate was 64 %."
    assert len(callbacks) == 1
    for callback in callbacks:
        callback()
    assert not default_storage.exists(old.file.name) and default_storage.exists(second.file.name)
    revision = PostRevision.objects.get(post=post)
    assert revision.body == "Our response rate was 61 %." and revision.edited_by == world.alice
    assert edited.edited_at == revision.replaced_at
    (event,) = _edits()
    assert event.changes["forum_attachments_removed"] == ["minutes.txt"]
    assert event.changes["forum_attachments"] == ["plan.txt"]
    assert event.changes["forum_text_length"] == {"before": 27, "after": 27}


def test_removing_only_files_is_an_edit_in_the_history(
    world: World, forum: Forum, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        edited = services.edit_post(
            actor=world.alice, post=forum.post, body=forum.post.body, remove=[forum.attachment.public_id]
        )
    assert _names(forum.post) == [] and edited.edited_at is not None
    assert not default_storage.exists(forum.attachment.file.name)
    revision = PostRevision.objects.get(post=forum.post)
    assert revision.body == edited.body == "Our response rate was 61 %."
    (event,) = _edits()
    assert event.changes["forum_attachments_removed"] == ["minutes.txt"] and "forum_text_length" not in event.changes
    # Nothing ticked, nothing new, the same text: no edit at all.
    again = services.edit_post(actor=world.alice, post=edited, body=edited.body)
    assert again.edited_at == edited.edited_at and PostRevision.objects.count() == 1 and len(_edits()) == 1


@pytest.mark.parametrize(
    "refused",
    [
        _upload("tool.exe", b"MZ\x90\x00"),  # a type not accepted
        _upload("report.pdf", b"<html><script>"),  # first bytes not matching the type
        _upload("empty.txt", b""),
    ],
    ids=["type", "content", "empty"],
)
def test_a_refused_new_file_removes_nothing_and_keeps_the_text(
    world: World, forum: Forum, django_capture_on_commit_callbacks: Any, refused: SimpleUploadedFile
) -> None:
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError) as error:
        services.edit_post(
            actor=world.alice,
            post=forum.post,
            body="A new text",
            attachments=[_upload(), refused],
            remove=[forum.attachment.public_id],
        )
    assert list(error.value.message_dict) == ["attachments"] and callbacks == []
    forum.post.refresh_from_db()
    assert forum.post.body == "Our response rate was 61 %." and forum.post.edited_at is None
    assert _names(forum.post) == ["minutes.txt"] and default_storage.exists(forum.attachment.file.name)
    assert not PostRevision.objects.exists() and not _edits()


def test_the_limit_counts_the_files_kept(world: World, forum: Forum, django_capture_on_commit_callbacks: Any) -> None:
    post = forum.post
    for index in range(services.MAX_ATTACHMENTS - 1):
        make_attachment(post, name=f"old{index}.txt")
    with pytest.raises(ValidationError) as full:
        services.edit_post(actor=world.alice, post=post, body=post.body, attachments=[_upload()])
    assert list(full.value.message_dict) == ["attachments"]
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_post(
            actor=world.alice, post=post, body=post.body, attachments=[_upload()], remove=[forum.attachment.public_id]
        )
    assert len(_names(post)) == services.MAX_ATTACHMENTS and "minutes.txt" not in _names(post)
    with pytest.raises(ValidationError):  # removing one does not make room for two
        services.edit_post(
            actor=world.alice,
            post=post,
            body=post.body,
            attachments=[_upload("a.txt"), _upload("b.txt")],
            remove=[PostAttachment.objects.filter(post=post).first().public_id],  # type: ignore[union-attr]
        )
    assert len(_names(post)) == services.MAX_ATTACHMENTS


def test_only_the_post_s_own_files_can_be_removed(world: World, forum: Forum) -> None:
    other_post = make_thread(forum.category, world.alice, title="Another").posts.get()
    theirs = make_attachment(other_post, name="other.txt")
    for wrong in ([theirs.public_id], ["not-an-id"], [forum.attachment.public_id, theirs.public_id]):
        with pytest.raises(ValidationError) as error:
            services.edit_post(actor=world.alice, post=forum.post, body="Changed", remove=wrong)
        assert "remove" in error.value.message_dict
    assert _names(forum.post) == ["minutes.txt"] and _names(other_post) == ["other.txt"]
    forum.post.refresh_from_db()
    assert forum.post.body == "Our response rate was 61 %." and not _edits()


def test_a_failure_after_the_removal_rolls_it_back(
    world: World, forum: Forum, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    def failing(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record_event", failing)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        services.edit_post(
            actor=world.alice,
            post=forum.post,
            body="Changed",
            attachments=[_upload()],
            remove=[forum.attachment.public_id],
        )
    assert callbacks == []  # the deletion was asked for before the failure, and rolled back with the rows
    assert _names(forum.post) == ["minutes.txt"] and default_storage.exists(forum.attachment.file.name)
    assert not PostAttachment.objects.filter(name="plan.txt").exists() and not PostRevision.objects.exists()


def test_nobody_but_the_author_removes_or_adds_files(world: World, forum: Forum) -> None:
    for other in (forum.member, world.carol, world.bob, world.dave, world.charlie, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.edit_post(
                actor=other,
                post=forum.post,
                body=forum.post.body,
                attachments=[_upload()],
                remove=[forum.attachment.public_id],
            )
    assert _names(forum.post) == ["minutes.txt"] and not _edits()


# --- the edit page ---------------------------------------------------------------------------------------


def _edit_url(world: World, post: Post) -> str:
    return reverse("community:post_edit", kwargs={"network_id": world.network.public_id, "post_id": post.public_id})


def _checkbox(content: str, attachment: PostAttachment) -> re.Match[str] | None:
    """The attachment's checkbox: `<input type="checkbox" name="remove" value="…" id="…" …>`."""
    return re.search(rf'<input type="checkbox" name="remove" value="{attachment.public_id}"[^>]*>', content)


def test_the_edit_form_lists_each_file_with_a_labelled_remove_checkbox(world: World, forum: Forum) -> None:
    tricky = make_attachment(forum.post, name="<b>odd</b> name.txt")
    response = client_for(world.alice).get(_edit_url(world, forum.post))
    content = response.content.decode()
    with translation.override(response.headers["Content-Language"]):
        assert escape(gettext("Remove attached files")) in content
    assert "<legend" in content and "<b>odd</b>" not in content
    for attachment in (forum.attachment, tricky):
        checkbox = _checkbox(content, attachment)
        assert checkbox is not None and "checked" not in checkbox.group(0)
        found_id = re.search(r'id="([^"]+)"', checkbox.group(0))
        assert found_id is not None
        label = re.search(rf'<label[^>]*for="{found_id.group(1)}"[^>]*>(.*?)</label>', content, re.S)
        assert label is not None and escape(attachment.name) in label.group(1)
    assert 'type="file" name="attachments"' in content and 'enctype="multipart/form-data"' in content


def test_a_post_without_files_has_no_remove_checkboxes(world: World, forum: Forum) -> None:
    forum.attachment.delete()
    content = client_for(world.alice).get(_edit_url(world, forum.post)).content.decode()
    assert 'name="remove"' not in content and 'name="attachments"' in content


def test_the_author_removes_a_file_and_attaches_another_from_the_form(
    world: World, forum: Forum, django_capture_on_commit_callbacks: Any
) -> None:
    keep = make_attachment(forum.post, name="agenda.txt")
    client = client_for(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _edit_url(world, forum.post),
            {"body": forum.post.body, "remove": [str(forum.attachment.public_id)], "attachments": [_upload()]},
        )
    assert response.status_code == 302
    assert _names(forum.post) == ["agenda.txt", "plan.txt"] and not default_storage.exists(forum.attachment.file.name)
    assert default_storage.exists(keep.file.name)
    thread_page = client_for(forum.member).get(response["Location"], follow=True).content.decode()
    assert "plan.txt" in thread_page and "agenda.txt" in thread_page and "minutes.txt" not in thread_page
    history_url = reverse(
        "community:post_history", kwargs={"network_id": world.network.public_id, "post_id": forum.post.public_id}
    )
    history = client_for(forum.member).get(history_url)
    with translation.override(history.headers["Content-Language"]):
        note = gettext(
            "This edit changed only the attached files (some were removed or added); the text stayed the same."
        )
        assert escape(note) in history.content.decode()


def test_a_refused_file_sends_the_form_back_with_the_text_and_the_ticks(
    world: World, forum: Forum, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(world.alice).post(
            _edit_url(world, forum.post),
            {
                "body": "My new text, typed with care",
                "remove": [str(forum.attachment.public_id)],
                "attachments": [_upload("run.exe", b"MZ")],
            },
        )
    content = response.content.decode()
    assert response.status_code == 422 and callbacks == []
    assert "My new text, typed with care" in content
    assert "data-error-summary" in content and 'href="#id_attachments"' in content and "run.exe" in content
    checkbox = _checkbox(content, forum.attachment)
    assert checkbox is not None and "checked" in checkbox.group(0)
    forum.post.refresh_from_db()
    assert forum.post.body == "Our response rate was 61 %." and _names(forum.post) == ["minutes.txt"]
    assert default_storage.exists(forum.attachment.file.name) and not PostRevision.objects.exists()


def test_too_many_files_after_the_removal_are_refused_by_the_form(world: World, forum: Forum) -> None:
    for index in range(services.MAX_ATTACHMENTS - 1):
        make_attachment(forum.post, name=f"old{index}.txt")
    page = _edit_url(world, forum.post)
    two = {"body": forum.post.body, "attachments": [_upload("a.txt"), _upload("b.txt")]}
    assert client_for(world.alice).post(page, two).status_code == 422
    with_room = {**two, "remove": [str(forum.attachment.public_id)], "attachments": [_upload("a.txt")]}
    assert client_for(world.alice).post(page, with_room).status_code == 302
    assert len(_names(forum.post)) == services.MAX_ATTACHMENTS and "a.txt" in _names(forum.post)


def test_a_file_of_another_post_cannot_be_ticked(world: World, forum: Forum) -> None:
    theirs = make_attachment(make_thread(forum.category, forum.member, title="Mia's").posts.get(), name="mia.txt")
    response = client_for(world.alice).post(
        _edit_url(world, forum.post), {"body": forum.post.body, "remove": [str(theirs.public_id)]}
    )
    assert response.status_code == 422 and 'href="#id_remove_0"' in response.content.decode()
    assert PostAttachment.objects.filter(pk=theirs.pk).exists() and _names(forum.post) == ["minutes.txt"]


def test_nobody_but_the_author_opens_or_sends_the_form(world: World, forum: Forum) -> None:
    page = _edit_url(world, forum.post)
    sent = {"body": "Taken over", "remove": [str(forum.attachment.public_id)], "attachments": [_upload()]}
    # Another member of the network, its coordinator, another organisation's people, no organisation at all.
    for other in (forum.member, world.carol, world.bob, world.dave, world.charlie):
        assert client_for(other).get(page).status_code == 404, other
        assert client_for(other).post(page, sent).status_code == 404, other
    anonymous = client_for(None).post(page, sent)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    forum.post.refresh_from_db()
    assert forum.post.body == "Our response rate was 61 %." and _names(forum.post) == ["minutes.txt"]
    assert default_storage.exists(forum.attachment.file.name) and not _edits()
