"""Reviewing free-text answers: nobody reads them until the quality representative has released
them, possibly with names or other identifying details taken out, or withheld them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.surveys import permissions
from opencaf.surveys.models import Survey, TextAnswer, TextStatus

if TYPE_CHECKING:
    from opencaf.accounts.models import User

REDACTION_MARK = "[…]"


@transaction.atomic
def moderate_text(
    *, actor: User, survey: Survey, answer: TextAnswer, release: bool, released_text: str = ""
) -> TextAnswer:
    """Release the text (as edited by the reviewer, who may only take words out or replace them
    with […]) or withhold it. A decision can be changed later; each one is audited."""
    if not permissions.access_for(actor, survey).can_moderate or answer.question.survey_id != survey.pk:
        raise PermissionDenied
    current = TextAnswer.objects.select_for_update().get(pk=answer.pk)
    if release:
        text = released_text.strip() or current.text
        if len(text) > len(current.text) + 10 * len(REDACTION_MARK):
            raise ValidationError(_("A released text may only be shortened, not rewritten."))
        current.status, current.released_text = TextStatus.RELEASED, text
    else:
        current.status, current.released_text = TextStatus.WITHHELD, ""
    current.save(update_fields=["status", "released_text"])
    record_event(
        "surveys.text_moderated",
        actor=actor,
        obj=survey,
        organisation=survey.organisation,
        changes={
            "question": current.question.code,
            "decision": current.status,
            "redacted": current.released_text != current.text and release,
        },
    )
    return current
