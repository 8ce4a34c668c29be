"""The talent grid page: the newest competency review with line managers' ratings (or another one chosen),
each person in their box, those without a submitted rating listed apart, the read recorded once, a
bounded number of queries; and the talent part's section of the People page (HR and top management only)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.people.access import access_in
from opencaf.people.models import ReviewCycle
from opencaf.people.selectors import talent as selectors
from opencaf.people.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(world: World) -> Membership:
    return f.member(world.alice_org, "hr@example.org", Role.HR)


def _url(world: World, **query: str) -> str:
    url = reverse("people:talent_grid", kwargs={"org_id": world.alice_org.public_id})
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def _rated(
    cycle: ReviewCycle, name: str, performance: int | None, potential: int | None, *, submitted: bool = True
) -> None:
    """A person in the cycle with their line manager's ratings (submitted, or still a draft)."""
    organisation = cycle.organisation
    boss = Membership.objects.filter(organisation=organisation, user__email="boss@example.org").first()
    boss = boss or f.member(organisation, "boss@example.org", name="Bea Boss")
    slug = name.lower().replace(" ", ".")
    staff = f.employee(f.member(organisation, f"{slug}@example.org", name=name), line_manager=boss)
    review = f.review(cycle, staff, manager_levels={} if submitted else None)
    review.performance, review.potential = performance, potential
    review.save()


def _cell(body: str, box: str) -> str:
    """The text of the grid cell whose label is the box's words."""
    with translation.override("en"):
        label = escape(str(selectors.BOX_LABELS[box]))  # type: ignore[index]
    match = re.search(r"<td[^>]*>\s*<strong>" + re.escape(label) + r"</strong>(.*?)</td>", body, re.S)
    assert match, f"no cell for {box}"
    return match.group(1)


def test_people_sit_in_their_boxes_and_the_unrated_are_listed_apart(world: World, hr: Membership) -> None:
    cycle = f.review_cycle(world.alice_org, f.competency_model(world.alice_org))
    _rated(cycle, "Fay Future", 3, 3)
    _rated(cycle, "Nat Needs", 1, 1)
    _rated(cycle, "Carl Core", 2, 2)
    _rated(cycle, "Dora Draft", 3, 3, submitted=False)  # the manager has not submitted: not placed
    _rated(cycle, "Una Unrated", 2, None)
    body = client_for(hr.user).get(_url(world)).content.decode()
    assert "Fay Future" in _cell(body, "future_leader") and "Dora Draft" not in _cell(body, "future_leader")
    assert "Nat Needs" in _cell(body, "needs_attention")
    assert "Carl Core" in _cell(body, "core_player")
    unrated = body[body.index('id="unrated-heading"') :]
    assert "Dora Draft" in unrated and "Una Unrated" in unrated and "Fay Future" not in unrated
    # Potential high to low (rows), performance low to high (columns): the future leaders top right.
    assert body.index("Fay Future") < body.index("Carl Core") < body.index("Nat Needs")


def test_the_newest_cycle_with_ratings_is_shown_and_another_may_be_chosen(world: World, hr: Membership) -> None:
    version = f.competency_model(world.alice_org)
    older = f.review_cycle(world.alice_org, version, state="closed", title="Review 2024")
    older.opens_on -= dt.timedelta(days=365)
    older.save()
    _rated(older, "Olga Older", 2, 3)
    f.review_cycle(world.alice_org, version, title="Review 2025")  # newer, but no rating submitted yet
    f.review_cycle(world.alice_org, version, state="draft", title="Review being prepared")
    client = client_for(hr.user)
    body = client.get(_url(world)).content.decode()
    assert "Olga Older" in _cell(body, "high_potential")
    assert "Review 2025" in body and "Review being prepared" not in body  # offered; a draft is not
    newer = ReviewCycle.objects.get(title="Review 2025")
    chosen = client.get(_url(world, cycle=str(newer.public_id))).content.decode()
    assert "Olga Older" not in chosen
    with translation.override("en"):
        missing = gettext(
            "No line manager has submitted ratings of performance and potential in this competency review yet."
        )
        assert escape(missing) in chosen


