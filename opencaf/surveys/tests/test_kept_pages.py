"""Respondents' pages that show nothing of the respondent (a public survey's first page, its
thank-you page) are rendered once per process and kept (views/respond.py, `_kept_page`): each
visitor still gets their own CSRF token, an edit shows at once, and a waiting message is shown."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import Client, RequestFactory
from django.urls import reverse

from opencaf.surveys import services
from opencaf.surveys.models import Response, Survey
from opencaf.surveys.tests.factories import sample_survey
from opencaf.surveys.views import respond

TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def survey(world: Any) -> Survey:
    survey = sample_survey(world.alice_org, world.alice)
    survey.refresh_from_db()
    return survey


def url(survey: Survey) -> str:
    return reverse("surveys:public", kwargs={"link_key": survey.link_key})


def without_tokens(html: str) -> str:
    return TOKEN_FIELD.sub('name="csrfmiddlewaretoken" value=""', html)


def test_each_visitor_gets_a_token_of_their_own_that_the_answers_are_checked_against(survey: Survey) -> None:
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    pages = [client.get(url(survey), {"lang": "en"}) for client in (first, second)]
    tokens = [TOKEN_FIELD.search(page.content.decode()).group(1) for page in pages]  # type: ignore[union-attr]
    cookies = [client.cookies["csrftoken"].value for client in (first, second)]
    assert cookies[0] != cookies[1]
    assert without_tokens(pages[0].content.decode()) == without_tokens(pages[1].content.decode())
    # The first visitor's page sent with the second visitor's token (a kept page mixing them up): refused.
    swapped = first.post(url(survey), {"csrfmiddlewaretoken": tokens[1], "step": 1, "lang": "en"})
    assert swapped.status_code == 403
    sent = first.post(
        url(survey),
        {"csrfmiddlewaretoken": tokens[0], "step": 1, "lang": "en", "q-q1": "o1", "q-q2": "4", "nav": "next"},
    )
    assert sent.status_code == 200 and b"Page 2 of" in sent.content  # through the check, on to page 2


def test_the_kept_page_is_the_page_rendered_afresh(survey: Survey, monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client()
    client.get(url(survey), {"lang": "sl"})  # rendered and kept
    kept = client.get(url(survey), {"lang": "sl"}).content.decode()
    monkeypatch.setattr(respond, "_has_messages", lambda request: True)  # rendered afresh, not kept
    fresh = client.get(url(survey), {"lang": "sl"}).content.decode()
    assert without_tokens(kept) == without_tokens(fresh)
    assert 'lang="sl"' in kept


def test_an_edit_of_the_title_shows_at_once(survey: Survey, world: Any) -> None:
    client = Client()
    assert b"Citizen survey" in client.get(url(survey), {"lang": "en"}).content
    services.update_settings(
        actor=world.alice,
        survey=survey,
        title={**survey.title, "en": "Residents' survey"},
        introduction=survey.introduction,
        audience=survey.audience,
        languages=survey.languages,
        opens_on=survey.opens_on,
        closes_on=survey.closes_on,
        public_link=survey.public_link,
    )
    page = client.get(url(survey), {"lang": "en"}).content
    assert b"Residents&#x27; survey" in page and b"Citizen survey" not in page


def test_a_waiting_message_is_shown_on_a_page_otherwise_kept(survey: Survey) -> None:
    Client().get(url(survey), {"lang": "en"})  # the page is kept
    request = RequestFactory().get(url(survey), {"lang": "en"})
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    messages.success(request, "The survey is open.")
    page = respond.public(request, survey.link_key or "")
    assert b"The survey is open." in page.content


def test_the_thank_you_page_is_kept_and_in_the_language_asked_for(survey: Survey) -> None:
    thanks = reverse("surveys:thanks", kwargs={"link_key": survey.link_key})
    english = [Client().get(thanks, {"lang": "en"}).content for _ in range(2)]
    slovenian = Client().get(thanks, {"lang": "sl"}).content
    assert english[0] == english[1] and b"Thank you" in english[0]
    assert b"Hvala" in slovenian and b"csrfmiddlewaretoken" not in slovenian
    assert not Response.objects.exists()
