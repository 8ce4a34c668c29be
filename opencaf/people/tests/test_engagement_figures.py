"""Criterion 3 figures (people/figures.py) beside subcriteria 3.1–3.3, and the page that explains them:
the figures, the anonymity gate on the competency gap, texts in the active language, a fixed number of
queries whatever the codes, and who may open the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.assessments import subcriterion_figures
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.people import figures
from opencaf.people.models import ReviewCycle
from opencaf.people.tests import factories as f
from opencaf.surveys.models import Survey

pytestmark = pytest.mark.django_db

ALL_CODES = [
    *("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"),
    *("4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "5.1", "5.2", "5.3", "6.1", "6.2"),
    *("7.1", "7.2", "8.1", "8.2", "9.1", "9.2"),
]


class _Assessment:
    """What a provider reads of a self-assessment: its organisation, loaded on first use as Django does."""

    def __init__(self, organisation_id: int) -> None:
        self.organisation_id = organisation_id
        self._organisation: Organisation | None = None

    @property
    def organisation(self) -> Organisation:
        if self._organisation is None:
            self._organisation = Organisation.objects.get(pk=self.organisation_id)
        return self._organisation


def _staff(world: World, count: int, profile: Any = None, prefix: str = "staff") -> list[Any]:
    return [
        f.employee(f.member(world.alice_org, f"{prefix}{n}@example.org", Role.VIEWER), profile) for n in range(count)
    ]


def _cycle(world: World, version: Any, title: str, opens_days_ago: int) -> ReviewCycle:
    cycle = f.review_cycle(world.alice_org, version, state="closed", title=title)
    cycle.opens_on = timezone.localdate() - dt.timedelta(days=opens_days_ago)
    cycle.save(update_fields=["opens_on"])
    return cycle


@pytest.fixture
def data(world: World) -> dict[str, Any]:
    """Six employees with a profile (required level 2 each) and two without; two reviews: the latest with
    six manager's assessments (gap 1 on CORE-1 for three of them), the one before with three."""
    version = f.competency_model(world.alice_org)
    profile = f.job_profile(world.alice_org, version)
    people = _staff(world, 6, profile)
    _staff(world, 2, None, prefix="other")
    before = _cycle(world, version, "Review 2025", 400)
    latest = _cycle(world, version, "Review 2026", 20)
    for n, person in enumerate(people):
        levels = {"CORE-1": 1 if n < 3 else 2, "CORE-2": 3, "DIG-1": 2}
        f.review(latest, person, self_levels={"CORE-1": 2}, manager_levels=levels)
        if n < 3:
            f.review(before, person, manager_levels={"CORE-1": 1, "CORE-2": 1, "DIG-1": 2})
    for person in people[:4]:
        f.development_plan(
            person.membership,
            latest,
            {"title": "Course", "state": "done", "days": Decimal("2.5"), "done_on": timezone.localdate()},
        )
    f.development_plan(
        people[4].membership,
        None,
        {
            "title": "Old course",
            "state": "done",
            "days": Decimal(3),
            "done_on": timezone.localdate() - dt.timedelta(days=500),
        },
    )
    position = f.key_position(world.alice_org, "Head of finance")
    f.successor(position, people[0].membership, "now")
    other = f.key_position(world.alice_org, "Head of IT")
    f.successor(other, people[1].membership, "3+")
    f.engagement_activity(world.alice_org, "Workshop A")
    old = f.engagement_activity(world.alice_org, "Workshop long ago")
    old.held_on = timezone.localdate() - dt.timedelta(days=400)
    old.save(update_fields=["held_on"])
    Survey.objects.create(
        organisation=world.alice_org,
        title={"en": "Staff survey 2026", "sl": "Anketa zaposlenih 2026"},
        audience="employees",
        languages=["en", "sl"],
        state="published",
        published_at=timezone.now(),
        response_count=40,
    )
    return {"latest": latest, "before": before}


def test_the_figures_count_what_the_organisation_recorded(world: World, data: dict[str, Any]) -> None:
    found = figures.criterion3(world.alice_org)
    assert (found.employees, found.with_profile) == (8, 6)
    assert (found.key_positions, found.covered_positions) == (2, 1)  # "3+" does not cover a position
    assert found.latest is not None and found.previous is not None
    assert (found.latest.title, found.latest.reviewed, found.latest.with_plan) == ("Review 2026", 6, 4)
    assert found.latest.manager_assessed == 6
    assert found.latest.mean_gap == pytest.approx(3 / 18)  # 3 gaps of one level in 18 ratings
    assert found.previous.manager_assessed == 3
    assert (found.training_days, found.training_days_before) == (Decimal(10), Decimal(3))
    assert found.activities == {"workshop": (1, 12)}
    assert found.surveys_published == 1


