"""Invited respondents: e-mailed links and printed codes, used once, with a draft kept until the end."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse

from conftest import client_for
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.surveys import services
from opencaf.surveys.models import Invitation, Response, Survey
from opencaf.surveys.tests.factories import sample_survey
from opencaf.surveys.tokens import paper_code, printed

PAGE_ONE = {"q-q1": "o1", "q-q2": "4"}


@pytest.fixture
def survey(world: Any) -> Survey:
    return sample_survey(world.alice_org, world.alice)


def link_from(message: Any) -> str:
    match = re.search(r"https?://\S+/t/[0-9a-f]+/", message.body)
    assert match, message.body
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_members_are_invited_in_their_language_and_can_save_and_continue(survey: Survey, world: Any) -> None:
    colleague = UserFactory(email="mojca@example.org", language="sl")
    add_member(world.alice_org, colleague, Role.ASSESSOR)
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        added = services.invite_members(actor=world.alice, survey=survey)
    assert added == 2
    message = next(m for m in mail.outbox if m.to == ["mojca@example.org"])
    assert "Citizen survey [sl]" in message.subject  # Slovenian title for a Slovenian reader
    url = link_from(message)
    client = Client()
    assert client.get(url).status_code == 200
    saved = client.post(url, {"step": 1, "nav": "save", "lang": "sl", **PAGE_ONE})
    assert saved.status_code == 200
    assert not Response.objects.exists()
    invitation = Invitation.objects.get(email="mojca@example.org")
    assert invitation.draft["answers"]["q1"] == "o1" and not invitation.used
    # Later, from another device: the draft comes back on its page.
    again = Client().get(url)
    assert 'value="o1" checked' in again.content.decode()
    done = Client().post(url, {"step": 3, "nav": "next", "lang": "sl", **PAGE_ONE, "q-q5": "8"})
    assert done.status_code == 302
    invitation.refresh_from_db()
    assert invitation.used and invitation.draft == {}
    assert Response.objects.count() == 1
    # The link works once.
    used = Client().get(url)
    assert "surveys/respond/already.html" in [template.name for template in used.templates]
    assert Client().post(url, {"step": 3, "nav": "next", **PAGE_ONE}).status_code == 200
    assert Response.objects.count() == 1


def test_a_forged_token_is_a_clear_404(survey: Survey) -> None:
    response = Client().get(reverse("surveys:invited", kwargs={"token": "0" * 40}))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_printed_codes_work_once_typed_loosely(survey: Survey, world: Any) -> None:
    with transaction.atomic():
        batch = services.create_paper_codes(actor=world.alice, survey=survey, count=3, language="en")
    invitation = Invitation.objects.filter(survey=survey, batch=batch).first()
    code = printed(paper_code(invitation.public_id))
    sheet = client_for(world.alice).get(
        reverse(
            "surveys:paper_codes",
            kwargs={"org_id": world.alice_org.public_id, "survey_id": survey.public_id, "batch": batch},
        )
    )
    assert code in sheet.content.decode()
    entered = Client().post(reverse("surveys:enter_code"), {"code": code.lower().replace("-", " ")})
    assert entered.status_code == 302
    url = entered["Location"]
    assert Client().post(url, {"step": 3, "nav": "next", **PAGE_ONE}).status_code == 302
    assert Response.objects.count() == 1
    wrong = Client().post(reverse("surveys:enter_code"), {"code": "ABCDE-FGHJK"})
    assert wrong.status_code == 422 and "not valid" in wrong.content.decode()
    short = Client().post(reverse("surveys:enter_code"), {"code": "ABC"})
    assert short.status_code == 422


def test_addresses_from_a_file_are_checked_whole_first(survey: Survey, world: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse(
        "surveys:import_addresses", kwargs={"org_id": world.alice_org.public_id, "survey_id": survey.public_id}
    )
    bad = SimpleUploadedFile("list.csv", b"email,language\nana@example.org,sl\nnot-an-address,en\nbo@example.org,de\n")
    response = client_for(world.alice).post(url, {"file": bad})
    body = response.content.decode()
    assert "not a valid e-mail address" in body and "not offered in this language" in body
    assert not Invitation.objects.filter(kind="email").exists()


def test_reminders_go_only_to_those_who_have_not_answered(survey: Survey, world: Any) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        services.invite(
            actor=world.alice,
            survey=survey,
            recipients=[services.Recipient("a@example.org", "en"), services.Recipient("b@example.org", "en")],
        )
    answered = Invitation.objects.get(email="a@example.org")
    Client().post(
        link_from(next(m for m in mail.outbox if m.to == ["a@example.org"])), {"step": 3, "nav": "next", **PAGE_ONE}
    )
    answered.refresh_from_db()
    assert answered.used
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        assert services.send_reminders(actor=world.alice, survey=survey) == 1
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert Invitation.objects.get(email="b@example.org").sent_count == 2


def test_the_home_page_lists_what_surveys_need(survey: Survey, world: Any) -> None:
    from opencaf.core.todo import items_for as collect
    from opencaf.surveys.selectors import structure_of

    colleague = UserFactory(email="mojca@example.org", language="sl")
    add_member(world.alice_org, colleague, Role.ASSESSOR)
    with transaction.atomic():
        services.invite(actor=world.alice, survey=survey, recipients=[services.Recipient("mojca@example.org", "sl")])
    services.submit_response(
        survey=survey,
        structure=structure_of(survey),
        language="en",
        answers={"q1": "o1", "q2": 3, "q7": "More parking"},
    )
    titles = [item.title for item in collect(colleague)]
    assert any("waiting for your answers" in title for title in titles)
    titles = [item.title for item in collect(world.alice)]
    assert any("Answers to review" in title for title in titles)
    invitation = Invitation.objects.get(email="mojca@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(used=True)
    assert not any(
        "waiting for your answers" in item.title
        for item in collect(UserFactory._meta.model.objects.get(pk=colleague.pk))
    )


def test_the_results_show_the_response_rate_of_the_invited(survey: Survey, world: Any) -> None:
    with transaction.atomic():
        batch = services.create_paper_codes(actor=world.alice, survey=survey, count=4, language="en")
    invitation = Invitation.objects.filter(survey=survey, batch=batch).first()
    Client().post(
        reverse("surveys:invited", kwargs={"token": paper_code(invitation.public_id)}),
        {"step": 3, "nav": "next", **PAGE_ONE},
    )
    url = reverse("surveys:results", kwargs={"org_id": world.alice_org.public_id, "survey_id": survey.public_id})
    body = client_for(world.alice).get(url).content.decode()
    assert "Of the 4 people invited, 1 has answered" in body and "(25 %)" in body


def test_an_unreachable_mail_server_marks_the_invitation_not_delivered(
    survey: Survey, world: Any, settings: Any
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on: every attempt is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        services.invite(actor=world.alice, survey=survey, recipients=[services.Recipient("gone@example.org", "en")])
    invitation = Invitation.objects.get(email="gone@example.org")
    assert invitation.delivery_failed and invitation.sent_count == 0
    page = client_for(world.alice).get(
        reverse("surveys:invitations", kwargs={"org_id": world.alice_org.public_id, "survey_id": survey.public_id})
    )
    assert page.status_code == 200
    assert page.context["email"]["failed"] == 1
