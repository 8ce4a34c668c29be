"""`manage.py remind_label_expiry`: one reminder per label expiring within 90 days, to the
organisation's administrators in their language; idempotent."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.feedback.models import Label
from opencaf.feedback.tests.factories import accepted_assessment, feedback_case, label
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member


def _label(world: World, framework: FrameworkVersion, days_left: int) -> Label:
    case = feedback_case(world.alice_org, accepted_assessment(world.alice_org, framework), state="awarded")
    made = label(case, awarded_on=timezone.localdate() - timedelta(days=600))
    made.valid_until = timezone.localdate() + timedelta(days=days_left)
    made.save()
    return made


def _run(capture: Any) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("remind_label_expiry", stdout=out)
    return out.getvalue()


def test_the_administrators_are_reminded_once_in_their_language(
    world: World, caf_framework: FrameworkVersion, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    expiring = _label(world, caf_framework, 60)
    second_admin = UserFactory(language="bg", email="admin2@example.org")
    add_member(world.alice_org, second_admin, Role.ORG_ADMIN)
    manager = UserFactory(email="manager@example.org")
    add_member(world.alice_org, manager, Role.MANAGER, Role.CAF_LEADER)
    _run(django_capture_on_commit_callbacks)
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {world.alice.email, second_admin.email}
    with translation.override("bg"):
        expected = gettext("The label “%(label_name)s” expires on %(date)s") % {
            "label_name": "Ефективен потребител на CAF",
            "date": date_format(expiring.valid_until, "DATE_FORMAT"),
        }
    assert by_address[second_admin.email].subject == expected
    expiring.refresh_from_db()
    assert expiring.reminded_at is not None
    event = AuditEvent.objects.get(action="feedback.label_expiry_reminded")
    assert event.changes["recipients"] == 2 and event.actor is None
    # A second run sends nothing more.
    mailoutbox.clear()
    _run(django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert AuditEvent.objects.filter(action="feedback.label_expiry_reminded").count() == 1


@pytest.mark.parametrize("days_left", [91, -1])
def test_labels_far_from_expiry_or_expired_are_left_alone(
    world: World,
    caf_framework: FrameworkVersion,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    days_left: int,
) -> None:
    item = _label(world, caf_framework, days_left)
    assert "0 label(s)" in _run(django_capture_on_commit_callbacks)
    assert mailoutbox == []
    item.refresh_from_db()
    assert item.reminded_at is None


def test_the_last_day_of_the_window_counts(
    world: World, caf_framework: FrameworkVersion, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    _label(world, caf_framework, 90)
    _label(world, caf_framework, 0)
    assert "2 label(s)" in _run(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
