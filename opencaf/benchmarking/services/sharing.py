"""An organisation's consent to share one finished self-assessment's consensus scores with its network.

What is shared: the consensus scores of criteria and subcriteria, anonymously (never the organisation's
name, the group's comments or anyone's individual scores). Optionally from a date on (an embargo, say
until the report is presented to staff): a date today or earlier means at once, and is kept as given,
so that changing only the partner consent of an old consent does not rewrite its date. The separate
consent `open_to_partners` lets the platform suggest the organisation by name, as a bench-learning
partner, to comparable organisations (the partners part).

Only a finished self-assessment (lifecycle.FINISHED) of an organisation in a network can be shared.
A consent stays when its assessment is reopened (the figures part leaves unfinished ones out of the
snapshot) and can then be withdrawn but not changed.

Every write locks the assessment's row, so two administrators never give two consents at once; a
change made from a form opened before someone else's change is refused (`expected_version`) and the
form keeps the person's choice. Every change is audited and asks for a refresh of the network's
benchmark snapshot (`snapshots.request_refresh`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.assessments.lifecycle import is_finished
from opencaf.assessments.models import SelfAssessment
from opencaf.audit.services import record_event
from opencaf.benchmarking.models import ScoreSharing
from opencaf.benchmarking.permissions.sharing import can_change_sharing
from opencaf.benchmarking.services.snapshots import request_refresh

if TYPE_CHECKING:
    from opencaf.accounts.models import User

# How far ahead an embargo may reach: further is almost certainly a typing error (2062 for 2026).
LONGEST_EMBARGO_YEARS = 5


@dataclass(frozen=True)
class ConsentData:
    shared_from: date | None = None  # None or a day not after today: at once
    open_to_partners: bool = False


class StaleConsentError(ValidationError):
    """The consent changed since the person opened the form; their choice has not been saved."""


def consent_version(sharing: ScoreSharing | None) -> str:
    """What a form remembers of the consent it was opened on: empty when there was none."""
    return sharing.given_at.isoformat() if sharing is not None else ""


def needs_network_message() -> str:
    return _(
        "Benchmarking compares organisations of one network. This organisation is not part of a network, "
        "so there is no one to share scores with."
    )


def unfinished_message() -> str:
    return _(
        "Only a finished self-assessment can be shared: its consensus scores are final only once it is "
        "finalised. Finalise it first, then come back here."
    )


def _locked(assessment: SelfAssessment) -> tuple[SelfAssessment, ScoreSharing | None]:
    """The assessment's row locked, and its consent as it is now."""
    locked = (
        SelfAssessment.objects.select_for_update(of=("self",))
        .select_related("organisation__network")
        .get(pk=assessment.pk)
    )
    return locked, ScoreSharing.objects.filter(assessment=locked).first()


def _check_actor(actor: User, assessment: SelfAssessment) -> None:
    if not can_change_sharing(actor, assessment.organisation):
        raise PermissionDenied


def _check_embargo(shared_from: date | None) -> None:
    if shared_from is None:
        return
    latest = timezone.localdate() + timedelta(days=365 * LONGEST_EMBARGO_YEARS)
    if shared_from > latest:
        message = ngettext(
            "Choose a date at most %(years)s year ahead, or leave it empty to share at once.",
            "Choose a date at most %(years)s years ahead, or leave it empty to share at once.",
            LONGEST_EMBARGO_YEARS,
        ) % {"years": LONGEST_EMBARGO_YEARS}
        raise ValidationError({"shared_from": [message]})


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


@transaction.atomic
def give_consent(
    *, actor: User, assessment: SelfAssessment, data: ConsentData, expected_version: str | None = None
) -> tuple[ScoreSharing, bool]:
    """Share the assessment's scores as `data` says, or change how they are shared. Returns the consent
    and whether anything changed (repeating the current choice records nothing). Refused when the
    consent changed since `expected_version` (StaleConsentError), for an unfinished assessment or an
    organisation outside a network (ValidationError), and for anyone but the organisation's
    administrators (PermissionDenied)."""
    _check_actor(actor, assessment)
    assessment, sharing = _locked(assessment)
    organisation = assessment.organisation
    if organisation.network is None:
        raise ValidationError(needs_network_message())
    if expected_version is not None and expected_version != consent_version(sharing):
        raise StaleConsentError(
            _(
                "Someone else changed this consent while you were deciding. Its current state is shown "
                "above; your choice is below, not saved. Send the form again to replace it."
            )
        )
    if not is_finished(assessment.lifecycle_state):
        raise ValidationError(unfinished_message())
    _check_embargo(data.shared_from)
    now = timezone.now()
    if sharing is None:
        sharing = ScoreSharing.objects.create(
            assessment=assessment,
            organisation=organisation,
            shared_from=data.shared_from,
            open_to_partners=data.open_to_partners,
            given_by=actor,
            given_at=now,
        )
        record_event(
            "benchmarking.scores_shared",
            actor=actor,
            obj=assessment,
            organisation=organisation,
            changes={
                "assessment": assessment.title,
                "shared_from": _iso(data.shared_from),
                "open_to_partners": data.open_to_partners,
            },
        )
        request_refresh(organisation.network)
        return sharing, True
    changes: dict[str, Any] = {}
    if sharing.shared_from != data.shared_from:
        changes["shared_from"] = {"before": _iso(sharing.shared_from), "after": _iso(data.shared_from)}
    if sharing.open_to_partners != data.open_to_partners:
        changes["open_to_partners"] = {"before": sharing.open_to_partners, "after": data.open_to_partners}
    if not changes:
        return sharing, False
    changes["assessment"] = assessment.title
    sharing.shared_from, sharing.open_to_partners = data.shared_from, data.open_to_partners
    sharing.given_by, sharing.given_at = actor, now
    sharing.save(update_fields=["shared_from", "open_to_partners", "given_by", "given_at"])
    record_event(
        "benchmarking.sharing_changed",
        actor=actor,
        obj=assessment,
        organisation=organisation,
        changes=changes,
    )
    request_refresh(organisation.network)
    return sharing, True


@transaction.atomic
def withdraw_consent(*, actor: User, assessment: SelfAssessment) -> None:
    """Stop sharing the assessment's scores (and being suggested as a partner for them): the consent is
    deleted, and the scores leave the network's benchmarks at the refresh it asks for. Allowed for an
    assessment reopened since, and for an organisation that has left its network."""
    _check_actor(actor, assessment)
    assessment, sharing = _locked(assessment)
    if sharing is None:
        raise ValidationError(_("The scores of this self-assessment are not shared: there is nothing to withdraw."))
    organisation = assessment.organisation
    changes = {
        "assessment": assessment.title,
        "shared_from": _iso(sharing.shared_from),
        "open_to_partners": sharing.open_to_partners,
    }
    sharing.delete()
    record_event(
        "benchmarking.sharing_withdrawn", actor=actor, obj=assessment, organisation=organisation, changes=changes
    )
    if organisation.network is not None:
        request_refresh(organisation.network)
