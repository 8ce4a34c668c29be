"""What the forum's pages do: the first opening, writing a thread and a reply (with files and quotes),
errors kept on the form, locked threads, hidden posts, edits and their history, unread markers, event
threads and the coordinators' category pages."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.community.models import ForumCategory, Post, PostAttachment, PostRevision, Thread
from opencaf.community.services.forum import BODY_MAX
from opencaf.community.tests.forum_factories import Forum, make_attachment, make_forum, make_post, make_thread
from opencaf.community.tests.test_forum_views import url
from opencaf.coordination.tests.event_factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(world: World, settings: Any) -> Forum:
    settings.FORUM_POST_LIMITS = ()
    return make_forum(world)


def _thread_url(world: World, thread: Thread) -> str:
    return url("thread", world, thread_id=thread.public_id)


def test_the_first_opening_makes_the_default_categories(world: World, caf_framework: Any) -> None:
    response = client_for(world.alice).get(url("forum", world))
    categories = list(ForumCategory.objects.filter(network=world.network))
    assert response.status_code == 200 and len(categories) == 14
    content = response.content.decode()
    assert all(url("forum_category", world, category_id=c.public_id) in content for c in categories)


def test_a_member_starts_a_thread_with_files(world: World, forum: Forum) -> None:
    response = client_for(forum.member).post(
        url("thread_new", world, category_id=forum.category.public_id),
        {
            "title": "Survey questions",
            "body": "Which *questions*?",
            "attachments": [SimpleUploadedFile("q.txt", b"Q1"), SimpleUploadedFile("a.csv", b"a;b\n1;2\n")],
        },
    )
    thread = Thread.objects.get(title="Survey questions")
    assert response.status_code == 302 and response["Location"] == _thread_url(world, thread)
    attachment, _second = PostAttachment.objects.filter(post__thread=thread).order_by("pk")
    download = client_for(world.alice).get(url("forum_attachment", world, attachment_id=attachment.public_id))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"Q1"
    assert (
        download["Content-Disposition"].startswith("attachment")
        and 'filename="q.txt"' in download["Content-Disposition"]
    )
    assert download["X-Content-Type-Options"] == "nosniff" and "no-store" in download["Cache-Control"]


def test_a_refused_thread_keeps_what_was_typed(world: World, forum: Forum) -> None:
    response = client_for(forum.member).post(
        url("thread_new", world, category_id=forum.category.public_id),
        {"title": "", "body": "My long text " * 10, "attachments": [SimpleUploadedFile("run.exe", b"MZ")]},
    )
    content = response.content.decode()
    assert response.status_code == 422 and Thread.objects.count() == 1
    assert "data-error-summary" in content and 'href="#id_title"' in content and 'href="#id_attachments"' in content
    assert "My long text My long text" in content


def test_a_reply_leads_to_its_post_on_the_right_page(world: World, forum: Forum) -> None:
    for number in range(25):
        make_post(forum.thread, world.carol, f"Earlier {number}", at=timezone.now() - timedelta(minutes=30 - number))
    response = client_for(forum.member).post(
        url("thread_reply", world, thread_id=forum.thread.public_id), {"body": "Late answer"}
    )
    post = Post.objects.get(body="Late answer")
    assert response.status_code == 302 and response["Location"] == url("post", world, post_id=post.public_id)
    landing = client_for(forum.member).get(response["Location"])
    assert landing["Location"] == f"{_thread_url(world, forum.thread)}?page=2#post-{post.public_id}"
    page = client_for(forum.member).get(landing["Location"]).content.decode()
    assert f'id="post-{post.public_id}"' in page


def test_a_too_long_reply_is_refused_and_kept(world: World, forum: Forum) -> None:
    text = "word " * (BODY_MAX // 5) + "end"
    response = client_for(world.alice).post(
        url("thread_reply", world, thread_id=forum.thread.public_id), {"body": text}
    )
    content = response.content.decode()
    assert response.status_code == 422 and forum.thread.posts.count() == 1
    assert 'href="#id_body"' in content and 'id="id_body-errors"' in content and f"{len(text.strip())}" in content
    assert "word word word" in content


def test_quoting_prefills_the_reply_with_a_link_and_the_text(world: World, forum: Forum) -> None:
    page = url("thread_reply", world, thread_id=forum.thread.public_id)
    content = client_for(forum.member).get(f"{page}?quote={forum.post.public_id}").content.decode()
    link = url("post", world, post_id=forum.post.public_id)
    assert f"&gt; [Alice Adams]({link}):" in content and "&gt; Our response rate was 61 %." in content
    assert re.search(rf'name="quote" value="{forum.post.public_id}"', content)
    client_for(forum.member).post(
        page, {"body": f"> [Alice Adams]({link}):\n>\n> 61 %\n\nWow.", "quote": forum.post.public_id}
    )
    reply = Post.objects.get(body__endswith="Wow.")
    assert reply.quoted == forum.post and f'<a href="{link}"' in reply.body_html
    hidden = make_post(forum.thread, world.carol, "Rude", hidden=True)
    other = make_thread(forum.category, world.carol, title="Other").posts.get()
    for unquotable in (hidden, other):
        assert client_for(forum.member).get(f"{page}?quote={unquotable.public_id}").status_code == 404


def test_a_locked_thread_shows_no_reply_form_and_takes_no_reply(world: World, forum: Forum) -> None:
    Thread.objects.filter(pk=forum.thread.pk).update(locked_at=timezone.now())
    content = client_for(forum.member).get(_thread_url(world, forum.thread)).content.decode()
    assert 'name="body"' not in content and 'role="status"' in content
    response = client_for(forum.member).post(
        url("thread_reply", world, thread_id=forum.thread.public_id), {"body": "Hi"}
    )
    assert response.status_code == 422 and forum.thread.posts.count() == 1


def test_a_hidden_post_shows_its_reason_to_readers_and_its_text_to_moderators(world: World, forum: Forum) -> None:
    hidden = make_post(forum.thread, world.alice, "Call 041 123 456 for a deal", hidden=True, hidden_reason="Spam")
    secret = make_attachment(hidden, name="deal.txt")
    member_page = client_for(forum.member).get(_thread_url(world, forum.thread)).content.decode()
    assert f'id="post-{hidden.public_id}"' in member_page and "Spam" in member_page
    assert "041 123 456" not in member_page and "deal.txt" not in member_page
    moderator_page = client_for(world.carol).get(_thread_url(world, forum.thread)).content.decode()
    assert "041 123 456" in moderator_page and "deal.txt" in moderator_page
    assert url("moderation_unhide", world, post_id=hidden.public_id) in moderator_page
    file_url = url("forum_attachment", world, attachment_id=secret.public_id)
    history_url = url("post_history", world, post_id=hidden.public_id)
    for page in (file_url, history_url):
        assert client_for(forum.member).get(page).status_code == 404
        assert client_for(world.carol).get(page).status_code == 200


def test_an_edit_keeps_the_earlier_version_in_the_history(world: World, forum: Forum) -> None:
    client = client_for(world.alice)
    edit = url("post_edit", world, post_id=forum.post.public_id)
    version = re.search(r'name="version" value="([^"]+)"', client.get(edit).content.decode())
    assert version is not None
    response = client.post(edit, {"body": "Our response rate was **64 %**.", "version": version.group(1)})
    assert response.status_code == 302
    forum.post.refresh_from_db()
    assert "<strong>64 %</strong>" in forum.post.body_html and PostRevision.objects.count() == 1
    thread_page = client_for(forum.member).get(_thread_url(world, forum.thread)).content.decode()
    history = url("post_history", world, post_id=forum.post.public_id)
    assert history in thread_page  # "edited" links to the history
    old = client_for(forum.member).get(history).content.decode()
    assert "Our response rate was 61 %." in old
    stale = client.post(edit, {"body": "From an old window", "version": version.group(1)})
    assert stale.status_code == 422 and "From an old window" in stale.content.decode()
    assert re.search(rf'name="version" value="{re.escape(forum.post.edited_at.isoformat())}"', stale.content.decode())
    forum.post.refresh_from_db()
    assert forum.post.body == "Our response rate was **64 %**."


def test_unread_threads_are_marked_until_read(world: World, forum: Forum) -> None:
    client = client_for(forum.member)
    category_page = url("forum_category", world, category_id=forum.category.public_id)
    unread_row = re.compile(
        r'<th scope="row" class="fw-bold">\s*<a href="' + re.escape(_thread_url(world, forum.thread))
    )
    assert unread_row.search(client.get(category_page).content.decode())
    assert 'class="badge text-bg-primary"' in client.get(url("forum", world)).content.decode()
    client.get(_thread_url(world, forum.thread))
    assert not unread_row.search(client.get(category_page).content.decode())
    make_post(forum.thread, world.carol, "News!", at=timezone.now() + timedelta(seconds=1))
    assert unread_row.search(client.get(category_page).content.decode())


def test_xss_in_a_post_is_inert_on_the_page(world: World, forum: Forum) -> None:
    client_for(forum.member).post(
        url("thread_reply", world, thread_id=forum.thread.public_id),
        {"body": '<script>alert("x")</script> [y](javascript:alert(1)) <img src=x onerror=alert(1)>'},
    )
    page = client_for(world.alice).get(_thread_url(world, forum.thread)).content.decode()
    assert "&lt;script&gt;" in page and '<script>alert("x")' not in page
    assert 'href="javascript:' not in page and "<img src=x" not in page


def test_a_coordinator_opens_an_event_thread_that_links_to_the_event(world: World, forum: Forum) -> None:
    event = make_event(world.network, title="Round table on surveys")
    make_event(world.other_network, title="Bob's conference")
    form = client_for(world.carol).get(url("event_thread_new", world)).content.decode()
    assert "Round table on surveys" in form and "Bob&#x27;s conference" not in form and "Bob's" not in form
    response = client_for(world.carol).post(
        url("event_thread_new", world), {"event": event.public_id, "category": forum.category.public_id, "body": ""}
    )
    thread = Thread.objects.get(event=event)
    assert response.status_code == 302 and thread.title == "Round table on surveys"
    coordinator_page = client_for(world.carol).get(_thread_url(world, thread)).content.decode()
    assert reverse("coordination:event", args=[world.network.public_id, event.public_id]) in coordinator_page
    member_page = client_for(world.alice).get(_thread_url(world, thread)).content.decode()
    assert reverse("coordination:org_events", args=[world.alice_org.public_id]) in member_page


def test_coordinators_manage_categories_from_the_forum(world: World, forum: Forum) -> None:
    client = client_for(world.carol)
    refused = client.post(url("forum_category_new", world), {"name_en": "English only"})
    assert refused.status_code == 422 and 'href="#id_name_sl"' in refused.content.decode()
    saved = client.post(url("forum_category_new", world), {"name_sl": "Okrogle mize", "name_en": "Round tables"})
    assert saved.status_code == 302
    new = ForumCategory.objects.get(names__sl="Okrogle mize")
    client.post(url("forum_category_edit", world, category_id=new.public_id), {"name_sl": "Okrogle mize 2027"})
    client.post(url("forum_category_move", world, category_id=new.public_id), {"direction": "up"})
    new.refresh_from_db()
    assert new.names == {"sl": "Okrogle mize 2027"} and new.position == 0
    client.post(url("forum_category_delete", world, category_id=forum.category.public_id))  # has a thread: kept
    client.post(url("forum_category_delete", world, category_id=new.public_id))
    assert list(ForumCategory.objects.all()) == [forum.category]


def test_a_member_finds_the_way_back_to_their_organisation(world: World, forum: Forum) -> None:
    back = reverse("organisations:detail", kwargs={"org_id": world.alice_org.public_id})
    forum_page = reverse("community:forum", kwargs={"network_id": world.network.public_id})
    assert f'href="{back}"' in client_for(world.alice).get(forum_page).content.decode()
    assert f'href="{back}"' not in client_for(world.carol).get(forum_page).content.decode()
