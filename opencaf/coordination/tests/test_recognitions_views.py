"""Recognition pages: who may open each one, the scheme form (levels added, moved and removed without
saving; checklists in several languages), giving, changing and withdrawing awards, the public list,
the organisation's page, the certificate in the organisation's language, and bounded query counts."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.coordination.models import Award, RecognitionLevel, RecognitionScheme
from opencaf.coordination.tests.recognition_factories import level, make_award, make_scheme
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(world: World) -> RecognitionScheme:
    return make_scheme(world.network, levels=2, items=3, validity_years=2)


@pytest.fixture
def award(world: World, scheme: RecognitionScheme) -> Award:
    return make_award(
        level(scheme), world.alice_org, 2025, ceremony_on=date(2026, 1, 23), valid_until=date(2027, 12, 31)
    )


@pytest.fixture
def member(world: World) -> User:
    user = UserFactory(email="mia@example.org", full_name="Mia Member")
    add_member(world.alice_org, user, Role.VIEWER)
    return user


@pytest.fixture
def neighbour(world: World) -> tuple[Organisation, User]:
    """A member of another organisation of the same network."""
    organisation = OrganisationFactory(network=world.network, name="Neighbour Agency")
    user = UserFactory(email="nina@example.org")
    add_member(organisation, user, Role.ORG_ADMIN)
    return organisation, user


def _url(name: str, world: World, **kwargs: Any) -> str:
    return reverse(f"coordination:{name}", kwargs={"network_id": world.network.public_id, **kwargs})


def _coordinator_pages(world: World, scheme: RecognitionScheme, award: Award) -> dict[str, tuple[str, str]]:
    """name -> (method, url) of every coordinator's page."""
    return {
        "recognitions": ("get", _url("recognitions", world)),
        "recognition_scheme_new": ("get", _url("recognition_scheme_new", world)),
        "recognition_scheme_preset": ("post", _url("recognition_scheme_preset", world)),
        "recognition_scheme_edit": ("get", _url("recognition_scheme_edit", world, scheme_id=scheme.public_id)),
        "award_new": ("get", _url("award_new", world, scheme_id=scheme.public_id)),
        "award": ("get", _url("award", world, award_id=award.public_id)),
        "award_edit": ("get", _url("award_edit", world, award_id=award.public_id)),
        "award_withdraw": ("get", _url("award_withdraw", world, award_id=award.public_id)),
        "award_certificate": ("get", _url("award_certificate", world, award_id=award.public_id)),
        # last: the coordinator's visit archives the scheme
        "recognition_scheme_archive": ("post", _url("recognition_scheme_archive", world, scheme_id=scheme.public_id)),
    }


# --- who may open what ---------------------------------------------------------------------------------


def test_coordinator_pages_are_for_this_networks_coordinators_only(
    world: World, scheme: RecognitionScheme, award: Award, member: User, neighbour: tuple[Organisation, User]
) -> None:
    pages = _coordinator_pages(world, scheme, award)
    for name, (method, url) in pages.items():
        for outsider in (world.dave, world.alice, member, neighbour[1], world.bob, world.charlie):
            response = getattr(client_for(outsider), method)(url)
            assert response.status_code == 404, (name, outsider.email, response.status_code)
        response = getattr(client_for(None), method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), name
    assert not RecognitionScheme.objects.filter(archived=True).exists()
    assert RecognitionScheme.objects.count() == 1  # no preset was added by anyone turned away
    carol = client_for(world.carol)
    for name, (method, url) in pages.items():
        response = getattr(carol, method)(url)
        assert response.status_code == (302 if method == "post" else 200), name
    assert carol.get(pages["award_certificate"][1])["Content-Type"] == "application/pdf"


def test_organisation_pages_are_for_the_awarded_organisations_members(
    world: World, award: Award, member: User, neighbour: tuple[Organisation, User]
) -> None:
    listing = reverse("coordination:org_recognitions", args=[world.alice_org.public_id])
    certificate = reverse("coordination:org_award_certificate", args=[world.alice_org.public_id, award.public_id])
    for user in (world.alice, member):
        assert client_for(user).get(listing).status_code == 200
        response = client_for(user).get(certificate)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    # the network's coordinators use the network's pages; everyone else is a stranger here
    for outsider in (world.carol, world.dave, neighbour[1], world.bob, world.charlie):
        assert client_for(outsider).get(listing).status_code == 404, outsider.email
        assert client_for(outsider).get(certificate).status_code == 404, outsider.email
    for url in (listing, certificate):
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    # another organisation's member cannot reach the award through their own organisation's address
    own = reverse("coordination:org_award_certificate", args=[neighbour[0].public_id, award.public_id])
    assert client_for(neighbour[1]).get(own).status_code == 404