@pytest.mark.parametrize("value", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_cycle_falls_back_to_the_newest_rated(world: World, hr: Membership, value: str) -> None:
    cycle = f.review_cycle(world.alice_org, f.competency_model(world.alice_org))
    _rated(cycle, "Fay Future", 3, 3)
    response = client_for(hr.user).get(_url(world, cycle=value))
    assert response.status_code == 200 and "Fay Future" in response.content.decode()


def test_another_organisations_cycle_shows_nothing_of_it(world: World, hr: Membership) -> None:
    f.review_cycle(world.alice_org, f.competency_model(world.alice_org))
    theirs = f.review_cycle(world.bob_org, f.competency_model(world.bob_org), title="Bob Secret Review")
    _rated(theirs, "Bob Secret Person", 3, 3)
    body = client_for(hr.user).get(_url(world, cycle=str(theirs.public_id))).content.decode()
    assert "Bob Secret" not in body


def test_without_a_cycle_the_page_says_so(world: World, hr: Membership) -> None:
    response = client_for(hr.user).get(_url(world))
    assert response.status_code == 200
    with translation.override("en"):
        # {% translate %} writes its text as it is (template text is not escaped): the apostrophe stays.
        message = gettext(
            "No competency review has been opened yet: the grid fills from the line managers' ratings in one."
        )
        assert message in response.content.decode()


def test_each_view_of_the_grid_is_recorded_once(world: World, hr: Membership) -> None:
    cycle = f.review_cycle(world.alice_org, f.competency_model(world.alice_org), title="Review 2025")
    _rated(cycle, "Fay Future", 3, 3)
    client = client_for(hr.user)
    client.get(_url(world))
    client.get(_url(world))
    events = list(AuditEvent.objects.filter(action="people.talent_read"))
    assert len(events) == 2
    assert all(event.object_id == str(world.alice_org.public_id) and event.actor == hr.user for event in events)
    assert events[0].changes == {"view": "talent_grid", "review_cycle": "Review 2025"}


def test_top_management_reads_the_grid_too(world: World) -> None:
    top = f.member(world.alice_org, "top@example.org", Role.MANAGER)
    cycle = f.review_cycle(world.alice_org, f.competency_model(world.alice_org))
    _rated(cycle, "Fay Future", 3, 3)
    assert "Fay Future" in client_for(top.user).get(_url(world)).content.decode()


def test_the_grid_takes_a_bounded_number_of_queries(
    world: World, hr: Membership, django_assert_max_num_queries: Any
) -> None:
    version = f.competency_model(world.alice_org)
    cycle = f.review_cycle(world.alice_org, version)
    f.review_cycle(world.alice_org, version, state="closed", title="Older")
    for number in range(3):
        _rated(cycle, f"Person {number}", 1 + number % 3, 3 - number % 3)
    client = client_for(hr.user)
    with django_assert_max_num_queries(10) as few:
        assert client.get(_url(world)).status_code == 200
    for number in range(3, 20):
        _rated(cycle, f"Person {number}", 1 + number % 3, 1 + number % 2, submitted=number % 4 != 0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_url(world)).status_code == 200


# --- the People page's section -----------------------------------------------------------------------


def _section(membership: Membership) -> tuple[dict[str, Any], str]:
    access = access_in(membership.user, membership.organisation)
    assert access is not None
    section = selectors.home_section(access)
    html = render_to_string("people/home/_talent.html", {"section": section, "organisation": membership.organisation})
    return section, html


@pytest.mark.parametrize("role", [Role.HR, Role.MANAGER])
def test_hr_and_top_management_see_the_cover_and_the_ways_in(world: World, role: str) -> None:
    reader = f.member(world.alice_org, "reader@example.org", role)
    covered = f.key_position(world.alice_org, "Covered")
    f.successor(covered, f.member(world.alice_org, "heir@example.org"), "1-2")
    f.key_position(world.alice_org, "Open")
    section, html = _section(reader)
    assert (section["coverage"].covered, section["coverage"].total) == (1, 2)
    assert reverse("people:key_positions", kwargs={"org_id": world.alice_org.public_id}) in html
    assert reverse("people:talent_grid", kwargs={"org_id": world.alice_org.public_id}) in html
    assert not AuditEvent.objects.exists()  # figures only, no names: not a read of anyone's data


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.ORG_ADMIN])
def test_anyone_else_sees_nothing_of_the_part(world: World, role: str) -> None:
    other = f.member(world.alice_org, "other@example.org", role)
    f.key_position(world.alice_org)
    section, html = _section(other)
    assert section == {} and html.strip() == ""
