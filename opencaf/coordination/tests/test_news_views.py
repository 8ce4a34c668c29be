"""News pages of the coordinators and of the organisations' members: who may see which page, the form
(languages, prefilling from a campaign or an event, a stale save), publishing, and bounded queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.coordination.models import NewsAudience, NewsItem, NewsState
from opencaf.coordination.tests.event_factories import make_event
from opencaf.coordination.tests.factories import make_campaign
from opencaf.coordination.tests.news_builders import form_data, make_news, version
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import UserFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(world: World) -> User:
    """A plain member (viewer) of Alice's organisation, in Alice's network."""
    user = UserFactory(email="mia@example.org", full_name="Mia Member")
    add_member(world.alice_org, user, Role.VIEWER)
    return user


def _url(name: str, item: NewsItem | None = None, **kwargs: Any) -> str:
    if item is not None:
        kwargs = {"network_id": item.network.public_id, "news_id": item.public_id, **kwargs}
    return reverse(f"coordination:{name}", kwargs=kwargs)


def _org_url(name: str, organisation: Organisation, **kwargs: Any) -> str:
    return reverse(f"coordination:{name}", kwargs={"org_id": organisation.public_id, **kwargs})


# --- who may see what ------------------------------------------------------------------------------------


def test_coordinator_pages_permission_matrix(world: World, member: User) -> None:
    item = make_news(world.network, state=NewsState.DRAFT)
    pages = [
        _url("news", network_id=world.network.public_id),
        _url("news_new", network_id=world.network.public_id),
        _url("news_item", item),
        _url("news_edit", item),
    ]
    for url in pages:
        assert client_for(world.carol).get(url).status_code == 200, url
        # another network's coordinator, the organisation's admin, a member, another network's member
        for outsider in (world.dave, world.alice, member, world.bob, world.charlie):
            assert client_for(outsider).get(url).status_code == 404, url
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), url
    for name in ("news_publish", "news_unpublish"):
        for outsider in (world.dave, world.alice, member):
            assert client_for(outsider).post(_url(name, item)).status_code == 404
        assert client_for(None).post(_url(name, item)).status_code == 302
    assert client_for(world.dave).post(_url("news_edit", item), form_data()).status_code == 404
    assert (
        client_for(world.dave).post(_url("news_new", network_id=world.network.public_id), form_data()).status_code
        == 404
    )
    item.refresh_from_db()
    assert item.state == NewsState.DRAFT and NewsItem.objects.count() == 1


def test_an_item_of_another_network_is_not_found_through_this_one(world: World) -> None:
    theirs = make_news(world.other_network)
    url = reverse("coordination:news_item", kwargs={"network_id": world.network.public_id, "news_id": theirs.public_id})
    assert client_for(world.carol).get(url).status_code == 404
    publish = reverse(
        "coordination:news_unpublish", kwargs={"network_id": world.network.public_id, "news_id": theirs.public_id}
    )
    assert client_for(world.carol).post(publish).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == NewsState.PUBLISHED


def test_organisation_pages_permission_matrix(world: World, member: User) -> None:
    for_network = make_news(
        world.network, texts={"en": version("For members only", "Inside news.")}, audience="network"
    )
    public = make_news(world.network, texts={"en": version("For everyone", "Open news.")})
    draft = make_news(world.network, texts={"en": version("Still a draft", "Draft.")}, state=NewsState.DRAFT)
    theirs = make_news(world.other_network, texts={"en": version("Bob's network news", "Theirs.")})
    listing = _org_url("org_news", world.alice_org)
    for user in (world.alice, member):  # the organisation's admin and a plain member
        page = client_for(user).get(listing).content.decode()
        assert "For members only" in page and "For everyone" in page
        assert "Still a draft" not in page and "Bob's network news" not in page
        for item in (for_network, public):
            assert (
                client_for(user).get(_org_url("org_news_item", world.alice_org, news_id=item.public_id)).status_code
                == 200
            )
        for item in (draft, theirs):
            assert (
                client_for(user).get(_org_url("org_news_item", world.alice_org, news_id=item.public_id)).status_code
                == 404
            )
    # another network's member, this network's coordinator (uses the network's pages), the other coordinator
    for outsider in (world.bob, world.carol, world.dave, world.charlie):
        assert client_for(outsider).get(listing).status_code == 404
        assert (
            client_for(outsider).get(_org_url("org_news_item", world.alice_org, news_id=public.public_id)).status_code
            == 404
        )
    assert client_for(None).get(listing).status_code == 302
    bob_item = _org_url("org_news_item", world.bob_org, news_id=theirs.public_id)
    assert client_for(world.bob).get(bob_item).status_code == 200  # his own network's news, on his page
    assert (
        client_for(world.bob).get(_org_url("org_news_item", world.bob_org, news_id=for_network.public_id)).status_code
        == 404
    )


def test_an_organisation_outside_any_network_has_no_news(world: World) -> None:
    loner = Organisation.objects.create(name="Alone", org_type="municipality", country="SI", size_band="50-249")
    add_member(loner, world.charlie, Role.ORG_ADMIN)
    assert client_for(world.charlie).get(_org_url("org_news", loner)).status_code == 404


# --- the form ----------------------------------------------------------------------------------------


def test_coordinator_writes_publishes_and_withdraws_an_item(world: World) -> None:
    client = client_for(world.carol)
    response = client.post(_url("news_new", network_id=world.network.public_id), form_data())
    item = NewsItem.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("news_item", item)
    assert item.state == NewsState.DRAFT and set(item.texts) == {"en", "sl"}
    page = client.get(_url("news_item", item)).content.decode()
    assert "Publish for everyone" in page and "Dvodnevno usposabljanje marca" not in page  # shown: English
    page = client.get(_url("news_item", item) + "?language=sl").content.decode()
    assert 'lang="sl">Dvodnevno usposabljanje marca</h2>' in page
    assert 'aria-current="page" href="?language=sl"' in page
    client.post(_url("news_publish", item))
    item.refresh_from_db()
    assert item.state == NewsState.PUBLISHED and item.published_at is not None
    page = client.get(_url("news_item", item)).content.decode()
    assert reverse("coordination:public_news_item", args=[world.network.public_id, item.public_id]) in page
    client.post(_url("news_unpublish", item))
    item.refresh_from_db()
    assert item.state == NewsState.DRAFT
    again = client.post(_url("news_unpublish", item), follow=True).content.decode()
    assert "not published" in again


def test_a_body_without_a_title_is_refused_at_that_field(world: World) -> None:
    client = client_for(world.carol)
    texts = {"en": version("Fine", "Fine."), "bg": version("", "Текст без заглавие.")}
    response = client.post(_url("news_new", network_id=world.network.public_id), form_data(texts))
    page = response.content.decode()
    assert response.status_code == 422 and not NewsItem.objects.exists()
    assert "data-error-summary" in page
    assert 'href="#id_title_bg"' in page  # the summary links to the field
    assert re.search(r'<input[^>]*name="title_bg"[^>]*aria-describedby="id_title_bg-errors"', page)
    assert 'id="id_title_bg-errors"' in page and "a title, or clear" in page
    assert "Текст без заглавие." in page  # what was typed stays
    nothing = client.post(_url("news_new", network_id=world.network.public_id), form_data({}))
    assert nothing.status_code == 422 and "at least one language" in nothing.content.decode()


def test_the_form_groups_the_fields_by_language(world: World) -> None:
    page = client_for(world.carol).get(_url("news_new", network_id=world.network.public_id)).content.decode()
    legends = re.findall(r"<legend[^>]*>(.*?)</legend>", page, re.S)
    assert [re.sub(r"<[^>]+>|\s+", " ", legend).split()[0] for legend in legends[:3]] == [
        "Slovenian",
        "Bulgarian",
        "English",
    ]
    assert re.search(r'<textarea[^>]*name="body_sl"[^>]*lang="sl"|<textarea[^>]*lang="sl"[^>]*name="body_sl"', page)
    assert 'type="radio" name="audience"' in page


def test_the_form_is_prefilled_from_a_campaign_or_an_event(world: World) -> None:
    campaign = make_campaign(world.network, title="Invitation to CAF 2027")
    event = make_event(world.network, title="Introduction to CAF", description="What CAF asks of you.")
    client = client_for(world.carol)
    new = _url("news_new", network_id=world.network.public_id)
    page = client.get(f"{new}?campaign={campaign.public_id}").content.decode()
    # The network writes Slovenian: the suggestion goes in the Slovenian fields, the campaign is kept.
    assert re.search(r'name="title_sl"[^>]*value="Invitation to CAF 2027"', page)
    assert re.search(rf'<option value="{campaign.public_id}" selected>', page)
    assert "predstavnika" in page or "representative" in page  # the suggested summary
    page = client.get(f"{new}?event={event.public_id}").content.decode()
    assert re.search(r'name="title_sl"[^>]*value="Introduction to CAF"', page)
    assert "What CAF asks of you." in page
    assert re.search(rf'<option value="{event.public_id}" selected>', page)
    # Another network's campaign or event, or a malformed id, is not found: nothing of theirs shows.
    theirs = make_campaign(world.other_network, title="Bob Secret Campaign")
    their_event = make_event(world.other_network, title="Bob Secret Event")
    for query in (f"campaign={theirs.public_id}", f"event={their_event.public_id}", "event=not-an-id"):
        response = client.get(f"{new}?{query}")
        assert response.status_code == 404 and "Bob Secret" not in response.content.decode()
    # ... nor can it be linked by posting its id.
    response = client.post(new, form_data(campaign=str(theirs.public_id)))
    assert response.status_code == 422 and not NewsItem.objects.exists()
    response = client.post(new, form_data(campaign=str(campaign.public_id)))
    assert response.status_code == 302 and NewsItem.objects.get().campaign == campaign


def test_a_stale_save_keeps_the_text_and_shows_the_saved_version(world: World) -> None:
    item = make_news(world.network, state=NewsState.DRAFT)
    client = client_for(world.carol)
    opened = item.updated_at.isoformat()
    first = form_data({"en": version("Carol's edit", "Carol's text.")}, version=opened)
    assert client.post(_url("news_edit", item), first).status_code == 302
    second = form_data({"en": version("Stale edit", "My stale text.")}, version=opened)
    response = client.post(_url("news_edit", item), second)
    page = response.content.decode()
    assert response.status_code == 422 and "Someone else changed this news item" in page
    assert "My stale text." in page and "Carol&#x27;s text." in page  # both: the typed and the saved
    item.refresh_from_db()
    assert item.texts["en"]["title"] == "Carol's edit"
    fresh = re.search(r'name="version" value="([^"]+)"', page)
    assert fresh is not None and fresh.group(1) == item.updated_at.isoformat()
    # Saving again, knowingly, replaces it.
    assert client.post(_url("news_edit", item), {**second, "version": fresh.group(1)}).status_code == 302
    item.refresh_from_db()
    assert item.texts["en"]["title"] == "Stale edit"


def test_the_text_is_shown_as_plain_text_with_paragraphs_and_links(world: World, member: User) -> None:
    body = "<script>alert(1)</script> <b>bold</b>\n\nSee https://example.org/caf for more."
    item = make_news(world.network, texts={"en": version("Plain", body)}, audience=NewsAudience.NETWORK)
    for page in (
        client_for(world.carol).get(_url("news_item", item)).content.decode(),
        client_for(member).get(_org_url("org_news_item", world.alice_org, news_id=item.public_id)).content.decode(),
    ):
        assert "<script>alert(1)</script>" not in page and "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert '<a href="https://example.org/caf" rel="nofollow">https://example.org/caf</a>' in page
        assert re.search(r"<p>See <a", page)


def test_the_organisation_page_announces_the_event_with_a_way_to_register(world: World, member: User) -> None:
    event = make_event(world.network, title="Two-day SAG training")
    item = make_news(world.network, event=event)
    page = client_for(member).get(_org_url("org_news_item", world.alice_org, news_id=item.public_id)).content.decode()
    assert "Two-day SAG training" in page
    assert f'<a href="{_org_url("org_events", world.alice_org)}">Register on the Events page</a>' in page
    event.state = "cancelled"
    event.save()
    page = client_for(member).get(_org_url("org_news_item", world.alice_org, news_id=item.public_id)).content.decode()
    assert "This event has been cancelled." in page and "Register on the Events page" not in page


# --- queries -------------------------------------------------------------------------------------------


def _items(world: World, count: int, start: int = 0, **fields: Any) -> None:
    for number in range(start, start + count):
        make_news(world.network, texts={"en": version(f"Item {number}", "Text " * 50)}, **fields)


def test_the_coordinators_list_queries_do_not_grow(world: World, django_assert_max_num_queries: Any) -> None:
    client = client_for(world.carol)
    url = _url("news", network_id=world.network.public_id)
    _items(world, 3)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    _items(world, 30, start=3, state=NewsState.DRAFT)
    with django_assert_max_num_queries(10) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count("Item ") == 33 and "Draft" in page


def test_the_organisations_list_queries_do_not_grow(world: World, django_assert_max_num_queries: Any) -> None:
    client = client_for(world.alice)
    url = _org_url("org_news", world.alice_org)
    _items(world, 3)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    _items(world, 25, start=3, audience=NewsAudience.NETWORK)
    with django_assert_max_num_queries(12) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count('class="news-item') == 20 and "Page 1 of 2" in page


def test_the_list_says_state_audience_and_languages(world: World) -> None:
    make_news(world.network, texts={"sl": version("Slovenska novica", "Besedilo."), "bg": version("Новина", "Текст.")})
    make_news(
        world.network,
        texts={"en": version("An English draft", "Text.")},
        state=NewsState.DRAFT,
        audience=NewsAudience.NETWORK,
        created_at=timezone.now(),
    )
    page = client_for(world.carol).get(_url("news", network_id=world.network.public_id)).content.decode()
    assert page.index("An English draft") < page.index("Slovenska novica")  # newest first
    assert '<span lang="sl">Slovenščina</span>, <span lang="bg">Български</span>' in page
    assert "Organisations of the network" in page and "Everyone (public)" in page


def test_campaign_and_event_pages_offer_to_announce_them(world: World) -> None:
    campaign = make_campaign(world.network)
    event = make_event(world.network)
    client = client_for(world.carol)
    new = _url("news_new", network_id=world.network.public_id)
    page = client.get(reverse("coordination:campaign", args=[world.network.public_id, campaign.public_id]))
    assert f'href="{new}?campaign={campaign.public_id}"' in page.content.decode()
    page = client.get(reverse("coordination:event", args=[world.network.public_id, event.public_id]))
    assert f'href="{new}?event={event.public_id}"' in page.content.decode()
