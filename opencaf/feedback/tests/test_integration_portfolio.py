"""External feedback and the label in the coordination portfolio (feedback/stage_facts.py through
coordination/stage_facts.py): the stages, their days, the counts and filters, and no query more."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext

from conftest import World, client_for
from opencaf.assessments.models import SelfAssessment
from opencaf.coordination import stage_facts as seam
from opencaf.coordination.engagement_forms import STAGE_LABELS
from opencaf.coordination.selectors.portfolio import portfolio_of, standings_of
from opencaf.coordination.stages import FROM_ABOVE, Stage
from opencaf.coordination.tests.builders import LEVELS, campaign_for, furnish
from opencaf.feedback import stage_facts
from opencaf.feedback.models import CaseState, FeedbackCase, Label
from opencaf.feedback.tests.factories import feedback_case, label
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import OrganisationFactory

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _feedback_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The feedback app's source, as FeedbackConfig.ready() registers it (and nothing else)."""
    monkeypatch.setattr(seam, "_sources", {})
    stage_facts.register()


def _moment(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _furnished(world: World, framework: Any, name: str, level: str = "in_progress") -> dict[str, Any]:
    organisation = OrganisationFactory(network=world.network, name=name)
    made = furnish(organisation, framework, level, start=TODAY() - timedelta(days=300))
    made["organisation"] = organisation
    return made


def _case(made: dict[str, Any], state: str, **fields: Any) -> FeedbackCase:
    return feedback_case(made["organisation"], made["assessment"], state=state, **fields)


def _agree(world: World) -> dict[str, Any]:
    """The standings (no dates) of every organisation, checked against the dated facts' stages."""
    today = TODAY()
    dated = [
        (row.organisation_id, row.name, row.org_type, row.size_band, row.region, row.stage, tuple(row.flags))
        for row in portfolio_of(world.network, today=today)
    ]
    standings = standings_of(world.network, today=today)
    assert [tuple(standing) for standing in standings] == dated
    return {standing.name: standing for standing in standings}


def _rows(world: World) -> dict[str, Any]:
    return {row.name: row for row in portfolio_of(world.network, today=TODAY())}


# --- the stages ----------------------------------------------------------------------------------------


def test_a_submitted_application_and_a_valid_label_give_their_stages_on_their_days(
    world: World, caf_framework: Any
) -> None:
    submitted_on, awarded_on = TODAY() - timedelta(days=20), TODAY() - timedelta(days=3)
    # Ten minutes past local midnight: still the day before in UTC, the local day counts.
    _case(_furnished(world, caf_framework, "submitted"), "submitted", submitted_at=_moment(submitted_on, 0, 10))
    _case(_furnished(world, caf_framework, "in feedback"), "in_feedback", submitted_at=_moment(submitted_on))
    _case(_furnished(world, caf_framework, "reported"), "reported", submitted_at=_moment(submitted_on))
    _case(_furnished(world, caf_framework, "refused"), "not_awarded", submitted_at=_moment(submitted_on))
    awarded = _case(_furnished(world, caf_framework, "labelled"), "awarded", submitted_at=_moment(submitted_on))
    label(awarded, awarded_on=awarded_on)

    rows = _rows(world)
    for name in ("submitted", "in feedback", "reported", "refused"):
        assert (rows[name].stage, rows[name].stage_on) == (Stage.EXTERNAL_FEEDBACK, submitted_on), name
        assert rows[name].facts.label_on is None
    assert (rows["labelled"].stage, rows["labelled"].stage_on) == (Stage.LABEL, awarded_on)
    assert rows["labelled"].facts.feedback_on == submitted_on
    assert rows["labelled"].flags == rows["submitted"].flags  # the stage changes, not the flags
    standings = _agree(world)
    assert standings["submitted"].stage == Stage.EXTERNAL_FEEDBACK and standings["labelled"].stage == Stage.LABEL


def test_what_does_not_count(world: World, caf_framework: Any) -> None:
    long_ago = TODAY() - timedelta(days=900)
    _case(_furnished(world, caf_framework, "draft"), "draft")
    # Submitted once, then returned to the organisation for more, or withdrawn.
    _case(_furnished(world, caf_framework, "returned"), "draft", submitted_at=_moment(TODAY() - timedelta(days=9)))
    _case(_furnished(world, caf_framework, "withdrawn"), "withdrawn")
    # A label whose validity ended yesterday: back to external feedback; one ending today still counts.
    expired = label(_case(_furnished(world, caf_framework, "expired"), "awarded"), awarded_on=long_ago)
    Label.objects.filter(pk=expired.pk).update(valid_until=TODAY() - timedelta(days=1))
    last_day = label(_case(_furnished(world, caf_framework, "last day"), "awarded"), awarded_on=long_ago)
    Label.objects.filter(pk=last_day.pk).update(valid_until=TODAY())
    # A label on an earlier self-assessment, with a later one started since: the current cycle counts…
    renewed = _furnished(world, caf_framework, "started again")
    label(_case(renewed, "awarded"), awarded_on=TODAY() - timedelta(days=60))
    SelfAssessment.objects.create(
        organisation=renewed["organisation"], framework=caf_framework, title="SA 2", scoring_method="classical",
        state="consensus", created_at=timezone.now(),
    )  # fmt: skip
    # … but one still planned is not under way: the labelled one stays the current one.
    planning = _furnished(world, caf_framework, "planning the next")
    label(_case(planning, "awarded"), awarded_on=TODAY() - timedelta(days=60))
    SelfAssessment.objects.create(
        organisation=planning["organisation"], framework=caf_framework, title="SA 2", scoring_method="classical",
        state="planned", created_at=timezone.now(),
    )  # fmt: skip
    # Another network's organisation with a label is not in this portfolio at all.
    elsewhere = furnish(world.bob_org, caf_framework, "in_progress", start=long_ago)
    label(feedback_case(world.bob_org, elsewhere["assessment"], state="awarded"))

    standings = _agree(world)
    for name in ("draft", "returned", "withdrawn"):
        assert standings[name].stage == Stage.PLAN_IN_PROGRESS, name
    assert standings["expired"].stage == Stage.EXTERNAL_FEEDBACK
    assert standings["last day"].stage == Stage.LABEL
    assert standings["started again"].stage == Stage.SELF_ASSESSMENT
    assert standings["planning the next"].stage == Stage.LABEL
    assert world.bob_org.name not in standings


def test_a_withdrawn_case_does_not_hide_a_later_one(world: World, caf_framework: Any) -> None:
    made = _furnished(world, caf_framework, "second try")
    _case(made, "withdrawn", submitted_at=_moment(TODAY() - timedelta(days=40)))
    _case(made, "submitted", submitted_at=_moment(TODAY() - timedelta(days=4)))
    row = _rows(world)["second try"]
    assert (row.stage, row.stage_on) == (Stage.EXTERNAL_FEEDBACK, TODAY() - timedelta(days=4))
    assert _agree(world)["second try"].stage == Stage.EXTERNAL_FEEDBACK


def test_without_the_feedback_app_s_source_no_organisation_is_at_its_stages(
    world: World, caf_framework: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    label(_case(_furnished(world, caf_framework, "labelled"), "awarded"))
    assert _agree(world)["labelled"].stage == Stage.LABEL
    monkeypatch.setattr(seam, "_sources", {})
    assert seam.unrecorded() == FROM_ABOVE
    assert _agree(world)["labelled"].stage == Stage.PLAN_IN_PROGRESS


def test_a_source_may_only_provide_the_stages_from_above() -> None:
    wrong = seam.Source(stages=frozenset({Stage.TRAINED}), known=stage_facts.known, dated=stage_facts.dated)
    with pytest.raises(ValueError, match="trained"):
        seam.register("wrong", wrong)
    assert seam.unrecorded() == frozenset()


# --- the pages -----------------------------------------------------------------------------------------


def _urls(world: World, organisation: Organisation) -> dict[str, str]:
    network = world.network.public_id
    return {
        "table": reverse("coordination:portfolio", kwargs={"network_id": network}),
        "pipeline": reverse("coordination:portfolio_pipeline", kwargs={"network_id": network}),
        "organisation": reverse(
            "coordination:portfolio_organisation", kwargs={"network_id": network, "org_id": organisation.public_id}
        ),
    }


def _feedback_world(world: World, framework: Any) -> dict[str, Any]:
    made = {}
    for index in range(3):
        made[f"fb {index}"] = _furnished(world, framework, f"fb {index}")
        _case(made[f"fb {index}"], "in_feedback", submitted_at=_moment(TODAY() - timedelta(days=10 + index)))
    for index in range(2):
        made[f"label {index}"] = _furnished(world, framework, f"label {index}")
        label(_case(made[f"label {index}"], "awarded"), awarded_on=TODAY() - timedelta(days=index))
    made["plan"] = _furnished(world, framework, "plan", "plan")
    return made


def test_the_table_filters_and_the_pipeline_counts_the_two_stages(world: World, caf_framework: Any) -> None:
    made = _feedback_world(world, caf_framework)
    client = client_for(world.carol)
    urls = _urls(world, made["label 0"]["organisation"])

    def names(query: dict[str, str]) -> list[str]:
        return [line["row"].name for line in client.get(urls["table"], query).context["lines"]]

    assert names({"stage": "feedback"}) == ["fb 0", "fb 1", "fb 2"]
    assert names({"stage": "label"}) == ["label 0", "label 1"]
    assert names({"sort": "stage"})[:5] == ["label 0", "label 1", "fb 0", "fb 1", "fb 2"]
    response = client.get(urls["table"], {"stage": "label"})
    assert [line["row"].stage_on for line in response.context["lines"]] == [TODAY(), TODAY() - timedelta(days=1)]
    with translation.override(response["Content-Language"]):
        assert pgettext("portfolio stage", "Label") in response.content.decode()

    pipeline = client.get(urls["pipeline"])
    columns = {item["column"].stage: item["column"] for item in pipeline.context["columns"]}
    assert columns[Stage.EXTERNAL_FEEDBACK].count == 3 and columns[Stage.LABEL].count == 2
    assert columns[Stage.PLAN_APPROVED].count == 1
    assert all(column.recorded for column in columns.values())
    assert [one.name for one in columns[Stage.LABEL].first] == ["label 0", "label 1"]
    organisation_link = reverse(
        "coordination:portfolio_organisation",
        kwargs={"network_id": world.network.public_id, "org_id": made["label 1"]["organisation"].public_id},
    )
    assert organisation_link in pipeline.content.decode()
    # Filtered by a flag, the columns count only the organisations that have it.
    flagged = client.get(urls["pipeline"], {"flag": "stale_actions"})
    assert {item["column"].stage: item["column"].count for item in flagged.context["columns"]}[Stage.LABEL] == 2


def test_the_organisation_page_shows_the_two_days_on_the_path(world: World, caf_framework: Any) -> None:
    made = _furnished(world, caf_framework, "labelled")
    submitted_on, awarded_on = TODAY() - timedelta(days=30), TODAY() - timedelta(days=2)
    label(_case(made, "awarded", submitted_at=_moment(submitted_on)), awarded_on=awarded_on)
    response = client_for(world.carol).get(_urls(world, made["organisation"])["organisation"])
    body = response.content.decode()
    path = {step["label"]: step for step in response.context["path"]}
    assert path[STAGE_LABELS[Stage.EXTERNAL_FEEDBACK]]["on"] == submitted_on
    assert path[STAGE_LABELS[Stage.LABEL]]["on"] == awarded_on
    assert all(step["recorded"] for step in path.values())
    assert f'datetime="{submitted_on:%Y-%m-%d}"' in body and f'datetime="{awarded_on:%Y-%m-%d}"' in body
    assert response.context["line"]["row"].stage == Stage.LABEL


# --- the queries ---------------------------------------------------------------------------------------


def _queries(client: Any, url: str) -> int:
    client.get(url)  # the session and the user are loaded alike each time
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_stages_cost_no_query_more(
    world: World, caf_framework: Any, monkeypatch: pytest.MonkeyPatch, django_assert_max_num_queries: Any
) -> None:
    start = TODAY() - timedelta(days=300)
    campaign = campaign_for(world.network, start)
    for index in range(12):
        made = furnish(OrganisationFactory(network=world.network), caf_framework, LEVELS[index % len(LEVELS)],
                       start=start, campaign=campaign)  # fmt: skip
        if "assessment" in made and index % 2:
            case = feedback_case(made["assessment"].organisation, made["assessment"], state=CaseState.AWARDED)
            if index % 4 == 1:
                label(case)
    client = client_for(world.carol)
    urls = _urls(world, world.alice_org)
    counted = {name: _queries(client, urls[name]) for name in ("table", "pipeline")}
    with django_assert_max_num_queries(31):  # as test_portfolio asserts without external feedback
        client.get(urls["table"])
    with django_assert_max_num_queries(19):
        client.get(urls["pipeline"])
    monkeypatch.setattr(seam, "_sources", {})  # the same pages without the feedback app's source
    assert {name: _queries(client, urls[name]) for name in ("table", "pipeline")} == counted
