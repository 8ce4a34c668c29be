"""Job profiles: created on a published version (the organisation's own model or its network's), edited,
archived, moved to a newer version of the same model (requirements carried by code, the rest reported).
Every refusal of the services; the pages for HR only (a member without HR 403, outsiders 404), bad
input refused with 422 and nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.people.models import Competency, Indicator, JobProfile, ModelVersion
from opencaf.people.services.profiles import (
    ProfileInput,
    archive_profile,
    create_profile,
    move_profile,
    update_profile,
)
from opencaf.people.tests import factories as f

pytestmark = pytest.mark.django_db

REQUIRED = {"CORE-1": (3, True), "CORE-2": (2, False), "DIG-1": (0, False)}


@pytest.fixture
def hr(world: World) -> Membership:
    return f.member(world.alice_org, "hr@example.org", Role.HR, name="Hana HR")


@pytest.fixture
def version(world: World) -> ModelVersion:
    return f.competency_model(world.alice_org)


def _create(hr: Membership, version: ModelVersion, **changes: Any) -> JobProfile:
    data = ProfileInput(**{"title": "Adviser", "family": "Advisers", "requirements": REQUIRED, **changes})
    with transaction.atomic():
        return create_profile(actor=hr.user, organisation=hr.organisation, version=version, data=data)


def _refused(call: Any) -> ValidationError:
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        call()
    return refused.value


# --- services --------------------------------------------------------------------------------------


def test_hr_creates_a_profile_with_required_levels_and_key_competencies(hr: Membership, version: ModelVersion) -> None:
    profile = _create(hr, version)
    rows = list(profile.requirements.order_by("competency__code").values_list("competency__code", "level", "key"))
    assert rows == [("CORE-1", 3, True), ("CORE-2", 2, False)]  # level 0: not required
    event = AuditEvent.objects.get(action="people.profile_created")
    assert event.changes["key_competencies"] == ["CORE-1"] and event.organisation == hr.organisation


def test_a_profile_may_use_the_networks_published_model(world: World, hr: Membership) -> None:
    shared = f.competency_model(network=world.network)
    assert _create(hr, shared).version == shared


@pytest.mark.parametrize("case", ["draft", "other organisation", "other network"])
def test_a_profile_is_built_on_a_published_version_the_organisation_uses(
    world: World, hr: Membership, case: str
) -> None:
    version = {
        "draft": lambda: f.competency_model(world.alice_org, published=False),
        "other organisation": lambda: f.competency_model(world.bob_org),
        "other network": lambda: f.competency_model(network=world.other_network),
    }[case]()
    error = _refused(lambda: _create(hr, version))
    assert "version" in error.message_dict and not JobProfile.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"family": "x" * 121}, "family"),
        ({"requirements": {"CORE-1": (3, False)}}, "__all__"),  # no key competency
        ({"requirements": {"CORE-1": (0, True)}}, "__all__"),  # key without a level
        ({"requirements": {"CORE-1": (5, True)}}, "__all__"),  # above the model's levels
        ({"requirements": {"CORE-1": (2, True), "NOPE-1": (2, False)}}, "__all__"),
    ],
)
def test_bad_profiles_are_refused_with_their_reason(
    hr: Membership, version: ModelVersion, changes: dict[str, Any], field: str
) -> None:
    error = _refused(lambda: _create(hr, version, **changes))
    assert field in error.message_dict and not JobProfile.objects.exists()


def test_only_hr_creates_changes_archives_and_moves(world: World, hr: Membership, version: ModelVersion) -> None:
    profile = _create(hr, version)
    staff = f.member(world.alice_org, "staff@example.org").user
    data = ProfileInput(title="Changed", requirements=REQUIRED)
    for actor in (world.alice, staff, world.bob, world.carol):
        calls = (
            lambda who: create_profile(actor=who, organisation=world.alice_org, version=version, data=data),
            lambda who: update_profile(actor=who, profile=profile, data=data),
            lambda who: archive_profile(actor=who, profile=profile),
            lambda who: move_profile(actor=who, profile=profile, version=version),
        )
        for call in calls:
            with pytest.raises(PermissionDenied), transaction.atomic():
                call(actor)
    profile.refresh_from_db()
    assert profile.title == "Adviser" and not profile.archived and JobProfile.objects.count() == 1


def test_editing_replaces_the_requirements(hr: Membership, version: ModelVersion) -> None:
    profile = _create(hr, version)
    with transaction.atomic():
        update_profile(
            actor=hr.user,
            profile=profile,
            data=ProfileInput(title="Senior adviser", requirements={"DIG-1": (4, True)}),
        )
    profile.refresh_from_db()
    assert profile.title == "Senior adviser" and profile.family == ""
    assert list(profile.requirements.values_list("competency__code", "level", "key")) == [("DIG-1", 4, True)]
    assert AuditEvent.objects.get(action="people.profile_changed").changes["title"] == "Senior adviser"


def test_an_archived_profile_no_longer_changes(hr: Membership, version: ModelVersion) -> None:
    profile = _create(hr, version)
    with transaction.atomic():
        archive_profile(actor=hr.user, profile=profile)
    assert _refused(lambda: archive_profile(actor=hr.user, profile=profile)).code == "archived"
    data = ProfileInput(title="Changed", requirements=REQUIRED)
    assert _refused(lambda: update_profile(actor=hr.user, profile=profile, data=data)).code == "archived"


def _newer(version: ModelVersion, *, published: bool = True, levels: int = 4) -> ModelVersion:
    """Version 2 of the model without CORE-2 and with one more competency."""
    newer = f.competency_model(model=version.model, number=2, published=published)
    newer.competencies.get(code="CORE-2").delete()
    ModelVersion.objects.filter(pk=newer.pk).update(levels=levels)
    Indicator.objects.filter(competency__version=newer, level__gt=levels).delete()
    Competency.objects.create(version=newer, cluster=newer.clusters.first(), code="CORE-3", names={"en": "New"})
    newer.refresh_from_db()
    return newer


def test_moving_carries_requirements_by_code_and_reports_the_rest(hr: Membership, version: ModelVersion) -> None:
    profile = _create(hr, version)
    newer = _newer(version, levels=3)
    with transaction.atomic():
        report = move_profile(actor=hr.user, profile=profile, version=newer)
    assert report.not_carried == ["CORE-2"] and report.lowered == []
    profile.refresh_from_db()
    assert profile.version == newer
    rows = list(profile.requirements.values_list("competency__version", "competency__code", "level", "key"))
    assert rows == [(newer.pk, "CORE-1", 3, True)]
    assert version.competencies.count() == 3  # the old version is as it was
    event = AuditEvent.objects.get(action="people.profile_moved")
    assert event.changes == {"from_version": 1, "version": 2, "not_carried": ["CORE-2"]}


def test_a_level_above_the_newer_versions_highest_is_lowered(hr: Membership, version: ModelVersion) -> None:
    profile = _create(hr, version, requirements={"CORE-1": (4, True)})
    with transaction.atomic():
        report = move_profile(actor=hr.user, profile=profile, version=_newer(version, levels=3))
    assert report.lowered == ["CORE-1"]
    assert profile.requirements.get().level == 3


@pytest.mark.parametrize("case", ["draft", "same", "other model"])
def test_a_profile_moves_only_to_a_newer_published_version_of_its_model(
    world: World, hr: Membership, version: ModelVersion, case: str
) -> None:
    profile = _create(hr, version)
    target = {
        "draft": lambda: _newer(version, published=False),
        "same": lambda: version,
        "other model": lambda: f.competency_model(network=world.network, number=2),
    }[case]()
    error = _refused(lambda: move_profile(actor=hr.user, profile=profile, version=target))
    assert "version" in error.message_dict
    profile.refresh_from_db()
    assert profile.version == version and profile.requirements.count() == 2


# --- pages -----------------------------------------------------------------------------------------


def _url(world: World, name: str, **kwargs: Any) -> str:
    return reverse(f"people:{name}", kwargs={"org_id": world.alice_org.public_id, **kwargs})


def _form(**changes: str) -> dict[str, str]:
    data = {"title": "Inspector", "family": "Inspectors", "description": "Inspects."}
    data.update({"level_CORE-1": "3", "key_CORE-1": "on", "level_CORE-2": "2", "level_DIG-1": "0"})
    data.update(changes)
    return data


def test_hr_lists_creates_and_edits_profiles(world: World, hr: Membership, version: ModelVersion) -> None:
    client = client_for(hr.user)
    page = client.get(_url(world, "profile_new"))
    assert page.status_code == 200 and "Service orientation" in page.content.decode()
    assert client.post(_url(world, "profile_new"), _form()).status_code == 302
    profile = JobProfile.objects.get()
    assert profile.title == "Inspector" and profile.requirements.count() == 2
    listing = client.get(_url(world, "profiles")).content.decode()
    assert "Inspector" in listing
    edit = _url(world, "profile_edit", profile_id=profile.public_id)
    page = client.get(edit).content.decode()
    assert 'value="3" selected' in page and "checked" in page
    assert client.post(edit, _form(title="Chief inspector", **{"level_DIG-1": "1"})).status_code == 302
    profile.refresh_from_db()
    assert profile.title == "Chief inspector" and profile.requirements.count() == 3


def test_a_profile_without_a_key_competency_is_refused_with_422(
    world: World, hr: Membership, version: ModelVersion
) -> None:
    data = _form()
    del data["key_CORE-1"]
    response = client_for(hr.user).post(_url(world, "profile_new"), data)
    assert response.status_code == 422
    with translation.override("en"):
        message = gettext("Mark at least one key competency: the selection interviews for this profile ask about them.")
    assert escape(message) in response.content.decode()
    assert not JobProfile.objects.exists()


def test_an_unknown_level_is_refused_with_422(world: World, hr: Membership, version: ModelVersion) -> None:
    response = client_for(hr.user).post(_url(world, "profile_new"), _form(**{"level_CORE-1": "9"}))
    assert response.status_code == 422 and not JobProfile.objects.exists()


def test_without_a_published_version_hr_is_sent_to_the_model(world: World, hr: Membership) -> None:
    response = client_for(hr.user).get(_url(world, "profile_new"))
    assert response.status_code == 302 and response["Location"] == _url(world, "model")


def test_hr_archives_and_moves_a_profile(world: World, hr: Membership, version: ModelVersion) -> None:
    profile = _create(hr, version)
    newer = _newer(version)
    client = client_for(hr.user)
    move = _url(world, "profile_move", profile_id=profile.public_id)
    assert client.get(move).status_code == 200
    response = client.post(move, {"version": str(newer.public_id)}, follow=True)
    with translation.override("en"):
        message = gettext("Not carried over (the newer version no longer has them): %(codes)s.")
    assert escape(message % {"codes": "CORE-2"}) in response.content.decode()
    profile.refresh_from_db()
    assert profile.version == newer
    bad = client.post(move, {"version": "not-a-version"})
    assert bad.status_code == 302  # on the newest version already: nothing left to move to
    archive = _url(world, "profile_archive", profile_id=profile.public_id)
    assert client.get(archive).status_code == 200
    assert client.post(archive).status_code == 302
    profile.refresh_from_db()
    assert profile.archived


def test_a_bad_move_is_refused_with_422(world: World, hr: Membership, version: ModelVersion) -> None:
    profile = _create(hr, version)
    _newer(version)
    response = client_for(hr.user).post(_url(world, "profile_move", profile_id=profile.public_id), {"version": "x"})
    assert response.status_code == 422
    profile.refresh_from_db()
    assert profile.version == version


@pytest.mark.parametrize("name", ["profiles", "profile_new", "profile_edit", "profile_archive", "profile_move"])
def test_a_member_without_hr_gets_a_403(world: World, hr: Membership, version: ModelVersion, name: str) -> None:
    profile = _create(hr, version)
    kwargs = {} if name in ("profiles", "profile_new") else {"profile_id": profile.public_id}
    staff = f.member(world.alice_org, "staff@example.org")
    client = client_for(staff.user)
    assert client.get(_url(world, name, **kwargs)).status_code == 403
    posted = client.post(_url(world, name, **kwargs), _form()).status_code
    assert posted == (405 if name == "profiles" else 403)
    assert JobProfile.objects.count() == 1 and not JobProfile.objects.get().archived


@pytest.mark.parametrize("who", ["bob", "carol", "charlie"])
def test_outsiders_get_a_404(world: World, hr: Membership, version: ModelVersion, who: str) -> None:
    profile = _create(hr, version)
    client = client_for(getattr(world, who))
    assert client.get(_url(world, "profiles")).status_code == 404
    assert client.post(_url(world, "profile_archive", profile_id=profile.public_id)).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(world: World) -> None:
    response = client_for(None).get(_url(world, "profiles"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_another_organisations_profile_is_a_404(world: World, hr: Membership) -> None:
    theirs = f.job_profile(world.bob_org, f.competency_model(world.bob_org))
    url = _url(world, "profile_edit", profile_id=theirs.public_id)
    assert client_for(hr.user).get(url).status_code == 404
