"""The feedback report's page and its finalising: who reads, who writes, who finalises (the lead
actor, another actor, the coordinator, a coordinator of another network, a member before and after the
decision, another organisation, an anonymous visitor); a stale save keeps the typed text; the case
page's section."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.feedback.models import FeedbackReport
from opencaf.feedback.tests.builders_report import ReportCase, agree, findings, report_case, write
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member


@pytest.fixture
def built(world: World, caf_framework: FrameworkVersion) -> ReportCase:
    return report_case(world, caf_framework)


def _url(built: ReportCase, name: str = "feedback:report") -> str:
    return reverse(name, kwargs={"case_id": built.case.public_id})


def _post_data(built: ReportCase, version: int = 0, **overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {"version": version, "summary": "Our summary"}
    for number, texts in findings(built.case).items():
        for key, text in texts.items():
            data[f"{key}_{number}"] = text
    return {**data, **overrides}


def _viewer(world: World) -> Any:
    user = UserFactory()
    add_member(world.alice_org, user, Role.VIEWER)
    return user


# --- who reads and writes ----------------------------------------------------------------------------


def test_the_lead_and_the_other_actor_write(built: ReportCase) -> None:
    for user in (built.lead, built.other):
        body = client_for(user).get(_url(built)).content.decode()
        assert 'name="strengths_1"' in body and 'name="summary"' in body
    response = client_for(built.other).post(_url(built), _post_data(built))
    assert response.status_code == 302
    report = FeedbackReport.objects.get(case=built.case)
    assert report.summary == "Our summary" and report.pillars["3"]["areas"] == "Pillar 3 areas text"


def test_only_the_lead_sees_the_finalise_step(built: ReportCase) -> None:
    agree(built.case)
    write(built.case)
    finalise = _url(built, "feedback:report_finalise")
    assert finalise in client_for(built.lead).get(_url(built)).content.decode()
    assert finalise not in client_for(built.other).get(_url(built)).content.decode()
    assert client_for(built.other).post(finalise, {"version": 0}).status_code == 403
    built.case.refresh_from_db()
    assert built.case.state == "in_feedback"


def test_the_coordinator_reads_but_does_not_write(world: World, built: ReportCase) -> None:
    write(built.case)
    client = client_for(world.carol)
    response = client.get(_url(built))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Pillar 1 strengths text" in body and 'name="strengths_1"' not in body
    assert client.post(_url(built), _post_data(built)).status_code == 403
    assert client.post(_url(built, "feedback:report_finalise"), {"version": 0}).status_code == 403
    assert FeedbackReport.objects.get(case=built.case).summary == "A careful organisation."


def test_strangers_get_nothing(world: World, built: ReportCase) -> None:
    write(built.case)
    for user in (world.dave, world.bob, world.charlie):
        for name in ("feedback:report", "feedback:report_documents"):
            assert client_for(user).get(_url(built, name)).status_code == 404, (user, name)
        assert client_for(user).post(_url(built), _post_data(built)).status_code == 404
    response = client_for(None).get(_url(built))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_members_read_the_report_only_once_the_case_is_decided(world: World, built: ReportCase) -> None:
    report = write(built.case)
    viewer = _viewer(world)
    for user in (world.alice, viewer):
        assert client_for(user).get(_url(built)).status_code == 403
    report.finalised_at = timezone.now()
    report.save()
    built.case.state = "awarded"
    built.case.save()
    for user in (world.alice, viewer):
        response = client_for(user).get(_url(built))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Pillar 2 areas text" in body and 'name="areas_2"' not in body
        assert client_for(user).post(_url(built), _post_data(built)).status_code == 403


def test_an_actor_with_a_declared_conflict_is_out(world: World, built: ReportCase) -> None:
    built.other_assignment.declaration = "conflict"
    built.other_assignment.save()
    assert client_for(built.other).get(_url(built)).status_code == 404


# --- saving -----------------------------------------------------------------------------------------------


def test_a_stale_save_keeps_the_typed_text(built: ReportCase) -> None:
    client_for(built.lead).post(_url(built), _post_data(built))  # version 1 now
    response = client_for(built.other).post(_url(built), _post_data(built, 0, summary="Otto's own words"))
    assert response.status_code == 422
    body = response.content.decode()
    with translation.override("en"):
        assert escape(gettext("There is a problem")) in body
    assert escape("Otto's own words") in body
    assert FeedbackReport.objects.get(case=built.case).summary == "Our summary"


def test_a_text_too_long_is_refused(built: ReportCase) -> None:
    response = client_for(built.lead).post(_url(built), _post_data(built, summary="x" * 20_001))
    assert response.status_code == 422
    assert not FeedbackReport.objects.exists()


# --- finalising through the page -------------------------------------------------------------------------


def test_finalising_an_incomplete_report_says_what_is_missing(built: ReportCase) -> None:
    write(built.case, skip=("1.strengths",))
    client = client_for(built.lead)
    page = client.get(_url(built)).content.decode()
    with translation.override("en"):
        missing = gettext("the strengths of pillar %(number)d") % {"number": 1}
    assert escape(missing) in page
    response = client.post(_url(built, "feedback:report_finalise"), {"version": 0}, follow=True)
    assert escape(missing) in response.content.decode()
    built.case.refresh_from_db()
    assert built.case.state == "in_feedback"


def test_the_lead_finalises_through_the_page(built: ReportCase, django_capture_on_commit_callbacks: Any) -> None:
    agree(built.case)
    write(built.case)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(built.lead).post(_url(built, "feedback:report_finalise"), {"version": 0})
    assert response.status_code == 302 and response["Location"] == _url(built, "feedback:case")
    built.case.refresh_from_db()
    assert built.case.state == "reported"
    # The report can no longer be changed.
    assert client_for(built.lead).post(_url(built), _post_data(built, 0)).status_code == 403


# --- the case page's section and query counts ------------------------------------------------------------


def test_the_case_page_shows_the_report_state_and_links(world: World, built: ReportCase) -> None:
    case_url = _url(built, "feedback:case")
    with translation.override("en"):
        not_started = escape(gettext("The external feedback actors have not started the feedback report yet."))
        write_link = escape(gettext("Write the report"))
    body = client_for(built.lead).get(case_url).content.decode()
    assert not_started in body and write_link in body and _url(built) in body
    report = write(built.case)
    report.finalised_at = timezone.now()
    report.save()
    built.case.state = "reported"
    built.case.save()
    body = client_for(world.carol).get(case_url).content.decode()
    assert _url(built, "feedback:decide") in body and _url(built) in body
    # A member sees no link to the report before the decision.
    assert _url(built) not in client_for(world.alice).get(case_url).content.decode()


def test_the_report_page_runs_a_bounded_number_of_queries(
    world: World, built: ReportCase, django_assert_max_num_queries: Any
) -> None:
    agree(built.case)
    write(built.case)
    client: Client = client_for(built.lead)
    client.get(_url(built))
    with django_assert_max_num_queries(16):
        assert client.get(_url(built)).status_code == 200
    coordinator = client_for(world.carol)
    coordinator.get(_url(built))
    with django_assert_max_num_queries(16):
        assert coordinator.get(_url(built)).status_code == 200
