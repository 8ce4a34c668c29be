"""The organisation's sharing page and its consent and withdrawal pages: who may see and change what,
another organisation's assessment, unfinished assessments, organisations outside a network, a stale
form, the embargo, and bounded queries."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.assessments.models import SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.benchmarking.models import ScoreSharing
from opencaf.benchmarking.services import sharing as services
from opencaf.benchmarking.tests.factories import consent, finished_assessment
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[Network]:
    calls: list[Network] = []
    monkeypatch.setattr(services, "request_refresh", calls.append)
    return calls


@pytest.fixture
def viewer(world: World) -> User:
    """A member of Alice's organisation who may read but not change what is shared."""
    user = UserFactory(email="vera@example.org")
    add_member(world.alice_org, user, Role.VIEWER, Role.CAF_LEADER)
    return user


@pytest.fixture
def neighbour(world: World) -> User:
    """The administrator of another organisation of Alice's network."""
    user = UserFactory(email="nina@example.org")
    add_member(OrganisationFactory(network=world.network, name="Neighbour Agency"), user, Role.ORG_ADMIN)
    return user


@pytest.fixture
def assessment(world: World, caf_framework: Any) -> SelfAssessment:
    return finished_assessment(world.alice_org, caf_framework, title="Alice Finished 2025")


def _url(name: str, organisation: Organisation, assessment: SelfAssessment | None = None) -> str:
    kwargs: dict[str, Any] = {"org_id": organisation.public_id}
    if assessment is not None:
        kwargs["assessment_id"] = assessment.public_id
    return reverse(f"benchmarking:{name}", kwargs=kwargs)


def _says(response: HttpResponse, message: str) -> bool:
    """Whether the page shows the message in the language it was rendered in."""
    with translation.override(response["Content-Language"]):
        return escape(gettext(message)) in response.content.decode()


def _says_text(response: HttpResponse, text: str) -> bool:
    return escape(text) in response.content.decode()


# --- who may see what -------------------------------------------------------------------------------------


def test_permission_matrix(
    world: World, assessment: SelfAssessment, viewer: User, neighbour: User, refreshes: list[Network]
) -> None:
    consent(assessment)
    page = _url("sharing", world.alice_org)
    changing = [
        _url("sharing_consent", world.alice_org, assessment),
        _url("sharing_withdraw", world.alice_org, assessment),
    ]
    assert client_for(world.alice).get(page).status_code == 200
    for url in changing:
        assert client_for(world.alice).get(url).status_code == 200, url
    read_only = client_for(viewer).get(page)
    assert read_only.status_code == 200 and "Alice Finished 2025" in read_only.content.decode()
    for url in changing:  # the links are not shown to them, and the pages refuse them
        assert url not in read_only.content.decode()
        assert client_for(viewer).get(url).status_code == 403
        assert client_for(viewer).post(url, {"open_to_partners": "on"}).status_code == 403
    # another organisation of the network, another network, the network's coordinator, the other one, no org
    for outsider in (neighbour, world.bob, world.carol, world.dave, world.charlie):
        for url in (page, *changing):
            assert client_for(outsider).get(url).status_code == 404, (outsider, url)
        for url in changing:
            assert client_for(outsider).post(url, {"open_to_partners": "on"}).status_code == 404, (outsider, url)
    for url in (page, *changing):
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    sharing = ScoreSharing.objects.get()
    assert not sharing.open_to_partners and not AuditEvent.objects.filter(action__startswith="benchmarking.").exists()


def test_consent_on_another_organisations_assessment_is_not_found(
    world: World, caf_framework: Any, refreshes: list[Network]
) -> None:
    neighbours = OrganisationFactory(network=world.network)
    for theirs in (finished_assessment(neighbours, caf_framework), finished_assessment(world.bob_org, caf_framework)):
        for name in ("sharing_consent", "sharing_withdraw"):
            url = _url(name, world.alice_org, theirs)  # through Alice's organisation, where she is administrator
            assert client_for(world.alice).get(url).status_code == 404
            assert client_for(world.alice).post(url, {}).status_code == 404
    bad_id = reverse(
        "benchmarking:sharing_consent", kwargs={"org_id": world.alice_org.public_id, "assessment_id": uuid.uuid4()}
    )
    assert client_for(world.alice).get(bad_id).status_code == 404
    assert not ScoreSharing.objects.exists() and not refreshes


# --- giving, changing, withdrawing ------------------------------------------------------------------------


def test_the_administrator_shares_changes_and_withdraws(
    world: World, assessment: SelfAssessment, refreshes: list[Network]
) -> None:
    client = client_for(world.alice)
    consent_url = _url("sharing_consent", world.alice_org, assessment)
    response = client.post(consent_url, {"shared_from": "", "version": ""})
    assert response.status_code == 302 and response["Location"] == _url("sharing", world.alice_org)
    sharing = ScoreSharing.objects.get(assessment=assessment)
    assert sharing.shared_from is None and not sharing.open_to_partners
    later = timezone.localdate() + timedelta(days=40)
    form = client.get(consent_url).content.decode()
    assert f'value="{sharing.given_at.isoformat()}"' in form  # the version the form was opened on
    response = client.post(
        consent_url,
        {"shared_from": later.isoformat(), "open_to_partners": "on", "version": sharing.given_at.isoformat()},
    )
    assert response.status_code == 302
    sharing.refresh_from_db()
    assert sharing.shared_from == later and sharing.open_to_partners
    listing = client.get(_url("sharing", world.alice_org))
    assert _url("sharing_withdraw", world.alice_org, assessment) in listing.content.decode()
    assert client.get(_url("sharing_withdraw", world.alice_org, assessment)).status_code == 200  # asks first
    assert ScoreSharing.objects.exists()
    response = client.post(_url("sharing_withdraw", world.alice_org, assessment))
    assert response.status_code == 302 and not ScoreSharing.objects.exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="benchmarking.").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["benchmarking.scores_shared", "benchmarking.sharing_changed", "benchmarking.sharing_withdrawn"]
    assert refreshes == [world.network] * 3
    again = client.get(_url("sharing_withdraw", world.alice_org, assessment))  # nothing left to withdraw
    assert again.status_code == 302 and again["Location"] == _url("sharing", world.alice_org)


