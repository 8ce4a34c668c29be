"""The dossier the platform assembles (selectors/dossier.py): each section from what exists and only
that, nothing of other organisations or outside the listed items (no names but the group leaders'),
plain JSON, a fixed number of queries whatever the size, and frozen at submission."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from conftest import World
from opencaf.feedback.models import FeedbackCase
from opencaf.feedback.selectors.dossier import assemble_dossier, dossier_page, readable
from opencaf.feedback.tests.builders_application import Around, around, fill_dossier
from opencaf.feedback.tests.factories import accepted_assessment, feedback_case, use_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world: World, caf_framework: Any) -> Around:
    return around(world, caf_framework)


def test_a_bare_self_assessment_gives_only_what_exists(people: Around) -> None:
    dossier = assemble_dossier(people.case)
    assert set(dossier) == {"version", "assembled_at", "assessment", "report"}
    assessment = dossier["assessment"]
    assert assessment["title"] == people.assessment.title
    assert assessment["scoring_method"] == "classical" and assessment["scope"] == "whole"
    # The day in the platform's time zone, as the dossier gives it (not UTC's: they differ late at night).
    assert assessment["finalised_on"] == timezone.localdate(people.assessment.finalised_at).isoformat()
    assert dossier["report"]["accepted_on"]
    json.dumps(dossier)  # plain JSON


def test_every_section_comes_from_the_platform(people: Around) -> None:
    fill_dossier(people.case, size=2)
    dossier = assemble_dossier(people.case)
    text = json.dumps(dossier)
    assert [item["step"] for item in dossier["plan"] if item["kind"] == "step"] == [1, 2]
    assert any(item["kind"] == "training" for item in dossier["plan"])
    assert [item["title"] for item in dossier["communication"]] == ["Intranet news to staff"]
    groups = dossier["groups"]
    assert groups["members"] == 4 and [group["leader"] for group in groups["groups"]] == [
        "Gina Leader 0",
        "Gina Leader 1",
    ]
    assert groups["staff_levels"] == [["front_line", 2], ["middle", 2]]
    assert groups["groups"][0]["functional_areas"] == [["Area 0", 1], ["Area 1", 1]]
    # Trainings of the network only, the organisation's people counted: two registered, one attended each.
    assert [(row["title"], row["registered"], row["attended"]) for row in dossier["training"]] == [
        ("SAG training 1", 2, 1),
        ("SAG training 0", 2, 1),
    ]
    plan = dossier["improvement_plan"]
    assert plan["status"] == "approved" and plan["approved_on"]
    assert [(action["status"], action["progress"]) for action in plan["actions"]] == [("done", 100), ("do", 40)]
    totals = (plan["budget_eur"], plan["person_days"], plan["spent_eur"], plan["spent_days"])
    assert [Decimal(value) for value in totals] == [Decimal(2000), Decimal(5), Decimal(500), Decimal(2)]
    assert sorted(survey["responses"] for survey in dossier["surveys"]) == [40, 41]
    assert [indicator["latest_period"] for indicator in dossier["indicators"]] == ["2024", "2024"]
    assert Decimal(dossier["indicators"][0]["latest_value"]) == Decimal("85.5")
    # Nothing beyond the listed items: no member's or trainee's name, nothing unpublished or archived.
    for absent in ("Secret Member", "Secret Trainee", "Unpublished survey", "Archived indicator", "Quality conference"):
        assert absent not in text
    assert "@" not in text


def test_another_organisations_things_stay_out(people: Around, world: World, caf_framework: Any) -> None:
    fill_dossier(people.case, size=1)
    use_procedure(world.other_network, "pef-eu")
    bob_case = feedback_case(world.bob_org, accepted_assessment(world.bob_org, caf_framework, title="Bob's"))
    dossier = assemble_dossier(bob_case)
    assert set(dossier) == {"version", "assembled_at", "assessment", "report"}


def test_the_queries_do_not_grow_with_the_dossier(people: Around, world: World, caf_framework: Any) -> None:
    fill_dossier(people.case, size=1)
    with CaptureQueriesContext(connection) as small:
        assemble_dossier(people.case)
    fill_dossier(people.case, size=4)
    with CaptureQueriesContext(connection) as large:
        big = assemble_dossier(people.case)
    assert len(big["groups"]["groups"]) == 5 and len(big["indicators"]) == 5
    assert len(small.captured_queries) == len(large.captured_queries) <= 12


def test_the_page_reads_the_dossier_in_the_readers_language(people: Around) -> None:
    fill_dossier(people.case, size=1)
    dossier = assemble_dossier(people.case)
    with translation.override("sl"):
        shown = readable(dossier, "sl")
        assert shown["surveys"][0]["title"] == "Anketa zaposlenih 0"
        assert shown["plan"][0]["title"].startswith("1. ")
        assert shown["groups"]["staff_levels"][0][0] == str(translation.gettext("Middle management"))
    shown = readable(dossier, "en")
    assert shown["improvement_plan"]["budget_eur"] == Decimal("1000.00")
    assert shown["report"]["accepted_on"] is not None and shown["assessment"]["started_on"] is not None


def test_the_dossier_is_live_while_a_draft_and_frozen_once_submitted(people: Around) -> None:
    page = dossier_page(people.case, "en")
    assert not page.frozen and not page.missing_frozen and page.dossier["plan"] == []
    frozen = assemble_dossier(people.case)
    FeedbackCase.objects.filter(pk=people.case.pk).update(state="submitted", dossier=frozen)
    people.case.refresh_from_db()
    fill_dossier(people.case, size=1)  # what happens afterwards does not change what was submitted
    page = dossier_page(people.case, "en")
    assert page.frozen and page.dossier["plan"] == [] and page.dossier["groups"] is None
    # A case past the draft with no dossier (not made by the services): assembled now, and said so.
    FeedbackCase.objects.filter(pk=people.case.pk).update(dossier={})
    people.case.refresh_from_db()
    page = dossier_page(people.case, "en")
    assert not page.frozen and page.missing_frozen and page.dossier["groups"] is not None
