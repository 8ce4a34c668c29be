"""E-mail goes out after commit, in the background, with retries; a failing mail server never breaks a page.

The tests talk to a real SMTP server (aiosmtpd) on 127.0.0.1 through Django's SMTP backend, so refused
recipients and a server that is gone fail the way they do in production.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.tasks import task_backends
from django.template.loader import render_to_string
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from conftest import World, client_for
from opencaf.assessments.models import Seat, SelfAssessment
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.audit.models import AuditEvent
from opencaf.core import mail
from opencaf.core.tests import smtp_server
from opencaf.core.tests.smtp_server import SmtpServer
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Invitation
from opencaf.organisations.tests.factories import UserFactory, add_member

smtp = smtp_server.smtp  # the shared aiosmtpd fixture, found by pytest under this name


UNDELIVERED: list[tuple[int, str]] = []
SENT: list[int] = []


def remember_not_delivered(reference: int, reason: str) -> None:
    UNDELIVERED.append((reference, reason))


def remember_sent(reference: int) -> None:
    SENT.append(reference)


@pytest.fixture(autouse=True)
def _forget_hook_calls() -> None:
    UNDELIVERED.clear()
    SENT.clear()


def _send(reference: int = 7) -> None:
    mail.send_after_commit(
        to="someone@example.org",
        subject="Hello",
        body="Body",
        kind="test",
        reference=reference,
        on_sent=remember_sent,
        on_not_delivered=remember_not_delivered,
    )


# --- the shared module -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_mail_waits_for_the_commit_and_arrives(smtp: SmtpServer) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        _send()
        assert smtp.mailbox.messages == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert smtp.mailbox.subjects_to("someone@example.org") == ["Hello"]
    assert SENT == [7] and UNDELIVERED == []


@pytest.mark.django_db
def test_nothing_is_sent_when_the_change_rolls_back(smtp: SmtpServer) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        try:
            with transaction.atomic():
                _send()
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert smtp.mailbox.messages == []


@pytest.mark.django_db
def test_a_refused_mail_is_retried_then_given_up(smtp: SmtpServer, caplog: pytest.LogCaptureFixture) -> None:
    smtp.mailbox.refuse = True
    with caplog.at_level(logging.WARNING, logger="opencaf.mail"), TestCase.captureOnCommitCallbacks(execute=True):
        _send()
    assert smtp.mailbox.recipients_tried == mail.MAX_ATTEMPTS
    assert len(UNDELIVERED) == 1 and UNDELIVERED[0][0] == 7 and "550" in UNDELIVERED[0][1]
    assert SENT == []
    assert f"not delivered after {mail.MAX_ATTEMPTS} attempts" in caplog.text
    assert "Body" not in caplog.text  # bodies may carry sign-in links: never logged


@pytest.mark.django_db
def test_a_stopped_server_is_given_up_without_an_error(smtp: SmtpServer) -> None:
    smtp.stop()
    with TestCase.captureOnCommitCallbacks(execute=True):
        _send(reference=3)
    assert [reference for reference, _reason in UNDELIVERED] == [3]


@pytest.mark.django_db
def test_retries_wait_longer_each_time(smtp: SmtpServer, settings: Any) -> None:
    """With a queue that can wait (django-tasks-db in production), a retry is queued for later."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    smtp.mailbox.refuse = True
    message = mail.OutgoingMail(to="someone@example.org", subject="Hello", body="Body", kind="test")
    before = timezone.now()
    assert mail.deliver(message, 1) == mail.RETRYING
    assert mail.deliver(message, 2) == mail.RETRYING
    queued = task_backends["default"].results  # type: ignore[attr-defined]
    assert [result.args[1] for result in queued] == [2, 3]
    assert queued[0].args[0] == {**message.__dict__}  # plain data, not objects
    first_wait, second_wait = (result.task.run_after - before for result in queued)
    assert timedelta(seconds=50) < first_wait < second_wait
    assert mail.deliver(message, mail.MAX_ATTEMPTS) == mail.NOT_DELIVERED
    assert len(queued) == 2


def test_hooks_must_be_module_level_functions() -> None:
    def local_hook(reference: int) -> None:
        pass

    with pytest.raises(ValueError, match="module-level"):
        mail.send_after_commit(to="a@example.org", subject="s", body="b", kind="test", on_sent=local_hook)


# --- the places that send mail ---------------------------------------------------------------------


@pytest.fixture
def project(world: World, caf_framework: FrameworkVersion) -> SelfAssessment:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    add_assessors(assessment, world.alice, 2)
    return start(assessment, world.alice)


