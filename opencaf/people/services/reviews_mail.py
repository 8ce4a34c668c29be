"""The e-mails of a competency review opening, each in its recipient's language (their profile's, else
the organisation's default), with absolute links (`settings.SITE_URL`), queued after the change commits
(`core.mail.send_after_commit`), so an opening rolled back sends nothing.

- every person reviewed: their self-assessment is open until the closing date;
- every line manager named on a review: how many people of their team are in the review, and when
  they can give their assessment.

Nothing of anyone's ratings is ever in a mail: only that a review is open.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

from opencaf.core import mail

if TYPE_CHECKING:
    from opencaf.accounts.models import User
    from opencaf.people.models import Review, ReviewCycle

HEADERS = {"Auto-Submitted": "auto-generated"}  # so out-of-office replies do not answer them


def _language(user: User, default: str) -> str:
    return user.language or default or settings.LANGUAGE_CODE


def _url(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _send(user: User, language: str, template: str, kind: str, reference: int | None, context: dict[str, Any]) -> None:
    subject, body = mail.render_mail(f"people/reviews/email/{template}", {"name": user.full_name, **context}, language)
    mail.send_after_commit(to=user.email, subject=subject, body=body, kind=kind, reference=reference, headers=HEADERS)


def cycle_opened(cycle: ReviewCycle, reviews: Iterable[Review]) -> int:
    """Tell each active person reviewed, and each active line manager named on the reviews, that the
    review is open. `reviews` carry `membership.user` and `manager.user`. Returns how many mails."""
    organisation = cycle.organisation
    common = {
        "organisation": organisation.name,
        "cycle": cycle.title,
        "closes_on": cycle.closes_on,
    }
    sent = 0
    teams: dict[int, tuple[User, int]] = {}
    for review in reviews:
        person = review.membership.user
        if person.is_active:
            context = {**common, "review_url": _url("people:my_review", org_id=organisation.public_id)}
            language = _language(person, organisation.default_language)
            _send(person, language, "opened_person", "people_review_opened", review.pk, context)
            sent += 1
        if review.manager is not None and review.manager.user.is_active:
            boss, count = teams.get(review.manager_id, (review.manager.user, 0))  # type: ignore[arg-type]
            teams[review.manager_id] = (boss, count + 1)  # type: ignore[index]
    team_url = _url("people:my_team", org_id=organisation.public_id)
    for boss, count in teams.values():
        context = {**common, "count": count, "team_url": team_url}
        _send(
            boss, _language(boss, organisation.default_language), "opened_manager", "people_review_team", None, context
        )
        sent += 1
    return sent
