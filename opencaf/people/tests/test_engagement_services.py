"""Recording staff involvement activities (services/engagement.py): the fields' rules, the audit trail,
and the anonymised notes: no member's full name or e-mail address in the title, notes or themes.

Decided: a member is named by their full name (at least two words, in either order, whole words,
any case) or their whole e-mail address. A first name alone ("Ana" for Ana Novak) is not refused: it
names nobody for sure, and refusing single words would refuse ordinary ones (a member whose account
says only "Grace" would forbid the word "grace")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import describe_changes
from opencaf.organisations.choices import Role
from opencaf.people.models import EngagementActivity
from opencaf.people.names import MemberNames
from opencaf.people.services import engagement as services
from opencaf.people.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(world: World):  # type: ignore[no-untyped-def]
    return f.member(world.alice_org, "hr@example.org", Role.HR, name="Helena Horvat").user


def _record(world: World, actor, **fields):  # type: ignore[no-untyped-def]
    values = {
        "kind": "workshop",
        "title": "Workshop on the competency model",
        "held_on": timezone.localdate(),
        "participants": 14,
        "notes": "Staff asked for clearer descriptions of the digital competencies.",
        "themes": ["digital skills", "clearer levels"],
        **fields,
    }
    return services.record_activity(actor=actor, organisation=world.alice_org, **values)


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- recording, changing, deleting -------------------------------------------------------------------


def test_hr_records_an_activity_and_the_log_says_what(world: World, hr) -> None:  # type: ignore[no-untyped-def]
    activity = _record(world, hr, themes=["  digital skills ", "Digital  skills", "", "clearer levels"])
    assert activity.themes == ["digital skills", "clearer levels"]  # tidied, each once
    assert activity.created_by == hr
    event = AuditEvent.objects.get(action="people.activity_recorded")
    assert event.actor == hr and event.organisation == world.alice_org
    assert event.object_id == str(activity.public_id)
    assert event.changes["activity_participants"] == 14
    assert "Staff asked" not in str(event.changes)  # the notes stay out of the log
    with translation.override("en"):
        assert gettext("Workshop") in describe_changes(event.action, event.changes)


def test_an_interview_may_have_a_single_participant(world: World, hr) -> None:  # type: ignore[no-untyped-def]
    assert _record(world, hr, kind="interview", participants=1).participants == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"held_on": timezone.localdate() + dt.timedelta(days=1)}, "held_on"),
        ({"held_on": None}, "held_on"),
        ({"participants": 0}, "participants"),
        ({"participants": None}, "participants"),
        ({"kind": "party"}, "kind"),
        ({"title": "   "}, "title"),
        ({"themes": [f"theme {n}" for n in range(11)]}, "themes"),
        ({"themes": ["x" * (services.THEME_MAX + 1)]}, "themes"),
        ({"notes": "x" * (services.NOTES_MAX + 1)}, "notes"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(world: World, hr, fields, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as excinfo:
        _record(world, hr, **fields)
    assert field in _errors(excinfo)
    assert not EngagementActivity.objects.exists() and not AuditEvent.objects.exists()


def test_only_hr_records_changes_and_deletes(world: World, hr) -> None:  # type: ignore[no-untyped-def]
    manager = f.member(world.alice_org, "top@example.org", Role.MANAGER).user
    activity = f.engagement_activity(world.alice_org)
    for outsider in (world.alice, manager, world.bob):  # the administrator is not HR by that alone
        with pytest.raises(PermissionDenied):
            _record(world, outsider)
        with pytest.raises(PermissionDenied):
            services.delete_activity(actor=outsider, activity=activity)
    assert EngagementActivity.objects.count() == 1


def test_a_change_records_what_changed_and_nothing_when_nothing_did(world: World, hr) -> None:  # type: ignore[no-untyped-def]
    activity = _record(world, hr)
    same = {
        "kind": activity.kind,
        "title": activity.title,
        "held_on": activity.held_on,
        "participants": activity.participants,
        "notes": activity.notes,
        "themes": activity.themes,
    }
    services.change_activity(actor=hr, activity=activity, **same)
    assert not AuditEvent.objects.filter(action="people.activity_changed").exists()

    services.change_activity(actor=hr, activity=activity, **{**same, "participants": 16, "notes": "More notes."})
    activity.refresh_from_db()
    assert (activity.participants, activity.notes) == (16, "More notes.")
    event = AuditEvent.objects.get(action="people.activity_changed")
    assert event.changes == {
        "activity_participants": {"before": 14, "after": 16},
        "activity_notes_changed": True,
    }


def test_deleting_keeps_the_title_and_date_in_the_log(world: World, hr) -> None:  # type: ignore[no-untyped-def]
    activity = _record(world, hr)
    services.delete_activity(actor=hr, activity=activity)
    services.delete_activity(actor=hr, activity=activity)  # again, from a second tab: nothing more happens
    assert not EngagementActivity.objects.exists()
    event = AuditEvent.objects.get(action="people.activity_deleted")
    assert event.changes["activity_title"] == "Workshop on the competency model"


# --- the anonymised notes ------------------------------------------------------------------------------


@pytest.fixture
def ana(world: World):  # type: ignore[no-untyped-def]
    return f.member(world.alice_org, "ana.novak@example.org", Role.VIEWER, name="Ana Novak")


def _message(field: str, names: str) -> str:
    texts = {
        "title": "The title names a member of staff (%(names)s). Record what was said, not who said it.",
        "notes": "The notes name a member of staff (%(names)s). Record what was said, not who said it.",
        "themes": "The themes name a member of staff (%(names)s). Record what was said, not who said it.",
    }
    return gettext(texts[field]) % {"names": names}


@pytest.mark.parametrize(
    ("notes", "named"),
    [
        ("Ana Novak said the levels are unclear.", "Ana Novak"),
        ("As ANA NOVAK put it, the levels are unclear.", "ANA NOVAK"),
        ("Novak Ana asked for a mentor.", "Novak Ana"),  # surname first, as on official lists
        ("Ana\n  Novak asked for a mentor.", "Ana Novak"),
        ("Write to ana.novak@example.org.", "ana.novak@example.org"),
        ("Ask Ana.Novak@Example.ORG about it", "Ana.Novak@Example.ORG"),
    ],
)
def test_notes_naming_a_member_are_refused_with_what_to_remove(world: World, hr, ana, notes, named) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        _record(world, hr, notes=notes)
    with translation.override("en"):
        assert _errors(excinfo)["notes"] == [_message("notes", named)]
    assert not EngagementActivity.objects.exists()


@pytest.mark.parametrize(
    "notes",
    [
        "Ana said the levels are unclear.",  # a first name alone names nobody for sure
        "Novak was mentioned as a common surname.",
        "Banana Novakova is not a member.",  # not whole words
        "Ana Novakova is not a member either.",
        "Write to xana.novak@example.org or ana.novak@example.org.uk.",  # other addresses
        "Staff asked for more training.",  # the one-word name of the factory's members
    ],
)
def test_words_that_only_look_like_a_member_are_accepted(world: World, hr, ana, notes) -> None:  # type: ignore[no-untyped-def]
    f.member(world.alice_org, "staff@example.org", Role.VIEWER, name="Staff")
    assert _record(world, hr, notes=notes).notes == notes


def test_title_and_themes_are_checked_too_and_every_field_says_so(world: World, hr, ana) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        _record(world, hr, title="Interview with Ana Novak", themes=["workload", "hr@example.org asked"])
    errors = _errors(excinfo)
    with translation.override("en"):
        assert errors["title"] == [_message("title", "Ana Novak")]
        assert errors["themes"] == [_message("themes", "hr@example.org")]  # the writer is a member too


def test_a_member_of_another_organisation_is_not_checked(world: World, hr) -> None:  # type: ignore[no-untyped-def]
    assert _record(world, hr, notes="Bob Brown from the agency visited.").pk


def test_an_edit_is_checked_again(world: World, hr, ana) -> None:  # type: ignore[no-untyped-def]
    activity = _record(world, hr)
    with pytest.raises(ValidationError):
        services.change_activity(
            actor=hr,
            activity=activity,
            kind="workshop",
            title=activity.title,
            held_on=activity.held_on,
            participants=3,
            notes="Ana Novak disagreed.",
            themes=[],
        )
    activity.refresh_from_db()
    assert activity.participants == 14 and "Ana Novak" not in activity.notes


# --- the names check as a rule ----------------------------------------------------------------------------

LETTERS = "abcčdefghijklmnoprsštuvzžабвгдежзийклмнопрстуфхцчшщъьюя"
WORD = st.text(alphabet=LETTERS + LETTERS.upper(), min_size=2, max_size=8)
FILLER = st.lists(st.sampled_from(["1", "22", ",", ".", "–", "(", ")", "\n"]), max_size=6)


@given(first=WORD, last=WORD, before=FILLER, after=FILLER, upper=st.booleans())
def test_a_full_name_between_other_words_is_always_found(first, last, before, after, upper) -> None:  # type: ignore[no-untyped-def]
    names = MemberNames.of([(f"{first} {last}", "someone@example.org")])
    written = f"{first} {last}".upper() if upper else f"{first} {last}"
    text = " ".join([*before, written, *after])
    assert [found.casefold() for found in names.found_in(text)] == [written.casefold()]


@given(first=WORD, last=WORD, glued=WORD)
def test_a_name_inside_a_longer_word_is_not_found(first, last, glued) -> None:  # type: ignore[no-untyped-def]
    names = MemberNames.of([(f"{first} {last}", "")])
    assert names.found_in(f"{glued}{first} {last}{glued}") == []
