"""Deleting a translation of a good practice: the service (only the organisation's writers, never the
original, optimistic locking, audited, a published practice goes back to review) and its confirmation
page (who reaches it, the message after success, the error and the saved version after a refusal)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.community.models import GoodPractice, PracticeState
from opencaf.community.services import practices as services
from opencaf.community.tests.practice_factories import make_practice, member_of, text
from opencaf.organisations.choices import Role

pytestmark = pytest.mark.django_db

SL_TITLE = "Okence brez čakalnih vrst"


@pytest.fixture(autouse=True)
def _framework(caf_framework: Any) -> None:
    """Practices are filed under the CAF 2020 subcriteria."""


def _translated(world: World, state: str = PracticeState.DRAFT) -> GoodPractice:
    """Alice's practice, written in English, translated into Slovenian and Bulgarian."""
    return make_practice(
        world.alice_org, state=state, translations={"sl": text(SL_TITLE), "bg": text("Гише без опашки")}
    )


def _fresh(practice: GoodPractice) -> GoodPractice:
    return GoodPractice.objects.select_related("organisation", "network").get(pk=practice.pk)


def _languages(practice: GoodPractice) -> set[str]:
    return set(practice.texts.values_list("language", flat=True))


def _deleted_events(practice: GoodPractice) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action="community.practice_translation_deleted", object_id=str(practice.public_id))
    )


# --- the service -----------------------------------------------------------------------------------------


def test_a_writer_deletes_a_translation_and_it_is_audited(world: World) -> None:
    practice = _translated(world, PracticeState.SUBMITTED)
    leader = member_of(world.alice_org, "lena@example.org", Role.CAF_LEADER)
    before = practice.version
    result = services.delete_translation(
        actor=leader, practice=practice, language="sl", expected_version=practice.version
    )
    assert _languages(practice) == {"en", "bg"}
    assert result.version == _fresh(practice).version == before + 1
    assert result.state == PracticeState.SUBMITTED  # not published: nothing else changes
    (event,) = _deleted_events(practice)
    assert event.actor == leader and event.organisation == world.alice_org
    assert event.changes == {"practice_language": "sl", "practice_title": SL_TITLE}
    # It may be written again later.
    services.save_translation(actor=leader, practice=_fresh(practice), language="sl", text=services.TextData(**text()))
    assert _languages(practice) == {"en", "sl", "bg"}


def test_a_published_practice_goes_back_to_review(world: World) -> None:
    practice = _translated(world, PracticeState.PUBLISHED)
    submitted_before = practice.submitted_at
    services.delete_translation(actor=world.alice, practice=practice, language="bg")
    practice = _fresh(practice)
    assert practice.state == PracticeState.SUBMITTED and practice.submitted_at != submitted_before
    (event,) = _deleted_events(practice)
    assert event.changes["practice_state"] == {"before": PracticeState.PUBLISHED, "after": PracticeState.SUBMITTED}


def test_the_original_cannot_be_deleted(world: World) -> None:
    practice = _translated(world)
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.delete_translation(actor=world.alice, practice=practice, language="en")
    with translation.override("en"):
        expected = gettext("This is the language of the original, which cannot be deleted: only a translation can.")
    assert refused.value.messages == [expected]
    assert _languages(practice) == {"en", "sl", "bg"} and not _deleted_events(practice)
    assert _fresh(practice).version == practice.version


def test_a_missing_translation_is_refused(world: World) -> None:
    practice = make_practice(world.alice_org)
    with pytest.raises(ValidationError):
        services.delete_translation(actor=world.alice, practice=practice, language="sl")
    assert not _deleted_events(practice)


def test_a_stale_deletion_is_refused(world: World) -> None:
    practice = _translated(world)
    old = practice.version
    services.save_translation(
        actor=world.alice, practice=practice, language="sl", text=services.TextData(**text("Novi naslov"))
    )
    with pytest.raises(services.StalePracticeError):
        services.delete_translation(actor=world.alice, practice=practice, language="sl", expected_version=old)
    assert _languages(practice) == {"en", "sl", "bg"} and not _deleted_events(practice)


@pytest.mark.parametrize("who", ["assessor", "viewer", "other organisation", "coordinator"])
def test_only_the_organisations_writers_delete(world: World, who: str) -> None:
    practice = _translated(world, PracticeState.SUBMITTED)
    actor = {
        "assessor": lambda: member_of(world.alice_org, "asa@example.org", Role.ASSESSOR),
        "viewer": lambda: member_of(world.alice_org, "vic@example.org", Role.VIEWER),
        "other organisation": lambda: world.bob,
        "coordinator": lambda: world.carol,
    }[who]()
    with pytest.raises(PermissionDenied):
        services.delete_translation(actor=actor, practice=practice, language="sl")
    assert _languages(practice) == {"en", "sl", "bg"} and not _deleted_events(practice)


# --- the pages -----------------------------------------------------------------------------------------------


def _confirm_url(practice: GoodPractice, language: str) -> str:
    return reverse(
        "community:practice_translation_delete",
        args=[practice.organisation.public_id, practice.public_id, language],
    )


