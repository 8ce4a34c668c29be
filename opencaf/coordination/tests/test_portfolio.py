from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.assessments.models import SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.coordination import stage_facts
from opencaf.coordination.models import Recipient
from opencaf.coordination.selectors.portfolio import portfolio_of, standings_of
from opencaf.coordination.stages import Flag, Stage, cutoffs
from opencaf.coordination.tests.builders import LEVELS, campaign_for, furnish
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member
from opencaf.reports.models import ReportAcceptance

TODAY = timezone.localdate


def _urls(world: World) -> list[str]:
    network = world.network.public_id
    return [
        reverse("coordination:portfolio", kwargs={"network_id": network}),
        reverse("coordination:portfolio_pipeline", kwargs={"network_id": network}),
        reverse(
            "coordination:portfolio_organisation", kwargs={"network_id": network, "org_id": world.alice_org.public_id}
        ),
    ]


def _row(world: World, name: str) -> Any:
    (row,) = [row for row in portfolio_of(world.network, today=TODAY()) if row.name == name]
    return row


# --- who may see -------------------------------------------------------------------------------------


def test_the_network_s_coordinator_sees_every_page(world: World) -> None:
    client = client_for(world.carol)
    for url in _urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert world.alice_org.name in response.content.decode()


@pytest.mark.parametrize("who", ["dave", "alice", "member", "bob", "charlie"])
def test_everyone_else_gets_404(world: World, who: str) -> None:
    member = UserFactory()
    add_member(world.alice_org, member, Role.VIEWER)
    user = {"dave": world.dave, "alice": world.alice, "member": member, "bob": world.bob, "charlie": world.charlie}
    client = client_for(user[who])
    for url in _urls(world):
        assert client.get(url).status_code == 404, url
    response = client.post(_urls(world)[2], {"kind": "call", "happened_on": TODAY().isoformat(), "summary": "Hi"})
    assert response.status_code == 404
    assert not world.alice_org.engagement_entries.exists()


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    for url in _urls(world):
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_an_organisation_of_another_network_is_404_for_the_coordinator(world: World) -> None:
    url = reverse(
        "coordination:portfolio_organisation",
        kwargs={"network_id": world.network.public_id, "org_id": world.bob_org.public_id},
    )
    assert client_for(world.carol).get(url).status_code == 404


# --- stages and flags -------------------------------------------------------------------------------


def test_each_level_gives_its_stage_with_its_date(world: World, caf_framework: Any) -> None:
    start = TODAY() - timedelta(days=200)
    campaign = campaign_for(world.network, start)
    for level in LEVELS:
        furnish(
            OrganisationFactory(network=world.network, name=level), caf_framework, level, start=start, campaign=campaign
        )
    expected = {
        "invited": (Stage.INVITED, start),
        "representative": (Stage.REPRESENTATIVE_NAMED, start + timedelta(days=10)),
        "self_assessment": (Stage.SELF_ASSESSMENT, start + timedelta(days=30)),
        "report": (Stage.REPORT_ACCEPTED, start + timedelta(days=90)),
        "plan": (Stage.PLAN_APPROVED, start + timedelta(days=120)),
        "in_progress": (Stage.PLAN_IN_PROGRESS, start + timedelta(days=150)),
    }
    for name, (stage, on) in expected.items():
        row = _row(world, name)
        assert (row.stage, row.stage_on) == (stage, on), name
    # Alice administers her organisation: a representative is named without any campaign.
    assert _row(world, world.alice_org.name).stage == Stage.REPRESENTATIVE_NAMED
    assert _row(world, "in_progress").facts.invited_on == start


def test_a_planned_self_assessment_is_not_under_way(world: World, caf_framework: Any) -> None:
    organisation = OrganisationFactory(network=world.network, name="Planned")
    made = furnish(organisation, caf_framework, "self_assessment", start=TODAY() - timedelta(days=40))
    made["assessment"].state = "planned"
    made["assessment"].save()
    assert _row(world, "Planned").stage == Stage.REPRESENTATIVE_NAMED


