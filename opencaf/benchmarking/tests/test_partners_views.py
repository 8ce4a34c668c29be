"""The bench-learning partners page: who may see it and act on it, what each side sees before and after
an acceptance, the forms' errors, and bounded queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail as django_mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.benchmarking.models import PartnerRequest, ScoreSharing
from opencaf.benchmarking.selectors.partners import contact_form_key
from opencaf.benchmarking.tests.test_partners_builders import peer, practice, sharing_alice
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world: World, caf_framework: Any) -> Organisation:
    """Alice's organisation shares; a municipality of her network scored high on 1.1 and may be suggested."""
    sharing_alice(world, caf_framework)
    organisation = peer(world.network, caf_framework, {"1.1": 90}, name="Partner Municipality")
    add_member(organisation, UserFactory(email="pia@example.org", full_name="Pia Partner"), Role.ORG_ADMIN)
    return organisation


@pytest.fixture
def viewer(world: World) -> User:
    user = UserFactory(email="mia@example.org", full_name="Mia Member")
    add_member(world.alice_org, user, Role.VIEWER)
    return user


@pytest.fixture
def neighbour(world: World) -> User:
    """The administrator of another organisation of Alice's network."""
    user = UserFactory(email="nina@example.org", full_name="Nina Neighbour")
    add_member(OrganisationFactory(network=world.network, name="Neighbour Agency"), user, Role.ORG_ADMIN)
    return user


def _page(organisation: Organisation) -> str:
    return reverse("benchmarking:partners", kwargs={"org_id": organisation.public_id})


def _step(name: str, organisation: Organisation, request: PartnerRequest) -> str:
    return reverse(
        f"benchmarking:partner_request_{name}",
        kwargs={"org_id": organisation.public_id, "request_id": request.public_id},
    )


def _ask_data(partner: Organisation, message: str = "How did you involve staff?", code: str = "1.1") -> dict[str, str]:
    return {
        "partner": str(ScoreSharing.objects.get(organisation=partner).public_id),
        "subcriterion": code,
        "message": message,
    }


def _ask(client: Client, world: World, partner: Organisation, **kwargs: Any) -> Any:
    url = reverse("benchmarking:partner_request_new", kwargs={"org_id": world.alice_org.public_id})
    return client.post(url, _ask_data(partner, **kwargs))


def _request(world: World, partner: Organisation, code: str = "1.1") -> PartnerRequest:
    return PartnerRequest.objects.create(
        requester=world.alice_org,
        partner=partner,
        subcriterion_code=code,
        message="Tell us more",
        requested_by=world.alice,
    )


def _text(message: str, page: str) -> str:
    """An interface text as `page` shows it, in the page's own language (`<html lang>`)."""
    match = re.search(r'<html lang="([a-z-]+)"', page)
    with translation.override(match.group(1) if match else "sl"):
        return escape(translation.gettext(message))


# --- who may see and do what -----------------------------------------------------------------------------


