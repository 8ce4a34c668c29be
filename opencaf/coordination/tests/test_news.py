"""News items, the services: writing in several languages (and what is refused), editing with the
version check, publishing and withdrawing, every change audited with what changed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import describe_changes
from opencaf.coordination.models import NewsAudience, NewsItem, NewsState
from opencaf.coordination.services import news as services
from opencaf.coordination.tests.event_factories import make_event
from opencaf.coordination.tests.factories import make_campaign
from opencaf.coordination.tests.news_builders import TEXTS, make_news, news_data, version
from opencaf.coordination.texts import languages_of
from opencaf.organisations.models import Network

pytestmark = pytest.mark.django_db


def _events(item: NewsItem) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(item.public_id)).order_by("id"))


# --- writing -----------------------------------------------------------------------------------------


def test_coordinator_writes_a_draft_in_two_languages(world: World) -> None:
    campaign = make_campaign(world.network)
    texts = {
        "sl": version("  Vabilo  k   CAF ", "Prvi odstavek.\r\n\r\nDrugi odstavek.   \r\n", " Kratko. "),
        "en": version("Invitation to CAF", "First paragraph."),
        "bg": version("", "", ""),  # left empty: not a version
    }
    item = services.create_news(
        actor=world.carol, network=world.network, data=news_data(texts=texts, campaign=campaign)
    )
    item.refresh_from_db()
    assert item.state == NewsState.DRAFT and item.published_at is None and item.created_by == world.carol
    assert item.texts == {
        "sl": {"title": "Vabilo k CAF", "summary": "Kratko.", "body": "Prvi odstavek.\n\nDrugi odstavek."},
        "en": {"title": "Invitation to CAF", "summary": "", "body": "First paragraph."},
    }
    assert item.campaign == campaign
    [event] = _events(item)
    assert event.action == "coordination.news_created" and event.network == world.network
    assert event.changes["news_languages"] == ["sl", "en"]
    assert event.changes["news_campaign"] == campaign.title
    assert event.changes["news_audience"] == "public"


@pytest.mark.parametrize(
    ("texts", "field", "message"),
    [
        ({"sl": version("", "Only a text.")}, "title_sl", "a title"),
        ({"sl": version("", "", "Only a summary.")}, "title_sl", "a title"),
        ({"en": version("Only a title", "")}, "body_en", "Write the text"),
        ({"en": version("Fine", "Fine."), "bg": version("", "Без заглавие.")}, "title_bg", "a title"),
        ({}, "title_sl", "at least one language"),  # the network's language (sl) gets the message
        ({"en": version("", "", ""), "sl": version("  ", "\n\n", " ")}, "title_sl", "at least one language"),
        ({"en": version("x" * 201, "Text.")}, "title_en", "200 characters"),
        ({"en": version("Title", "Text.", "s" * 401)}, "summary_en", "400 characters"),
        ({"de": version("Titel", "Text.")}, NON_FIELD_ERRORS, "Unknown language"),
    ],
)
def test_half_written_languages_are_refused_at_their_field(
    world: World, texts: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_news(actor=world.carol, network=world.network, data=news_data(texts=texts))
    assert field in error.value.message_dict
    assert any(message in text for text in error.value.message_dict[field])
    assert (
        not NewsItem.objects.exists() and not AuditEvent.objects.filter(action__startswith="coordination.news").exists()
    )


def test_audience_and_links_must_belong_to_the_network(world: World) -> None:
    other_campaign = make_campaign(world.other_network)
    other_event = make_event(world.other_network)
    data = news_data(audience="everyone", campaign=other_campaign, event=other_event)
    with pytest.raises(ValidationError) as error:
        services.create_news(actor=world.carol, network=world.network, data=data)
    assert {"audience", "campaign", "event"} <= set(error.value.message_dict)
    assert not NewsItem.objects.exists()


def test_only_the_networks_coordinators_write_news(world: World) -> None:
    item = make_news(world.network, state=NewsState.DRAFT)
    for outsider in (world.dave, world.alice, world.bob, world.charlie):
        with pytest.raises(PermissionDenied):
            services.create_news(actor=outsider, network=world.network, data=news_data())
        with pytest.raises(PermissionDenied):
            services.update_news(actor=outsider, item=item, data=news_data(texts={"en": version("Mine", "Mine.")}))
        with pytest.raises(PermissionDenied):
            services.publish_news(actor=outsider, item=item)
        with pytest.raises(PermissionDenied):
            services.unpublish_news(actor=outsider, item=item)
    item.refresh_from_db()
    assert item.state == NewsState.DRAFT and item.texts == TEXTS and not _events(item)


# --- editing -----------------------------------------------------------------------------------------


def test_editing_records_what_changed(world: World) -> None:
    item = make_news(world.network, state=NewsState.DRAFT)
    event = make_event(world.network, title="SAG training")
    before = item.updated_at
    texts = {"en": {**TEXTS["en"], "body": "A corrected text."}, "bg": version("Обучение", "Текст.")}
    services.update_news(
        actor=world.carol,
        item=item,
        data=news_data(texts=texts, audience=NewsAudience.NETWORK, event=event),
        expected_updated_at=before,
    )
    item.refresh_from_db()
    assert item.texts["bg"]["title"] == "Обучение" and "sl" not in item.texts
    assert item.audience == NewsAudience.NETWORK and item.event == event and item.updated_at > before
    [changed] = _events(item)
    assert changed.action == "coordination.news_changed"
    assert changed.changes == {
        "news_texts": ["sl:title", "sl:summary", "sl:body", "bg:title", "bg:body", "en:body"],
        "news_languages": {"before": ["sl", "en"], "after": ["bg", "en"]},
        "news_audience": {"before": "public", "after": "network"},
        "news_event": {"before": "", "after": "SAG training"},
    }
    with translation.override("en"):
        line = describe_changes(changed.action, changed.changes)
    assert "Texts changed: Slovenščina – Title" in line and "English – Text" in line
    assert "For whom: Everyone (public) → Organisations of the network" in line
    assert "Languages written: Slovenščina, English → Български, English" in line


def test_saving_the_same_texts_changes_nothing(world: World) -> None:
    item = make_news(world.network, state=NewsState.DRAFT)
    before = item.updated_at
    services.update_news(actor=world.carol, item=item, data=news_data(), expected_updated_at=before)
    item.refresh_from_db()
    assert item.updated_at == before and not _events(item)


def test_a_save_over_a_newer_change_is_refused(world: World) -> None:
    item = make_news(world.network, state=NewsState.DRAFT)
    opened = item.updated_at
    services.update_news(actor=world.carol, item=item, data=news_data(texts={"en": version("First", "First.")}))
    with pytest.raises(services.StaleNewsError):
        services.update_news(
            actor=world.carol,
            item=item,
            data=news_data(texts={"en": version("Second", "Second.")}),
            expected_updated_at=opened,
        )
    item.refresh_from_db()
    assert item.texts == {"en": {"title": "First", "summary": "", "body": "First."}}
    assert len(_events(item)) == 1


# --- publishing ----------------------------------------------------------------------------------------


def test_publishing_keeps_the_first_publication_date(world: World) -> None:
    item = services.create_news(actor=world.carol, network=world.network, data=news_data())
    services.publish_news(actor=world.carol, item=item)
    item.refresh_from_db()
    first = item.published_at
    assert item.state == NewsState.PUBLISHED and first is not None
    with pytest.raises(ValidationError, match="already published"):
        services.publish_news(actor=world.carol, item=item)

    services.unpublish_news(actor=world.carol, item=item)
    item.refresh_from_db()
    assert item.state == NewsState.DRAFT and item.published_at == first
    with pytest.raises(ValidationError, match="not published"):
        services.unpublish_news(actor=world.carol, item=item)

    NewsItem.objects.filter(pk=item.pk).update(published_at=first - timedelta(days=3))
    services.update_news(actor=world.carol, item=item, data=news_data(texts={"en": version("Corrected", "Text.")}))
    services.publish_news(actor=world.carol, item=item)
    item.refresh_from_db()
    assert item.published_at == first - timedelta(days=3)  # not today: it is not new news
    assert item.updated_at > item.published_at  # the correction shows as an update

    actions = [(e.action, e.changes) for e in _events(item)]
    assert actions[0][0] == "coordination.news_created"
    published = [changes for action, changes in actions if action == "coordination.news_published"]
    assert published == [
        {"news_audience": "public", "news_languages": ["sl", "en"], "news_republished": False},
        {"news_audience": "public", "news_languages": ["en"], "news_republished": True},
    ]
    assert [a for a, _c in actions].count("coordination.news_unpublished") == 1


def test_an_item_without_any_version_cannot_be_published(world: World) -> None:
    item = make_news(world.network, texts={}, state=NewsState.DRAFT)
    with pytest.raises(ValidationError, match="at least one language"):
        services.publish_news(actor=world.carol, item=item)
    item.refresh_from_db()
    assert item.state == NewsState.DRAFT and item.published_at is None


# --- the language rules, for any input -------------------------------------------------------------------

CODES = [code for code, _name in settings.LANGUAGES]
PIECE = st.sampled_from(["", "  ", "\n\n", "Naslov", "Ab\r\ncd", "x" * 5])
VERSION = st.fixed_dictionaries({"title": PIECE, "summary": PIECE, "body": PIECE})
TEXT_SETS = st.dictionaries(st.sampled_from(CODES), VERSION, max_size=len(CODES))


@given(texts=TEXT_SETS)
def test_the_language_rules_hold_for_any_input(texts: dict[str, dict[str, str]]) -> None:
    network = Network(name="N", country="SI", default_language="sl")
    try:
        cleaned = services.clean_texts(texts, network)
    except ValidationError as error:
        # Refused: every message sits at a field of a language that was given, or at the network's
        # title when nothing at all was written.
        fields = set(error.message_dict)
        allowed = {f"{part}_{code}" for code in texts for part in ("title", "body")} | {"title_sl"}
        assert fields and fields <= allowed
        assert any(any(str(v).strip() for v in version.values()) for version in texts.values()) or fields == {
            "title_sl"
        }
        return
    # Accepted: each version kept is complete and tidy, in the site's order, and nothing written is lost.
    assert cleaned and list(cleaned) == [code for code in CODES if code in cleaned] == languages_of(cleaned)
    for kept in cleaned.values():
        assert kept["title"] and kept["body"] and "\r" not in kept["body"]
        assert kept["title"] == " ".join(kept["title"].split())
    written = {code for code, version in texts.items() if any(str(v).strip() for v in version.values())}
    assert set(cleaned) == written


def test_a_network_in_a_language_the_site_lacks_still_gets_a_message() -> None:
    network = Network(name="N", country="SI", default_language="de")
    with pytest.raises(ValidationError) as error:
        services.clean_texts({}, network)
    assert list(error.value.message_dict) == [f"title_{CODES[0]}"]