def test_overdue_flags(world: World, caf_framework: Any) -> None:
    long_ago = TODAY() - timedelta(days=400)
    for level in ("self_assessment", "report", "plan"):
        furnish(OrganisationFactory(network=world.network, name=level), caf_framework, level, start=long_ago)
    recent = TODAY() - timedelta(days=35)
    furnish(OrganisationFactory(network=world.network, name="recent"), caf_framework, "plan", start=recent)
    assert _row(world, "self_assessment").flags == [Flag.NO_REPORT]
    assert _row(world, "report").flags == [Flag.NO_PLAN]
    assert _row(world, "plan").flags == [Flag.STALE_ACTIONS]
    assert _row(world, "recent").flags == []


def test_group_diversity_and_consensus_flags(world: World, caf_framework: Any) -> None:
    start = TODAY() - timedelta(days=40)
    furnish(
        OrganisationFactory(network=world.network, name="narrow"),
        caf_framework,
        "self_assessment",
        start=start,
        front_line=False,
    )
    furnish(
        OrganisationFactory(network=world.network, name="undecided"),
        caf_framework,
        "self_assessment",
        start=start,
        consensus_done=False,
    )
    assert _row(world, "narrow").flags == [Flag.GROUP_DIVERSITY]
    assert _row(world, "undecided").flags == [Flag.CONSENSUS_MISSING]
    assert _row(world, "undecided").facts.undecided_subcriteria == 28


# --- the pages --------------------------------------------------------------------------------------


def _names(response: Any) -> list[str]:
    return [line["row"].name for line in response.context["lines"]]


def test_filters_by_type_size_stage_and_flag(world: World, caf_framework: Any) -> None:
    long_ago = TODAY() - timedelta(days=400)
    furnish(
        OrganisationFactory(network=world.network, name="School", org_type="school"),
        caf_framework,
        "invited",
        start=long_ago,
    )
    furnish(
        OrganisationFactory(network=world.network, name="Big", size_band="1000+"),
        caf_framework,
        "self_assessment",
        start=long_ago,
    )
    client = client_for(world.carol)
    url = _urls(world)[0]
    assert _names(client.get(url, {"org_type": "school"})) == ["School"]
    assert _names(client.get(url, {"size": "1000+"})) == ["Big"]
    assert _names(client.get(url, {"stage": "invited"})) == ["School"]
    assert _names(client.get(url, {"flag": "no_report"})) == ["Big"]
    assert _names(client.get(url, {"sort": "stage"}))[0] == "Big"
    assert _names(client.get(url, {"sort": "-stage"}))[0] == "School"
    response = client.get(url, {"stage": "bogus"})  # an unknown value: said, ignored, no error
    assert response.status_code == 200 and len(_names(response)) == 3
    assert "Some filters were not understood" in response.content.decode()


def test_pipeline_counts_by_stage(world: World, caf_framework: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stage_facts, "_sources", {})  # no app above records external feedback or labels
    start = TODAY() - timedelta(days=50)
    for index in range(3):
        furnish(OrganisationFactory(network=world.network, name=f"Inv {index}"), caf_framework, "invited", start=start)
    response = client_for(world.carol).get(_urls(world)[1])
    counts = {item["column"].stage: item["column"].count for item in response.context["columns"]}
    assert counts[Stage.INVITED] == 3 and counts[Stage.REPRESENTATIVE_NAMED] == 1
    assert counts[Stage.TRAINED] == 0 and sum(counts.values()) == 4
    body = response.content.decode()
    assert body.count("Not recorded on the platform yet.") == 2  # external feedback and the label


def test_the_table_is_paginated_at_100(world: World) -> None:
    OrganisationFactory.create_batch(120, network=world.network)
    client = client_for(world.carol)
    assert len(_names(client.get(_urls(world)[0]))) == 100
    second = client.get(_urls(world)[0], {"page": 2, "org_type": "municipality"})
    assert len(_names(second)) == 21
    assert 'href="?page=1&amp;org_type=municipality"' in second.content.decode()  # the filters stay in the page links


