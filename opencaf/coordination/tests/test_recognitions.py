"""Recognitions: the rules (checklists written per language, the year proposed, validity), the preset,
and the services that keep schemes and give, change and withdraw awards — audited, refused clearly,
nothing half-written."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import describe_changes
from opencaf.coordination.models import Award, RecognitionLevel, RecognitionScheme
from opencaf.coordination.recognition_presets import SLOVENIAN_NATIONAL
from opencaf.coordination.services import recognitions as services
from opencaf.coordination.services.recognitions import (
    AwardData,
    ChecklistMismatch,
    LevelData,
    SchemeData,
    checklist_from_lines,
    checklist_text,
    default_award_year,
    items_in_use,
    valid_until,
)
from opencaf.coordination.tests.recognition_factories import criteria, level, make_award, make_scheme
from opencaf.organisations.tests.factories import OrganisationFactory

# --- rules (no database) ----------------------------------------------------------------------------------

LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30).filter(
    lambda text: text.strip() == text and text.strip()
)
LANGUAGE_SETS = st.sets(st.sampled_from(["sl", "bg", "en"]), min_size=1)


@given(st.data())
def test_a_checklist_reads_back_from_its_lines(data: Any) -> None:
    languages = data.draw(LANGUAGE_SETS)
    count = data.draw(st.integers(min_value=0, max_value=6))
    items = [{code: data.draw(LINE) for code in sorted(languages)} for _ in range(count)]
    lines = {code: checklist_text(items, code) for code in ("sl", "bg", "en")}
    assert checklist_from_lines(lines) == items
    # blank lines and spaces around a line do not count
    padded = {code: "\n\n".join(f"  {line}  " for line in text.splitlines()) for code, text in lines.items()}
    assert checklist_from_lines(padded) == items


@given(st.lists(LINE, min_size=1, max_size=5), st.lists(LINE, min_size=1, max_size=5))
def test_a_different_number_of_lines_is_a_mismatch_naming_each_language(sl: list[str], en: list[str]) -> None:
    texts = {"sl": "\n".join(sl), "en": "\n".join(en), "bg": ""}
    if len(sl) == len(en):
        assert len(checklist_from_lines(texts)) == len(sl)
    else:
        with pytest.raises(ChecklistMismatch) as mismatch:
            checklist_from_lines(texts)
        assert mismatch.value.counts == {"sl": len(sl), "en": len(en)}


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2100, 12, 31)))
def test_the_year_proposed_is_last_year_until_march(today: date) -> None:
    year = default_award_year(today)
    assert year == (today.year - 1 if today.month <= 2 else today.year)
    assert year <= today.year


@given(st.integers(min_value=2000, max_value=2100), st.one_of(st.none(), st.integers(min_value=1, max_value=50)))
def test_an_award_is_valid_to_the_end_of_a_year(year: int, years: int | None) -> None:
    until = valid_until(year, years)
    if years is None:
        assert until is None
    else:
        assert until == date(year + years, 12, 31)
        assert (until.year - year) == years and (until.month, until.day) == (12, 31)


@given(st.lists(st.lists(st.integers(min_value=0, max_value=20), max_size=6), max_size=6))
def test_the_items_in_use_reach_past_the_highest_ticked(ticked: list[list[int]]) -> None:
    used = items_in_use(ticked)
    assert all(index < used for indices in ticked for index in indices)
    assert used == 0 or any(used - 1 in indices for indices in ticked)


# --- the preset ----------------------------------------------------------------------------------------------


def test_the_preset_creates_three_levels_with_checklists_in_three_languages(world: World) -> None:
    scheme = services.create_preset_scheme(actor=world.carol, network=world.network)
    levels = list(scheme.levels.order_by("position"))
    assert [lvl.name["sl"] for lvl in levels] == ["Začetnik CAF", "Uporabnik CAF", "Uspešen uporabnik CAF"]
    assert [lvl.name["en"] for lvl in levels] == ["CAF Beginner", "CAF User", "Successful CAF User"]
    assert all(lvl.name["bg"] for lvl in levels)
    for lvl in levels:
        assert lvl.criteria and all(set(item) == {"sl", "bg", "en"} for item in lvl.criteria)
        assert all(text.strip() for item in lvl.criteria for text in item.values())
    assert set(scheme.name) == set(scheme.description) == {"sl", "bg", "en"}
    assert scheme.validity_years is None
    assert "Učinkovit uporabnik CAF" in levels[2].criteria[1]["sl"]
    event = AuditEvent.objects.get(action="coordination.recognition_scheme_created")
    assert event.network == world.network and event.changes["preset"] == SLOVENIAN_NATIONAL.key
    # a second click does not add it twice
    with pytest.raises(ValidationError, match="already has the scheme"):
        services.create_preset_scheme(actor=world.carol, network=world.network)
    assert RecognitionScheme.objects.count() == 1
    # once archived, the network may start from the preset again
    services.archive_scheme(actor=world.carol, scheme=scheme)
    services.create_preset_scheme(actor=world.carol, network=world.network)
    assert RecognitionScheme.objects.filter(network=world.network).count() == 2


def test_only_the_networks_coordinator_keeps_schemes(world: World) -> None:
    scheme = make_scheme(world.network)
    for outsider in (world.dave, world.alice, world.charlie):
        with pytest.raises(PermissionDenied):
            services.create_preset_scheme(actor=outsider, network=world.network)
        with pytest.raises(PermissionDenied):
            services.archive_scheme(actor=outsider, scheme=scheme)
        with pytest.raises(PermissionDenied):
            services.give_award(actor=outsider, level=level(scheme), data=AwardData(world.alice_org, 2025))
    assert RecognitionScheme.objects.count() == 1 and not Award.objects.exists()


# --- schemes ---------------------------------------------------------------------------------------------------


def _data(levels: list[LevelData] | None = None, **fields: Any) -> SchemeData:
    values: dict[str, Any] = {
        "name": {"en": "Quality awards", "sl": "Priznanja kakovosti"},
        "description": {"en": "Every year."},
        "validity_years": 2,
        "levels": levels
        if levels is not None
        else [LevelData({"en": "Bronze"}, criteria(1, 2)), LevelData({"en": "Silver"}, criteria(2, 1))],
        **fields,
    }
    return SchemeData(**values)


def test_a_scheme_is_created_with_its_levels_in_order_and_audited(world: World) -> None:
    scheme = services.create_scheme(actor=world.carol, network=world.network, data=_data())
    assert scheme.validity_years == 2 and scheme.name == {"en": "Quality awards", "sl": "Priznanja kakovosti"}
    assert [(lvl.position, lvl.name["en"], len(lvl.criteria)) for lvl in scheme.levels.order_by("position")] == [
        (1, "Bronze", 2),
        (2, "Silver", 1),
    ]
    event = AuditEvent.objects.get(action="coordination.recognition_scheme_created")
    assert event.changes == {"name": "Priznanja kakovosti", "levels": 2, "validity_years": 2}
    assert event.actor == world.carol and event.object_id == str(scheme.public_id)


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"name": {"en": "  "}}, "name"),
        ({"name": {"en": "x" * 201}}, "name"),
        ({"validity_years": 0}, "validity_years"),
        ({"levels": []}, "levels"),
        ({"levels": [LevelData({"en": ""}, [])]}, "levels"),
        ({"levels": [LevelData({"en": "Mixed"}, [{"en": "a", "sl": "a"}, {"en": "b"}])]}, "levels"),
        ({"levels": [LevelData({"en": "Long"}, [{"en": "x" * 501}])]}, "levels"),
        ({"levels": [LevelData({"en": f"L{n}"}, []) for n in range(11)]}, "levels"),
    ],
)
def test_a_bad_scheme_is_refused_and_nothing_written(world: World, fields: dict[str, Any], key: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_scheme(actor=world.carol, network=world.network, data=_data(**fields))
    assert key in error.value.message_dict
    assert not RecognitionScheme.objects.exists() and not RecognitionLevel.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="coordination.recognition").exists()


def _as_data(scheme: RecognitionScheme) -> list[LevelData]:
    return [LevelData(lvl.name, lvl.criteria, str(lvl.public_id)) for lvl in scheme.levels.order_by("position")]


def test_levels_are_reordered_renamed_added_and_removed_keeping_their_rows(world: World) -> None:
    scheme = make_scheme(world.network, levels=3)
    first, second, third = _as_data(scheme)
    levels = [
        LevelData({"en": "Silver (renamed)"}, second.criteria, second.public_id),
        first,
        LevelData({"en": "Gold"}, criteria(9, 1)),
    ]
    services.update_scheme(actor=world.carol, scheme=scheme, data=_data(levels=levels, validity_years=None))
    rows = list(scheme.levels.order_by("position"))
    assert [str(row.public_id) for row in rows[:2]] == [second.public_id, first.public_id]
    assert [row.name["en"] for row in rows] == ["Silver (renamed)", "CAF Beginner", "Gold"]
    assert not RecognitionLevel.objects.filter(public_id=third.public_id).exists()
    event = AuditEvent.objects.get(action="coordination.recognition_scheme_changed")
    assert event.changes["levels"]["after"] == ["Silver (renamed)", "Začetnik CAF", "Gold"]
    assert "validity_years" not in event.changes  # it stayed empty
    assert describe_changes(event.action, event.changes)  # every field has a label


def test_a_level_with_awards_is_not_removed_and_keeps_the_criteria_awards_use(world: World) -> None:
    scheme = make_scheme(world.network, levels=2, items=3)
    beginner, user = _as_data(scheme)
    make_award(level(scheme, 1), world.alice_org, criteria_met=[0, 2])
    with pytest.raises(ValidationError, match="cannot be removed"):
        services.update_scheme(actor=world.carol, scheme=scheme, data=_data(levels=[user]))
    shorter = LevelData(beginner.name, beginner.criteria[:2], beginner.public_id)
    with pytest.raises(ValidationError, match="must keep at least 3 items"):
        services.update_scheme(actor=world.carol, scheme=scheme, data=_data(levels=[shorter, user]))
    assert scheme.levels.count() == 2 and len(level(scheme, 1).criteria) == 3  # nothing changed
    # correcting the wording and adding a criterion at the end are fine
    fixed = [{"en": "Level 1 criterion one (corrected)", "sl": "Popravljeno"}, *beginner.criteria[1:], {"en": "New"}]
    fixed[-1] = {"en": "New", "sl": "Novo"}
    services.update_scheme(
        actor=world.carol, scheme=scheme, data=_data(levels=[LevelData(beginner.name, fixed, beginner.public_id), user])
    )
    assert len(level(scheme, 1).criteria) == 4
    assert AuditEvent.objects.get(action="coordination.recognition_scheme_changed").changes["criteria"] == [
        "Začetnik CAF"
    ]


def test_a_level_of_another_scheme_cannot_be_slipped_in(world: World) -> None:
    scheme = make_scheme(world.network, levels=1)
    other = make_scheme(world.other_network, levels=1)
    stranger = _as_data(other)[0]
    with pytest.raises(ValidationError, match="no longer exists"):
        services.update_scheme(actor=world.carol, scheme=scheme, data=_data(levels=[stranger]))
    assert level(other).scheme == other


def test_archiving_stops_new_awards_and_restoring_allows_them(world: World) -> None:
    scheme = make_scheme(world.network)
    services.archive_scheme(actor=world.carol, scheme=scheme)
    with pytest.raises(ValidationError, match="archived"):
        services.archive_scheme(actor=world.carol, scheme=scheme)
    with pytest.raises(ValidationError, match="archived"):
        services.give_award(
            actor=world.carol, level=level(scheme), data=AwardData(world.alice_org, 2025, None, [0, 1, 2])
        )
    services.restore_scheme(actor=world.carol, scheme=scheme)
    services.give_award(actor=world.carol, level=level(scheme), data=AwardData(world.alice_org, 2025, None, [0, 1, 2]))
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "coordination.recognition_scheme_archived",
        "coordination.recognition_scheme_restored",
        "coordination.award_given",
    ]


# --- awards ------------------------------------------------------------------------------------------------


def test_an_award_is_given_with_its_validity_and_audited(world: World) -> None:
    scheme = make_scheme(world.network, validity_years=2)
    data = AwardData(world.alice_org, 2025, date(2026, 1, 23), [2, 0, 1], "", "  For a first self-assessment.  ")
    award = services.give_award(actor=world.carol, level=level(scheme), data=data)
    assert award.valid_until == date(2027, 12, 31)
    assert award.criteria_met == [0, 1, 2] and award.citation == "For a first self-assessment."
    assert award.awarded_by == world.carol and award.public
    event = AuditEvent.objects.get(action="coordination.award_given")
    assert event.organisation == world.alice_org and event.network == world.network
    assert event.changes["criteria_met"] == "3/3" and event.changes["valid_until"] == "2027-12-31"
    assert event.changes["recognition"] == "Začetnik CAF" and event.changes["year"] == 2025
    assert describe_changes(event.action, event.changes)
    # a scheme whose awards do not lapse
    lasting = make_scheme(world.network, name={"en": "Lasting"})
    assert services.give_award(actor=world.carol, level=level(lasting), data=data).valid_until is None


def test_changing_the_validity_leaves_awards_already_given(world: World) -> None:
    scheme = make_scheme(world.network, validity_years=2)
    award = services.give_award(
        actor=world.carol, level=level(scheme), data=AwardData(world.alice_org, 2024, None, [0, 1, 2])
    )
    services.update_scheme(actor=world.carol, scheme=scheme, data=_data(levels=_as_data(scheme), validity_years=5))
    award.refresh_from_db()
    assert award.valid_until == date(2026, 12, 31)
    later = services.give_award(
        actor=world.carol, level=level(scheme), data=AwardData(world.alice_org, 2025, None, [0, 1, 2])
    )
    assert later.valid_until == date(2030, 12, 31)


def test_an_unticked_criterion_needs_a_reason_kept_in_the_audit(world: World) -> None:
    scheme = make_scheme(world.network)
    with pytest.raises(ValidationError) as error:
        services.give_award(actor=world.carol, level=level(scheme), data=AwardData(world.alice_org, 2025, None, [0, 1]))
    assert "criteria_note" in error.value.message_dict
    reason = "The plan was approved in January; the ministry accepted it."
    award = services.give_award(
        actor=world.carol, level=level(scheme), data=AwardData(world.alice_org, 2025, None, [0, 1], reason)
    )
    assert award.criteria_met == [0, 1]
    event = AuditEvent.objects.get(action="coordination.award_given")
    assert event.changes["criteria_note"] == reason and event.changes["criteria_met"] == "2/3"


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"year": 1999}, "year"),
        ({"year": 2999}, "year"),
        ({"ceremony_on": date(2024, 12, 31)}, "ceremony_on"),
        ({"criteria_met": [0, 1, 2, 3]}, "criteria"),
        ({"citation": "x" * 601}, "citation"),
    ],
)
def test_bad_award_data_is_refused(world: World, fields: dict[str, Any], key: str) -> None:
    scheme = make_scheme(world.network)
    values: dict[str, Any] = {"organisation": world.alice_org, "year": 2025, "criteria_met": [0, 1, 2], **fields}
    with pytest.raises(ValidationError) as error:
        services.give_award(actor=world.carol, level=level(scheme), data=AwardData(**values))
    assert key in error.value.message_dict
    assert not Award.objects.exists() and not AuditEvent.objects.exists()


def test_an_organisation_of_another_network_cannot_be_awarded(world: World) -> None:
    scheme = make_scheme(world.network)
    with pytest.raises(ValidationError) as error:
        services.give_award(
            actor=world.carol, level=level(scheme), data=AwardData(world.bob_org, 2025, None, [0, 1, 2])
        )
    assert "organisation" in error.value.message_dict


def test_a_second_award_of_the_same_level_and_year_is_refused_clearly(world: World) -> None:
    scheme = make_scheme(world.network)
    data = AwardData(world.alice_org, 2025, None, [0, 1, 2])
    services.give_award(actor=world.carol, level=level(scheme), data=data)
    with pytest.raises(ValidationError, match="Alice Municipality already has “CAF Beginner” for 2025"):
        services.give_award(actor=world.carol, level=level(scheme), data=data)
    # another year, another level, another organisation: fine
    services.give_award(actor=world.carol, level=level(scheme), data=AwardData(world.alice_org, 2024, None, [0, 1, 2]))
    services.give_award(actor=world.carol, level=level(scheme, 2), data=data)
    neighbour = OrganisationFactory(network=world.network, name="Neighbour")
    services.give_award(actor=world.carol, level=level(scheme), data=AwardData(neighbour, 2025, None, [0, 1, 2]))
    assert Award.objects.count() == 4


def test_the_database_constraint_backs_the_check_and_is_caught(world: World, monkeypatch: Any) -> None:
    """Two coordinators saving at once: the check passes for both, the constraint refuses the second."""
    scheme = make_scheme(world.network)
    make_award(level(scheme), world.alice_org, 2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(level=level(scheme), organisation=world.alice_org, year=2025)
    real_filter = Award.objects.filter
    checks: list[dict[str, Any]] = []

    def blind_filter(*args: Any, **kwargs: Any) -> Any:
        """The service's check (the first lookup by level, organisation and year) finds nothing."""
        if set(kwargs) == {"level", "organisation", "year"} and not checks:
            checks.append(kwargs)
            return real_filter(pk=None)
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Award.objects, "filter", blind_filter)
    with pytest.raises(ValidationError, match="already has"):
        services.give_award(
            actor=world.carol, level=level(scheme), data=AwardData(world.alice_org, 2025, None, [0, 1, 2])
        )
    monkeypatch.undo()
    assert Award.objects.count() == 1 and not AuditEvent.objects.filter(action="coordination.award_given").exists()