def test_the_public_list_is_for_anyone(world: World, award: Award, member: User) -> None:
    url = reverse("coordination:public_recognitions", args=[world.network.public_id])
    for user in (None, world.carol, world.dave, world.alice, member, world.bob):
        response = client_for(user).get(url)
        assert response.status_code == 200 and "Alice Municipality" in response.content.decode()
    assert client_for(None).post(url).status_code == 405


# --- the coordinator's list -------------------------------------------------------------------------------


def test_the_list_shows_schemes_levels_and_awards_filtered_by_year_and_scheme(
    world: World, scheme: RecognitionScheme, award: Award
) -> None:
    other = make_scheme(world.network, levels=1, name={"en": "Innovation awards"})
    neighbour = OrganisationFactory(network=world.network, name="Neighbour Agency")
    make_award(level(other), neighbour, 2024)
    client = client_for(world.carol)
    page = client.get(_url("recognitions", world)).content.decode()
    assert "CAF recognitions" in page and "Innovation awards" in page and "CAF Beginner" in page
    assert "Alice Municipality" in page and "Neighbour Agency" in page
    assert "Start from the Slovenian national recognitions" in page
    by_year = client.get(_url("recognitions", world), {"year": "2024"}).content.decode()
    assert "Neighbour Agency" in by_year and "Alice Municipality" not in by_year
    by_scheme = client.get(_url("recognitions", world), {"scheme": str(scheme.public_id)}).content.decode()
    assert "Alice Municipality" in by_scheme and "Neighbour Agency" not in by_scheme
    # a year that is not in the list is ignored rather than an error
    assert client.get(_url("recognitions", world), {"year": "1888"}).status_code == 200


def test_the_preset_button_adds_the_scheme_once(world: World) -> None:
    client = client_for(world.carol)
    response = client.post(_url("recognition_scheme_preset", world), follow=True)
    assert "has been added with its three levels" in response.content.decode()
    assert RecognitionLevel.objects.filter(scheme__network=world.network).count() == 3
    again = client.post(_url("recognition_scheme_preset", world), follow=True).content.decode()
    assert "already has the scheme" in again and RecognitionScheme.objects.count() == 1


# --- the scheme form ---------------------------------------------------------------------------------------


def _scheme_post(levels: list[dict[str, str]], **fields: str) -> dict[str, str]:
    data = {
        "name_sl": "Priznanja kakovosti",
        "name_bg": "",
        "name_en": "Quality awards",
        "description_sl": "",
        "description_bg": "",
        "description_en": "",
        "validity_years": "2",
        "levels-TOTAL_FORMS": str(len(levels)),
        "levels-INITIAL_FORMS": "0",
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "10",
        **fields,
    }
    for index, row in enumerate(levels):
        for key in ("level", "name_sl", "name_bg", "name_en", "criteria_sl", "criteria_bg", "criteria_en"):
            data[f"levels-{index}-{key}"] = row.get(key, "")
    return data


def test_a_scheme_is_created_from_the_form(world: World) -> None:
    levels = [
        {"name_en": "Bronze", "name_sl": "Bron", "criteria_en": "First\nSecond", "criteria_sl": "Prvo\nDrugo"},
        {"name_en": "Silver", "criteria_en": "Third"},
        {},  # an empty block is left out
    ]
    response = client_for(world.carol).post(_url("recognition_scheme_new", world), _scheme_post(levels))
    assert response.status_code == 302
    scheme = RecognitionScheme.objects.get()
    assert scheme.validity_years == 2 and scheme.name == {"sl": "Priznanja kakovosti", "en": "Quality awards"}
    bronze, silver = scheme.levels.order_by("position")
    assert bronze.criteria == [{"sl": "Prvo", "en": "First"}, {"sl": "Drugo", "en": "Second"}]
    assert silver.name == {"en": "Silver"} and silver.criteria == [{"en": "Third"}]


def test_a_checklist_with_different_numbers_of_lines_is_refused_naming_the_languages(world: World) -> None:
    levels = [{"name_en": "Bronze", "criteria_sl": "Prvo\nDrugo", "criteria_en": "First\nSecond\nThird"}]
    response = client_for(world.carol).post(_url("recognition_scheme_new", world), _scheme_post(levels))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Slovenian: 2, English: 3" in page
    assert 'href="#id_levels-0-criteria_en"' in page and "data-error-summary" in page
    assert 'aria-describedby="id_levels-0-criteria_en-errors' in page
    assert not RecognitionScheme.objects.exists()


