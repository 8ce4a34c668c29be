"""External feedback in the organisation's history (feedback/history.py through coordination/stage_facts.py):
the coordinator's page of the organisation lists the cases' steps and the label; the organisation's
recognitions page shows its labels beside its awards."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, pgettext

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.coordination import stage_facts as seam
from opencaf.coordination.tests.recognition_factories import level, make_award, make_scheme
from opencaf.feedback import stage_facts
from opencaf.feedback.history import entries
from opencaf.feedback.models import FeedbackCase, Label
from opencaf.feedback.tests.factories import accepted_assessment, feedback_case, label
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _feedback_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seam, "_sources", {})
    stage_facts.register()


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=timezone.get_current_timezone())


def _organisation_page(world: World) -> str:
    return reverse(
        "coordination:portfolio_organisation",
        kwargs={"network_id": world.network.public_id, "org_id": world.alice_org.public_id},
    )


def _recognitions_page(world: World, organisation: Any = None) -> str:
    return reverse("coordination:org_recognitions", kwargs={"org_id": (organisation or world.alice_org).public_id})


def _short(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@pytest.fixture
def awarded(world: World, caf_framework: Any) -> Label:
    """Alice's organisation: applied on a self-assessment, submitted, accepted, reported, awarded."""
    assessment = accepted_assessment(world.alice_org, caf_framework, title="Self-assessment 2025")
    case = feedback_case(world.alice_org, assessment, state="awarded", created_at=_moment(TODAY() - timedelta(days=40)))
    return label(case, awarded_on=TODAY() - timedelta(days=1), number="ECU-2026-001")


def test_the_coordinator_s_page_lists_the_case_s_steps_and_the_label(world: World, awarded: Label) -> None:
    response = client_for(world.carol).get(_organisation_page(world))
    assert response.status_code == 200
    body = response.content.decode()
    case = awarded.case
    with translation.override(response["Content-Language"]):
        texts = [entry.text for entry in response.context["history"]]
        assert texts == [
            gettext("Application for external feedback on “%(title)s” started") % {"title": "Self-assessment 2025"},
            gettext("Application for external feedback submitted to the organiser"),
            gettext("Application accepted: external feedback under way"),
            gettext("Feedback report written"),
            gettext("%(label)s awarded (certificate %(number)s), valid until %(date)s")
            % {"label": awarded.name_in(), "number": "ECU-2026-001", "date": _short(awarded.valid_until)},
        ]
        assert escape(gettext("External feedback and labels")) in body
        assert escape(texts[-1]) in body
        assert awarded.name_in() == "Effective CAF User"  # the European procedure's label, in English
    days = [entry.on for entry in response.context["history"]]
    assert days == sorted(days) and days[-1] == awarded.awarded_on
    assert f'datetime="{awarded.awarded_on:%Y-%m-%d}"' in body
    assert reverse("feedback:case", kwargs={"case_id": case.public_id}) in body


def test_returns_refusals_and_withdrawals_are_in_the_history(world: World, caf_framework: Any) -> None:
    first = accepted_assessment(world.alice_org, caf_framework, title="First")
    withdrawn = feedback_case(
        world.alice_org, first, state="withdrawn", created_at=_moment(TODAY() - timedelta(days=60))
    )
    refused = feedback_case(
        world.alice_org, first, state="not_awarded", created_at=_moment(TODAY() - timedelta(days=32))
    )
    for case, action, days_ago in (
        (withdrawn, "feedback.case_submit", 50),
        (withdrawn, "feedback.case_return", 45),
        (withdrawn, "feedback.case_submit", 40),
        (withdrawn, "feedback.case_withdraw", 35),
    ):
        AuditEvent.objects.create(
            action=action, organisation=world.alice_org, network=world.network,
            object_type="feedback.feedbackcase", object_id=str(case.public_id),
            occurred_at=_moment(TODAY() - timedelta(days=days_ago)),
        )  # fmt: skip
    found = entries(world.alice_org, world.network, TODAY())
    submitted = gettext("Application for external feedback submitted to the organiser")
    of_withdrawn = [(entry.on, entry.text) for entry in found if str(withdrawn.public_id) in entry.link]
    assert of_withdrawn[1:] == [
        (TODAY() - timedelta(days=50), submitted),
        (TODAY() - timedelta(days=45), gettext("Application returned to the organisation for more")),
        (TODAY() - timedelta(days=40), submitted),
        (TODAY() - timedelta(days=35), gettext("Application for external feedback withdrawn")),
    ]
    of_refused = [entry.text for entry in found if str(refused.public_id) in entry.link]
    assert of_refused[-1] == gettext("Label not awarded")
    assert [entry.on for entry in found] == sorted(entry.on for entry in found)