def test_an_unfinished_assessment_says_why_it_cannot_be_shared(
    world: World, caf_framework: Any, refreshes: list[Network]
) -> None:
    running = finished_assessment(world.alice_org, caf_framework, state="consensus", title="Alice Running")
    client = client_for(world.alice)
    listing = client.get(_url("sharing", world.alice_org))
    assert "Alice Running" not in listing.content.decode()  # counted, not listed
    url = _url("sharing_consent", world.alice_org, running)
    page = client.get(url)
    assert page.status_code == 200
    with translation.override(page["Content-Language"]):
        assert escape(services.unfinished_message()) in page.content.decode()
    assert 'name="open_to_partners"' not in page.content.decode()
    response = client.post(url, {"open_to_partners": "on", "version": ""})
    assert response.status_code == 422 and not ScoreSharing.objects.exists() and not refreshes


def test_an_organisation_outside_a_network_is_told_benchmarking_needs_one(world: World, caf_framework: Any) -> None:
    alone = OrganisationFactory(network=None, name="Lonely Institute")
    admin = UserFactory()
    add_member(alone, admin, Role.ORG_ADMIN)
    finished = finished_assessment(alone, caf_framework, title="Lonely 2025")
    client = client_for(admin)
    page = client.get(_url("sharing", alone))
    assert page.status_code == 200 and "Lonely 2025" not in page.content.decode()
    assert _says(page, "Benchmarking compares organisations of one network.")  # the start of the explanation
    response = client.post(_url("sharing_consent", alone, finished), {"version": ""})
    assert response.status_code == 422 and not ScoreSharing.objects.exists()
    with translation.override(response["Content-Language"]):
        assert escape(services.needs_network_message()) in response.content.decode()


def test_a_stale_form_keeps_the_choice_and_a_second_send_replaces_knowingly(
    world: World, assessment: SelfAssessment, refreshes: list[Network]
) -> None:
    client = client_for(world.alice)
    url = _url("sharing_consent", world.alice_org, assessment)
    assert client.get(url).status_code == 200  # Alice opens the form while nothing is shared
    colleague = UserFactory()
    add_member(world.alice_org, colleague, Role.ORG_ADMIN)
    client_for(colleague).post(url, {"open_to_partners": "on", "version": ""})  # meanwhile, a colleague shares
    theirs = ScoreSharing.objects.get()
    later = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(url, {"shared_from": later, "version": ""})  # Alice's form was opened on nothing
    assert response.status_code == 422
    page = response.content.decode()
    assert f'value="{later}"' in page  # her choice is kept
    assert f'value="{theirs.given_at.isoformat()}"' in page  # and the form now knows the saved consent
    theirs.refresh_from_db()
    assert theirs.shared_from is None and theirs.open_to_partners and theirs.given_by == colleague
    response = client.post(url, {"shared_from": later, "version": theirs.given_at.isoformat()})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.shared_from.isoformat() == later and not theirs.open_to_partners and theirs.given_by == world.alice


def test_dates_in_the_past_are_accepted_and_too_far_ahead_refused_on_the_field(
    world: World, assessment: SelfAssessment, refreshes: list[Network]
) -> None:
    client = client_for(world.alice)
    url = _url("sharing_consent", world.alice_org, assessment)
    far = (timezone.localdate() + timedelta(days=365 * 6)).isoformat()
    response = client.post(url, {"shared_from": far, "version": ""})
    assert response.status_code == 422 and "data-error-summary" in response.content.decode()
    assert 'href="#id_shared_from"' in response.content.decode()
    assert not ScoreSharing.objects.exists()
    response = client.post(url, {"shared_from": "not a date", "version": ""})
    assert response.status_code == 422 and not ScoreSharing.objects.exists()
    past = timezone.localdate() - timedelta(days=3)
    assert client.post(url, {"shared_from": past.isoformat(), "version": ""}).status_code == 302
    assert ScoreSharing.objects.get().shared_from == past


# --- bounded queries --------------------------------------------------------------------------------------


def _assessments(organisation: Organisation, framework: Any, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        made = finished_assessment(organisation, framework, title=f"Cycle {number}", default_score=None)
        if number % 2:
            consent(made, open_to_partners=True)


def test_the_sharing_page_queries_do_not_grow(
    world: World, caf_framework: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.alice)
    url = _url("sharing", world.alice_org)
    _assessments(world.alice_org, caf_framework, 2)
    finished_assessment(world.alice_org, caf_framework, state="individual")
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    _assessments(world.alice_org, caf_framework, 18, start=2)
    with django_assert_max_num_queries(12) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(set(re.findall(r"Cycle \d+", page))) == 20
