"""Composing a newsletter: the texts per language and the news items, the preview and the test send,
the confirmation before sending, and who may see which page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.coordination import newsletter_rendering as rendering
from opencaf.coordination.models import Newsletter
from opencaf.coordination.services import newsletters as services
from opencaf.coordination.services.newsletters import NewsletterData
from opencaf.coordination.tests.newsletter_factories import (
    TEXTS,
    committed,
    make_newsletter,
    news_item,
    subscribe,
)
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member

pytestmark = pytest.mark.django_db

CODES = [code for code, _name in settings.LANGUAGES]


def _url(name: str, newsletter: Newsletter) -> str:
    return reverse(f"coordination:{name}", args=[newsletter.network.public_id, newsletter.public_id])


def _data(
    texts: dict[str, dict[str, str]] | None = None, items: list[Any] | None = None, **extra: Any
) -> NewsletterData:
    return NewsletterData(
        issue_date=extra.get("issue_date", date(2026, 12, 15)),
        texts=texts if texts is not None else TEXTS,
        news_items=items or [],
    )


def _form(texts: dict[str, dict[str, str]], items: list[Any] = (), month: str = "2026-12") -> dict[str, Any]:  # type: ignore[assignment]
    data: dict[str, Any] = {"issue_date": month, "news_items": [str(item.public_id) for item in items]}
    for code, version in texts.items():
        for part, text in version.items():
            data[f"{part}_{code}"] = text
    return data


@pytest.fixture
def member(world: World) -> User:
    user = UserFactory(email="mia@example.org")
    add_member(world.alice_org, user, Role.VIEWER)
    return user


# --- the language a reader gets (pure) ---------------------------------------------------------------


@given(
    wanted=st.sampled_from([*CODES, "de"]),
    default=st.sampled_from(CODES),
    complete=st.lists(st.sampled_from(CODES), unique=True),
)
def test_the_version_a_reader_gets(wanted: str, default: str, complete: list[str]) -> None:
    chosen = rendering.language_for(wanted, complete, default)
    if not complete:
        assert chosen == ""
    elif wanted in complete:
        assert chosen == wanted
    elif default in complete:
        assert chosen == default
    else:
        assert chosen == complete[0]


TEXT = st.sampled_from(["", " ", "\n", "Text"])


@given(st.dictionaries(st.sampled_from(CODES), st.fixed_dictionaries(dict.fromkeys(rendering.PARTS, TEXT))))
def test_a_version_is_complete_with_its_subject_and_introduction(texts: dict[str, dict[str, str]]) -> None:
    complete = rendering.complete_languages(texts)
    assert complete == [code for code in CODES if code in complete]  # in the site's order
    for code, version in texts.items():
        assert (code in complete) == bool(version["subject"].strip() and version["introduction"].strip())


# --- composing ----------------------------------------------------------------------------------------


def test_coordinator_drafts_and_changes_a_newsletter(world: World) -> None:
    item = news_item(world.network)
    newsletter = services.create_newsletter(actor=world.carol, network=world.network, data=_data(items=[item]))
    assert newsletter.state == "draft" and newsletter.issue_date == date(2026, 12, 1)
    assert list(newsletter.news_items.all()) == [item]
    assert rendering.complete_languages(newsletter.texts) == ["sl", "en"]  # in the site's order
    texts = {**TEXTS, "bg": {"subject": "Новини", "introduction": "Уважаеми читатели", "closing": ""}}
    services.update_newsletter(actor=world.carol, newsletter=newsletter, data=_data(texts, issue_date=date(2027, 1, 3)))
    newsletter.refresh_from_db()
    assert newsletter.issue_date == date(2027, 1, 1) and not newsletter.news_items.exists()
    changed = AuditEvent.objects.get(action="coordination.newsletter_changed")
    assert changed.changes["newsletter_languages"] == {"before": ["sl", "en"], "after": ["sl", "bg", "en"]}
    assert changed.changes["newsletter_texts"] == ["bg"]
    assert changed.changes["issue_date"] == {"before": "2026-12-01", "after": "2027-01-01"}
    assert changed.changes["newsletter_items"]["before"] == [str(item)]
    assert AuditEvent.objects.filter(action="coordination.newsletter_created", network=world.network).exists()


@pytest.mark.parametrize(
    ("texts", "field"),
    [
        ({"en": {"subject": "Only a subject", "introduction": "", "closing": ""}}, "introduction_en"),
        ({**TEXTS, "sl": {"subject": "", "introduction": "", "closing": "Lep pozdrav"}}, "subject_sl"),
        ({"en": {"subject": "", "introduction": "", "closing": ""}}, "__all__"),
        ({"en": {"subject": "x" * 201, "introduction": "Hello", "closing": ""}}, "subject_en"),
    ],
)
def test_a_language_begun_but_not_complete_is_refused_at_its_field(
    world: World, texts: dict[str, dict[str, str]], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_newsletter(actor=world.carol, network=world.network, data=_data(texts))
    assert field in error.value.message_dict
    assert not Newsletter.objects.exists()


def test_only_published_news_of_the_network_can_be_chosen(world: World) -> None:
    for wrong in (news_item(world.other_network), news_item(world.network, state="draft")):
        with pytest.raises(ValidationError) as error:
            services.create_newsletter(actor=world.carol, network=world.network, data=_data(items=[wrong]))
        assert "news_items" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.create_newsletter(actor=world.carol, network=world.network, data=_data(issue_date=None))


def test_only_the_networks_coordinator_composes_and_a_sent_issue_stays(world: World) -> None:
    newsletter = make_newsletter(world.network)
    for outsider in (world.dave, world.alice):
        with pytest.raises(PermissionDenied):
            services.create_newsletter(actor=outsider, network=world.network, data=_data())
        with pytest.raises(PermissionDenied):
            services.update_newsletter(actor=outsider, newsletter=newsletter, data=_data())
    sent = make_newsletter(world.network, state="sent")
    with pytest.raises(ValidationError, match="can no longer change"):
        services.update_newsletter(actor=world.carol, newsletter=sent, data=_data())


def test_the_form_saves_and_shows_errors_beside_their_fields(world: World) -> None:
    item = news_item(world.network, {"en": "Training in March"})
    news_item(world.other_network, {"en": "Someone else's news"})
    client = client_for(world.carol)
    url = reverse("coordination:newsletter_new", args=[world.network.public_id])
    page = client.get(url).content.decode()
    assert "Training in March" in page and "Someone else" not in page
    assert 'type="month"' in page and 'lang="sl"' in page
    bad = _form({"en": {"subject": "Hello"}})
    response = client.post(url, bad)
    page = response.content.decode()
    assert response.status_code == 422 and "data-error-summary" in page
    assert 'href="#id_introduction_en"' in page and 'aria-describedby="id_introduction_en-errors' in page
    assert not Newsletter.objects.exists()
    response = client.post(url, _form(TEXTS, [item]))
    newsletter = Newsletter.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("newsletter", newsletter)
    assert newsletter.texts["sl"]["subject"] == TEXTS["sl"]["subject"] and list(newsletter.news_items.all()) == [item]
    edit = client.get(_url("newsletter_edit", newsletter)).content.decode()
    assert TEXTS["en"]["subject"] in edit and 'value="2026-12"' in edit and "checked" in edit
    Newsletter.objects.filter(pk=newsletter.pk).update(state="sent")
    assert client.get(_url("newsletter_edit", newsletter)).status_code == 302


# --- preview, test, confirmation ---------------------------------------------------------------------


def test_the_preview_shows_each_language_as_subscribers_get_it(world: World) -> None:
    item = news_item(world.network, {"en": "Training in March", "sl": "Usposabljanje marca"})
    newsletter = make_newsletter(world.network, items=[item])
    client = client_for(world.carol)
    page = client.get(_url("newsletter_preview", newsletter), {"language": "sl"}).content.decode()
    assert 'lang="sl"' in page and TEXTS["sl"]["subject"] in page and "Usposabljanje marca" in page
    assert "leto se končuje" in page and "Training in March" not in page
    issue = services.rendered(newsletter, "sl")
    assert issue.subject in page
    english = client.get(_url("newsletter_preview", newsletter), {"language": "en"}).content.decode()
    assert "Training in March" in english and "the year ends" in english
    unknown = client.get(_url("newsletter_preview", newsletter), {"language": "bg"}).content.decode()
    assert TEXTS["en"]["subject"] in unknown  # not written in Bulgarian: the coordinator's language


def test_a_test_goes_to_the_coordinator_only(world: World, mailoutbox: list[Any]) -> None:
    newsletter = make_newsletter(world.network)
    subscribe(world.network, "reader@example.org")
    client = client_for(world.carol)
    response = committed(lambda: client.post(_url("newsletter_test_send", newsletter), {"language": "sl"}))
    assert response.status_code == 302
    [message] = mailoutbox
    assert message.to == [world.carol.email] and message.subject == f"[Test] {TEXTS['sl']['subject']}"
    assert "leto se končuje" in message.body and "/newsletter/unsubscribe/" not in message.body
    assert AuditEvent.objects.get(action="coordination.newsletter_test_sent").changes == {"newsletter_language": "sl"}
    refused = client.post(_url("newsletter_test_send", newsletter), {"language": "bg"}, follow=True)
    assert "Choose a language version" in refused.content.decode() and len(mailoutbox) == 1
    newsletter.refresh_from_db()
    assert newsletter.state == "draft"


def test_sending_asks_first_with_the_numbers(world: World, mailoutbox: list[Any]) -> None:
    newsletter = make_newsletter(world.network)
    subscribe(world.network, "ana@example.org", "sl")
    subscribe(world.network, "bob@example.org", "bg")
    subscribe(world.network, "ben@example.org", "en")
    client = client_for(world.carol)
    detail = client.get(_url("newsletter", newsletter)).content.decode()
    assert _url("newsletter_send", newsletter) in detail and "Who will receive it" in detail
    confirm = client.get(_url("newsletter_send", newsletter)).content.decode()
    assert "Send to 3 subscribers" in confirm and "Slovenian: 2 subscribers" in confirm
    assert newsletter.deliveries.count() == 0 and mailoutbox == []
    response = committed(lambda: client.post(_url("newsletter_send", newsletter), follow=True))
    assert "being sent to 3 subscribers" in response.content.decode()
    assert len(mailoutbox) == 3
    again = client.get(_url("newsletter_send", newsletter))
    assert again.status_code == 302


def test_nothing_to_send_to_is_said_plainly(world: World) -> None:
    newsletter = make_newsletter(world.network)
    client = client_for(world.carol)
    assert "nobody would receive it" in client.get(_url("newsletter_send", newsletter)).content.decode()
    response = client.post(_url("newsletter_send", newsletter), follow=True)
    assert "nobody would receive it" in response.content.decode()
    newsletter.refresh_from_db()
    assert newsletter.state == "draft"


# --- who sees what ---------------------------------------------------------------------------------------


def test_every_coordinator_page_is_for_the_networks_coordinators_only(world: World, member: User) -> None:
    newsletter = make_newsletter(world.network)
    sending = make_newsletter(world.network, state="sending", sending_started_at=timezone.now())
    gets = [
        reverse("coordination:newsletters", args=[world.network.public_id]),
        reverse("coordination:newsletter_new", args=[world.network.public_id]),
        _url("newsletter", newsletter),
        _url("newsletter", sending),
        _url("newsletter_edit", newsletter),
        _url("newsletter_preview", newsletter),
        _url("newsletter_send", newsletter),
        _url("newsletter_progress", sending),
    ]
    for url in gets:
        assert client_for(world.carol).get(url).status_code == 200, url
        for outsider in (world.dave, world.alice, member, world.bob):
            assert client_for(outsider).get(url).status_code == 404, url
        assert client_for(None).get(url).status_code == 302, url
    subscribe(world.network, "reader@example.org")
    posts = [
        _url("newsletter_send", newsletter),
        _url("newsletter_test_send", newsletter),
        _url("newsletter_retry", sending),
    ]
    for url in posts:
        for outsider in (world.dave, world.alice, member):
            assert client_for(outsider).post(url, {"language": "en"}).status_code == 404, url
        assert client_for(None).post(url).status_code == 302, url
    other = make_newsletter(world.other_network)
    assert client_for(world.carol).get(_url("newsletter", other)).status_code == 404
    newsletter.refresh_from_db()
    assert (
        newsletter.state == "draft"
        and not AuditEvent.objects.filter(action__startswith="coordination.newsletter").exists()
    )


def test_the_list_and_detail_run_a_bounded_number_of_queries(world: World, django_assert_max_num_queries: Any) -> None:
    items = [news_item(world.network, {"en": f"News {n}"}, days_ago=n) for n in range(1, 6)]
    for month in range(1, 13):
        newsletter = make_newsletter(world.network, issue_date=date(2025, month, 1), items=items, state="sent")
    for n in range(30):
        reader = subscribe(world.network, f"r{n}@example.org")
        newsletter.deliveries.create(
            subscriber=reader, language="en", status="failed" if n % 3 else "sent", error="550"
        )
    client = client_for(world.carol)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("coordination:newsletters", args=[world.network.public_id]))
    assert page.content.decode().count("/newsletters/") >= 12
    assert "20</td>" in page.content.decode()  # the failed deliveries of the last issue
    with django_assert_max_num_queries(14):
        detail = client.get(_url("newsletter", newsletter)).content.decode()
    assert detail.count("r1") >= 1 and "News 5" in detail
    draft = make_newsletter(world.network, items=items)
    with django_assert_max_num_queries(14):
        assert client.get(_url("newsletter", draft)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("coordination:newsletter_new", args=[world.network.public_id])).status_code == 200