def test_organisation_page_shows_the_path_with_dates(
    world: World, caf_framework: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stage_facts, "_sources", {})  # no app above records external feedback or labels
    start = date(2025, 1, 6)
    furnish(world.alice_org, caf_framework, "report", start=start)
    response = client_for(world.carol).get(_urls(world)[2])
    body = response.content.decode()
    assert 'datetime="2025-01-06"' in body and 'datetime="2025-04-06"' in body
    assert body.count("not recorded on the platform yet") == 2


def _pages_queries(world: World) -> list[int]:
    client = client_for(world.carol)
    counts = []
    for url in _urls(world)[:2]:
        client.get(url)  # the session and the user are loaded alike for both sizes
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


def test_queries_do_not_grow_with_the_organisations(
    world: World, caf_framework: Any, django_assert_max_num_queries: Any
) -> None:
    start = TODAY() - timedelta(days=300)
    campaign = campaign_for(world.network, start)

    def add(count: int) -> None:
        for index in range(count):
            organisation = OrganisationFactory(network=world.network)
            furnish(organisation, caf_framework, LEVELS[index % len(LEVELS)], start=start, campaign=campaign)

    add(10)
    small = _pages_queries(world)
    add(50)
    assert _pages_queries(world) == small
    client = client_for(world.carol)
    # The session, the user and the network (5); every organisation's signs (12); the shown page's
    # facts with their dates (12).
    with django_assert_max_num_queries(31):
        client.get(_urls(world)[0])
    with django_assert_max_num_queries(19):  # no dates: the first ones' public ids for the links
        client.get(_urls(world)[1])


# --- every organisation without dates (what the pages count, filter and sort) -------------------------


