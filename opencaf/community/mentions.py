"""Mentions in forum posts: `@[Full Name]` in a post's Markdown source names a person who reads the
network's forum (a member of one of its organisations, or one of its coordinators), and tells them.

Which text counts: the syntax is the forum's (`markdown.MENTION`, the one the pages highlight), found in
the post's text but not in code (inline code, code blocks) nor as a link's text, just as the pages show
it. At most `MAX_MENTIONS` different names a post: a post naming half the network is not a way to mail
everyone.

Whom it reaches: the name is matched exactly, ignoring case and runs of spaces, to the full names of the
people who read that network's forum, and to no one else: a person of another network with the same name
is never found, so a mention neither reaches nor reveals anyone outside the network.

Two readers with the same name: both are told. The writer sees names only and cannot say which one they
meant; both may read the post anyway, so telling the wrong one reveals nothing, while telling neither
would silently fail the one who was meant.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Length, Trim
from markdown_it import MarkdownIt

from opencaf.accounts.models import User
from opencaf.community.markdown import MENTION
from opencaf.organisations.models import Membership, Network, NetworkCoordinator

if TYPE_CHECKING:
    from markdown_it.token import Token

MAX_MENTIONS = 20

# Parsing only, to tell text from code: the forum renders with the same CommonMark rules.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])


def _text_runs(tokens: Iterable[Token]) -> Iterable[str]:
    """The plain text of the source, run by run: inline code, code blocks and link texts left out."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        in_link = 0
        for child in token.children:
            if child.type == "link_open":
                in_link += 1
            elif child.type == "link_close":
                in_link -= 1
            elif child.type == "text" and not in_link:
                yield child.content


def name_key(name: str) -> str:
    """How two names are compared: spaces collapsed, case folded ("Ana  NOVAK" = "ana novak")."""
    return " ".join(name.split()).casefold()


def mentioned_names(source: str) -> list[str]:
    """The names a Markdown source mentions, each once (ignoring case), in order, at most MAX_MENTIONS."""
    names: dict[str, str] = {}
    for run in _text_runs(_parser.parse(source)):
        for match in MENTION.finditer(run):
            name = " ".join(match.group(1).split())
            if name and len(names) < MAX_MENTIONS:
                names.setdefault(name_key(name), name)
    return list(names.values())


def forum_readers(network: Network) -> QuerySet[User]:
    """The active people who read the network's forum: members of its organisations and its coordinators."""
    members = Membership.objects.filter(organisation__network=network).values("user_id")
    coordinators = NetworkCoordinator.objects.filter(network=network).values("user_id")
    return User.objects.filter(Q(pk__in=members) | Q(pk__in=coordinators), is_active=True)


def is_forum_reader(user: Any, network: Network) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return forum_readers(network).filter(pk=user.pk).exists()


def reading_pairs(user_ids: Iterable[int], network_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(person, network) for each of these active people who reads the forum of each of these networks:
    two queries however many of either, for checking recipients just before mail goes out."""
    users, networks = set(user_ids), set(network_ids)
    if not users or not networks:
        return set()
    as_member = Membership.objects.filter(
        user_id__in=users, user__is_active=True, organisation__network_id__in=networks
    ).values_list("user_id", "organisation__network_id")
    as_coordinator = NetworkCoordinator.objects.filter(
        user_id__in=users, user__is_active=True, network_id__in=networks
    ).values_list("user_id", "network_id")
    return set(as_member) | set(as_coordinator)


def resolve_mentions(source: str, network: Network) -> list[User]:
    """The readers of the network's forum that a Markdown source mentions (see the module's note)."""
    names = mentioned_names(source)
    if not names:
        return []
    wanted = {name_key(name) for name in names}
    # Narrowed in the database by length (a change of case keeps it), then compared in Python: the
    # databases' own case-insensitive matching does not fold non-ASCII letters alike (Č, Ж).
    lengths = {len(name) for name in names}
    candidates = forum_readers(network).annotate(name_length=Length(Trim("full_name")))
    candidates = candidates.filter(name_length__in=lengths)
    return [person for person in candidates.order_by("pk") if name_key(person.full_name) in wanted]
