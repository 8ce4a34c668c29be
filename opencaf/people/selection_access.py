"""Who may do what with a vacancy: one frozen access object per request, built on PeopleAccess.

- HR (the HR role) manages every vacancy of the organisation: sets it up while it is being prepared
  (interview guide, panel, candidates, retention period), takes every move (start the interviews, open
  the agreement, decide, cancel), and records agreed scores during the agreement;
- a panel member reaches only the vacancies they sit on (any other vacancy is a 404) and scores each
  candidate alone while the interviews run; the chair also records the agreed scores;
- until the panel agrees, a member sees only their own scores; from the agreement on, the whole panel
  (and HR) see everyone's. HR, who does not score, sees before that only who has submitted;
- anyone else of the organisation gets a 403 on the list of vacancies and a 404 on a vacancy;
  anyone outside it a 404 (PeopleAccess).

Views ask `vacancy_access` once and use its methods and `flags`; services ask `access_for` again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from opencaf.core.ids import get_by_public_id
from opencaf.people import lifecycle
from opencaf.people.access import PeopleAccess, access_in
from opencaf.people.lifecycle import VacancyMove, VacancyState
from opencaf.people.models import PanelMember, Vacancy

# From the agreement on, the members' own scores are the panel's common material.
SCORES_SHARED = frozenset({VacancyState.AGREEING, VacancyState.DECIDED})


@dataclass(frozen=True)
class VacancyAccess:
    people: PeopleAccess
    vacancy: Vacancy
    seat: PanelMember | None  # the person's seat on the vacancy's panel

    @property
    def state(self) -> VacancyState:
        return VacancyState(self.vacancy.state)

    @property
    def is_hr(self) -> bool:
        return self.people.is_hr

    @property
    def on_panel(self) -> bool:
        return self.seat is not None

    @property
    def is_chair(self) -> bool:
        return self.seat is not None and self.seat.chair

    @property
    def purged(self) -> bool:
        return self.vacancy.candidates_purged_at is not None

    @property
    def can_prepare(self) -> bool:
        """The guide, the panel, the candidates and the retention period."""
        return self.is_hr and self.state == VacancyState.PREPARING

    def can_move(self, move: VacancyMove | str) -> bool:
        return self.is_hr and move in lifecycle.vacancy_moves(self.state)

    @property
    def moves(self) -> list[VacancyMove]:
        return [move for move in lifecycle.vacancy_moves(self.state) if self.can_move(move)]

    @property
    def can_score(self) -> bool:
        return self.on_panel and self.state == VacancyState.INTERVIEWING

    @property
    def sees_all_scores(self) -> bool:
        """Every member's own scores and notes (the agreement and decision pages)."""
        return (self.on_panel or self.is_hr) and self.state in SCORES_SHARED and not self.purged

    def can_see_scores_of(self, seat: PanelMember) -> bool:
        return self.sees_all_scores or (self.seat is not None and self.seat.pk == seat.pk and not self.purged)

    @property
    def can_agree(self) -> bool:
        """Record the agreed scores with their rationale: the chair or HR, during the agreement."""
        return (self.is_chair or self.is_hr) and self.state == VacancyState.AGREEING

    @property
    def can_decide(self) -> bool:
        return self.can_move(VacancyMove.DECIDE)

    @property
    def sees_candidates(self) -> bool:
        """The candidates' names (their records only on the pages that audit the read)."""
        return not self.purged

    @property
    def flags(self) -> dict[str, bool]:
        return {
            **self.people.flags,
            "can_prepare": self.can_prepare,
            "can_score": self.can_score,
            "can_agree": self.can_agree,
            "can_decide": self.can_decide,
            "sees_all_scores": self.sees_all_scores,
            "on_panel": self.on_panel,
            "is_chair": self.is_chair,
        }


def may_list_vacancies(people: PeopleAccess) -> bool:
    """HR, and whoever sits on a panel of the organisation."""
    return people.is_hr or PanelMember.objects.filter(membership=people.membership).exists()


def _seat(people: PeopleAccess, vacancy: Vacancy) -> PanelMember | None:
    return PanelMember.objects.filter(vacancy=vacancy, membership=people.membership).first()


def vacancy_access(people: PeopleAccess, vacancy_id: object) -> VacancyAccess:
    """The organisation's vacancy by its public id for HR and its panel members; 404 for anyone else."""
    vacancies = Vacancy.objects.filter(organisation=people.organisation).select_related("profile__version")
    vacancy = get_by_public_id(vacancies, vacancy_id)
    vacancy.organisation = people.organisation  # the same row, loaded already
    access = VacancyAccess(people=people, vacancy=vacancy, seat=_seat(people, vacancy))
    if not (access.is_hr or access.on_panel):
        raise Http404
    return access


def access_for(user: Any, vacancy: Vacancy) -> VacancyAccess | None:
    """The person's access to the vacancy as services check it, or None when they have none."""
    if not getattr(user, "is_authenticated", False):
        return None
    people = access_in(user, vacancy.organisation)
    if people is None:
        return None
    access = VacancyAccess(people=people, vacancy=vacancy, seat=_seat(people, vacancy))
    return access if access.is_hr or access.on_panel else None
