"""The public archive of a network's newsletter: sent issues only, newest first, each in the visitor's
language when written (else the network's, else any), with links to the public news and to subscribe."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.coordination.selectors.newsletters import ARCHIVE_PAGE_SIZE
from opencaf.coordination.tests.newsletter_factories import TEXTS, make_newsletter, news_item

pytestmark = pytest.mark.django_db


def _archive(world: World) -> str:
    return reverse("coordination:newsletter_archive", args=[world.network.public_id])


def _issue(newsletter: Any) -> str:
    return reverse("coordination:newsletter_archived", args=[newsletter.network.public_id, newsletter.public_id])


def _visitor(language: str) -> Client:
    return Client(headers={"accept-language": language})


def test_only_sent_issues_are_in_the_archive_newest_first(world: World) -> None:
    older = make_newsletter(world.network, issue_date=date(2026, 10, 1), state="sent", sent_at=timezone.now())
    newer = make_newsletter(world.network, issue_date=date(2026, 11, 1), state="sent", sent_at=timezone.now())
    draft = make_newsletter(world.network, issue_date=date(2026, 12, 1))
    sending = make_newsletter(world.network, issue_date=date(2027, 1, 1), state="sending")
    elsewhere = make_newsletter(world.other_network, state="sent", sent_at=timezone.now())
    page = _visitor("en").get(_archive(world)).content.decode()
    assert page.index(_issue(newer)) < page.index(_issue(older))
    for hidden in (draft, sending, elsewhere):
        assert _issue(hidden) not in page
    for hidden in (draft, sending):
        assert Client().get(_issue(hidden)).status_code == 404
    assert Client().get(_issue(newer)).status_code == 200
    assert reverse("coordination:subscribe", args=[world.network.public_id]) in page
    wrong_network = reverse("coordination:newsletter_archived", args=[world.other_network.public_id, newer.public_id])
    assert Client().get(wrong_network).status_code == 404


def test_an_issue_reads_in_the_visitors_language_with_a_fallback(world: World) -> None:
    item = news_item(world.network, {"en": "Training in March", "sl": "Usposabljanje marca"})
    internal = news_item(world.network, {"sl": "Samo za člane"}, audience="network", days_ago=2)
    newsletter = make_newsletter(world.network, items=[item, internal], state="sent", sent_at=timezone.now())
    english = _visitor("en").get(_issue(newsletter)).content.decode()
    assert TEXTS["en"]["subject"] in english and "Training in March" in english
    public = reverse("coordination:public_news_item", args=[world.network.public_id, item.public_id])
    assert f'href="{public}"' in english
    assert '<h2 class="h4" id="item-2" lang="sl">Samo za člane</h2>' in english  # no link, its own language
    assert reverse("coordination:subscribe", args=[world.network.public_id]) in english
    assert 'href="?language=sl"' in english
    # Bulgarian is not written: the network's language (Slovenian).
    bulgarian = _visitor("bg").get(_issue(newsletter)).content.decode()
    assert TEXTS["sl"]["subject"] in bulgarian and 'lang="sl"' in bulgarian and "Usposabljanje marca" in bulgarian
    chosen = _visitor("bg").get(_issue(newsletter), {"language": "en"}).content.decode()
    assert TEXTS["en"]["subject"] in chosen


def test_the_archive_is_public_and_paginated(world: World, django_assert_max_num_queries: Any) -> None:
    for month in range(1, ARCHIVE_PAGE_SIZE + 3):
        year, number = 2024 + (month - 1) // 12, (month - 1) % 12 + 1
        make_newsletter(world.network, issue_date=date(year, number, 1), state="sent", sent_at=timezone.now())
    for user in (None, world.alice, world.dave, world.carol):
        assert client_for(user).get(_archive(world)).status_code == 200
    with django_assert_max_num_queries(6):
        first = _visitor("en").get(_archive(world)).content.decode()
    assert first.count("/newsletter/") - first.count("/newsletter/subscribe/") >= ARCHIVE_PAGE_SIZE
    assert "?page=2" in first
    second = _visitor("en").get(_archive(world), {"page": 2}).content.decode()
    assert "January 2024" in second and "January 2024" not in first
    assert (
        Client()
        .get(reverse("coordination:newsletter_archive", args=["4b7e9d0c-0000-4000-8000-000000000000"]))
        .status_code
        == 404
    )