def test_an_award_changes_its_ceremony_citation_and_listing(world: World) -> None:
    scheme = make_scheme(world.network)
    award = make_award(level(scheme), world.alice_org, 2025)
    services.update_award(actor=world.carol, award=award, ceremony_on=date(2026, 1, 20), citation="New.", public=False)
    award.refresh_from_db()
    assert (award.ceremony_on, award.citation, award.public) == (date(2026, 1, 20), "New.", False)
    event = AuditEvent.objects.get(action="coordination.award_changed")
    assert event.changes["ceremony"] == {"before": None, "after": "2026-01-20"}
    assert event.changes["shown_publicly"] == {"before": True, "after": False}
    assert event.organisation == world.alice_org
    # saving the same again records nothing
    services.update_award(actor=world.carol, award=award, ceremony_on=date(2026, 1, 20), citation="New.", public=False)
    assert AuditEvent.objects.filter(action="coordination.award_changed").count() == 1
    with pytest.raises(ValidationError):
        services.update_award(actor=world.carol, award=award, ceremony_on=date(2024, 5, 1), citation="", public=True)
    with pytest.raises(PermissionDenied):
        services.update_award(actor=world.dave, award=award, ceremony_on=None, citation="", public=True)


def test_withdrawing_needs_a_reason_is_final_and_audited(world: World) -> None:
    scheme = make_scheme(world.network)
    award = make_award(level(scheme), world.alice_org, 2025)
    with pytest.raises(ValidationError) as error:
        services.withdraw_award(actor=world.carol, award=award, reason="   ")
    assert "reason" in error.value.message_dict
    services.withdraw_award(actor=world.carol, award=award, reason="The report was not the organisation's own.")
    award.refresh_from_db()
    assert award.withdrawn_at is not None and award.withdrawal_reason.startswith("The report")
    event = AuditEvent.objects.get(action="coordination.award_withdrawn")
    assert event.changes["reason"].startswith("The report") and event.organisation == world.alice_org
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.withdraw_award(actor=world.carol, award=award, reason="Again")
    with pytest.raises(ValidationError, match="withdrawn"):
        services.update_award(actor=world.carol, award=award, ceremony_on=None, citation="", public=True)
    # the same recognition cannot be given again for that year, and the message says why
    with pytest.raises(ValidationError, match="it was withdrawn on"):
        services.give_award(
            actor=world.carol, level=level(scheme), data=AwardData(world.alice_org, 2025, None, [0, 1, 2])
        )
    with pytest.raises(PermissionDenied):
        services.withdraw_award(actor=world.alice, award=award, reason="x")
