"""The forum in a real browser: the municipality's quality representative starts a thread in Markdown (a
list and a link) with a stored cross-site scripting attempt that must stay text; the administrator of
another organisation of the network replies quoting it; the first sees the thread as having new posts
in the category list; the coordinator hides the post with a reason and locks the thread; a reply
typed before the lock is refused with a message that takes the focus, and the text is kept. The thread
reflows at 390 px, and the forum renders in Bulgarian. axe runs on every page visited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browsing import PHONE, fits, shot, tab_to
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}
TITLE = "Kako ste izvedli anketo med občani?"
XSS_IMAGE = "<img src=x onerror=alert(1)>"
XSS_LINK = "[x](javascript:alert(1))"
BODY = f"""Anketo pripravljamo v dveh korakih:

- vprašalnik za **stranke** na okencu,
- spletni vprašalnik.

Vzorec je na [naši strani](https://example.org/anketa).

{XSS_IMAGE}

{XSS_LINK}
"""
REPLY = "Mi smo anketo izvedli na tabličnem računalniku v sprejemni pisarni."
LATE_REPLY = "Še nekaj: odgovore smo zbirali dva tedna."
HIDE_REASON = "Prispevek vsebuje poskus vrivanja kode."

# Anything in the page that would run a script: an inline handler attribute, a javascript: address, an image.
SCRIPT_SURFACE = """() => {
    const handlers = [...document.querySelectorAll('*')].flatMap(
        element => [...element.attributes].filter(attribute => attribute.name.toLowerCase().startsWith('on'))
    ).map(attribute => attribute.name);
    const addresses = [...document.querySelectorAll('[href], [src], [action], [formaction]')].filter(
        element => ['href', 'src', 'action', 'formaction'].some(
            name => (element.getAttribute(name) || '').replace(/\\s/g, '').toLowerCase().startsWith('javascript:')
        )
    ).map(element => element.outerHTML);
    return {handlers, addresses, images: document.querySelectorAll('main .forum-post img').length};
}"""


def _press(page: Any, selector: str) -> Any:
    """Reach the element with the keyboard and press Enter (a link or a button that loads a page)."""
    tab_to(page, selector)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    return navigation.value


def _no_script_in(page: Any, dialogs: list[str]) -> None:
    surface = page.evaluate(SCRIPT_SURFACE)
    assert surface == {"handlers": [], "addresses": [], "images": 0}, surface
    assert not dialogs, f"a dialog opened: {dialogs}"


def _in_slovenian(text: str, context: str | None = None) -> str:
    with translation.override("sl"):
        return translation.pgettext(context, text) if context else gettext(text)


@pytest.fixture
def second_tab(browser: Any, live_server: Any) -> Iterator[Any]:
    """A second person's browser (its own cookies) beside `page`, with the same console check."""
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    other = context.new_page()
    errors: list[str] = []
    other.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    other.on("pageerror", lambda error: errors.append(str(error)))
    yield other
    context.close()
    unexpected = [text for text in errors if "the server responded with a status of" not in text]
    assert not unexpected, "Errors in the second browser's console:\n" + "\n".join(unexpected)


def _start_thread(page: Any, network: Any, axe_report: Any) -> tuple[Any, Any]:
    """The quality representative opens the forum, a category, and starts a thread with the keyboard."""
    from opencaf.community.models import Post, Thread

    page.goto(f"/network/{network.public_id}/forum/")
    axe_report.check(page, "forum")
    shot(page, "forum")
    _press(page, "main table#categories tbody th a")
    axe_report.check(page, "forum category (empty)")
    _press(page, 'main a[href$="/new-thread/"]')
    axe_report.check(page, "new thread form")
    tab_to(page, "#id_title")
    page.keyboard.type(TITLE)
    tab_to(page, "#id_body")
    page.keyboard.insert_text(BODY)  # a pasted text (typing would take a while)
    _press(page, 'main form button[type="submit"]')
    thread = Thread.objects.get()
    first = Post.objects.get()
    assert page.evaluate("() => location.pathname") == f"/network/{network.public_id}/forum/threads/{thread.public_id}/"
    return thread, first


def _check_the_markdown(page: Any, first: Any, dialogs: list[str]) -> None:
    post = page.locator(f"#post-{first.public_id} .forum-post")
    assert post.locator("ul > li").count() == 2
    assert post.locator("strong").inner_text() == "stranke"
    assert post.locator('a[href="https://example.org/anketa"]').inner_text() == "naši strani"
    assert XSS_IMAGE in post.inner_text()  # shown as text, not as an element
    _no_script_in(page, dialogs)
    assert "onerror" not in first.body_html.replace("onerror=alert(1)&gt;", "")  # only the escaped text
    assert "javascript:" not in first.body_html.replace(XSS_LINK, "")


def test_thread_reply_moderation_and_lock(
    page: Any, second_tab: Any, login: Any, logout: Any, switch_language: Any, axe_report: Any
) -> None:
    from opencaf.community.models import Post, Thread
    from opencaf.organisations.models import Membership

    dialogs: list[str] = []

    def note_and_dismiss(dialog: Any) -> None:  # a dialog opened by a script that got through
        dialogs.append(dialog.message)
        dialog.dismiss()

    for tab in (page, second_tab):
        tab.on("dialog", note_and_dismiss)
    page.set_viewport_size(DESKTOP)
    municipality = Membership.objects.get(user__email="quality@example.org").organisation
    network = municipality.network
    assert network is not None

    # The quality representative starts a thread with a list, a link and a cross-site scripting attempt.
    login(page, "quality@example.org")
    thread, first = _start_thread(page, network, axe_report)
    _check_the_markdown(page, first, dialogs)
    axe_report.check(page, "thread started")
    shot(page, "forum-thread")
    logout(page)

    # The administrator of the administrative unit replies, quoting it.
    login(page, "outsider@example.org")
    page.goto(f"/network/{network.public_id}/forum/threads/{thread.public_id}/")
    _no_script_in(page, dialogs)
    tab_to(page, f'#post-{first.public_id} a[href$="/reply/?quote={first.public_id}"]')
    shot(page, "forum-focus-on-quote")  # the keyboard focus, photographed
    _press(page, f'#post-{first.public_id} a[href$="/reply/?quote={first.public_id}"]')
    body = page.locator("#id_body").input_value()
    assert body.startswith(">") and f"/forum/posts/{first.public_id}/" in body and "naši strani" in body
    axe_report.check(page, "reply quoting the first post")
    shot(page, "forum-reply-quote")
    page.locator("#id_body").press("Control+End")
    page.keyboard.type(REPLY)
    _press(page, 'main form button[type="submit"]')
    reply = Post.objects.exclude(pk=first.pk).get()
    assert reply.body.endswith(REPLY) and "<blockquote>" in reply.body_html
    assert page.locator(f"#post-{reply.public_id} .forum-post blockquote").count() == 1
    _no_script_in(page, dialogs)
    axe_report.check(page, "thread with the reply")
    logout(page)

    # The quality representative sees that the thread has new posts, in the forum and in the category.
    login(page, "quality@example.org")
    page.goto(f"/network/{network.public_id}/forum/")
    assert page.locator("main table#categories tbody th .badge").count() == 1
    with page.expect_navigation():
        page.locator(f'main table#categories a[href$="/categories/{thread.category.public_id}/"]').click()
    row = page.locator("main table tbody th").filter(has=page.locator(f'a[href$="/threads/{thread.public_id}/"]'))
    assert "fw-bold" in (row.get_attribute("class") or "")
    assert row.locator(".badge.text-bg-primary").inner_text() == _in_slovenian("New posts")
    axe_report.check(page, "category with a thread that has new posts")
    shot(page, "forum-category-unread")
    page.set_viewport_size(PHONE)
    fits(page)
    axe_report.check(page, "category (390)")
    page.set_viewport_size(DESKTOP)
    _press(page, f'main table a[href$="/threads/{thread.public_id}/"]')
    new_badge = page.locator(f"#post-{reply.public_id} header .badge")
    assert new_badge.inner_text() == _in_slovenian("New", "forum post")
    assert page.locator(f"#post-{first.public_id} header .badge").count() == 0
    logout(page)

    # Meanwhile the administrator of the unit starts another reply in a second browser.
    login(second_tab, "outsider@example.org")
    second_tab.goto(f"/network/{network.public_id}/forum/threads/{thread.public_id}/")
    second_tab.locator("#id_body").fill(LATE_REPLY)

    # The coordinator hides the first post with a reason and locks the thread.
    login(page, "coordinator@example.org")
    page.goto(f"/network/{network.public_id}/forum/threads/{thread.public_id}/")
    axe_report.check(page, "thread as the coordinator")
    _press(page, f'#post-{first.public_id} a[href*="/moderation/posts/{first.public_id}/hide/"]')
    axe_report.check(page, "hide a post")
    page.locator("#id_reason").fill(HIDE_REASON)
    _press(page, 'main form button[type="submit"]')
    first.refresh_from_db()
    assert first.hidden_at is not None and first.hidden_reason == HIDE_REASON
    _press(page, 'main form[action$="/lock/"] button[type="submit"]')
    thread.refresh_from_db()
    assert thread.locked_at is not None
    assert page.locator('main form[action$="/reply/"]').count() == 0
    axe_report.check(page, "locked thread as the coordinator")
    shot(page, "forum-thread-locked")

    # The reply sent after the lock is refused: the message takes the focus and the text is kept.
    with second_tab.expect_navigation() as refused:
        second_tab.locator('main form[action$="/reply/"] button[type="submit"]').click()
    assert refused.value.status == 422
    assert second_tab.evaluate("() => document.activeElement.matches('[data-error-summary]')")
    summary = second_tab.locator("[data-error-summary]")
    assert _in_slovenian("This thread is locked: it takes no new replies.") in summary.inner_text()
    assert second_tab.locator("main textarea[readonly]").input_value() == LATE_REPLY
    assert Post.objects.filter(thread=thread).count() == 2
    axe_report.check(second_tab, "reply refused: the thread is locked")
    shot(second_tab, "forum-reply-refused")

    # The unit's administrator reads the locked thread on a phone: the hidden post shows the reason only.
    second_tab.set_viewport_size(PHONE)
    second_tab.goto(f"/network/{network.public_id}/forum/threads/{thread.public_id}/")
    fits(second_tab)
    hidden = second_tab.locator(f"#post-{first.public_id}")
    assert HIDE_REASON in hidden.inner_text() and hidden.locator(".forum-post").count() == 0
    assert second_tab.locator('main form[action$="/reply/"]').count() == 0
    _no_script_in(second_tab, dialogs)
    axe_report.check(second_tab, "locked thread (390)")
    shot(second_tab, "forum-thread-locked-390")

    # The coordinator's forum, in Bulgarian.
    page.goto(f"/network/{network.public_id}/forum/")
    switch_language(page, "bg")
    assert page.locator("html").get_attribute("lang") == "bg"
    assert page.evaluate("() => location.pathname") == f"/network/{network.public_id}/forum/"
    axe_report.check(page, "forum in Bulgarian")
    shot(page, "forum-bg")
    assert not dialogs
    assert Thread.objects.get().post_count == 1  # the visible posts: the reply (the first one is hidden)
    axe_report.assert_clean()
