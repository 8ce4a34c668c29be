"""Reminders of due indicator values: one e-mail a day per owner, listing every value of theirs that
is overdue or due soon, each with its own signed link (`links.py`), in the owner's language.

Kept apart from `services.py` (every other write to indicators) only so that modules stay short; the
same rules hold: atomic, audited in the same transaction, mail sent after commit through `core.mail`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from opencaf.audit.services import record_event
from opencaf.core import mail
from opencaf.indicators.links import make_token, period_label
from opencaf.indicators.models import Indicator, ValueReminder
from opencaf.indicators.rules import Period, due_date, is_overdue
from opencaf.indicators.selectors import DueValues
from opencaf.organisations.models import Membership

# The missing values of one indicator a reminder lists with their links; older ones wait on its page.
REMINDER_PERIODS = 6


def value_link_url(indicator: Indicator, period: Period) -> str:
    return settings.SITE_URL + reverse("indicators:value_by_link", kwargs={"token": make_token(indicator, period)})


def _reminder_entry(due: DueValues, today: date, language: str) -> dict[str, Any]:
    """One indicator of a reminder: its latest missing values, each with its own link (call with
    `language` active: periods are named in it)."""
    indicator = due.indicator
    shown = due.periods[-REMINDER_PERIODS:]
    page = reverse(
        "indicators:detail", kwargs={"org_id": indicator.organisation.public_id, "indicator_id": indicator.public_id}
    )
    return {
        "name": indicator.name_in(language),
        "values": [
            {
                "period": period_label(period),
                "due": due_date(period),
                "overdue": is_overdue(period, today),
                "url": value_link_url(indicator, period),
            }
            for period in shown
        ],
        "earlier": len(due.periods) - len(shown),
        "page": settings.SITE_URL + page,
    }


@transaction.atomic
def send_value_reminder(owner: Membership, items: Sequence[DueValues], today: date) -> bool:
    """E-mail the owner ONE message listing the values of theirs that are due (`selectors.due_values`
    of their indicators), each with its own link, in their language. At most once a day: the
    `ValueReminder` row is the key, so a second run the same day sends nothing and returns False."""
    if any(item.indicator.owner_id != owner.pk for item in items):
        raise ValueError("a value reminder lists only the owner's own indicators")
    user = owner.user
    if not items or not user.is_active:
        return False
    _row, created = ValueReminder.objects.get_or_create(owner=owner, sent_on=today)
    if not created:
        return False
    language = user.language or owner.organisation.default_language
    with translation.override(language):
        entries = [_reminder_entry(item, today, language) for item in items]
    count = sum(len(entry["values"]) + entry["earlier"] for entry in entries)
    context = {
        "entries": entries,
        "count": count,
        "organisation": owner.organisation.name,
        "valid_days": settings.INDICATOR_LINK_VALID_DAYS,
    }
    subject, body = mail.render_mail("indicators/links/reminder", context, language)
    mail.send_after_commit(
        to=user.email,
        subject=subject,
        body=body,
        kind="indicator value reminder",
        reference=owner.pk,
        on_not_delivered=record_value_reminder_not_delivered,
    )
    record_event(
        "indicators.value_reminder_sent",
        actor=None,
        obj=owner,
        organisation=owner.organisation,
        changes={"values": count, "email": user.email},
    )
    return True


@transaction.atomic
def record_value_reminder_not_delivered(owner_id: int, reason: str) -> None:
    """core.mail hook: every attempt to send an owner their value reminder failed."""
    owner = Membership.objects.select_related("organisation__network", "user").filter(pk=owner_id).first()
    if owner is None:
        return
    record_event(
        "indicators.value_reminder_not_delivered",
        actor=None,
        obj=owner,
        organisation=owner.organisation,
        changes={"email": owner.user.email},
    )