def test_the_coordinator_sees_only_what_happened_in_the_network(world: World, caf_framework: Any) -> None:
    assessment = accepted_assessment(world.alice_org, caf_framework)
    case = feedback_case(world.alice_org, assessment, state="awarded")
    label(case)
    FeedbackCase.objects.filter(pk=case.pk).update(network=world.other_network)  # applied under another network
    assert entries(world.alice_org, world.network, TODAY()) == []
    assert len(entries(world.alice_org, None, TODAY())) == 5
    response = client_for(world.carol).get(_organisation_page(world))
    assert response.context["history"] == []
    assert reverse("feedback:case", kwargs={"case_id": case.public_id}) not in response.content.decode()


def test_nothing_from_external_feedback_shows_nothing(world: World) -> None:
    response = client_for(world.carol).get(_organisation_page(world))
    assert response.context["history"] == []
    with translation.override(response["Content-Language"]):
        assert escape(gettext("External feedback and labels")) not in response.content.decode()


# --- the organisation's recognitions -------------------------------------------------------------------


def test_members_see_labels_beside_the_awards(world: World, awarded: Label) -> None:
    make_award(level(make_scheme(world.network)), world.alice_org, year=2025)
    member = UserFactory()
    add_member(world.alice_org, member, Role.VIEWER)
    for user in (world.alice, member):
        response = client_for(user).get(_recognitions_page(world))
        assert response.status_code == 200
        body = response.content.decode()
        with translation.override(response["Content-Language"]):
            assert escape(gettext("Labels from external feedback")) in body
            assert escape(awarded.name_in()) in body and "ECU-2026-001" in body
            assert pgettext("label", "Valid") in body
            assert formats.date_format(awarded.valid_until, "DATE_FORMAT") in body
        assert body.index("CAF recognitions") < body.index("ECU-2026-001")  # beside (after) the awards
        assert reverse("feedback:case", kwargs={"case_id": awarded.case.public_id}) in body
        assert reverse("feedback:certificate", kwargs={"label_id": awarded.public_id}) in body


def test_an_expired_label_is_shown_as_no_longer_valid(world: World, awarded: Label) -> None:
    Label.objects.filter(pk=awarded.pk).update(valid_until=TODAY() - timedelta(days=1))
    response = client_for(world.alice).get(_recognitions_page(world))
    body = response.content.decode()
    with translation.override(response["Content-Language"]):
        assert pgettext("label", "No longer valid") in body
        assert escape(gettext("The organisation has no recognitions yet.")) not in body  # it has a label
    (shown,) = response.context["labels"]
    assert not shown.valid and shown.number == "ECU-2026-001"


def test_a_label_is_shown_to_its_organisation_only(world: World, awarded: Label) -> None:
    own = client_for(world.bob).get(_recognitions_page(world, world.bob_org))
    assert own.status_code == 200 and "ECU-2026-001" not in own.content.decode()
    assert own.context["labels"] == []
    assert client_for(world.bob).get(_recognitions_page(world)).status_code == 404
    assert client_for(world.carol).get(_recognitions_page(world)).status_code == 404  # coordinators: their pages
    anonymous = client_for(None).get(_recognitions_page(world))
    assert anonymous.status_code == 302 and "ECU-2026-001" not in anonymous.content.decode()


def test_the_recognitions_page_without_awards_or_labels(world: World) -> None:
    response = client_for(world.alice).get(_recognitions_page(world))
    body = response.content.decode()
    with translation.override(response["Content-Language"]):
        assert escape(gettext("The organisation has no recognitions yet.")) in body
        assert escape(gettext("Labels from external feedback")) not in body