def _project_url(name: str, assessment: SelfAssessment, **extra: str) -> str:
    return reverse(
        name, kwargs={"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id, **extra}
    )


def _add_group_member(world: World, project: SelfAssessment, language: str = "en") -> tuple[int, str]:
    member = add_member(world.alice_org, UserFactory(language=language), Role.ASSESSOR)
    group = project.groups.get()
    url = _project_url("assessments:seat_new", project, group_id=str(group.public_id))
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(world.alice).post(
            url, {"membership": member.pk, "functional_area": "Finance", "staff_level": "middle"}
        )
    return response.status_code, member.user.email


def test_adding_a_group_member_mails_them_in_their_language(
    world: World, project: SelfAssessment, smtp: SmtpServer
) -> None:
    status, email = _add_group_member(world, project, language="bg")
    assert status == 302
    with translation.override("bg"):
        expected = render_to_string("assessments/email/seat_subject.txt", {"assessment": project}).strip()
    assert smtp.mailbox.subjects_to(email) == [expected]
    assert project.title in expected


@pytest.mark.parametrize("failure", ["refused", "server stopped"])
def test_adding_a_group_member_survives_a_failing_mail_server(
    world: World, project: SelfAssessment, smtp: SmtpServer, failure: str
) -> None:
    if failure == "refused":
        smtp.mailbox.refuse = True
    else:
        smtp.stop()
    status, email = _add_group_member(world, project)
    assert status == 302
    seat = Seat.objects.get(group__assessment=project, membership__user__email=email)
    event = AuditEvent.objects.get(action="assessment.mail_not_delivered")
    assert event.object_id == str(seat.public_id) and event.changes["email"] == email


def test_reminders_survive_a_refusing_mail_server(world: World, project: SelfAssessment, smtp: SmtpServer) -> None:
    smtp.mailbox.refuse = True
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(world.alice).post(_project_url("assessments:reminders", project))
    assert response.status_code == 302
    assert smtp.mailbox.recipients_tried == 2 * mail.MAX_ATTEMPTS
    assert AuditEvent.objects.filter(action="assessment.mail_not_delivered").count() == 2
    assert AuditEvent.objects.filter(action="assessment.reminders_sent").exists()


def _invite(world: World, email: str = "newcomer@example.org") -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(world.alice).post(
            reverse("organisations:invite", kwargs={"org_id": world.alice_org.public_id}),
            {"email": email, "roles": [Role.ASSESSOR], "department": "Finance", "staff_level": "front_line"},
        )
    return response.status_code


def test_an_invitation_that_arrives_is_marked_sent(world: World, smtp: SmtpServer) -> None:
    assert _invite(world) == 302
    assert len(smtp.mailbox.subjects_to("newcomer@example.org")) == 1
    assert Invitation.objects.get(email="newcomer@example.org").delivery == Invitation.Delivery.SENT


def test_an_undelivered_invitation_shows_and_can_be_sent_again(world: World, smtp: SmtpServer) -> None:
    smtp.mailbox.refuse = True
    assert _invite(world) == 302
    invitation = Invitation.objects.get(email="newcomer@example.org")
    assert invitation.delivery == Invitation.Delivery.NOT_DELIVERED
    assert AuditEvent.objects.filter(action="invitation.not_delivered", object_id=str(invitation.public_id)).exists()
    members = reverse("organisations:members", kwargs={"org_id": world.alice_org.public_id})
    page = client_for(world.alice).get(members).content.decode()
    assert "not delivered" in page and "Send again" in page
    # "Send again" posts the same invitation anew; this time the server accepts it.
    smtp.mailbox.refuse = False
    assert _invite(world) == 302
    assert len(smtp.mailbox.subjects_to("newcomer@example.org")) == 1
    latest = Invitation.objects.filter(email="newcomer@example.org", revoked_at__isnull=True).get()
    assert latest.delivery == Invitation.Delivery.SENT and latest.roles == [Role.ASSESSOR]
    assert "Send again" not in client_for(world.alice).get(members).content.decode()


def test_action_reminders_survive_a_refusing_mail_server(
    world: World, caf_framework: FrameworkVersion, smtp: SmtpServer
) -> None:
    from opencaf.improvement import services as improvement
    from opencaf.improvement.tests.factories import make_plan

    plan = make_plan(world.alice_org, world.alice, caf_framework)
    owner = add_member(world.alice_org, UserFactory(language="bg"), Role.ACTION_OWNER)
    manager = add_member(world.alice_org, UserFactory(), Role.MANAGER).user
    with transaction.atomic():
        action = improvement.add_action(
            actor=world.alice,
            plan=plan,
            data=improvement.ActionData(
                title="Measure citizen satisfaction",
                description="",
                expected_effect="",
                owner=owner,
                start_date=None,
                due_date=timezone.localdate() + timedelta(days=3),
                budget_eur=None,
                person_days=None,
                impact=3,
                feasibility=3,
                subcriteria=[],
            ),
        )
        improvement.approve_plan(actor=manager, plan=plan)
    smtp.mailbox.refuse = True
    call_command("send_action_reminders", stdout=StringIO())
    assert smtp.mailbox.recipients_tried == mail.MAX_ATTEMPTS
    event = AuditEvent.objects.get(action="improvement.mail_not_delivered")
    assert event.object_id == str(action.public_id) and event.changes["email"] == owner.user.email
    action.refresh_from_db()
    assert action.last_reminded_on == timezone.localdate()  # not mailed again the same day


@pytest.mark.django_db
def test_an_attachment_travels_through_the_queue(smtp: SmtpServer) -> None:
    calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    with TestCase.captureOnCommitCallbacks(execute=True):
        mail.send_after_commit(
            to="someone@example.org",
            subject="Your place",
            body="See you there.",
            kind="test",
            attachment=mail.Attachment("event.ics", calendar, "text/calendar"),
        )
    [message] = smtp.mailbox.messages
    [part] = list(message.iter_attachments())  # type: ignore[attr-defined]
    assert part.get_filename() == "event.ics"
    assert part.get_content_type() == "text/calendar"
    assert part.get_content().replace("\r\n", "\n") == calendar.replace("\r\n", "\n")


def test_mail_text_is_not_html_escaped() -> None:
    """A campaign called "R&D <2027>" must not reach the head of an organisation as "R&amp;D &lt;2027&gt;"."""
    from opencaf.core.mail import render_mail

    subject, body = render_mail(
        "coordination/email/event_cancelled",
        {"event": {"title": 'R&D <2027> "CAF"', "network": {"name": "Tom & Jerry's"}}},
        "en",
    )
    assert "R&D <2027>" in subject and "&amp;" not in subject + body and "&lt;" not in subject + body