def _translation_url(practice: GoodPractice, language: str) -> str:
    return reverse("community:practice_translation", args=[practice.network.public_id, practice.public_id, language])


def _reading_url(practice: GoodPractice) -> str:
    return reverse("community:practice", args=[practice.network.public_id, practice.public_id])


def test_the_translation_page_leads_a_writer_to_the_confirmation(world: World) -> None:
    practice = _translated(world, PracticeState.SUBMITTED)
    confirm = _confirm_url(practice, "sl")
    assert confirm in client_for(world.alice).get(_translation_url(practice, "sl")).content.decode()
    # Not where there is nothing to delete yet, nor for a coordinator, who does not delete.
    new_language = make_practice(world.alice_org, title="Another")
    assert (
        _confirm_url(new_language, "sl")
        not in client_for(world.alice).get(_translation_url(new_language, "sl")).content.decode()
    )
    assert confirm not in client_for(world.carol).get(_translation_url(practice, "sl")).content.decode()


def test_a_writer_confirms_and_is_told(world: World) -> None:
    practice = _translated(world, PracticeState.PUBLISHED)
    client = client_for(world.alice)
    url = _confirm_url(practice, "sl")
    page = client.get(url).content.decode()
    assert f'<span lang="sl">{SL_TITLE}</span>' in page
    assert f'name="version" value="{practice.version}"' in page and 'method="post"' in page
    with translation.override("en"):
        warning = gettext(
            "This good practice is published. Deleting the translation sends it back for review: it leaves the "
            "library until a coordinator publishes it again."
        )
    assert escape(warning) in page
    response = client.post(url, {"version": practice.version})
    assert response.status_code == 302 and response["Location"] == _reading_url(practice)
    assert _languages(practice) == {"en", "bg"}
    page = client.get(response["Location"]).content.decode()
    with translation.override("en"):
        told = gettext("The translation into %(language)s has been deleted.") % {"language": "Slovenščina"}
        back = gettext(
            "The practice goes back for review: it leaves the library until a coordinator publishes it again."
        )
    assert escape(told) in page and escape(back) in page


def test_a_stale_confirmation_shows_the_problem_then_deletes_knowingly(world: World) -> None:
    practice = _translated(world)
    client = client_for(world.alice)
    old = practice.version
    services.save_translation(
        actor=world.alice, practice=practice, language="sl", text=services.TextData(**text("Novi naslov"))
    )
    response = client.post(_confirm_url(practice, "sl"), {"version": old})
    page = response.content.decode()
    assert response.status_code == 422 and "data-error-summary" in page and 'tabindex="-1"' in page
    with translation.override("en"):
        stale = gettext(
            "Someone else changed this good practice while you were working on it. Nothing has been "
            "saved: read the saved version, then try again."
        )
    assert escape(stale) in page and "Novi naslov" in page  # the saved version, to read before deciding
    assert _languages(practice) == {"en", "sl", "bg"}
    fresh = _fresh(practice).version
    assert f'name="version" value="{fresh}"' in page
    assert client.post(_confirm_url(practice, "sl"), {"version": fresh}).status_code == 302
    assert _languages(practice) == {"en", "bg"}


def test_the_original_is_refused_with_a_clear_error(world: World) -> None:
    practice = _translated(world)
    client = client_for(world.alice)
    assert client.get(_confirm_url(practice, "en")).status_code == 404  # nothing offers it
    response = client.post(_confirm_url(practice, "en"), {"version": practice.version})
    page = response.content.decode()
    with translation.override("en"):
        refused = gettext("This is the language of the original, which cannot be deleted: only a translation can.")
    assert response.status_code == 422 and "data-error-summary" in page and escape(refused) in page
    assert 'name="version"' not in page  # no button to press again
    assert _languages(practice) == {"en", "sl", "bg"}


def test_unknown_and_missing_languages_are_not_found(world: World) -> None:
    practice = make_practice(world.alice_org)
    client = client_for(world.alice)
    assert client.get(_confirm_url(practice, "sl")).status_code == 404
    assert client.get(_confirm_url(practice, "de")).status_code == 404
    assert client.post(_confirm_url(practice, "de"), {"version": practice.version}).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("assessor", 403), ("other organisation", 404), ("coordinator", 404), ("anonymous", 302)],
)
def test_others_cannot_delete(world: World, who: str, status: int) -> None:
    practice = _translated(world, PracticeState.SUBMITTED)
    user = {
        "assessor": lambda: member_of(world.alice_org, "asa@example.org", Role.ASSESSOR),
        "other organisation": lambda: world.bob,
        "coordinator": lambda: world.carol,
        "anonymous": lambda: None,
    }[who]()
    client = client_for(user)
    url = _confirm_url(practice, "sl")
    for response in (client.get(url), client.post(url, {"version": practice.version})):
        assert response.status_code == status
        assert SL_TITLE not in response.content.decode()
        if who == "anonymous":
            assert response["Location"].startswith(reverse("account_login"))
    assert _languages(practice) == {"en", "sl", "bg"} and not _deleted_events(practice)