def test_a_scheme_needs_a_name_and_a_level(world: World) -> None:
    response = client_for(world.carol).post(
        _url("recognition_scheme_new", world), _scheme_post([{}], name_sl="", name_en="")
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Give the scheme a name in at least one language." in page and "Add at least one level." in page
    assert not RecognitionScheme.objects.exists()


def test_levels_are_added_moved_and_removed_without_saving(world: World) -> None:
    client = client_for(world.carol)
    url = _url("recognition_scheme_new", world)
    two = [{"name_en": "Bronze", "criteria_en": "A"}, {"name_en": "Silver", "criteria_en": "B"}]
    added = client.post(url, _scheme_post(two, op="add"))
    assert added.status_code == 200 and not RecognitionScheme.objects.exists()
    page = added.content.decode()
    assert 'name="levels-TOTAL_FORMS" value="3"' in page and "Level 3 added." in page
    assert re.search(r'<input[^>]*name="levels-2-name_sl"[^>]*autofocus', page)
    assert "data-error-summary" not in page  # nothing was checked yet
    moved = client.post(url, _scheme_post(two, op="up-1")).content.decode()
    assert moved.index('value="Silver"') < moved.index('value="Bronze"') and "it is now level 1" in moved
    assert re.search(r'value="down-0"[^>]*autofocus', moved)  # the moved block's button keeps the focus
    removed = client.post(url, _scheme_post(two, op="remove-0")).content.decode()
    assert 'value="Bronze"' not in removed and 'value="Silver"' in removed
    assert 'name="levels-TOTAL_FORMS" value="1"' in removed
    none_left = client.post(url, _scheme_post(two[:1], op="remove-0")).content.decode()
    assert re.search(r'value="add"[^>]*autofocus', none_left)
    assert client.post(url, _scheme_post(two, op="up-0")).status_code == 200  # nonsense: shown again
    assert not RecognitionScheme.objects.exists()


def test_editing_keeps_levels_with_awards(world: World, scheme: RecognitionScheme, award: Award) -> None:
    client = client_for(world.carol)
    url = _url("recognition_scheme_edit", world, scheme_id=scheme.public_id)
    page = client.get(url).content.decode()
    assert page.count('name="op" value="remove-') == 1  # only the level without awards can be removed
    assert "Given 1 time" in page
    beginner, user = scheme.levels.order_by("position")
    kept = {"level": str(user.public_id), "name_en": "CAF User", "criteria_en": "x\ny\nz"}
    response = client.post(url, _scheme_post([kept]))
    assert response.status_code == 422 and "cannot be removed" in response.content.decode()
    shortened = {"level": str(beginner.public_id), "name_en": "CAF Beginner", "criteria_en": "only one"}
    response = client.post(url, _scheme_post([shortened, kept]))
    assert response.status_code == 422 and "must keep at least 3 items" in response.content.decode()
    corrected = {**shortened, "criteria_en": "one\ntwo (corrected)\nthree\nfour"}
    assert client.post(url, _scheme_post([corrected, kept])).status_code == 302
    assert len(RecognitionLevel.objects.get(pk=beginner.pk).criteria) == 4


def test_archiving_from_the_list_and_back(world: World, scheme: RecognitionScheme) -> None:
    client = client_for(world.carol)
    url = _url("recognition_scheme_archive", world, scheme_id=scheme.public_id)
    assert "it gives no new awards" in client.post(url, follow=True).content.decode()
    scheme.refresh_from_db()
    assert scheme.archived
    refused = client.get(_url("award_new", world, scheme_id=scheme.public_id), follow=True).content.decode()
    assert "it gives no new awards" in refused
    client.post(url)
    scheme.refresh_from_db()
    assert not scheme.archived


# --- giving an award ---------------------------------------------------------------------------------------


def _award_post(world: World, lvl: RecognitionLevel, **fields: Any) -> dict[str, Any]:
    return {
        "level": str(lvl.public_id),
        "organisation": str(world.alice_org.public_id),
        "year": "2025",
        "ceremony_on": "2026-01-23",
        "criteria": ["0", "1", "2"],
        "criteria_note": "",
        "citation": "For its first self-assessment.",
        "public": "on",
        **fields,
    }


def test_giving_an_award_asks_for_the_level_first(world: World, scheme: RecognitionScheme) -> None:
    client = client_for(world.carol)
    url = _url("award_new", world, scheme_id=scheme.public_id)
    choose = client.get(url).content.decode()
    assert 'type="radio"' in choose and "CAF Beginner" in choose and "CAF User" in choose
    nothing = client.get(url, {"level": ""})
    assert nothing.status_code == 422 and "data-error-summary" in nothing.content.decode()
    page = client.get(url, {"level": str(level(scheme).public_id)}).content.decode()
    assert "Level 1 criterion 3" in page and "Alice Municipality" in page and "Bob Agency" not in page
    stranger = make_scheme(world.other_network, levels=1)
    assert client.get(url, {"level": str(level(stranger).public_id)}).status_code == 404


def test_an_award_is_given_from_the_form(world: World, scheme: RecognitionScheme) -> None:
    client = client_for(world.carol)
    response = client.post(_url("award_new", world, scheme_id=scheme.public_id), _award_post(world, level(scheme)))
    award = Award.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("award", world, award_id=award.public_id)
    assert award.valid_until == date(2027, 12, 31) and award.ceremony_on == date(2026, 1, 23)
    detail = client.get(response["Location"]).content.decode()
    assert "Recognition awarded" in detail and "Criteria met: 3/3" in detail


def test_an_unticked_criterion_without_a_reason_is_refused_in_the_form(world: World, scheme: RecognitionScheme) -> None:
    client = client_for(world.carol)
    url = _url("award_new", world, scheme_id=scheme.public_id)
    response = client.post(url, _award_post(world, level(scheme), criteria=["0", "2"]))
    assert response.status_code == 422
    page = response.content.decode()
    assert "say why the organisation receives the recognition" in page and 'href="#id_criteria_note"' in page
    assert not Award.objects.exists()
    ok = client.post(url, _award_post(world, level(scheme), criteria=["0", "2"], criteria_note="Plan approved late."))
    assert ok.status_code == 302
    detail = client.get(ok["Location"]).content.decode()
    assert "Plan approved late." in detail and "Not ticked" in detail


def test_a_second_award_and_a_stranger_are_refused_in_the_form(
    world: World, scheme: RecognitionScheme, award: Award
) -> None:
    client = client_for(world.carol)
    url = _url("award_new", world, scheme_id=scheme.public_id)
    again = client.post(url, _award_post(world, level(scheme)))
    assert again.status_code == 422 and "already has “CAF Beginner” for 2025" in again.content.decode()
    stranger = client.post(url, _award_post(world, level(scheme), organisation=str(world.bob_org.public_id)))
    assert stranger.status_code == 422 and Award.objects.count() == 1


def test_an_award_is_edited_and_withdrawn(world: World, award: Award, member: User) -> None:
    client = client_for(world.carol)
    edit = _url("award_edit", world, award_id=award.public_id)
    response = client.post(edit, {"ceremony_on": "2026-01-30", "citation": "Updated.", "public": ""})
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.ceremony_on, award.citation, award.public) == (date(2026, 1, 30), "Updated.", False)
    withdraw = _url("award_withdraw", world, award_id=award.public_id)
    assert "Withdrawing is final" in client.get(withdraw).content.decode()
    refused = client.post(withdraw, {"reason": ""})
    assert refused.status_code == 422 and 'href="#id_reason"' in refused.content.decode()
    assert client.post(withdraw, {"reason": "Not its own report."}).status_code == 302
    award.refresh_from_db()
    assert award.withdrawn_at is not None
    assert client.get(edit).status_code == 404
    assert client.get(_url("award_certificate", world, award_id=award.public_id)).status_code == 404
    org_certificate = reverse("coordination:org_award_certificate", args=[world.alice_org.public_id, award.public_id])
    assert client_for(member).get(org_certificate).status_code == 404
    listing = client_for(member).get(reverse("coordination:org_recognitions", args=[world.alice_org.public_id]))
    assert "Withdrawn on" in listing.content.decode() and "Not its own report." in listing.content.decode()
    assert "Certificate (PDF)" not in listing.content.decode()


