"""Running a survey: opening, closing, publishing results; the public link."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.surveys import permissions
from opencaf.surveys.lifecycle import Action, State, TransitionError, transition
from opencaf.surveys.models import Survey
from opencaf.surveys.rules import CHOICE_KINDS, Kind, condition_problems
from opencaf.surveys.selectors import forget_visit_snapshots, structure_of
from opencaf.surveys.texts import missing_languages, text_in

if TYPE_CHECKING:
    from opencaf.accounts.models import User


def readiness_problems(survey: Survey) -> list[str]:
    """Why the survey cannot open yet, in the reader's language; empty when it can."""
    problems = []
    structure = structure_of(survey)
    if not survey.languages:
        problems.append(_("Choose at least one language."))
    if missing_languages(survey.title, survey.languages):
        problems.append(_("Give the survey a title in every language it is offered in."))
    if not structure.questions:
        problems.append(_("Add at least one question."))
    if survey.closes_on and survey.closes_on < timezone.localdate():
        problems.append(_("The closing date has passed: choose a later one."))
    for view in structure.questions:
        question = view.question
        name = text_in(question.text, survey.languages) or question.code
        texts = [question.text, *(option.text for option in view.options), *(item.text for item in view.items)]
        if any(missing_languages(text, survey.languages) for text in texts):
            problems.append(_("“%(question)s” is not written in every language of the survey.") % {"question": name})
        if view.kind in CHOICE_KINDS and len(view.options) < 2:
            problems.append(_("“%(question)s” needs at least two options.") % {"question": name})
        if view.kind == Kind.GRID and not view.items:
            problems.append(_("“%(question)s” needs at least one item to rate.") % {"question": name})
    if condition_problems(structure.spec):
        problems.append(_("A condition refers to a later question or to an answer that does not exist."))
    return problems


@transaction.atomic
def change_state(*, actor: User, survey: Survey, action: Action) -> Survey:
    access = permissions.access_for(actor, survey)
    if not access.can_run:
        raise PermissionDenied
    # Read the state under a lock: two people pressing "Close" and "Publish" at once take turns.
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    try:
        new_state = transition(current.lifecycle_state, action)
    except TransitionError:
        raise ValidationError(_("This step is not possible in the survey's current state.")) from None
    if action == Action.OPEN:
        problems = readiness_problems(current)
        if problems:
            raise ValidationError(problems)
        if current.link_key is None:
            current.link_key = secrets.token_urlsafe(32)
    if new_state == State.PUBLISHED:
        current.published_at = timezone.now()
    elif action == Action.WITHDRAW:
        current.published_at = None
    old_state = current.state
    current.state = new_state.value
    current.save(update_fields=["state", "link_key", "published_at"])
    forget_visit_snapshots()
    record_event(
        "surveys.state_changed",
        actor=actor,
        obj=current,
        organisation=current.organisation,
        changes={"state": [old_state, new_state.value]},
    )
    if action in (Action.OPEN, Action.REOPEN):
        from opencaf.surveys.services.inviting import mail_waiting_invitations

        mail_waiting_invitations(current)
    survey.state, survey.link_key, survey.published_at = current.state, current.link_key, current.published_at
    return survey


@transaction.atomic
def renew_public_link(*, actor: User, survey: Survey) -> Survey:
    """A new public link; the old one stops working (it was posted where it should not have been)."""
    if not permissions.access_for(actor, survey).can_run:
        raise PermissionDenied
    survey.link_key = secrets.token_urlsafe(32)
    survey.save(update_fields=["link_key"])
    forget_visit_snapshots()
    record_event("surveys.link_renewed", actor=actor, obj=survey, organisation=survey.organisation)
    return survey
