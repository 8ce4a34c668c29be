"""The coordinators' page of the network's external feedback procedure: who sees it, what it shows
(with the values not verified marked), and the choice of another procedure."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from conftest import client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.feedback.models import NetworkProcedure, Procedure
from opencaf.feedback.selectors.procedures import procedure_of, procedure_view
from opencaf.feedback.services.procedures import load_procedures, read_procedures
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network
from opencaf.organisations.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    add_member,
    make_coordinator,
)

pytestmark = pytest.mark.django_db


@cache
def _procedures() -> dict[str, dict[str, Any]]:
    return read_procedures()  # read once: the files do not change while the tests run


@pytest.fixture
def network() -> Network:
    load_procedures(_procedures())
    return NetworkFactory(country="SI")


@pytest.fixture
def coordinator(network: Network) -> User:
    user = UserFactory(language="en")
    make_coordinator(network, user)
    return user


def _url(network: Network) -> str:
    return reverse("feedback:procedure", kwargs={"network_id": network.public_id})


def _page(client: Client, network: Network, **kwargs: Any) -> str:
    response = client.get(_url(network), **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def test_the_coordinator_sees_the_countrys_procedure_with_what_is_not_verified_marked(
    network: Network, coordinator: User
) -> None:
    page = _page(client_for(coordinator), network)
    with translation.override("en"):
        slovenian = Procedure.objects.get(code="pef-si")
        assert escape(slovenian.name("en")) in page
        # Literal texts of the template are not escaped; values (names, messages) are.
        assert gettext("Used by default: the procedure of the network's country.") in page
        # The Slovenian window repeats the European one and is marked as not verified.
        window = ngettext(
            "From %(opens)s to %(counter)s month after management accepted the self-assessment report",
            "From %(opens)s to %(counter)s months after management accepted the self-assessment report",
            12,
        ) % {"opens": 6, "counter": 12}
        not_verified = f'<span class="badge text-bg-warning">{gettext("Not verified")}</span>'
        assert escape(window) + " " + not_verified in page
        assert escape(gettext("Partly verified")) in page
        explanation = gettext(
            "Values marked “Not verified” or “Partly verified” were not found in a current source; check them "
            "with EIPA or your national organiser before relying on them."
        )
        assert escape(explanation) in page
        # Pillars with their questions (titles from the CAF process steps), thresholds and sources.
        assert escape(slovenian.definition["pillars"][0]["questions"][0]["title"]["en"]) in page
        assert "<details" in page
        together = ngettext(
            "Pillars %(pillars)s together: at least %(counter)s point",
            "Pillars %(pillars)s together: at least %(counter)s points",
            28,
        ) % {"pillars": "1 " + translation.pgettext("list of numbers", "and") + " 2", "counter": 28}
        assert escape(together) in page
        assert escape(gettext("Pillar %(pillar)s: no fixed threshold, the organiser decides") % {"pillar": 3}) in page
        assert 'href="https://www.gov.si/teme/model-caf/"' in page
        assert 'class="table align-middle table-reflow"' in page and 'data-label="' in page


def test_the_page_follows_the_persons_language(network: Network) -> None:
    person = UserFactory(language="sl")
    make_coordinator(network, person)
    page = _page(client_for(person), network, headers={"accept-language": "sl"})
    assert "Uspešen uporabnik CAF" in page  # the label's name in the Slovenian procedure


def test_the_view_model_marks_only_what_is_not_verified() -> None:
    load_procedures(_procedures())
    european = procedure_view(Procedure.objects.get(code="pef-eu"), "en")
    assert european.country_name == "" and european.window.checked and not european.actors.checked
    assert [point.label for point in european.scale_points][:2] == ["very limited", "limited"]
    first, _second, third = european.pillars
    assert first.questions[0].minimum == 4 and first.questions[0].minimum_label == "satisfactory"
    assert first.questions[1].minimum is None and first.questions[0].guidance
    assert [question.checked for question in third.questions][2:4] == [True, False]
    together, alone = european.thresholds
    assert together.pillars == [1, 2] and together.minimum_total == 28 and together.checked
    assert alone.minimum_total is None and not alone.checked and european.has_unverified


@pytest.mark.parametrize("who", ["member", "other_coordinator", "staff"])
def test_anyone_but_the_networks_coordinators_gets_a_404(network: Network, who: str) -> None:
    person = UserFactory()
    if who == "member":  # even the administrator of one of the network's organisations
        add_member(OrganisationFactory(network=network), person, Role.ORG_ADMIN)
    elif who == "other_coordinator":
        make_coordinator(NetworkFactory(), person)
    else:
        person.is_staff = True
        person.save()
    client = client_for(person)
    assert client.get(_url(network)).status_code == 404
    european = Procedure.objects.get(code="pef-eu")
    assert client.post(_url(network), {"procedure": european.code}).status_code == 404
    assert not NetworkProcedure.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(network: Network) -> None:
    for method in ("get", "post"):
        response = getattr(client_for(None), method)(_url(network))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not NetworkProcedure.objects.exists()


def test_the_coordinator_chooses_a_procedure_and_it_is_audited(network: Network, coordinator: User) -> None:
    client = client_for(coordinator)
    response = client.post(_url(network), {"procedure": "pef-eu"}, follow=True)
    assert response.redirect_chain == [(_url(network), 302)]
    european = Procedure.objects.get(code="pef-eu")
    in_use = procedure_of(network)
    assert in_use.chosen and in_use.procedure == european and in_use.chosen_by == coordinator.display_name
    (event,) = AuditEvent.objects.filter(action="feedback.procedure_chosen")
    assert event.changes == {"procedure": [None, "pef-eu"]} and event.actor == coordinator
    page = response.content.decode()
    with translation.override("en"):
        success = gettext("The network's organisations now apply for external feedback under %(procedure)s.")
        assert escape(success % {"procedure": european.name("en")}) in page
        date = date_format(localtime(NetworkProcedure.objects.get().chosen_at), "DATE_FORMAT")
        since = gettext("In use since %(date)s (chosen by %(name)s).") % {
            "date": date,
            "name": coordinator.display_name,
        }
        assert escape(since) in page
    # The same choice again changes nothing and says so.
    again = client.post(_url(network), {"procedure": "pef-eu"}, follow=True).content.decode()
    assert AuditEvent.objects.filter(action="feedback.procedure_chosen").count() == 1
    with translation.override("en"):
        assert escape(gettext("Nothing has changed: the network already applies this procedure.")) in again


@pytest.mark.parametrize("value", ["pef-nowhere", "", "1"])
def test_a_bogus_choice_shows_the_error_in_the_form(network: Network, coordinator: User, value: str) -> None:
    response = client_for(coordinator).post(_url(network), {"procedure": value})
    assert response.status_code == 422
    page = response.content.decode()
    assert "data-error-summary" in page and 'href="#id_procedure"' in page
    assert 'aria-invalid="true"' in page
    assert not NetworkProcedure.objects.exists()
    assert not AuditEvent.objects.filter(action="feedback.procedure_chosen").exists()


def test_without_loaded_procedures_the_page_says_so(coordinator: User, network: Network) -> None:
    Procedure.objects.all().delete()
    page = _page(client_for(coordinator), network)
    with translation.override("en"):
        missing = gettext(
            "No external feedback procedure is loaded yet. An administrator loads them with the load_procedures "
            "command."
        )
        assert escape(missing) in page
    assert 'name="procedure"' not in page
    assert client_for(coordinator).post(_url(network), {"procedure": "pef-eu"}).status_code == 422


def test_the_page_runs_a_bounded_number_of_queries(
    network: Network, coordinator: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(coordinator)
    client.get(_url(network))  # warm the session
    with django_assert_max_num_queries(7):
        _page(client, network)
    client.post(_url(network), {"procedure": "pef-at"})
    with django_assert_max_num_queries(7):
        _page(client, network)
