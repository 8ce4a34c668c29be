"""Who may read and write in a network's forum.

The forum of a network is for the members of its organisations and for its coordinators: they read
and post. Coordinators also manage the categories, open threads for the network's events and
moderate. Everyone else gets a 404, so a URL never tells whether another network's thread exists.

`forum_access(user, network_id)` is the one access helper: a frozen `ForumAccess` built once per
request, read by views, services and templates. It costs one query (the network): the person's
memberships and coordinated networks are the ones the navigation bar loads anyway.
Bans and rate limits are not access: they are checked at each write (`services.forum_guard`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from opencaf.core.ids import parse_public_id
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.selectors import my_memberships, my_networks

if TYPE_CHECKING:
    from opencaf.accounts.models import User
    from opencaf.community.models import Post, Thread


@dataclass(frozen=True)
class ForumAccess:
    """A person's place in one network's forum."""

    user: User
    network: Network
    is_coordinator: bool
    # The person's organisation in the network, shown beside their posts (the first by name when they
    # belong to several); None for a coordinator who is no member of any.
    organisation: Organisation | None

    @property
    def can_post(self) -> bool:
        """Write threads and replies (a ban or a rate limit may still refuse a write)."""
        return True

    @property
    def can_moderate(self) -> bool:
        return self.is_coordinator

    @property
    def can_manage_categories(self) -> bool:
        return self.is_coordinator

    @property
    def can_start_event_threads(self) -> bool:
        return self.is_coordinator

    def can_read_text(self, post: Post) -> bool:
        """A hidden post's text is for the moderators; readers see that it was hidden."""
        return post.hidden_at is None or self.can_moderate

    def can_reply(self, thread: Thread) -> bool:
        return thread.locked_at is None

    def can_edit(self, post: Post, thread: Thread) -> bool:
        """Authors edit their own visible posts while the thread is open."""
        return post.author_id == self.user.pk and post.hidden_at is None and thread.locked_at is None

    def can_quote(self, post: Post, thread: Thread) -> bool:
        return post.hidden_at is None and self.can_reply(thread)


def _organisation_in(user: Any, network: Network) -> Organisation | None:
    for membership in my_memberships(user):  # ordered by organisation name
        if membership.organisation.network_id == network.pk:
            return membership.organisation
    return None


def access_in(user: Any, network: Network) -> ForumAccess | None:
    """The person's access to the network's forum, or None when they have none."""
    if not getattr(user, "is_authenticated", False):
        return None
    is_coordinator = any(coordinated.pk == network.pk for coordinated in my_networks(user))
    organisation = _organisation_in(user, network)
    if not is_coordinator and organisation is None:
        return None
    return ForumAccess(user=user, network=network, is_coordinator=is_coordinator, organisation=organisation)


def forum_access(user: Any, network_id: object) -> ForumAccess:
    """The person's access to the forum of the network with this public id; 404 for anyone outside.
    Found among the networks they coordinate and their organisations' networks: no query of its own."""
    wanted = parse_public_id(network_id)
    network = next((each for each in my_networks(user) if each.public_id == wanted), None)
    if network is None:
        network = next(
            (
                membership.organisation.network
                for membership in my_memberships(user)
                if membership.organisation.network is not None and membership.organisation.network.public_id == wanted
            ),
            None,
        )
    access = access_in(user, network) if network is not None else None
    if access is None:
        raise Http404
    return access


def require_reader(user: Any, network: Network) -> ForumAccess:
    """For services: the access of someone who reads and posts in the forum, else PermissionDenied."""
    access = access_in(user, network)
    if access is None:
        raise PermissionDenied
    return access


def require_moderator(user: Any, network: Network) -> ForumAccess:
    """For services: the access of one of the network's coordinators, else PermissionDenied."""
    access = require_reader(user, network)
    if not access.is_coordinator:
        raise PermissionDenied
    return access


def require_coordinator_page(access: ForumAccess) -> None:
    """For views: coordinators' pages of the forum are not found for the other readers."""
    if not access.is_coordinator:
        raise Http404
