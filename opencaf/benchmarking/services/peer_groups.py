"""Peer groups the network's coordinators define ("municipalities of Gorenjska", "tax offices"), beside
the groups by organisation type, size band and country the benchmark pages form by themselves.

A group's name is unique in its network, ignoring case ("Tax offices" and "tax offices" would read as
one group on an organisation's benchmark page). Only organisations of the group's network can be
members. Every write is atomic, audited on the network's log, and asks for a refresh of the network's
benchmark snapshot (`snapshots.request_refresh`), since the groups shape what the benchmark pages show.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.benchmarking.models import PeerGroup
from opencaf.benchmarking.services.snapshots import request_refresh
from opencaf.core.texts import too_long
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import is_coordinator

if TYPE_CHECKING:
    from opencaf.accounts.models import User

NAME_MAX = 120
DESCRIPTION_MAX = 2000


def _require_coordinator(actor: User, network: Network) -> None:
    if not is_coordinator(actor, network):
        raise PermissionDenied


def _name_taken() -> ValidationError:
    return ValidationError({"name": [_("The network already has a peer group with this name. Choose another name.")]})


def _clean(network: Network, name: str, description: str, *, group: PeerGroup | None = None) -> tuple[str, str]:
    """The name on one line and the description tidied; ValidationError keyed by the form's fields."""
    name = " ".join(str(name or "").split())
    description = str(description or "").replace("\r\n", "\n").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the peer group a name.")]
    elif len(name) > NAME_MAX:
        errors["name"] = [too_long(NAME_MAX)]
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = [too_long(DESCRIPTION_MAX)]
    if errors:
        raise ValidationError(errors)
    others = PeerGroup.objects.filter(network=network, name__iexact=name)
    if group is not None:
        others = others.exclude(pk=group.pk)
    if others.exists():
        raise _name_taken()
    return name, description


def _save(group: PeerGroup, update_fields: list[str] | None = None) -> None:
    """Save in a savepoint: a name taken by a coordinator saving at the same moment is a clear message."""
    try:
        with transaction.atomic():
            group.save(update_fields=update_fields)
    except IntegrityError:
        raise _name_taken() from None


def _locked(group: PeerGroup) -> PeerGroup:
    locked = PeerGroup.objects.select_for_update().filter(pk=group.pk).first()
    if locked is None:  # deleted by another coordinator since the page was opened
        raise ValidationError(_("This peer group has been deleted in the meantime."))
    locked.network = group.network
    return locked


@transaction.atomic
def create_peer_group(*, actor: User, network: Network, name: str, description: str = "") -> PeerGroup:
    _require_coordinator(actor, network)
    name, description = _clean(network, name, description)
    group = PeerGroup(network=network, name=name, description=description)
    _save(group)
    record_event(
        "benchmarking.peer_group_created",
        actor=actor,
        obj=group,
        network=network,
        changes={"peer_group_name": name, "peer_group_description": description},
    )
    request_refresh(network)
    return group


@transaction.atomic
def update_peer_group(*, actor: User, group: PeerGroup, name: str, description: str = "") -> bool:
    """Rename or describe the group; returns whether anything changed."""
    _require_coordinator(actor, group.network)
    group = _locked(group)
    name, description = _clean(group.network, name, description, group=group)
    changes: dict[str, object] = {}
    if group.name != name:
        changes["peer_group_name"] = {"before": group.name, "after": name}
    if group.description != description:
        changes["peer_group_description"] = {"before": group.description, "after": description}
    if not changes:
        return False
    group.name, group.description = name, description
    _save(group, ["name", "description"])
    record_event("benchmarking.peer_group_changed", actor=actor, obj=group, network=group.network, changes=changes)
    request_refresh(group.network)
    return True


@transaction.atomic
def delete_peer_group(*, actor: User, group: PeerGroup) -> None:
    """Delete the group; its organisations stay, and no longer see it on their benchmark pages."""
    _require_coordinator(actor, group.network)
    group = _locked(group)
    members = group.organisations.count()
    record_event(
        "benchmarking.peer_group_deleted",
        actor=actor,
        obj=group,
        network=group.network,
        changes={"peer_group_name": group.name, "count": members},
    )
    group.delete()
    request_refresh(group.network)


def _names(organisations: Iterable[Organisation]) -> list[str]:
    return sorted((organisation.name for organisation in organisations), key=str.casefold)


@transaction.atomic
def add_to_peer_group(*, actor: User, group: PeerGroup, organisations: Iterable[Organisation]) -> int:
    """Add organisations of the group's network; those already in it are left as they are. Returns how
    many were added."""
    _require_coordinator(actor, group.network)
    group = _locked(group)
    chosen = {organisation.pk: organisation for organisation in organisations}
    if any(organisation.network_id != group.network.pk for organisation in chosen.values()):
        raise ValidationError(_("Only organisations of this network can be members of its peer groups."))
    present = set(group.organisations.filter(pk__in=chosen).values_list("pk", flat=True))
    added = [organisation for pk, organisation in chosen.items() if pk not in present]
    if not added:
        return 0
    group.organisations.add(*added)
    record_event(
        "benchmarking.peer_group_members_added",
        actor=actor,
        obj=group,
        network=group.network,
        changes={"peer_group_members": _names(added), "count": len(added)},
    )
    request_refresh(group.network)
    return len(added)


@transaction.atomic
def remove_from_peer_group(*, actor: User, group: PeerGroup, organisations: Iterable[Organisation]) -> int:
    """Take organisations out of the group; returns how many were members and are no longer."""
    _require_coordinator(actor, group.network)
    group = _locked(group)
    chosen = {organisation.pk: organisation for organisation in organisations}
    present = set(group.organisations.filter(pk__in=chosen).values_list("pk", flat=True))
    removed = [organisation for pk, organisation in chosen.items() if pk in present]
    if not removed:
        return 0
    group.organisations.remove(*removed)
    record_event(
        "benchmarking.peer_group_members_removed",
        actor=actor,
        obj=group,
        network=group.network,
        changes={"peer_group_members": _names(removed), "count": len(removed)},
    )
    request_refresh(group.network)
    return len(removed)