def test_the_gap_trend_is_shown_only_for_reviews_with_enough_manager_assessments(
    world: World, data: dict[str, Any]
) -> None:
    with translation.override("en"):
        lines = figures.lines_32(figures.criterion3(world.alice_org))
        gap = lines[2]
        too_few = gettext("%(review)s: too few line manager's assessments to show (fewer than %(minimum)d)") % {
            "review": "Review 2025",
            "minimum": 5,
        }
    assert gap.value == "Review 2026: 0.17 levels"  # 3/18, rounded
    assert gap.previous == too_few  # three people in the review before: under the minimum of five


def test_a_network_with_a_higher_minimum_hides_more(world: World, data: dict[str, Any]) -> None:
    world.network.anonymity_minimum = 7
    world.network.save(update_fields=["anonymity_minimum"])
    organisation = Organisation.objects.select_related("network").get(pk=world.alice_org.pk)
    with translation.override("en"):
        gap = figures.lines_32(figures.criterion3(organisation))[2]
    assert "0.17" not in gap.value and "7" in gap.value


def test_texts_are_in_the_active_language(world: World, data: dict[str, Any]) -> None:
    with translation.override("sl"):
        blocks = figures.for_subcriteria(_Assessment(world.alice_org.pk), ["3.3"])  # type: ignore[arg-type]
        label = gettext("Staff surveys with published results")
    surveys = blocks["3.3"][0].lines[-1]
    assert surveys.label == label and "Anketa zaposlenih 2026" in surveys.value


def test_the_blocks_link_to_the_page_that_shows_them(world: World, data: dict[str, Any]) -> None:
    blocks = figures.for_subcriteria(_Assessment(world.alice_org.pk), ["3.1", "3.2", "3.3", "4.1"])  # type: ignore[arg-type]
    page = reverse("people:criterion3_figures", kwargs={"org_id": world.alice_org.public_id})
    assert set(blocks) == {"3.1", "3.2", "3.3"}
    assert [blocks[code][0].url for code in ("3.1", "3.2", "3.3")] == [
        f"{page}#subcriterion-3-1",
        f"{page}#subcriterion-3-2",
        f"{page}#subcriterion-3-3",
    ]


def test_the_registry_shows_them_beside_criterion_3(
    world: World, data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(subcriterion_figures, "_providers", {"people": figures.for_subcriteria})
    found = subcriterion_figures.figures_by_code(_Assessment(world.alice_org.pk), ["3.2", "6.1"])  # type: ignore[arg-type]
    assert len(found["3.2"]) == 1 and found["6.1"] == []


def _queries(world: World, codes: list[str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        figures.for_subcriteria(_Assessment(world.alice_org.pk), codes)  # type: ignore[arg-type]
    return len(captured)


def test_a_fixed_number_of_queries_whatever_the_codes(world: World, data: dict[str, Any]) -> None:
    one, all_of_them = _queries(world, ["3.2"]), _queries(world, ALL_CODES)
    assert one == all_of_them <= 11
    assert _queries(world, ["1.1", "6.2"]) == 0  # nothing of criterion 3 asked, nothing read


def test_an_empty_organisation_says_so(world: World) -> None:
    with translation.override("en"):
        blocks = figures.for_subcriteria(_Assessment(world.alice_org.pk), ["3.1", "3.2"])  # type: ignore[arg-type]
        assert blocks["3.1"][0].lines[0].value == gettext("No employees recorded yet")
        assert blocks["3.2"][0].lines[0].value == gettext("No competency review yet")


# --- the page ---------------------------------------------------------------------------------------------


def _page(world: World) -> str:
    return reverse("people:criterion3_figures", kwargs={"org_id": world.alice_org.public_id})


@pytest.mark.parametrize("role", [Role.HR, Role.MANAGER])
def test_hr_and_top_management_read_the_page(world: World, data: dict[str, Any], caf_framework: Any, role: str) -> None:
    reader = f.member(world.alice_org, f"{role}@example.org", role).user
    response = client_for(reader).get(_page(world))
    assert response.status_code == 200
    text = response.content.decode()
    for code in ("3.1", "3.2", "3.3"):
        assert reverse("frameworks:subcriterion", kwargs={"code": "caf2020", "subcode": code}) in text
        assert f'id="subcriterion-{code.replace(".", "-")}"' in text
    assert "Review 2026" in text


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ORG_ADMIN, Role.CAF_LEADER])
def test_other_members_get_a_403(world: World, role: str) -> None:
    member = f.member(world.alice_org, f"{role}@example.org", role).user
    assert client_for(member).get(_page(world)).status_code == 403


def test_the_page_runs_a_bounded_number_of_queries(
    world: World, data: dict[str, Any], caf_framework: Any, django_assert_max_num_queries: Any
) -> None:
    reader = f.member(world.alice_org, "top@example.org", Role.MANAGER).user
    client = client_for(reader)
    client.get(_page(world))
    with django_assert_max_num_queries(16):  # thirteen today
        assert client.get(_page(world)).status_code == 200