def test_the_page_is_for_the_organisations_members_only(
    world: World, partner: Organisation, viewer: User, neighbour: User
) -> None:
    url = _page(world.alice_org)
    for member in (world.alice, viewer):
        assert client_for(member).get(url).status_code == 200
    # another organisation of the network, another network's member, the coordinators, no organisation
    for outsider in (neighbour, world.bob, world.carol, world.dave, world.charlie):
        assert client_for(outsider).get(url).status_code == 404
    response = client_for(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_plain_member_reads_but_cannot_act(world: World, partner: Organisation, viewer: User) -> None:
    request = _request(world, partner)
    page = client_for(viewer).get(_page(world.alice_org)).content.decode()
    key = contact_form_key("1.1", ScoreSharing.objects.get(organisation=partner).public_id)
    assert f'data-sharing="{ScoreSharing.objects.get(organisation=partner).public_id}"' in page
    assert f'id="{key}-message"' not in page and _step("withdraw", world.alice_org, request) not in page
    client = client_for(viewer)
    assert _ask(client, world, partner).status_code == 403
    assert client.post(_step("withdraw", world.alice_org, request)).status_code == 403
    partner_viewer = UserFactory()
    add_member(partner, partner_viewer, Role.VIEWER)
    for name in ("accept", "decline"):
        assert client_for(partner_viewer).post(_step(name, partner, request), {"answer": "Yes"}).status_code == 403
    request.refresh_from_db()
    assert request.state == "pending" and PartnerRequest.objects.count() == 1


def test_nobody_outside_the_two_organisations_acts_on_a_request(
    world: World, partner: Organisation, neighbour: User
) -> None:
    request = _request(world, partner)
    pia = partner.memberships.get().user
    for outsider in (neighbour, world.bob, world.carol, world.dave, world.charlie):
        client = client_for(outsider)
        assert _ask(client, world, partner).status_code == 404
        for name, organisation in (("withdraw", world.alice_org), ("accept", partner), ("decline", partner)):
            assert client.post(_step(name, organisation, request), {"answer": "Yes"}).status_code == 404
    for name, organisation in (("withdraw", world.alice_org), ("accept", partner)):
        response = client_for(None).post(_step(name, organisation, request))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    # Each side only on its own side: the asker cannot accept, the partner cannot withdraw (not found).
    assert client_for(world.alice).post(_step("accept", world.alice_org, request), {"answer": "Yes"}).status_code == 404
    assert client_for(pia).post(_step("withdraw", partner, request)).status_code == 404
    # Nor through another organisation's address.
    assert client_for(neighbour).post(_step("decline", partner, request)).status_code == 404
    request.refresh_from_db()
    assert request.state == "pending" and PartnerRequest.objects.count() == 1 and django_mail.outbox == []


# --- the whole exchange through the pages ----------------------------------------------------------------


def test_asking_answering_and_what_each_side_sees(
    world: World, partner: Organisation, caf_framework: Any, django_capture_on_commit_callbacks: Any
) -> None:
    practice(partner, caf_framework, ["1.1"], {"en": "Staff panels that work"})
    alice = client_for(world.alice)
    page = alice.get(_page(world.alice_org)).content.decode()
    assert "Staff panels that work" in page and "Partner Municipality" not in page and "pia@example.org" not in page
    (band,) = re.findall(r'score-band">(.*?)</dd>', page)
    assert "86" in band and "100" in band and "90" not in band  # the band, never the score
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(alice, world, partner)
    assert response.status_code == 302 and response["Location"] == _page(world.alice_org)
    request = PartnerRequest.objects.get()
    assert request.partner == partner and [message.to for message in django_mail.outbox] == [["pia@example.org"]]
    page = alice.get(_page(world.alice_org)).content.decode()
    assert f'data-request="{request.public_id}"' in page and "Partner Municipality" not in page
    assert _step("withdraw", world.alice_org, request) in page
    pia = client_for(partner.memberships.get().user)
    page = pia.get(_page(partner)).content.decode()
    assert "How did you involve staff?" in page
    assert world.alice_org.name not in page and world.alice.email not in page and world.alice.full_name not in page
    assert _step("accept", partner, request) in page and _step("decline", partner, request) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = pia.post(_step("accept", partner, request), {"answer": "Call me on Monday."})
    assert response.status_code == 302 and response["Location"] == _page(partner)
    assert django_mail.outbox[-1].to == [world.alice.email]
    page = pia.get(_page(partner)).content.decode()
    assert world.alice_org.name in page and world.alice.email in page and "Call me on Monday." in page
    page = alice.get(_page(world.alice_org)).content.decode()
    assert "Partner Municipality" in page and "pia@example.org" in page and "Call me on Monday." in page


def test_declining_and_withdrawing_keep_the_names_hidden(world: World, partner: Organisation) -> None:
    declined, withdrawn = _request(world, partner), _request(world, partner, "1.2")
    pia = client_for(partner.memberships.get().user)
    assert pia.post(_step("decline", partner, declined), {"answer": ""}).status_code == 302
    assert client_for(world.alice).post(_step("withdraw", world.alice_org, withdrawn)).status_code == 302
    declined.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (declined.state, withdrawn.state) == ("declined", "withdrawn")
    assert "Partner Municipality" not in client_for(world.alice).get(_page(world.alice_org)).content.decode()
    assert world.alice_org.name not in pia.get(_page(partner)).content.decode()
    # A second answer is refused with a message, not a 500.
    response = pia.post(_step("accept", partner, declined), {"answer": "Yes"}, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert _text("This request has already been answered or withdrawn.", body) in body


# --- the forms' errors -----------------------------------------------------------------------------------


def test_an_empty_message_is_shown_on_its_form_and_nothing_is_sent(world: World, partner: Organisation) -> None:
    response = _ask(client_for(world.alice), world, partner, message="   ")
    assert response.status_code == 422
    page = response.content.decode()
    key = contact_form_key("1.1", ScoreSharing.objects.get(organisation=partner).public_id)
    assert "data-error-summary" in page and f'href="#{key}-message"' in page
    assert _text("Write a few words about what you would like to learn from them.", page) in page
    assert not PartnerRequest.objects.exists() and django_mail.outbox == []


def test_asking_an_organisation_no_longer_suggested_says_why(world: World, partner: Organisation) -> None:
    data = _ask_data(partner)
    ScoreSharing.objects.filter(organisation=partner).update(open_to_partners=False)
    url = reverse("benchmarking:partner_request_new", kwargs={"org_id": world.alice_org.public_id})
    response = client_for(world.alice).post(url, data)
    assert response.status_code == 422 and "data-error-summary" in response.content.decode()
    assert client_for(world.alice).post(url, {**data, "partner": "not-a-uuid"}).status_code == 422
    assert not PartnerRequest.objects.exists()


def test_asking_twice_says_so(world: World, partner: Organisation) -> None:
    client = client_for(world.alice)
    assert _ask(client, world, partner).status_code == 302
    response = _ask(client, world, partner)
    assert response.status_code == 422 and PartnerRequest.objects.count() == 1


def test_an_acceptance_needs_an_answer(world: World, partner: Organisation) -> None:
    request = _request(world, partner)
    response = client_for(partner.memberships.get().user).post(_step("accept", partner, request), {"answer": " "})
    assert response.status_code == 422
    assert f'href="#answer-{request.public_id.hex}-answer"' in response.content.decode()
    request.refresh_from_db()
    assert request.state == "pending"


def test_the_page_explains_give_to_get(world: World, caf_framework: Any) -> None:
    from opencaf.benchmarking.tests.test_partners_builders import all_scores, finished_assessment

    finished_assessment(world.alice_org, caf_framework, all_scores(caf_framework))
    page = client_for(world.alice).get(_page(world.alice_org)).content.decode()
    assert 'class="alert alert-info"' in page and 'partner-suggestion"' not in page


# --- bounded queries -------------------------------------------------------------------------------------


def _data(world: World, caf_framework: Any, count: int) -> None:
    """`count` partners on each weak subcriterion, each with a practice, a request sent and one received."""
    for index in range(count):
        organisation = peer(world.network, caf_framework, dict.fromkeys(("1.1", "1.2", "2.1", "3.1", "4.1"), 90))
        practice(organisation, caf_framework, ["1.1", "2.1"], {"en": f"Practice {index}"})
        PartnerRequest.objects.create(
            requester=world.alice_org, partner=organisation, subcriterion_code="1.2", message="x", state="declined"
        )
        PartnerRequest.objects.create(
            requester=organisation, partner=world.alice_org, subcriterion_code="3.1", message=f"Asking {index}"
        )


def test_the_page_queries_do_not_grow(world: World, caf_framework: Any, django_assert_max_num_queries: Any) -> None:
    sharing_alice(world, caf_framework)
    client = client_for(world.alice)
    url = _page(world.alice_org)
    _data(world, caf_framework, 2)
    client.get(url)  # the framework's structure is read once per process
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    _data(world, caf_framework, 18)
    with django_assert_max_num_queries(14) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count('partner-suggestion"') == 15 and page.count('class="partner-request"') == 40
