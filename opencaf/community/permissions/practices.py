"""Who may read and write good practices.

- Writers: an organisation's administrator / quality representative (`Role.ORG_ADMIN`) and its CAF
  leader (`Role.CAF_LEADER`), the people who run its quality work, write the organisation's practices,
  submit them, translate them, attach files and withdraw them. Every member of the organisation reads
  them in any state (the organisation's list and the reading page); other roles do not write.
- Readers of a network (`network_reader`): the members of any organisation of the network and its
  coordinators; 404 for everyone else. They read the network's published practices.
- Coordinators of the practice's network review it: they also read what was submitted or returned,
  return it with comments, publish it, withdraw it and may add a translation. A draft is the
  organisation's own until it is submitted: nobody else reads it.
- Anyone, without signing in, reads a practice published to the public (`get_public_practice`).

Access helpers raise 404, so an address never tells whether another organisation's practice exists;
services re-check with `can_write_practices` and `is_coordinator`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.http import Http404

from opencaf.community.models import GoodPractice, PracticeAttachment, PracticeAudience, PracticeState
from opencaf.core.ids import get_by_public_id, parse_public_id
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import get_organisation_for_member, is_member, roles_in
from opencaf.organisations.selectors import my_memberships, my_networks

PRACTICE_WRITERS = frozenset({Role.ORG_ADMIN, Role.CAF_LEADER})
# States a coordinator reads: everything but a draft, which the organisation has not handed over yet.
COORDINATOR_READS = frozenset({PracticeState.SUBMITTED, PracticeState.RETURNED, PracticeState.PUBLISHED})
# States from which the organisation may (again) hand the practice over for review.
SUBMITTABLE = frozenset({PracticeState.DRAFT, PracticeState.RETURNED, PracticeState.WITHDRAWN})


def can_write_practices(user: Any, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation) & PRACTICE_WRITERS)


# --- readers of a network ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkReader:
    """Someone who may read a network's practices: its coordinator, a member of its organisations, or both."""

    user: Any
    network: Network
    is_coordinator: bool
    organisations: tuple[Organisation, ...]  # the reader's own organisations in this network
    roles: dict[int, frozenset[str]]  # their roles, by organisation id

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(organisation.pk for organisation in self.organisations)


def network_reader(user: Any, network_id: object) -> NetworkReader:
    """The reader of the network: a member of one of its organisations or one of its coordinators; else
    404. Read from the memberships and networks the navigation bar loads anyway: no query of its own."""
    wanted = parse_public_id(network_id)
    memberships = [
        membership
        for membership in my_memberships(user)
        if membership.organisation.network is not None and membership.organisation.network.public_id == wanted
    ]
    coordinated = next((network for network in my_networks(user) if network.public_id == wanted), None)
    network = coordinated or (memberships[0].organisation.network if memberships else None)
    if network is None:
        raise Http404
    return NetworkReader(
        user=user,
        network=network,
        is_coordinator=coordinated is not None,
        organisations=tuple(membership.organisation for membership in memberships),
        roles={membership.organisation_id: frozenset(membership.role_codes) for membership in memberships},
    )


def can_read(reader: NetworkReader, practice: GoodPractice) -> bool:
    """Whether the reader sees the practice (one of the reader's network's practices) on the reading page."""
    if practice.network_id != reader.network.pk:
        return False
    if practice.organisation_id in reader.organisation_ids or practice.state == PracticeState.PUBLISHED:
        return True
    return reader.is_coordinator and practice.state in COORDINATOR_READS


@dataclass(frozen=True)
class PracticeAccess:
    """One practice as one reader may use it: the permission methods and the flags templates read."""

    reader: NetworkReader
    practice: GoodPractice

    @property
    def is_own(self) -> bool:
        """The reader is a member of the practice's organisation."""
        return self.practice.organisation_id in self.reader.organisation_ids

    @property
    def can_edit(self) -> bool:
        return bool(self.reader.roles.get(self.practice.organisation_id, frozenset()) & PRACTICE_WRITERS)

    @property
    def can_submit(self) -> bool:
        return self.can_edit and self.practice.state in SUBMITTABLE

    @property
    def can_review(self) -> bool:
        return self.reader.is_coordinator and self.practice.state == PracticeState.SUBMITTED

    @property
    def can_withdraw(self) -> bool:
        return self.practice.state == PracticeState.PUBLISHED and (self.can_edit or self.reader.is_coordinator)

    @property
    def can_translate(self) -> bool:
        return self.can_edit or (self.reader.is_coordinator and self.practice.state in COORDINATOR_READS)

    @cached_property
    def helping_organisations(self) -> tuple[Organisation, ...]:
        """The reader's organisations that may say "this helped us": any but the practice's own, once published."""
        if self.practice.state != PracticeState.PUBLISHED:
            return ()
        return tuple(org for org in self.reader.organisations if org.pk != self.practice.organisation_id)

    @property
    def flags(self) -> dict[str, bool]:
        state = self.practice.state
        return {
            "is_own": self.is_own,
            "is_coordinator": self.reader.is_coordinator,
            "can_edit": self.can_edit,
            "can_submit": self.can_submit,
            "can_review": self.can_review,
            "can_withdraw": self.can_withdraw,
            "can_translate": self.can_translate,
            "can_mark_helped": bool(self.helping_organisations),
            "is_published": state == PracticeState.PUBLISHED,
            "is_public": state == PracticeState.PUBLISHED and self.practice.audience == PracticeAudience.PUBLIC,
            # The reviewer's comments, while the organisation works on them.
            "shows_review_comment": state == PracticeState.RETURNED and (self.is_own or self.reader.is_coordinator),
            # Where the practice stands in the review, for those who take part in it.
            "shows_review_state": self.is_own or self.reader.is_coordinator,
        }


def get_practice_access(user: Any, network_id: object, practice_id: object) -> PracticeAccess:
    """The practice of the network as this reader may use it; 404 when they may not read it."""
    reader = network_reader(user, network_id)
    practices = GoodPractice.objects.filter(network=reader.network).select_related("organisation", "network")
    practice = get_by_public_id(practices, practice_id)
    if not can_read(reader, practice):
        raise Http404
    return PracticeAccess(reader, practice)


# --- the organisation's own pages -----------------------------------------------------------------------


def practice_organisation(user: Any, org_id: object) -> Organisation:
    """The organisation, for its own members (its practices in any state); 404 for anyone else, the
    network's coordinators included: they read what was handed over, on the network's pages."""
    organisation = get_organisation_for_member(user, org_id)
    if organisation.network_id is None or not is_member(user, organisation):
        raise Http404
    return organisation


def get_own_practice(organisation: Organisation, practice_id: object) -> GoodPractice:
    practices = GoodPractice.objects.filter(organisation=organisation).select_related("organisation", "network")
    return get_by_public_id(practices, practice_id)


def get_attachment(practice: GoodPractice, attachment_id: object) -> PracticeAttachment:
    return get_by_public_id(PracticeAttachment.objects.filter(practice=practice), attachment_id)


# --- everyone --------------------------------------------------------------------------------------------


def get_public_practice(practice_id: object) -> GoodPractice:
    """A practice published to the public; 404 for any other (a draft, one for the network only, …)."""
    practices = GoodPractice.objects.filter(state=PracticeState.PUBLISHED, audience=PracticeAudience.PUBLIC)
    return get_by_public_id(practices.select_related("organisation", "network"), practice_id)
