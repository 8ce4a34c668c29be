"""The e-mails that tell an organisation how the review of one of its good practices ended: a coordinator
returned it with comments, or published it.

Called by `practices.return_practice` and `practices.publish_practice` inside their transaction; the
messages go once it commits (`core.mail.send_after_commit`), so a rolled-back review sends nothing.

Recipients: the organisation's active members who write its practices (`PRACTICE_WRITERS`) and the
practice's author while they are still an active member (in any role), each once, without the
coordinator who took the step. Each e-mail is in its recipient's language (their profile's, else the
organisation's default) and names the practice by its title in that language when it has one, else by
the original's. Links are absolute (`settings.SITE_URL`): the reading page, and on a return, the edit
page for those who may edit it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

from opencaf.community.models import GoodPractice, PracticeAudience, PracticeText
from opencaf.community.permissions.practices import PRACTICE_WRITERS
from opencaf.core import mail
from opencaf.organisations.models import Membership, MembershipRole

if TYPE_CHECKING:
    from opencaf.accounts.models import User

RETURNED_TEMPLATE = "community/email/practice_returned"
PUBLISHED_TEMPLATE = "community/email/practice_published"


@dataclass(frozen=True)
class Recipient:
    user: User
    language: str
    writes: bool  # writes the organisation's practices (else: its author, in another role now)


def recipients(practice: GoodPractice, *, actor: User | None = None) -> list[Recipient]:
    """Who hears of the review's outcome (module note), in the order of their accounts."""
    organisation = practice.organisation
    grants = MembershipRole.objects.filter(
        membership__organisation=organisation, membership__user__is_active=True, role__in=PRACTICE_WRITERS
    ).select_related("membership__user")
    people: dict[int, tuple[User, bool]] = {grant.membership.user_id: (grant.membership.user, True) for grant in grants}
    author_id = practice.created_by_id
    if author_id is not None and author_id not in people:
        membership = (
            Membership.objects.filter(organisation=organisation, user_id=author_id, user__is_active=True)
            .select_related("user")
            .first()
        )
        if membership is not None:
            people[author_id] = (membership.user, False)
    if actor is not None:
        people.pop(actor.pk, None)
    return [
        Recipient(user=user, language=user.language or organisation.default_language, writes=writes)
        for _pk, (user, writes) in sorted(people.items())
    ]


def _title(texts: dict[str, PracticeText], practice: GoodPractice, language: str) -> str:
    text = texts.get(language) or texts.get(practice.original_language) or next(iter(texts.values()), None)
    return text.title if text is not None else ""


def _reading_url(practice: GoodPractice) -> str:
    path = reverse(
        "community:practice", kwargs={"network_id": practice.network.public_id, "practice_id": practice.public_id}
    )
    return settings.SITE_URL + path


def _edit_url(practice: GoodPractice) -> str:
    path = reverse(
        "community:practice_edit",
        kwargs={"org_id": practice.organisation.public_id, "practice_id": practice.public_id},
    )
    return settings.SITE_URL + path


def _public_url(practice: GoodPractice) -> str:
    return settings.SITE_URL + reverse("community:public_practice", kwargs={"practice_id": practice.public_id})


def _send(practice: GoodPractice, template: str, kind: str, actor: User | None, extra: dict[str, Any]) -> int:
    """One e-mail for each recipient; returns how many were queued."""
    texts = {text.language: text for text in PracticeText.objects.filter(practice=practice)}
    people = recipients(practice, actor=actor)
    for recipient in people:
        context = {
            "name": recipient.user.full_name,
            "organisation": practice.organisation.name,
            "network": practice.network.name,
            "title": _title(texts, practice, recipient.language),
            "writes": recipient.writes,
            "reading_url": _reading_url(practice),
            **extra,
        }
        if template == RETURNED_TEMPLATE and recipient.writes:
            context["edit_url"] = _edit_url(practice)
        subject, body = mail.render_mail(template, context, recipient.language)
        mail.send_after_commit(
            to=recipient.user.email,
            subject=subject,
            body=body,
            kind=kind,
            reference=practice.pk,
            headers={"Auto-Submitted": "auto-generated"},  # so out-of-office replies do not answer it
        )
    return len(people)


def practice_returned(practice: GoodPractice, *, actor: User | None = None) -> int:
    """Tell the organisation that a coordinator returned the practice, with the comments to work on."""
    return _send(practice, RETURNED_TEMPLATE, "practice_returned", actor, {"comment": practice.review_comment})


def practice_published(practice: GoodPractice, *, actor: User | None = None) -> int:
    """Tell the organisation that a coordinator published the practice, and for whom."""
    public = practice.audience == PracticeAudience.PUBLIC
    extra = {"public": public, "public_url": _public_url(practice) if public else ""}
    return _send(practice, PUBLISHED_TEMPLATE, "practice_published", actor, extra)
