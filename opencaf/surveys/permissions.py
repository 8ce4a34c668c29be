"""Who may do what with an organisation's surveys.

Inside the organisation: the quality representative (organisation administrator) and the CAF leader
design, run and publish surveys; the quality representative also reviews free-text answers before
anyone reads them; management sees results before they are published; once published, every member
does. Outside the organisation everything is 404, a network's coordinators included: an
organisation's survey results are its own until it shares them (benchmarking asks separately).

Respondents need no account: they come in through a public link, an e-mailed token or a paper code
(`respondents.py`), never through these helpers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from opencaf.core.ids import get_by_public_id
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import get_organisation_for_staff, roles_in
from opencaf.surveys.lifecycle import ANSWERED, State, allowed_actions
from opencaf.surveys.models import Question, Survey

DESIGNING_ROLES = frozenset({Role.ORG_ADMIN, Role.CAF_LEADER})
MODERATING_ROLES = frozenset({Role.ORG_ADMIN})
EARLY_RESULTS_ROLES = DESIGNING_ROLES | {Role.MANAGER}


def can_create_survey(user: Any, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation) & DESIGNING_ROLES)


def can_list_surveys(user: Any, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation))


@dataclass(frozen=True)
class SurveyAccess:
    """What one person may do with one survey, worked out once per request."""

    user: Any
    survey: Survey

    @property
    def organisation(self) -> Organisation:
        return self.survey.organisation

    @cached_property
    def roles(self) -> frozenset[str]:
        return roles_in(self.user, self.survey.organisation)

    @property
    def state(self) -> State:
        return self.survey.lifecycle_state

    @property
    def can_design(self) -> bool:
        """Change the questions and settings (which changes are safe once answered is the rules' call)."""
        return bool(self.roles & DESIGNING_ROLES) and self.state != State.PUBLISHED

    @property
    def can_run(self) -> bool:
        """Open, close, publish; invite people; show the public link."""
        return bool(self.roles & DESIGNING_ROLES)

    @property
    def can_moderate(self) -> bool:
        return bool(self.roles & MODERATING_ROLES) and self.state in ANSWERED

    @property
    def can_view_results(self) -> bool:
        if self.state == State.PUBLISHED:
            return bool(self.roles)
        return bool(self.roles & EARLY_RESULTS_ROLES) and self.state in ANSWERED

    @property
    def has_answers(self) -> bool:
        return self.state in ANSWERED

    @property
    def flags(self) -> dict[str, Any]:
        return {
            "can_design": self.can_design,
            "can_run": self.can_run,
            "can_moderate": self.can_moderate,
            "can_view_results": self.can_view_results,
            "has_answers": self.has_answers,
            "state_actions": [action.value for action in allowed_actions(self.state)] if self.can_run else [],
        }


def access_for(user: Any, survey: Survey) -> SurveyAccess:
    return SurveyAccess(user=user, survey=survey)


def get_survey_access(user: Any, org_id: object, survey_id: object) -> SurveyAccess:
    """The survey with the person's access to it; 404 unless they hold a role in its organisation."""
    organisation = get_organisation_for_staff(user, org_id)
    surveys = Survey.objects.select_related("organisation", "organisation__network", "previous_wave")
    return access_for(user, get_by_public_id(surveys.filter(organisation=organisation), survey_id))


def get_question(survey: Survey, public_id: object) -> Question:
    return get_by_public_id(Question.objects.filter(survey=survey).select_related("section"), public_id)
