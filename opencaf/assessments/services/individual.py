"""Individual input: one assessor's scores and entries, and reminders to those behind."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from opencaf.assessments import permissions
from opencaf.assessments.models import IndividualEntry, IndividualScore, Seat, SelfAssessment
from opencaf.assessments.selectors import panel_for
from opencaf.assessments.services._common import clean_entries, fresh, require, score_from
from opencaf.assessments.services.groups import record_seat_mail_not_delivered
from opencaf.audit.services import record_event
from opencaf.core import mail
from opencaf.frameworks.models import Subcriterion

if TYPE_CHECKING:
    from opencaf.accounts.models import User


@transaction.atomic
def save_individual(
    *,
    actor: User,
    seat: Seat,
    subcriterion: Subcriterion,
    score: int | None,
    dimension_scores: Mapping[str, int | None],
    cannot_judge: bool,
    entries: Mapping[str, Sequence[str]],
) -> IndividualScore:
    """Save one assessor's input on one subcriterion (called on every autosave)."""
    assessment = fresh(seat.group.assessment)
    if seat.membership.user_id != actor.pk:
        raise PermissionDenied
    if not permissions.input_is_open(assessment):
        raise ValidationError(_("Individual assessment is closed; your input can no longer be changed."))
    if subcriterion.framework_id != assessment.framework_id:
        raise ValidationError(_("This subcriterion is not part of the self-assessment."))
    panel = panel_for(assessment, subcriterion)
    subscore, dims = (
        (None, {}) if cannot_judge else score_from(panel, assessment.scoring_method, score, dimension_scores)
    )
    cleaned = clean_entries(entries)
    individual, _created = IndividualScore.objects.select_for_update().get_or_create(
        seat=seat, subcriterion=subcriterion
    )
    before = (individual.score, individual.cannot_judge, individual.dimension_scores)
    individual.score, individual.dimension_scores, individual.cannot_judge = subscore, dims, cannot_judge
    individual.save()
    individual.entries.all().delete()
    IndividualEntry.objects.bulk_create(
        IndividualEntry(individual=individual, kind=kind, text=text, position=position)
        for kind, lines in cleaned.items()
        for position, text in enumerate(lines)
    )
    if before != (subscore, cannot_judge, dims):
        record_event(
            "assessment.individual_scored",
            actor=actor,
            obj=individual,
            organisation=assessment.organisation,
            changes={
                "subcriterion": subcriterion.code,
                "score": {"before": before[0], "after": subscore},
                "cannot_judge": cannot_judge,
            },
        )
    return individual


def _remind(seat: Seat, missing: int) -> None:
    """Queue the reminder, in the member's language, for after the commit (core.mail)."""
    user = seat.membership.user
    assessment = seat.group.assessment
    url = settings.SITE_URL + reverse(
        "assessments:my_input",
        kwargs={"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id},
    )
    context = {"seat": seat, "assessment": assessment, "url": url, "missing": missing}
    language = user.language or assessment.organisation.default_language
    subject, body = mail.render_mail("assessments/email/reminder", context, language)
    mail.send_after_commit(
        to=user.email,
        subject=subject,
        body=body,
        kind="scoring reminder",
        reference=seat.pk,
        on_not_delivered=record_seat_mail_not_delivered,
    )


@transaction.atomic
def send_reminders(*, actor: User, assessment: SelfAssessment) -> int:
    """E-mail every group member who has not finished; returns how many were reminded."""
    assessment = fresh(assessment)
    require(permissions.access_for(actor, assessment).can_send_reminders)
    if not permissions.input_is_open(assessment):
        raise ValidationError(_("Reminders can be sent only while individual assessment is open."))
    total = assessment.framework.subcriteria.count()
    seats = Seat.objects.filter(group__assessment=assessment).select_related(
        "membership__user", "group__assessment__organisation"
    )
    done = {
        row["seat"]: row["n"]
        for row in IndividualScore.objects.filter(seat__group__assessment=assessment)
        .filter(Q(score__isnull=False) | Q(cannot_judge=True))
        .values("seat")
        .annotate(n=Count("id"))
    }
    behind = [(seat, total - done.get(seat.pk, 0)) for seat in seats if done.get(seat.pk, 0) < total]
    for seat, missing in behind:
        _remind(seat, missing)
    record_event(
        "assessment.reminders_sent",
        actor=actor,
        obj=assessment,
        organisation=assessment.organisation,
        changes={"count": len(behind)},
    )
    return len(behind)
