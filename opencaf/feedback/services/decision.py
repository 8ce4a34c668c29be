"""The organiser's decision on a reported case: award the label or not, with reasons.

Only the coordinators of the case's network decide, and only once the report is final (access.can_decide).
Awarding needs an agreed score for every question of the procedure: a label is never awarded on
scores nobody agreed. When the agreed scores miss one of the procedure's fixed bars (a threshold's
minimum total, a question's minimum), the organiser may still award, but knowingly: with an explicit
confirmation and the reasons. Refusing always needs the reasons.

Awarding creates the `Label`: its name as the procedure names it, valid from today for the procedure's
months (`add_months`: the same day, or the month's last day when the month is shorter), and a certificate
number unique across the platform, "<country or EU>-<year>-<sequence>" (`assign_number`). The case moves
to awarded or not awarded (case_moves audits it, with the reasons); the organisation's writers and
managers are told by e-mail in their language. All or nothing: a refusal writes nothing."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from opencaf.audit.services import record_event
from opencaf.core import mail
from opencaf.feedback import lifecycle
from opencaf.feedback.access import CaseAccess
from opencaf.feedback.models import FeedbackCase, Label, Procedure
from opencaf.feedback.selectors.report import agreed_scores, evaluate
from opencaf.feedback.services.case_moves import locked, move
from opencaf.feedback.services.labels import DECISION_ROLES, recipients
from opencaf.organisations.choices import Country

if TYPE_CHECKING:
    from opencaf.accounts.models import User

AWARDED_TEMPLATE = "feedback/email/label_awarded"
REFUSED_TEMPLATE = "feedback/email/label_refused"
NUMBER_ATTEMPTS = 5  # another award taking the same number at the same moment: try the next one


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months: the same day of the month, or the month's last day when it
    is shorter (31 January + 1 month = 28 or 29 February; 31 January + 24 months = 31 January)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def number_prefix(case: FeedbackCase) -> str:
    """The country of the procedure, or EU for the European one."""
    country = (case.procedure.country or "").upper()
    return country if country in Country.values else "EU"


def next_number(prefix: str, year: int) -> str:
    """The next free number of the prefix and year: numbered across every network that shares the
    prefix, so numbers stay unique when two networks run the same procedure."""
    stem = f"{prefix}-{year}-"
    used = Label.objects.filter(number__startswith=stem).values_list("number", flat=True)
    highest = max((int(tail) for number in used if (tail := number[len(stem) :]).isdigit()), default=0)
    return f"{stem}{highest + 1:04d}"


def assign_number(case: FeedbackCase, create: Callable[[str], Label]) -> Label:
    """Create the label (`create(number)`) with the next number; a number taken meanwhile by another
    award (the unique constraint) is retried with the next one, each try in its own savepoint."""
    # Awards under one procedure wait for each other here, so they usually do not collide at all.
    Procedure.objects.select_for_update().filter(pk=case.procedure_id).exists()
    prefix, year = number_prefix(case), timezone.localdate().year
    for attempt in range(NUMBER_ATTEMPTS):
        number = next_number(prefix, year)
        try:
            with transaction.atomic():
                return create(number)
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _codes(codes: list[str]) -> str:
    return str(get_text_list(codes, pgettext("list of numbers", "and")))


@transaction.atomic
def decide(
    *,
    actor: User,
    access: CaseAccess,
    award: bool,
    note: str,
    confirm_below_thresholds: bool = False,
    expected_version: int,
) -> Label | None:
    """Award the label (returns it) or not (returns None). ValidationError, with nothing written, when
    awarding lacks an agreed score, or misses a fixed bar without the confirmation and reasons, or
    refusing lacks reasons, or the case changed since the coordinator read `expected_version`."""
    if not access.can_decide:
        raise PermissionDenied
    case = locked(access.case, expected_version)
    if case.lifecycle_state != lifecycle.State.REPORTED:
        raise ValidationError(
            _("This cannot be done now: the case is “%(state)s”.") % {"state": case.get_state_display()},
            code="state",
        )
    note = note.strip()
    evaluation = evaluate(case.procedure.definition, agreed_scores(case))
    if award:
        if evaluation.missing:
            raise ValidationError(
                _(
                    "The label cannot be awarded without an agreed score for every question. "
                    "Questions without one: %(codes)s."
                )
                % {"codes": _codes(evaluation.missing)},
                code="missing_scores",
            )
        if not evaluation.meets_thresholds:
            errors: dict[str, str] = {}
            if not confirm_below_thresholds:
                errors["confirm"] = _(
                    "The agreed scores do not reach the procedure's thresholds. To award the label all the "
                    "same, confirm that you do so knowingly."
                )
            if not note:
                errors["note"] = _("Give the reasons for awarding the label below the thresholds.")
            if errors:
                raise ValidationError(errors, code="below_thresholds")
    elif not note:
        raise ValidationError({"note": _("Give the reasons for not awarding the label.")}, code="no_reasons")
    case.decision_note = note
    case.save(update_fields=["decision_note"])
    move(actor, case, lifecycle.Move.AWARD if award else lifecycle.Move.REFUSE, note=note)
    label = _create_label(actor, case, below_thresholds=not evaluation.meets_thresholds) if award else None
    _tell_organisation(case, label)
    return label


def _create_label(actor: User, case: FeedbackCase, *, below_thresholds: bool) -> Label:
    awarded_on = timezone.localdate()
    valid_until = add_months(awarded_on, case.procedure.validity_months)
    label = assign_number(
        case,
        lambda number: Label.objects.create(
            case=case,
            organisation=case.organisation,
            network=case.network,
            name=dict(case.procedure.rules["label"]["name"]),
            awarded_on=awarded_on,
            valid_until=valid_until,
            number=number,
            awarded_by=actor,
        ),
    )
    record_event(
        "feedback.label_awarded",
        actor=actor,
        obj=label,
        organisation=case.organisation,
        changes={"number": label.number, "valid_until": valid_until.isoformat(), "below_thresholds": below_thresholds},
    )
    return label


def _tell_organisation(case: FeedbackCase, label: Label | None) -> int:
    """The organisation's writers and managers, each in their language: the decision and its reasons."""
    people = recipients(case.organisation, DECISION_ROLES)
    case_url = settings.SITE_URL + reverse("feedback:case", kwargs={"case_id": case.public_id})
    certificate_url = (
        settings.SITE_URL + reverse("feedback:certificate", kwargs={"label_id": label.public_id}) if label else ""
    )
    template = AWARDED_TEMPLATE if label is not None else REFUSED_TEMPLATE
    for person in people:
        context = {
            "name": person.user.full_name,
            "organisation": case.organisation.name,
            "network": case.network.name,
            "label_name": label.name_in(person.language) if label else case.procedure.label_name(person.language),
            "number": label.number if label else "",
            "valid_until": label.valid_until if label else None,
            "note": case.decision_note,
            "case_url": case_url,
            "certificate_url": certificate_url,
        }
        subject, body = mail.render_mail(template, context, person.language)
        mail.send_after_commit(
            to=person.user.email,
            subject=subject,
            body=body,
            kind="label awarded" if label else "label not awarded",
            reference=case.pk,
            headers={"Auto-Submitted": "auto-generated"},
        )
    return len(people)
