"""Builders of the organiser part's tests: a case of Alice's organisation in any state with the people
around it (a CAF leader who reads Slovenian, a viewer, two external feedback actors of the network, one
of another network), and helpers to run the after-commit e-mails of services called directly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import mail as django_mail
from django.test import TestCase

from conftest import World
from opencaf.accounts.models import User
from opencaf.feedback.models import CaseActor, Declaration, ExternalActor, FeedbackCase
from opencaf.feedback.tests.factories import accepted_assessment, assign, external_actor, feedback_case, use_procedure
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member


def after_commit() -> Any:
    """Run the after-commit callbacks (the e-mails) of services called directly."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def person(email: str, full_name: str, language: str = "en") -> User:
    return UserFactory(email=email, full_name=full_name, language=language)


def by_recipient() -> dict[str, Any]:
    found = {message.to[0]: message for message in django_mail.outbox}
    assert len(found) == len(django_mail.outbox), "someone received two e-mails"
    return found


@dataclass
class Scene:
    world: World
    case: FeedbackCase
    leader: User  # CAF leader of Alice's organisation, reads Slovenian
    viewer: User  # a member who writes nothing
    efac: User  # external feedback actor of Alice's network, reads Bulgarian
    efac2: User
    stranger_efac: User  # external feedback actor of the other network
    actor: ExternalActor
    actor2: ExternalActor
    stranger_actor: ExternalActor

    def assign(self, actor: ExternalActor | None = None, **kwargs: Any) -> CaseActor:
        return assign(self.case, actor or self.actor, **kwargs)

    def refresh(self) -> FeedbackCase:
        self.case.refresh_from_db()
        return self.case


def scene(world: World, framework: Any, *, state: str = "submitted", **fields: Any) -> Scene:
    use_procedure(world.network)
    leader = person("lena@example.org", "Lena Leader", "sl")
    add_member(world.alice_org, leader, Role.CAF_LEADER)
    viewer = person("vera@example.org", "Vera Viewer")
    add_member(world.alice_org, viewer, Role.VIEWER)
    efac = person("erin@example.org", "Erin External", "bg")
    efac2 = person("emil@example.org", "Emil External")
    stranger_efac = person("otto@example.org", "Otto Other")
    case = feedback_case(world.alice_org, accepted_assessment(world.alice_org, framework), state=state, **fields)
    return Scene(
        world=world,
        case=case,
        leader=leader,
        viewer=viewer,
        efac=efac,
        efac2=efac2,
        stranger_efac=stranger_efac,
        actor=external_actor(world.network, efac),
        actor2=external_actor(world.network, efac2),
        stranger_actor=external_actor(world.other_network, stranger_efac),
    )


PENDING = Declaration.PENDING
NO_CONFLICT = Declaration.NO_CONFLICT
CONFLICT = Declaration.CONFLICT
