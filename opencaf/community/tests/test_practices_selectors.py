"""The reads other parts call (library, bench-learning partners, the scoring page's links): what each
network reads, by subcriterion and by organisation, in the reader's language, in few queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from opencaf.community.models import PracticeState
from opencaf.community.selectors import practices as selectors
from opencaf.community.tests.practice_factories import make_practice, mark, organisation_in, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _framework(caf_framework: Any) -> None:
    """Practices are filed under the CAF 2020 subcriteria."""


def test_what_a_network_reads(world: World) -> None:
    ours_network = make_practice(world.alice_org, state=PracticeState.PUBLISHED, audience="network")
    ours_public = make_practice(world.alice_org, state=PracticeState.PUBLISHED, audience="public")
    theirs_public = make_practice(world.bob_org, state=PracticeState.PUBLISHED, audience="public")
    make_practice(world.bob_org, state=PracticeState.PUBLISHED, audience="network")
    for state in (PracticeState.DRAFT, PracticeState.SUBMITTED, PracticeState.RETURNED, PracticeState.WITHDRAWN):
        make_practice(world.alice_org, state=state, audience="public" if state == PracticeState.WITHDRAWN else "")
    assert set(selectors.readable_in(world.network)) == {ours_network, ours_public, theirs_public}
    assert set(selectors.public_practices()) == {ours_public, theirs_public}


def test_published_for_a_subcriterion_in_the_readers_language(world: World, django_assert_num_queries: Any) -> None:
    older = make_practice(world.alice_org, state=PracticeState.PUBLISHED, subcriteria=("1.1", "6.2"), title="Older")
    newer = make_practice(
        world.bob_org,
        state=PracticeState.PUBLISHED,
        audience="public",
        subcriteria=("6.2",),
        language="sl",
        title="Novejša",
        translations={"bg": text("По-нова")},
    )
    newer.published_at = older.published_at.replace(year=older.published_at.year + 1)  # type: ignore[union-attr]
    newer.save()
    make_practice(world.alice_org, state=PracticeState.SUBMITTED, subcriteria=("6.2",))
    mark(older, organisation_in(world.network))
    with django_assert_num_queries(3):
        rows = selectors.published_for_subcriterion(world.network, "6.2", "bg")
    assert [row.title for row in rows] == ["По-нова", "Older"]
    assert [row.language for row in rows] == ["bg", "en"] and rows[1].in_other_language
    assert rows[1].helped_count == 1 and rows[1].subcriteria == ("1.1", "6.2")
    assert rows[0].url_for(world.network) == reverse("community:public_practice", args=[newer.public_id])
    assert rows[1].url_for(world.network) == reverse(
        "community:practice", args=[world.network.public_id, older.public_id]
    )
    assert selectors.published_for_subcriterion(world.network, "6.2", "en", limit=1)[0].title == "Novejša"
    assert selectors.published_for_subcriterion(world.other_network, "1.1", "en") == []


def test_published_by_organisations_for_partners(world: World, django_assert_num_queries: Any) -> None:
    other = organisation_in(world.network)
    first = make_practice(world.alice_org, state=PracticeState.PUBLISHED, subcriteria=("1.1", "6.2"), title="First")
    make_practice(world.alice_org, state=PracticeState.DRAFT, subcriteria=("1.1",), title="Draft")
    second = make_practice(other, state=PracticeState.PUBLISHED, subcriteria=("6.2",), title="Second")
    make_practice(other, state=PracticeState.PUBLISHED, subcriteria=("3.1",), title="Elsewhere")
    with django_assert_num_queries(3):
        found = selectors.published_by_organisations([world.alice_org.pk, other.pk], ["1.1", "6.2"], "en")
    titles = {key: [row.title for row in rows] for key, rows in found.items()}
    assert titles == {
        (world.alice_org.pk, "1.1"): ["First"],
        (world.alice_org.pk, "6.2"): ["First"],
        (other.pk, "6.2"): ["Second"],
    }
    assert found[(other.pk, "6.2")][0].public_id == second.public_id
    assert found[(world.alice_org.pk, "1.1")][0].url == reverse(
        "community:practice", args=[world.network.public_id, first.public_id]
    )


def test_the_text_picked_for_a_reader(world: World) -> None:
    practice = make_practice(world.alice_org, language="sl", title="Izvirnik", translations={"en": text("English")})
    practice = selectors.with_summary_data(type(practice).objects.filter(pk=practice.pk)).get()
    assert getattr(selectors.pick_text(practice, "en"), "title", "") == "English"
    assert getattr(selectors.pick_text(practice, "bg"), "title", "") == "Izvirnik"
