"""The e-mails of the organiser's part of external feedback, each in its recipient's language (their
profile's, else the organisation's default for its members, the network's for external feedback actors
and coordinators), with absolute links (`settings.SITE_URL`), queued after the change commits
(`core.mail.send_after_commit`), so a change rolled back sends nothing.

- an external feedback actor (EFAC) added to a network's list: a new account gets a link to set its
  password (django-allauth's password reset key), an existing one a note that it was added;
- an EFAC assigned to a case: the link to declare their interests;
- the application returned: the organisation's writers, with the organiser's reasons;
- the visit scheduled or changed: the case's EFACs (not those who declared a conflict) and the
  organisation's writers;
- a conflict of interest declared: the network's coordinators.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

from opencaf.core import mail
from opencaf.feedback.access import WRITERS
from opencaf.feedback.models import CaseActor, Declaration, ExternalActor, FeedbackCase
from opencaf.organisations.models import MembershipRole, Network, Organisation

if TYPE_CHECKING:
    from opencaf.accounts.models import User

HEADERS = {"Auto-Submitted": "auto-generated"}  # so out-of-office replies do not answer them


@dataclass(frozen=True)
class Recipient:
    user: User
    language: str


def _language(user: User, default: str) -> str:
    return user.language or default or settings.LANGUAGE_CODE


def writers(organisation: Organisation) -> list[Recipient]:
    """The organisation's active administrators and CAF leaders, each once, in the order of their accounts."""
    grants = MembershipRole.objects.filter(
        membership__organisation=organisation, membership__user__is_active=True, role__in=WRITERS
    ).select_related("membership__user")
    people = {grant.membership.user_id: grant.membership.user for grant in grants}
    return [Recipient(user, _language(user, organisation.default_language)) for _pk, user in sorted(people.items())]


def coordinators(network: Network) -> list[Recipient]:
    people = network.coordinators.filter(is_active=True).order_by("pk")
    return [Recipient(user, _language(user, network.default_language)) for user in people]


def case_actors(case: FeedbackCase) -> list[Recipient]:
    """The case's active EFACs who have not declared a conflict of interest."""
    assignments = (
        CaseActor.objects.filter(case=case, actor__active=True, actor__user__is_active=True)
        .exclude(declaration=Declaration.CONFLICT)
        .select_related("actor__user")
        .order_by("actor__user_id")
    )
    return [
        Recipient(item.actor.user, _language(item.actor.user, case.network.default_language)) for item in assignments
    ]


def _url(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _send(recipient: Recipient, template: str, kind: str, reference: int | None, context: dict[str, Any]) -> None:
    context = {"name": recipient.user.full_name, **context}
    subject, body = mail.render_mail(f"feedback/email/{template}", context, recipient.language)
    mail.send_after_commit(
        to=recipient.user.email, subject=subject, body=body, kind=kind, reference=reference, headers=HEADERS
    )


def _case_context(case: FeedbackCase) -> dict[str, Any]:
    return {
        "organisation": case.organisation.name,
        "network": case.network.name,
        "assessment": case.assessment.title,
        "case_url": _url("feedback:case", case_id=case.public_id),
    }


# --- the network's external feedback actors ---------------------------------------------------------


def actor_added(external_actor: ExternalActor, *, set_password_url: str = "") -> None:
    """Tell a person they were added to the network's EFACs; `set_password_url` for a new account."""
    user, network = external_actor.user, external_actor.network
    context = {
        "network": network.name,
        "my_cases_url": _url("feedback:my_cases"),
        "set_password_url": set_password_url,
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "reset_url": _url("account_reset_password"),
    }
    template = "organiser_actor_invited" if set_password_url else "organiser_actor_added"
    _send(Recipient(user, _language(user, network.default_language)), template, "feedback_actor_added", None, context)


def actor_assigned(assignment: CaseActor) -> None:
    """Ask the EFAC assigned to a case to declare their interests before anything else."""
    case, user = assignment.case, assignment.actor.user
    context = {
        **_case_context(case),
        "lead": assignment.lead,
        "declare_url": _url("feedback:declare", case_id=case.public_id),
    }
    recipient = Recipient(user, _language(user, case.network.default_language))
    _send(recipient, "organiser_assigned", "feedback_actor_assigned", assignment.pk, context)


# --- the case ----------------------------------------------------------------------------------------


def case_returned(case: FeedbackCase, *, actor: User | None = None) -> int:
    """Tell the organisation's writers the organiser returned the application, with the reasons."""
    people = [person for person in writers(case.organisation) if actor is None or person.user.pk != actor.pk]
    for person in people:
        context = {**_case_context(case), "reason": case.return_reason}
        _send(person, "organiser_returned", "feedback_case_returned", case.pk, context)
    return len(people)


def visit_scheduled(case: FeedbackCase, *, changed: bool, actor: User | None = None) -> int:
    """Tell the case's EFACs and the organisation's writers when and where the visit is, and its agenda."""
    people: dict[int, tuple[Recipient, bool]] = {}
    for person in writers(case.organisation):
        people[person.user.pk] = (person, False)
    for person in case_actors(case):
        people[person.user.pk] = (person, True)
    if actor is not None:
        people.pop(actor.pk, None)
    for person, as_actor in people.values():
        context = {
            **_case_context(case),
            "changed": changed,
            "as_actor": as_actor,
            "starts_at": case.visit_starts_at,
            "ends_at": case.visit_ends_at,
            "place": case.visit_place,
            "agenda": case.visit_agenda,
        }
        _send(person, "organiser_visit", "feedback_visit", case.pk, context)
    return len(people)


def conflict_declared(assignment: CaseActor) -> int:
    """Tell the network's coordinators that an assigned EFAC declared a conflict of interest."""
    case = assignment.case
    people = coordinators(case.network)
    for person in people:
        context = {
            **_case_context(case),
            "external_actor": assignment.actor.user.display_name,
            "note": assignment.declaration_note,
            "assign_url": _url("feedback:case_assign", case_id=case.public_id),
        }
        _send(person, "organiser_conflict", "feedback_conflict", assignment.pk, context)
    return len(people)
