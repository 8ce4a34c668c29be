"""Self-assessment groups and their members (seats)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from opencaf.assessments import permissions
from opencaf.assessments.models import AssessmentGroup, Seat, SelfAssessment
from opencaf.assessments.services._common import require
from opencaf.audit.services import record_event
from opencaf.core import mail
from opencaf.organisations.models import Membership

if TYPE_CHECKING:
    from opencaf.accounts.models import User


@transaction.atomic
def create_group(*, actor: User, assessment: SelfAssessment, name: str, leader: Membership | None) -> AssessmentGroup:
    require(permissions.can_manage(actor, assessment))
    if leader is not None and leader.organisation_id != assessment.organisation_id:
        raise ValidationError({"leader": _("Choose a member of the organisation.")})
    group = AssessmentGroup.objects.create(assessment=assessment, name=name.strip(), leader=leader)
    record_event("assessment.group_created", actor=actor, obj=group, organisation=assessment.organisation)
    return group


def _notify_seat(seat: Seat) -> None:
    """Tell the member, in their language, once the change commits (core.mail)."""
    user = seat.membership.user
    assessment = seat.group.assessment
    language = user.language or assessment.organisation.default_language
    url = settings.SITE_URL + reverse(
        "assessments:detail",
        kwargs={"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id},
    )
    context = {"seat": seat, "assessment": assessment, "url": url}
    subject, body = mail.render_mail("assessments/email/seat", context, language)
    mail.send_after_commit(
        to=user.email,
        subject=subject,
        body=body,
        kind="group member notice",
        reference=seat.pk,
        on_not_delivered=record_seat_mail_not_delivered,
    )


@transaction.atomic
def record_seat_mail_not_delivered(seat_id: int, reason: str) -> None:
    """core.mail hook: a notice or reminder to a group member could not be delivered."""
    seat = (
        Seat.objects.select_related("membership__user", "group__assessment__organisation__network")
        .filter(pk=seat_id)
        .first()
    )
    if seat is None:  # removed from the group meanwhile
        return
    record_event(
        "assessment.mail_not_delivered",
        actor=None,
        obj=seat,
        organisation=seat.group.assessment.organisation,
        changes={"email": seat.membership.user.email},
    )


@transaction.atomic
def add_seat(
    *,
    actor: User,
    group: AssessmentGroup,
    membership: Membership,
    functional_area: str,
    staff_level: str,
    notify: bool = True,
) -> Seat:
    """Put a member of the organisation into the group and, unless told not to, tell them by e-mail."""
    assessment = group.assessment
    require(permissions.can_manage(actor, assessment))
    if membership.organisation_id != assessment.organisation_id:
        raise ValidationError({"membership": _("Choose a member of the organisation.")})
    if Seat.objects.filter(group__assessment=assessment, membership=membership).exists():
        raise ValidationError({"membership": _("This person is already in a group of this self-assessment.")})
    seat = Seat.objects.create(
        group=group, membership=membership, functional_area=functional_area.strip(), staff_level=staff_level
    )
    record_event(
        "assessment.member_added",
        actor=actor,
        obj=seat,
        organisation=assessment.organisation,
        changes={"group": group.name, "email": membership.user.email},
    )
    if notify:
        _notify_seat(seat)
    return seat


@transaction.atomic
def replace_seat_member(*, actor: User, seat: Seat, membership: Membership) -> Seat:
    """Hand a seat, with everything entered in it so far, to another member."""
    assessment = seat.group.assessment
    require(permissions.can_manage(actor, assessment))
    if membership.organisation_id != assessment.organisation_id:
        raise ValidationError({"membership": _("Choose a member of the organisation.")})
    if Seat.objects.filter(group__assessment=assessment, membership=membership).exclude(pk=seat.pk).exists():
        raise ValidationError({"membership": _("This person is already in a group of this self-assessment.")})
    before = seat.membership.user.email
    seat.membership = membership
    seat.save(update_fields=["membership"])
    record_event(
        "assessment.member_replaced",
        actor=actor,
        obj=seat,
        organisation=assessment.organisation,
        changes={"email": {"before": before, "after": membership.user.email}},
    )
    _notify_seat(seat)
    return seat