def _moment(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _agree(world: World) -> dict[str, Any]:
    """The standings of every organisation, checked against the facts read with their dates."""
    today = TODAY()
    dated = [
        (row.organisation_id, row.name, row.org_type, row.size_band, row.region, row.stage, tuple(row.flags))
        for row in portfolio_of(world.network, today=today)
    ]
    standings = standings_of(world.network, today=today)
    assert [tuple(standing) for standing in standings] == dated
    return {standing.name: standing for standing in standings}


def test_standings_agree_with_the_dated_facts(world: World, caf_framework: Any) -> None:
    recent, long_ago = TODAY() - timedelta(days=35), TODAY() - timedelta(days=400)
    for level in LEVELS:
        for when, start in (("recent", recent), ("old", long_ago)):
            furnish(
                OrganisationFactory(network=world.network, name=f"{level} {when}"), caf_framework, level, start=start
            )
    furnish(
        OrganisationFactory(network=world.network, name="narrow", region="Podravska"),
        caf_framework,
        "self_assessment",
        start=recent,
        front_line=False,
    )
    furnish(
        OrganisationFactory(network=world.network, name="undecided"),
        caf_framework,
        "self_assessment",
        start=recent,
        consensus_done=False,
    )
    planned = furnish(
        OrganisationFactory(network=world.network, name="planned"), caf_framework, "self_assessment", start=long_ago
    )
    SelfAssessment.objects.filter(pk=planned["assessment"].pk).update(state="planned")
    # Started long ago with no start recorded (loaded from elsewhere): the day it was created counts.
    unrecorded = furnish(
        OrganisationFactory(network=world.network, name="unrecorded"), caf_framework, "self_assessment", start=recent
    )
    AuditEvent.objects.filter(object_id=str(unrecorded["assessment"].public_id)).delete()
    SelfAssessment.objects.filter(pk=unrecorded["assessment"].pk).update(created_at=_moment(long_ago, 9, 0))
    # An approved plan whose actions are all done is finished; one with none counts from its approval.
    done = furnish(OrganisationFactory(network=world.network, name="done"), caf_framework, "plan", start=long_ago)
    Action.objects.filter(pk=done["action"].pk).update(status="done")
    empty = furnish(OrganisationFactory(network=world.network, name="empty"), caf_framework, "plan", start=long_ago)
    Action.objects.filter(pk=empty["action"].pk).delete()
    draft = furnish(
        OrganisationFactory(network=world.network, name="draft"), caf_framework, "in_progress", start=recent
    )
    ImprovementPlan.objects.filter(pk=draft["plan"].pk).update(status="draft", approved_at=None)
    pending = OrganisationFactory(network=world.network, name="pending")
    furnish(pending, caf_framework, "invited", start=recent)
    Recipient.objects.filter(organisation=pending).update(status="pending")

    standings = _agree(world)
    assert standings["narrow"].flags == (Flag.GROUP_DIVERSITY,) and standings["narrow"].region == "Podravska"
    assert standings["undecided"].flags == (Flag.CONSENSUS_MISSING,)
    assert standings["planned"].stage == Stage.REPRESENTATIVE_NAMED and standings["planned"].flags == ()
    assert standings["unrecorded"].flags == (Flag.NO_REPORT,)
    assert standings["self_assessment old"].flags == (Flag.NO_REPORT,)
    assert standings["report old"].flags == (Flag.NO_PLAN,)
    assert standings["plan old"].flags == (Flag.STALE_ACTIONS,)
    assert standings["in_progress old"].flags == (Flag.STALE_ACTIONS,)
    assert standings["done"].flags == () and standings["empty"].flags == (Flag.STALE_ACTIONS,)
    assert standings["draft"].stage == Stage.REPORT_ACCEPTED
    assert standings["pending"].stage == Stage.NOTHING_YET
    assert {standings[f"{level} recent"].flags for level in LEVELS} == {()}
    assert [standings[f"{level} recent"].stage for level in LEVELS] == [
        Stage.INVITED,
        Stage.REPRESENTATIVE_NAMED,
        Stage.SELF_ASSESSMENT,
        Stage.REPORT_ACCEPTED,
        Stage.PLAN_APPROVED,
        Stage.PLAN_IN_PROGRESS,
    ]


def test_overdue_is_decided_by_the_local_day_at_each_cut_off(world: World, caf_framework: Any) -> None:
    """Ten minutes past local midnight on a cut-off day is still the previous day in UTC: the
    database compares moments, and must count that day as the cut-off day, not the one before."""
    cut = cutoffs(TODAY())
    long_ago = TODAY() - timedelta(days=600)

    def furnished(name: str, level: str) -> dict[str, Any]:
        return furnish(OrganisationFactory(network=world.network, name=name), caf_framework, level, start=long_ago)

    for name, moment in (
        ("started on time", _moment(cut.report_due, 0, 10)),
        ("started late", _moment(cut.report_due - timedelta(days=1), 23, 50)),
    ):
        made = furnished(name, "self_assessment")
        AuditEvent.objects.filter(object_id=str(made["assessment"].public_id)).update(occurred_at=moment)
    for name, moment in (
        ("reported on time", _moment(cut.plan_due, 0, 10)),
        ("reported late", _moment(cut.plan_due - timedelta(days=1), 23, 50)),
    ):
        made = furnished(name, "report")
        ReportAcceptance.objects.filter(assessment=made["assessment"]).update(accepted_at=moment)
    for name, moment in (
        ("updated on time", _moment(cut.actions_stale, 0, 10)),
        ("updated late", _moment(cut.actions_stale - timedelta(days=1), 23, 50)),
    ):
        made = furnished(name, "plan")
        Action.objects.filter(pk=made["action"].pk).update(last_update_at=moment)

    standings = _agree(world)
    assert standings["started on time"].flags == () and standings["started late"].flags == (Flag.NO_REPORT,)
    assert standings["reported on time"].flags == () and standings["reported late"].flags == (Flag.NO_PLAN,)
    assert standings["updated on time"].flags == () and standings["updated late"].flags == (Flag.STALE_ACTIONS,)


# --- regions -----------------------------------------------------------------------------------------


def _regions(world: World) -> None:
    for name, region in (("East one", "Pomurska"), ("East two", "Pomurska"), ("North", "Gorenjska"), ("Nowhere", "")):
        OrganisationFactory(network=world.network, name=name, region=region)
    OrganisationFactory(network=world.other_network, name="Elsewhere", region="Oblast Sofia")


def test_the_table_shows_and_filters_by_region(world: World) -> None:
    _regions(world)
    client = client_for(world.carol)
    response = client.get(_urls(world)[0])
    body = response.content.decode()
    assert '<td data-label="Region">Pomurska</td>' in body
    # The choices: the network's regions in alphabetical order, none of another network's.
    assert [value for value, _label in response.context["form"].fields["region"].choices] == [
        "",
        "Gorenjska",
        "Pomurska",
    ]
    filtered = client.get(_urls(world)[0], {"region": "Pomurska"})
    assert _names(filtered) == ["East one", "East two"]
    assert "2 of 5 organisations match the filters." in filtered.content.decode()
    elsewhere = client.get(_urls(world)[0], {"region": "Oblast Sofia"})  # not a region of this network
    assert len(_names(elsewhere)) == 5 and "Some filters were not understood" in elsewhere.content.decode()


def test_the_pipeline_filters_by_region_and_links_each_organisation(world: World, caf_framework: Any) -> None:
    _regions(world)
    furnish(
        OrganisationFactory(network=world.network, name="Invited east", region="Pomurska"),
        caf_framework,
        "invited",
        start=TODAY() - timedelta(days=20),
    )
    response = client_for(world.carol).get(_urls(world)[1], {"region": "Pomurska"})
    counts = {item["column"].stage: item["column"].count for item in response.context["columns"]}
    assert counts[Stage.NOTHING_YET] == 2 and counts[Stage.INVITED] == 1 and sum(counts.values()) == 3
    body = response.content.decode()
    organisation = Organisation.objects.get(name="Invited east")
    link = reverse(
        "coordination:portfolio_organisation",
        kwargs={"network_id": world.network.public_id, "org_id": organisation.public_id},
    )
    assert f'href="{link}">Invited east</a>' in body
    assert "North" not in body


def test_the_organisation_page_shows_its_region(world: World) -> None:
    world.alice_org.region = "Savinjska"
    world.alice_org.save()
    assert "Savinjska" in client_for(world.carol).get(_urls(world)[2]).content.decode()


def test_attending_a_training_makes_an_organisation_trained(world: World) -> None:
    """Present at a session of one of the network's trainings: trained, dated by the first such session.
    An introduction session, an absence, or another network's training do not count."""
    from opencaf.coordination.models import Attendance
    from opencaf.coordination.tests.event_factories import add_registration, make_event

    def attend(network: Any, organisation: Organisation, kind: str, present: bool) -> None:
        event = make_event(network, kind=kind)
        registration = add_registration(event, organisation, f"{kind}.{present}@example.org")
        Attendance.objects.create(registration=registration, session=event.sessions.get(), present=present)

    trained = OrganisationFactory(network=world.network, name="Trained")
    attend(world.network, trained, "training", True)
    introduced = OrganisationFactory(network=world.network, name="Introduced")
    attend(world.network, introduced, "introduction", True)
    absent = OrganisationFactory(network=world.network, name="Absent")
    attend(world.network, absent, "training", False)
    elsewhere = OrganisationFactory(network=world.network, name="Elsewhere")
    attend(world.other_network, elsewhere, "training", True)

    session = Attendance.objects.get(registration__organisation=trained).session
    row = _row(world, "Trained")
    assert (row.stage, row.stage_on) == (Stage.TRAINED, timezone.localdate(session.starts_at))
    assert {_row(world, name).stage for name in ("Introduced", "Absent", "Elsewhere")} == {Stage.NOTHING_YET}
    standing = {s.name: s.stage for s in standings_of(world.network, today=TODAY())}
    assert standing["Trained"] == Stage.TRAINED and standing["Introduced"] == Stage.NOTHING_YET
