"""The public page of a practice published for everyone, and stored-XSS payloads in every text a
practice keeps: every page that shows them prints them as inert text."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from conftest import World, client_for
from opencaf.community.models import GoodPractice, PracticeState, PracticeText
from opencaf.community.tests.practice_factories import attach, make_practice, neighbour, text

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</textarea><script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "{{ request.user.email }}{% now 'Y' %}",
]
PARTS = ("title", "problem", "actions", "results", "resources")


@pytest.fixture(autouse=True)
def _framework(caf_framework: Any) -> None:
    """Practices are filed under the CAF 2020 subcriteria."""


def _hostile_practice(world: World, payload: str) -> GoodPractice:
    """A practice with the payload in every text it keeps: both language versions, the contact, the
    reviewer's comments and an attachment's name (written directly, as an attacker's stored data)."""
    practice = make_practice(
        world.alice_org,
        state=PracticeState.RETURNED,
        contact_name=payload,
        contact_email=payload,
        contact_phone=payload[:40],
        review_comment=payload,
    )
    PracticeText.objects.filter(practice=practice).update(**dict.fromkeys(PARTS, payload))
    PracticeText.objects.create(practice=practice, language="sl", **dict.fromkeys(PARTS, payload))
    attach(practice, name=payload)
    return practice


def _assert_inert(page: str, payload: str, where: str) -> None:
    if "<" in payload or '"' in payload or "'" in payload:
        assert payload not in page, f"{where} printed {payload!r} as markup"
        assert escape(payload) in page, f"{where} does not show {payload!r} as text"
    assert 'href="javascript:' not in page and "<script>alert" not in page, where


def _pages(world: World, practice: GoodPractice) -> list[tuple[str, Client, str]]:
    network, org = world.network.public_id, world.alice_org.public_id
    return [
        ("alice reading", client_for(world.alice), reverse("community:practice", args=[network, practice.public_id])),
        ("alice list", client_for(world.alice), reverse("community:org_practices", args=[org])),
        ("alice edit", client_for(world.alice), reverse("community:practice_edit", args=[org, practice.public_id])),
        (
            "alice attachments",
            client_for(world.alice),
            reverse("community:practice_attachments", args=[org, practice.public_id]),
        ),
        (
            "alice translation",
            client_for(world.alice),
            reverse("community:practice_translation", args=[network, practice.public_id, "sl"]),
        ),
        ("carol reading", client_for(world.carol), reverse("community:practice", args=[network, practice.public_id])),
        ("carol queue", client_for(world.carol), reverse("community:review_queue", args=[network])),
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_stored_payloads_come_out_inert(world: World, payload: str) -> None:
    practice = _hostile_practice(world, payload)
    for where, client, url in _pages(world, practice):
        response = client.get(url)
        assert response.status_code == 200, where
        _assert_inert(response.content.decode(), payload, where)
    GoodPractice.objects.filter(pk=practice.pk).update(state=PracticeState.PUBLISHED, audience="public")
    _org, nina = neighbour(world.network)
    published = [
        (
            "nina reading",
            client_for(nina),
            reverse("community:practice", args=[world.network.public_id, practice.public_id]),
        ),
        ("anyone public", client_for(None), reverse("community:public_practice", args=[practice.public_id])),
        (
            "anyone public sl",
            client_for(None),
            reverse("community:public_practice", args=[practice.public_id]) + "?language=sl",
        ),
    ]
    for where, client, url in published:
        response = client.get(url)
        assert response.status_code == 200, where
        _assert_inert(response.content.decode(), payload, where)


def test_the_public_page_shows_the_practice_but_not_its_review(world: World) -> None:
    practice = make_practice(
        world.alice_org,
        state=PracticeState.PUBLISHED,
        audience="public",
        language="sl",
        title="Okence brez vrst",
        review_comment="Internal remark of the reviewer",
        translations={"en": text("A desk without queues")},
    )
    attachment = attach(practice, "Rezultati.pdf")
    url = reverse("community:public_practice", args=[practice.public_id])
    page = client_for(None).get(url, HTTP_ACCEPT_LANGUAGE="bg").content.decode()
    assert '<h1 lang="sl">Okence brez vrst</h1>' in page and 'data-note="original-shown"' in page
    assert "petra@example.org" in page and world.alice_org.name in page
    assert reverse("community:public_practice_attachment", args=[practice.public_id, attachment.public_id]) in page
    assert "Internal remark of the reviewer" not in page
    assert reverse("community:practice", args=[world.network.public_id, practice.public_id]) not in page
    page = client_for(None).get(url + "?language=en").content.decode()
    assert '<h1 lang="en">A desk without queues</h1>' in page and 'data-note="translation-shown"' in page
    # A language it is not written in falls back to the reader's, then the original.
    page = client_for(None).get(url + "?language=xx", HTTP_ACCEPT_LANGUAGE="bg").content.decode()
    assert '<h1 lang="sl">Okence brez vrst</h1>' in page