# --- the public list -----------------------------------------------------------------------------------------


def test_the_public_list_hides_withdrawn_and_unlisted_awards(world: World, scheme: RecognitionScheme) -> None:
    url = reverse("coordination:public_recognitions", args=[world.network.public_id])
    assert client_for(None).get(url).status_code == 404  # nothing published yet
    shown = OrganisationFactory(network=world.network, name="Shown Municipality")
    hidden = OrganisationFactory(network=world.network, name="Hidden Agency")
    gone = OrganisationFactory(network=world.network, name="Withdrawn School")
    older = OrganisationFactory(network=world.network, name="Older Office")
    make_award(level(scheme), shown, 2025, valid_until=date(2027, 12, 31))
    make_award(level(scheme), hidden, 2025, public=False)
    make_award(level(scheme), gone, 2025, withdrawn_at="2026-02-01T10:00:00Z", withdrawal_reason="x")
    make_award(level(scheme, 2), older, 2023, valid_until=date(2024, 12, 31))
    page = client_for(None).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Shown Municipality" in page and "Older Office" in page
    assert "Hidden Agency" not in page and "Withdrawn School" not in page
    assert page.index(">2025<") < page.index("CAF Beginner") < page.index(">2023<") < page.index("CAF User")
    assert "expired" in page  # 2024's end has passed
    slovenian = client_for(None).get(url, HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert "Začetnik CAF" in slovenian and '<html lang="sl">' in slovenian
    # a level without a name in the visitor's language shows the network's, marked as such
    assert 'lang="sl">Začetnik CAF' in client_for(None).get(url, HTTP_ACCEPT_LANGUAGE="bg").content.decode()
    other = reverse("coordination:public_recognitions", args=[world.other_network.public_id])
    assert client_for(None).get(other).status_code == 404


# --- the certificate ----------------------------------------------------------------------------------------


def _pdf(content: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(page.extract_text() for page in reader.pages), reader


def test_the_certificate_is_in_the_organisations_language_whoever_downloads_it(world: World, award: Award) -> None:
    world.carol.language = "en"
    world.carol.save()
    response = client_for(world.carol).get(_url("award_certificate", world, award_id=award.public_id))
    assert response["Content-Disposition"].startswith('attachment; filename="zacetnik-caf-2025-alice-municipality')
    text, reader = _pdf(response.content)
    assert len(reader.pages) == 1
    assert "Začetnik CAF" in text and "CAF Beginner" not in text
    assert "Alice Municipality" in text and "2025" in text and "Alice Quality Network" in text
    assert "For a thorough first self-assessment." in text
    assert "23. januarja 2026" in text and "31. decembra 2027" in text  # dates as Slovenian writes them
    assert reader.metadata is not None and reader.metadata.title == "Začetnik CAF 2025 – Alice Municipality"
    assert reader.trailer["/Root"]["/Lang"] == "sl"
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    # an English-speaking organisation gets it in English
    Organisation.objects.filter(pk=world.alice_org.pk).update(default_language="en")
    text, reader = _pdf(
        client_for(world.alice)
        .get(reverse("coordination:org_award_certificate", args=[world.alice_org.public_id, award.public_id]))
        .content
    )
    assert "CAF Beginner" in text and "Certificate of recognition" in text and "Začetnik" not in text
    assert reader.trailer["/Root"]["/Lang"] == "en"


# --- query counts -------------------------------------------------------------------------------------------


def _many(world: World, scheme: RecognitionScheme, count: int, start: int) -> None:
    for number in range(start, start + count):
        organisation = OrganisationFactory(network=world.network, name=f"Municipality {number:03}")
        make_award(level(scheme, 1 + number % 2), organisation, 2020 + number % 5)


def test_list_pages_run_a_bounded_number_of_queries(
    world: World, scheme: RecognitionScheme, award: Award, member: User, django_assert_max_num_queries: Any
) -> None:
    coordinator, visitor, alice = client_for(world.carol), client_for(None), client_for(world.alice)
    pages = (
        (coordinator, _url("recognitions", world)),
        (visitor, reverse("coordination:public_recognitions", args=[world.network.public_id])),
        (alice, reverse("coordination:org_recognitions", args=[world.alice_org.public_id])),
        (coordinator, _url("award", world, award_id=award.public_id)),
    )
    for client, url in pages:
        client.get(url)  # warm the session and caches
    counts = []
    for rows in (3, 30):
        _many(world, scheme, rows, start=len(counts) * 100)
        for other in range(2):  # more awards of Alice's organisation too
            make_award(level(scheme, 1 + other), world.alice_org, 2010 + len(counts) * 2 + other)
        measured = []
        for client, url in pages:
            with django_assert_max_num_queries(12) as captured:
                assert client.get(url).status_code == 200
            measured.append(len(captured))
        counts.append(measured)
    assert counts[0] == counts[1], counts
