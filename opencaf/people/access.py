"""Who may see what of an organisation's people data: one frozen access object per request.

People data is the most sensitive an organisation keeps, so every rule is narrow and written once here:

- every member reaches the People pages and sees their own competency review and development plan;
- a line manager sees the reviews and plans of their own team (the employees whose line manager they
  are), and the review of a cycle they were named manager in;
- HR (the HR role) runs the model, the job profiles, the employees' records, the cycles, selection
  and the records of staff involvement; of the reviews HR sees who has finished and figures per unit
  through the anonymity gate — never one person's ratings;
- talent and succession (key positions, successors, the talent grid) are for HR and top management
  (the management role) only;
- a selection panel member sees their vacancy only, and their own scores only until the panel agrees.

Anyone without a role in the organisation gets a 404, so nothing reveals that a page exists. Views ask
`people_access` once and use its methods and flags; services check the same methods again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, Organisation
from opencaf.organisations.permissions import get_organisation_for_staff, roles_in
from opencaf.organisations.selectors import my_memberships


@dataclass(frozen=True)
class PeopleAccess:
    user: Any
    organisation: Organisation
    membership: Membership  # the person's own membership of the organisation
    roles: frozenset[str]

    @property
    def is_hr(self) -> bool:
        return Role.HR in self.roles

    @property
    def is_top_management(self) -> bool:
        return Role.MANAGER in self.roles

    @property
    def sees_talent(self) -> bool:
        """Key positions, successors and the talent grid."""
        return self.is_hr or self.is_top_management

    @property
    def can_manage(self) -> bool:
        """The competency model, job profiles, employees' records, cycles, selection, involvement."""
        return self.is_hr

    def is_me(self, membership_id: int | None) -> bool:
        return membership_id is not None and membership_id == self.membership.pk

    def can_read_review(self, review: Any) -> bool:
        """A review's ratings: the person assessed and the manager named for it."""
        return self.is_me(review.membership_id) or self.is_me(review.manager_id)

    def can_read_plan_of(self, membership_id: int, line_manager_id: int | None) -> bool:
        """A development plan: the person and their current line manager."""
        return self.is_me(membership_id) or self.is_me(line_manager_id)

    @property
    def flags(self) -> dict[str, bool]:
        return {
            "is_hr": self.is_hr,
            "sees_talent": self.sees_talent,
            "can_manage_people": self.can_manage,
        }


def access_in(user: Any, organisation: Organisation) -> PeopleAccess | None:
    """The person's access in an organisation they are known to belong to, or None without a role."""
    roles = roles_in(user, organisation)
    membership = next((m for m in my_memberships(user) if m.organisation_id == organisation.pk), None)
    if not roles or membership is None:
        return None
    return PeopleAccess(user=user, organisation=organisation, membership=membership, roles=roles)


def people_access(user: Any, org_id: object) -> PeopleAccess:
    """The organisation's People pages for a person with a role in it; 404 for anyone else (also
    the network's coordinators: an organisation's people data is not the network's to read)."""
    organisation = get_organisation_for_staff(user, org_id)
    access = access_in(user, organisation)
    if access is None:  # pragma: no cover - get_organisation_for_staff already turned them away
        from django.http import Http404

        raise Http404
    return access
