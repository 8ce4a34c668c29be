"""An attacker's audit of everything a survey's results publish about its breakdown groups.

`lib/tests/test_anonymity_views.py` audits the gate itself; this audits what the results page and
its exports actually print, through every view a reader can ask for (overall, by either breakdown,
by the pair), including the breakdown questions' own answers (which are the sizes of their groups)
and the number who answered each question in each group. Every published number becomes an
equation over the population's combinations; no group of 1 to minimum − 1 people may follow from
them. A breakdown question's own distribution once published a group the gate hid: this would have
caught it.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from opencaf.lib.tests.test_anonymity_views import Published
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import NetworkFactory, OrganisationFactory, add_member
from opencaf.surveys import services
from opencaf.surveys.results import NO_ANSWER, Results, results_of
from opencaf.surveys.selectors import structure_of
from opencaf.surveys.tests.factories import add_question, make_survey, texts

CHANNELS = ("o1", "o2", "o3", NO_ANSWER)  # the first breakdown: three options, or no answer
AGES = ("o1", "o2", NO_ANSWER)  # the second
NOBODY = dict.fromkeys(itertools.product(CHANNELS, AGES), 0)


@st.composite
def populations(draw: st.DrawFn) -> dict[tuple[str, str], int]:
    """People per (channel, age band), many groups small or empty so the gate has work to do."""
    combinations = list(itertools.product(CHANNELS, AGES))
    count = st.one_of(st.just(0), st.integers(1, 3), st.integers(0, 9))
    return dict(zip(combinations, draw(st.lists(count, min_size=12, max_size=12)), strict=True))


def _survey_with(population: dict[tuple[str, str], int], minimum: int, world: Any) -> Any:
    organisation = OrganisationFactory(network=NetworkFactory(anonymity_minimum=minimum))
    add_member(organisation, world.alice, Role.ORG_ADMIN)
    survey = make_survey(organisation, world.alice)
    three = [texts(name) for name in ("In person", "Website", "Phone")]
    add_question(survey, world.alice, kind="single", text="Channel?", breakdown="channel", options=three)
    two = [texts(name) for name in ("Under 30", "30 or more")]
    add_question(survey, world.alice, kind="single", text="Age?", breakdown="age_band", options=two)
    add_question(survey, world.alice, kind="rating", text="Satisfied?", scale=(1, 5), required=True)
    from django.db import transaction

    from opencaf.surveys.lifecycle import Action

    with transaction.atomic():
        services.change_state(actor=world.alice, survey=survey, action=Action.OPEN)
    survey.refresh_from_db()
    structure = structure_of(survey)
    for (channel, age), people in population.items():
        answers: dict[str, Any] = {"q3": 4}
        if channel != NO_ANSWER:
            answers["q1"] = channel
        if age != NO_ANSWER:
            answers["q2"] = age
        for _ in range(people):
            services.submit_response(survey=survey, structure=structure, language="en", answers=answers)
    return survey


def _published(population: dict[tuple[str, str], int], survey: Any) -> Published:
    """Everything the four views print about the groups, as equations over the combinations."""
    published = Published(population, ["channel", "age"])
    index = {"q1": 0, "q2": 1}
    for selected in ([], ["q1"], ["q2"], ["q1", "q2"]):
        results: Results = results_of(survey, selected)
        name = "×".join(selected) or "overall"
        if not results.shown:
            continue
        published.add_total(f"{name}: responses", results.total)
        for group in results.groups:
            if group.people is None or not selected:
                continue
            where = {index[code]: key for code, key in zip(selected, group.key, strict=True)}  # type: ignore[call-overload]
            published.add(f"{name}: people in {group.key} {group.people}", group.people, where)
            figures = results.figures["q3"].get(group.key)
            if figures is not None:  # everyone answers the rating: its answerers are the group again
                published.add(f"{name}: rated in {group.key}", figures.answerers, where)
        if selected:
            for code in ("q1", "q2"):  # by group, a breakdown question must say nothing
                assert set(results.figures[code].values()) == {None}, f"{code} by {name}"
            continue
        for code, position in index.items():  # a breakdown question's own answers, overall
            figures = results.figures[code][()]
            if figures is None:
                continue
            for option, count in figures.counts.items():
                published.add(f"{code}={option} {count}", count, {position: option})
            answered = [group for group in published.groups[position] if group != NO_ANSWER]
            cells = tuple(sorted({cell for group in answered for cell in published.cells({position: group})}))
            published.equations.append(
                type(published.equations[0])(cells, figures.answerers, figures.answerers, f"{code} answered")
            )
    published.seal()
    return published


@pytest.mark.django_db
@settings(
    deadline=None,
    max_examples=25,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(population=populations(), minimum=st.integers(3, 5))
# One person from another organisation (the case found in the demo): overall, "Phone 1" was printed.
@example(population={**NOBODY, ("o1", "o1"): 12, ("o2", "o2"): 9, ("o3", "o1"): 1}, minimum=5)
# Everyone answered both questions but one person, who answered neither.
@example(population={**NOBODY, ("o1", "o1"): 8, ("o2", "o2"): 7, (NO_ANSWER, NO_ANSWER): 1}, minimum=5)
def test_no_small_group_follows_from_the_printed_results(
    population: dict[tuple[str, str], int], minimum: int, world: Any
) -> None:
    survey = _survey_with(population, minimum, world)
    leaks = _published(population, survey).leaks(minimum)
    assert not leaks, "\n".join(map(str, leaks))
