"""The competency model's pages: who reads what (every member the published version without the
question bank, HR also the questions and the drafts, outsiders nothing), keeping the model on the
organisation's pages (HR) and on the network's (its coordinators), bad input refused with 422 and
nothing written, and a bounded number of queries on the model page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.people import model_schema
from opencaf.people.models import Competency, CompetencyModel, Indicator, ModelVersion
from opencaf.people.tests import factories as f
from opencaf.people.tests import test_model_builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(world: World) -> Membership:
    return f.member(world.alice_org, "hr@example.org", Role.HR, name="Hana HR")


@pytest.fixture
def staff(world: World) -> Membership:
    return f.member(world.alice_org, "staff@example.org", Role.VIEWER, name="Sam Staff")


@pytest.fixture
def starter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = b.write_model(tmp_path / "starter")
    monkeypatch.setattr(model_schema, "STARTER_DIR", directory)
    return directory


def _org(world: World, name: str = "model", **kwargs: Any) -> str:
    return reverse(f"people:{name}", kwargs={"org_id": world.alice_org.public_id, **kwargs})


def _net(world: World, name: str = "network_model", **kwargs: Any) -> str:
    return reverse(f"people:{name}", kwargs={"network_id": world.network.public_id, **kwargs})


def _en(text: str) -> str:
    with translation.override("en"):
        return escape(gettext(text))


def _body(response: Any) -> str:
    return response.content.decode()


# --- reading ---------------------------------------------------------------------------------------


def test_a_member_reads_the_published_version_without_the_questions(world: World, staff: Membership) -> None:
    f.competency_model(world.alice_org)
    response = client_for(staff.user).get(_org(world))
    assert response.status_code == 200
    body = _body(response)
    assert "Service orientation" in body and "Service orientation at level 3." in body
    assert "Tell us about service orientation" not in body  # the question bank is for HR
    assert _en("Behavioural indicators") in body and "table-reflow" in body
    assert _en("Add a competency") not in body and _en("Start a new draft version") not in body


def test_hr_reads_the_question_bank_too(world: World, hr: Membership) -> None:
    f.competency_model(world.alice_org)
    body = _body(client_for(hr.user).get(_org(world)))
    assert "Tell us about service orientation (behavioural)." in body and "An answer at level 4." in body
    assert _en("Start a new draft version") in body


def test_a_draft_is_seen_only_by_those_who_keep_the_model(world: World, hr: Membership, staff: Membership) -> None:
    version = f.competency_model(world.alice_org, published=False)
    Competency.objects.filter(version=version, code="CORE-1").update(names={"en": "Draft Secret"})
    assert "Draft Secret" not in _body(client_for(staff.user).get(_org(world)))
    assert "Draft Secret" not in _body(client_for(staff.user).get(_org(world) + "?version=1"))
    body = _body(client_for(hr.user).get(_org(world)))
    assert "Draft Secret" in body and _en("Publish this version") in body


def test_the_networks_published_model_is_in_use_without_an_own_one(world: World, staff: Membership) -> None:
    version = f.competency_model(network=world.network)
    CompetencyModel.objects.filter(pk=version.model_id).update(names={"en": "Network Model"})
    body = _body(client_for(staff.user).get(_org(world)))
    assert "Network Model" in body and _en("shared by the network") in body
    assert "Tell us about" not in body


def test_an_older_version_can_be_read(world: World, staff: Membership) -> None:
    first = f.competency_model(world.alice_org)
    second = f.competency_model(model=first.model, number=2)
    Competency.objects.filter(version=second, code="CORE-1").update(names={"en": "Renamed In Two"})
    client = client_for(staff.user)
    assert "Renamed In Two" in _body(client.get(_org(world)))
    assert "Renamed In Two" not in _body(client.get(_org(world) + "?version=1"))


def test_without_a_model_hr_is_offered_the_starter(world: World, hr: Membership, staff: Membership) -> None:
    assert _en("Adopt the starter model") in _body(client_for(hr.user).get(_org(world)))
    body = _body(client_for(staff.user).get(_org(world)))
    assert _en("Adopt the starter model") not in body


def test_the_people_page_links_the_model_and_for_hr_the_profiles_and_employees(
    world: World, hr: Membership, staff: Membership
) -> None:
    version = f.competency_model(world.alice_org)
    f.employee(staff, f.job_profile(world.alice_org, version))
    home = reverse("people:home", kwargs={"org_id": world.alice_org.public_id})
    body = _body(client_for(staff.user).get(home))
    assert _org(world) in body and _org(world, "profiles") not in body
    body = _body(client_for(hr.user).get(home))
    assert _org(world, "profiles") in body and _org(world, "employees") in body


@pytest.mark.parametrize("who", ["bob", "carol", "dave", "charlie"])
def test_outsiders_get_a_404(world: World, who: str) -> None:
    version = f.competency_model(world.alice_org, published=False)
    client = client_for(getattr(world, who))
    assert client.get(_org(world)).status_code == 404
    kwargs = {"version_id": version.public_id, "code": "CORE-1"}
    assert client.post(_org(world, "model_competency", **kwargs), {"name_en": "x"}).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(world: World) -> None:
    response = client_for(None).get(_org(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_model_page_runs_a_bounded_number_of_queries(
    world: World, hr: Membership, django_assert_max_num_queries: Any
) -> None:
    version = f.competency_model(world.alice_org)
    client = client_for(hr.user)
    with django_assert_max_num_queries(16) as few:
        assert client.get(_org(world)).status_code == 200
    cluster = version.clusters.first()
    for number in range(20):
        competency = Competency.objects.create(
            version=version, cluster=cluster, code=f"EXTRA-{number}", names={"en": f"Extra {number}"}, position=10
        )
        for level in range(1, 5):
            Indicator.objects.create(competency=competency, level=level, texts={"en": "Does."})
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_org(world)).status_code == 200


# --- keeping the organisation's model ----------------------------------------------------------------


def test_hr_adopts_the_starter_model(world: World, hr: Membership, starter: Path) -> None:
    client = client_for(hr.user)
    assert client.get(_org(world, "model_adopt")).status_code == 200
    response = client.post(_org(world, "model_adopt"))
    assert response.status_code == 302
    version = ModelVersion.objects.get(model__organisation=world.alice_org)
    assert version.state == "draft" and version.competencies.count() == 3


def test_invalid_starter_files_are_shown_and_nothing_is_written(
    world: World, hr: Membership, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = b.clusters()
    files["digital.yaml"]["competencies"][0]["digcomp_area"] = "cooking"
    monkeypatch.setattr(model_schema, "STARTER_DIR", b.write_model(tmp_path / "bad", files=files))
    response = client_for(hr.user).post(_org(world, "model_adopt"))
    assert response.status_code == 422
    assert "digital.yaml, DIG-1, digcomp_area" in _body(response)
    assert not CompetencyModel.objects.exists()


@pytest.mark.parametrize(
    "name", ["model_adopt", "model_competency", "model_competency_add", "model_levels", "model_publish"]
)
def test_a_member_without_hr_may_not_keep_the_model(world: World, staff: Membership, name: str) -> None:
    version = f.competency_model(world.alice_org, published=False)
    kwargs: dict[str, Any] = {} if name == "model_adopt" else {"version_id": version.public_id}
    if name == "model_competency":
        kwargs["code"] = "CORE-1"
    client = client_for(staff.user)
    assert client.get(_org(world, name, **kwargs)).status_code == 403
    assert client.post(_org(world, name, **kwargs)).status_code == 403
    assert client.post(_org(world, "model_draft")).status_code == 403
    assert CompetencyModel.objects.count() == 1 and ModelVersion.objects.get().state == "draft"


def _competency_data(**changes: str) -> dict[str, str]:
    data = {f"name_{code}": f"Service ({code})" for code in ("en", "sl", "bg")}
    data.update({f"definition_{code}": f"Serving ({code})." for code in ("en", "sl", "bg")})
    for level in range(1, 5):
        data.update({f"indicators_{level}_{code}": f"First {level}\nSecond {level}" for code in ("en", "sl", "bg")})
    data.update(changes)
    return data


def test_hr_edits_a_competency_of_the_draft(world: World, hr: Membership) -> None:
    version = f.competency_model(world.alice_org, published=False)
    url = _org(world, "model_competency", version_id=version.public_id, code="CORE-1")
    client = client_for(hr.user)
    page = client.get(url)
    assert page.status_code == 200 and "Service orientation at level 2." in _body(page)
    response = client.post(url, _competency_data())
    assert response.status_code == 302
    competency = version.competencies.get(code="CORE-1")
    assert competency.names["sl"] == "Service (sl)"
    assert list(competency.indicators.filter(level=2).values_list("texts", flat=True)) == [
        {"sl": "First 2", "bg": "First 2", "en": "First 2"},
        {"sl": "Second 2", "bg": "Second 2", "en": "Second 2"},
    ]


def test_a_mismatched_number_of_indicators_is_refused_with_422(world: World, hr: Membership) -> None:
    version = f.competency_model(world.alice_org, published=False)
    url = _org(world, "model_competency", version_id=version.public_id, code="CORE-1")
    response = client_for(hr.user).post(url, _competency_data(indicators_3_sl="Only one"))
    assert response.status_code == 422
    with translation.override("en"):
        message = gettext("Write as many behavioural indicators here as in the other languages (%(count)d).")
    assert escape(message % {"count": 2}) in _body(response)
    assert version.competencies.get(code="CORE-1").names["en"] == "Service orientation"


def test_a_nameless_competency_is_refused_with_422(world: World, hr: Membership) -> None:
    version = f.competency_model(world.alice_org, published=False)
    url = _org(world, "model_competency", version_id=version.public_id, code="CORE-1")
    response = client_for(hr.user).post(url, _competency_data(name_en="", name_sl="", name_bg=""))
    assert response.status_code == 422
    assert _en("Give the competency a name in at least one language.") in _body(response)


def test_a_published_version_is_not_edited(world: World, hr: Membership) -> None:
    version = f.competency_model(world.alice_org)
    url = _org(world, "model_competency", version_id=version.public_id, code="CORE-1")
    response = client_for(hr.user).post(url, _competency_data(), follow=True)
    with translation.override("en"):
        message = gettext(
            "Version %(number)d is published and never changes. Start a new draft version to change the model."
        )
    assert escape(message % {"number": 1}) in _body(response)
    assert version.competencies.get(code="CORE-1").names["en"] == "Service orientation"


def test_hr_adds_and_removes_a_competency(world: World, hr: Membership) -> None:
    version = f.competency_model(world.alice_org, published=False)
    client = client_for(hr.user)
    add = _org(world, "model_competency_add", version_id=version.public_id)
    core = version.clusters.get(code="CORE")
    assert client.get(add).status_code == 200
    response = client.post(add, {"cluster": core.pk, "code": "CORE-3", "name_en": "Integrity"})
    assert response.status_code == 302 and version.competencies.filter(code="CORE-3").exists()
    taken = client.post(add, {"cluster": core.pk, "code": "CORE-3", "name_en": "Again"})
    assert taken.status_code == 422 and version.competencies.filter(code="CORE-3").count() == 1
    remove = _org(world, "model_competency_remove", version_id=version.public_id, code="CORE-2")
    assert client.get(remove).status_code == 200
    assert client.post(remove).status_code == 302
    assert not version.competencies.filter(code="CORE-2").exists()


def test_a_digital_competency_needs_its_area(world: World, hr: Membership) -> None:
    version = f.competency_model(world.alice_org, published=False)
    add = _org(world, "model_competency_add", version_id=version.public_id)
    digital = version.clusters.get(code="DIG")
    response = client_for(hr.user).post(add, {"cluster": digital.pk, "code": "DIG-2", "name_en": "Safety"})
    assert response.status_code == 422 and not version.competencies.filter(code="DIG-2").exists()


def test_hr_names_the_levels(world: World, hr: Membership) -> None:
    version = f.competency_model(world.alice_org, published=False)
    url = _org(world, "model_levels", version_id=version.public_id)
    client = client_for(hr.user)
    data = {f"level_{level}_en": f"Step {level}" for level in range(1, 5)}
    assert client.post(url, {**data, "level_2_en": ""}).status_code == 422
    assert client.post(url, data).status_code == 302
    version.refresh_from_db()
    assert version.level_names[1] == {"en": "Step 2"}


def test_publishing_shows_what_it_freezes_and_what_is_missing(world: World, hr: Membership) -> None:
    version = f.competency_model(world.alice_org, published=False)
    url = _org(world, "model_publish", version_id=version.public_id)
    client = client_for(hr.user)
    page = client.get(url)  # the factory's texts are in English only, the model's name in three languages
    assert page.status_code == 200 and "CORE-1: the definition is missing in" in _body(page)
    refused = client.post(url)
    assert refused.status_code == 422
    version.refresh_from_db()
    assert version.state == "draft"
    CompetencyModel.objects.filter(pk=version.model_id).update(names={"en": "English only"})
    assert client.post(url).status_code == 302
    version.refresh_from_db()
    assert version.state == "published"


def test_hr_starts_a_new_draft(world: World, hr: Membership) -> None:
    version = f.competency_model(world.alice_org)
    client = client_for(hr.user)
    assert client.post(_org(world, "model_draft")).status_code == 302
    assert version.model.versions.filter(number=2, state="draft").exists()
    again = client.post(_org(world, "model_draft"), follow=True)
    with translation.override("en"):
        message = gettext(
            "Version %(number)d is a draft already: change it, or publish it before you start another one."
        )
    assert escape(message % {"number": 2}) in _body(again)
    assert version.model.versions.count() == 2


# --- the network's model ---------------------------------------------------------------------------


def test_the_networks_coordinator_keeps_the_networks_model(world: World, starter: Path) -> None:
    client = client_for(world.carol)
    page = client.get(_net(world))
    assert page.status_code == 200 and _en("Adopt the starter model") in _body(page)
    assert client.post(_net(world, "network_model_adopt")).status_code == 302
    version = ModelVersion.objects.get(model__network=world.network)
    url = _net(world, "network_model_competency", version_id=version.public_id, code="CORE-1")
    assert client.get(url).status_code == 200
    assert client.post(url, _competency_data(name_en="Shared service")).status_code == 302
    assert version.competencies.get(code="CORE-1").names["en"] == "Shared service"
    assert client.post(_net(world, "network_model_publish", version_id=version.public_id)).status_code == 302
    body = _body(client.get(_net(world)))
    assert "Shared service" in body and "CORE-1 behavioural question" in body


@pytest.mark.parametrize("who", ["alice", "bob", "dave", "charlie"])
def test_only_the_networks_coordinators_reach_its_model(world: World, who: str) -> None:
    version = f.competency_model(network=world.network, published=False)
    client = client_for(getattr(world, who))
    assert client.get(_net(world)).status_code == 404
    url = _net(world, "network_model_competency", version_id=version.public_id, code="CORE-1")
    assert client.post(url, _competency_data()).status_code == 404
    assert version.competencies.get(code="CORE-1").names["en"] == "Service orientation"


def test_the_network_pages_do_not_reach_an_organisations_model(world: World) -> None:
    version = f.competency_model(world.alice_org, published=False)
    url = _net(world, "network_model_competency", version_id=version.public_id, code="CORE-1")
    assert client_for(world.carol).get(url).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in_on_the_networks_pages(world: World) -> None:
    response = client_for(None).get(_net(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
