"""Shared indicator definitions: a network's coordinators keep the set (write a draft, change it,
publish it, withdraw it, add the starter library as drafts); an organisation's managers adopt a
published one as their own indicator, whose defining fields stay the definition's.

Every change checked and audited in one transaction (see `models.SharedDefinition`: a published
definition never changes; a correction is a new definition, and the old one is withdrawn).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.indicators.library import (
    CODE,
    CODE_LIMIT,
    LibraryEntry,
    caf_subcriteria,
    starter_library,
)
from opencaf.indicators.models import (
    DefinitionStatus,
    DirectionChoice,
    FrequencyChoice,
    Indicator,
    SharedDefinition,
    Unit,
)
from opencaf.indicators.permissions import can_manage_indicators
from opencaf.indicators.services import IndicatorInput, create_indicator
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import is_coordinator

if TYPE_CHECKING:
    from opencaf.accounts.models import User


@dataclass(frozen=True)
class DefinitionInput:
    code: str
    name: dict[str, str]
    definition: dict[str, str]
    unit: str
    direction: str
    frequency: str
    unit_label: str = ""
    decimals: int = 1
    subcriteria: tuple[str, ...] = ()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _texts(texts: dict[str, str]) -> dict[str, str]:
    return {code: text.strip() for code, text in texts.items() if text and text.strip()}


def _checked(network: Network, data: DefinitionInput, itself: SharedDefinition | None = None) -> dict[str, object]:
    """The definition's fields from the input, or ValidationError saying what to correct."""
    code = data.code.strip()
    if not CODE.match(code) or len(code) > CODE_LIMIT:
        raise ValidationError({"code": _("Use lower-case letters, digits and hyphens only, such as days-to-decide.")})
    taken = SharedDefinition.objects.filter(network=network, code=code)
    if itself is not None:
        taken = taken.exclude(pk=itself.pk)
    if taken.exists():
        raise ValidationError({"code": _("The network already has a definition with this code.")})
    name, definition = _texts(data.name), _texts(data.definition)
    if not name:
        raise ValidationError(_("Give the definition a name in at least one language."))
    if set(name) != set(definition):
        # An organisation reading it in one of these languages needs both the name and what it counts.
        raise ValidationError(_("Write the exact definition in every language that has a name, and only in those."))
    if data.unit not in Unit.values or data.direction not in DirectionChoice.values:
        raise ValidationError(_("Choose the unit and which way is better."))
    if data.frequency not in FrequencyChoice.values:
        raise ValidationError({"frequency": _("Choose how often it is measured.")})
    if data.unit == Unit.OTHER and not data.unit_label.strip():
        raise ValidationError({"unit_label": _("Say which unit the values are in.")})
    if not 0 <= data.decimals <= 4:
        raise ValidationError({"decimals": _("Show 0 to 4 decimal places.")})
    unknown = sorted(set(data.subcriteria) - caf_subcriteria())
    if unknown:
        raise ValidationError(
            {"subcriteria": _("Not subcriteria of CAF 2020: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return {
        "code": code,
        "name": name,
        "definition": definition,
        "unit": data.unit,
        "unit_label": data.unit_label.strip() if data.unit == Unit.OTHER else "",
        "direction": data.direction,
        "frequency": data.frequency,
        "decimals": data.decimals,
        "subcriteria": sorted(set(data.subcriteria)),
    }


def _lock_network(network: Network) -> None:
    """Serialise changes to one network's set, so two coordinators cannot add the same code at once."""
    Network.objects.select_for_update().filter(pk=network.pk).exists()


def _locked(definition: SharedDefinition) -> SharedDefinition:
    locked = SharedDefinition.objects.select_for_update().get(pk=definition.pk)
    locked.network = definition.network
    return locked


@transaction.atomic
def create_definition(*, actor: User, network: Network, data: DefinitionInput) -> SharedDefinition:
    """A new draft in the network's shared set."""
    _require(is_coordinator(actor, network))
    _lock_network(network)
    fields = _checked(network, data)
    definition = SharedDefinition.objects.create(network=network, created_by=actor, **fields)
    record_event(
        "indicators.definition_created",
        actor=actor,
        obj=definition,
        network=network,
        changes={"code": definition.code, "name": definition.name},
    )
    return definition


@transaction.atomic
def update_definition(*, actor: User, definition: SharedDefinition, data: DefinitionInput) -> SharedDefinition:
    """Change a draft; a published or withdrawn definition stays as it is."""
    _require(is_coordinator(actor, definition.network))
    _lock_network(definition.network)
    definition = _locked(definition)
    if definition.status != DefinitionStatus.DRAFT:
        raise ValidationError(
            _(
                "A published definition does not change: organisations count their values by it. "
                "To correct it, add a new definition and withdraw this one."
            )
        )
    new = _checked(definition.network, data, itself=definition)
    changes: dict[str, object] = {}
    for name in (
        "code", "name", "definition", "unit", "unit_label", "direction", "frequency", "decimals", "subcriteria",
    ):  # fmt: skip
        before, after = getattr(definition, name), new[name]
        if before != after:
            changes[name] = [before, after]
            setattr(definition, name, after)
    if changes:
        definition.save()
        record_event(
            "indicators.definition_changed", actor=actor, obj=definition, network=definition.network, changes=changes
        )
    return definition


def _publish(actor: User, definition: SharedDefinition) -> None:
    definition.status = DefinitionStatus.PUBLISHED
    definition.published_at = timezone.now()
    definition.save(update_fields=["status", "published_at"])
    record_event(
        "indicators.definition_published",
        actor=actor,
        obj=definition,
        network=definition.network,
        changes={"code": definition.code},
    )


@transaction.atomic
def publish_definition(*, actor: User, definition: SharedDefinition) -> SharedDefinition:
    """Offer a draft to the network's organisations; from now on it does not change."""
    _require(is_coordinator(actor, definition.network))
    definition = _locked(definition)
    if definition.status != DefinitionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    _publish(actor, definition)
    return definition


@transaction.atomic
def publish_drafts(*, actor: User, network: Network) -> int:
    """Publish every draft of the network's set at once (after the coordinators reviewed them)."""
    _require(is_coordinator(actor, network))
    drafts = list(
        SharedDefinition.objects.select_for_update()
        .filter(network=network, status=DefinitionStatus.DRAFT)
        .order_by("created_at", "id")
    )
    for definition in drafts:
        definition.network = network
        _publish(actor, definition)
    return len(drafts)


@transaction.atomic
def withdraw_definition(*, actor: User, definition: SharedDefinition) -> SharedDefinition:
    """No longer offer a definition (a draft set aside, or a published one replaced). Organisations
    that adopted it keep their indicator and its values; no one can adopt it any more."""
    _require(is_coordinator(actor, definition.network))
    definition = _locked(definition)
    if definition.status == DefinitionStatus.WITHDRAWN:
        raise ValidationError(_("The definition has already been withdrawn."))
    definition.status = DefinitionStatus.WITHDRAWN
    definition.save(update_fields=["status"])
    record_event(
        "indicators.definition_withdrawn",
        actor=actor,
        obj=definition,
        network=definition.network,
        changes={"code": definition.code, "adoptions": definition.adoptions.count()},
    )
    return definition


@transaction.atomic
def add_starter_library(
    *, actor: User, network: Network, entries: Iterable[LibraryEntry] | None = None
) -> list[SharedDefinition]:
    """Add the starter library's definitions to the network's set as drafts, for the coordinators
    to review and publish. A code the network already has (in any state, withdrawn too) is skipped,
    so adding the library again adds only what is new in it."""
    _require(is_coordinator(actor, network))
    _lock_network(network)
    have = set(SharedDefinition.objects.filter(network=network).values_list("code", flat=True))
    now = timezone.now()
    new = [
        SharedDefinition(
            network=network,
            code=entry.code,
            name=dict(entry.name),
            definition=dict(entry.definition),
            unit=entry.unit,
            unit_label=entry.unit_label,
            direction=entry.direction,
            frequency=entry.frequency,
            decimals=entry.decimals,
            subcriteria=list(entry.subcriteria),
            created_by=actor,
            created_at=now,
        )
        for entry in (starter_library() if entries is None else entries)
        if entry.code not in have
    ]
    if new:
        SharedDefinition.objects.bulk_create(new)
        record_event(
            "indicators.library_added",
            actor=actor,
            network=network,
            changes={"added": [definition.code for definition in new]},
        )
    return new


@transaction.atomic
def adopt_definition(*, actor: User, organisation: Organisation, definition: SharedDefinition) -> Indicator:
    """The organisation's own indicator from a published definition of its network: name, exact
    definition (as its description), unit, direction, frequency, decimals and subcriteria copied;
    the defining fields then stay locked (`services.update_indicator`). Once per organisation."""
    _require(can_manage_indicators(actor, organisation))
    definition = SharedDefinition.objects.select_for_update().get(pk=definition.pk)
    if organisation.network_id is None or definition.network_id != organisation.network_id:
        raise PermissionDenied
    if definition.status != DefinitionStatus.PUBLISHED:
        raise ValidationError(_("Only a published definition can be adopted."))
    existing = Indicator.objects.filter(organisation=organisation, definition=definition).first()
    if existing is not None:
        raise ValidationError(
            _("The organisation has already adopted this definition: its indicator is %(name)s.")
            % {"name": existing.name_in(get_language() or "en")}
        )
    indicator = create_indicator(
        actor=actor,
        organisation=organisation,
        data=IndicatorInput(
            name=dict(definition.name),
            description=dict(definition.definition),
            unit=definition.unit,
            unit_label=definition.unit_label,
            direction=definition.direction,
            frequency=definition.frequency,
            decimals=definition.decimals,
            subcriteria=tuple(definition.subcriteria),
        ),
    )
    indicator.definition = definition
    indicator.save(update_fields=["definition"])
    record_event(
        "indicators.definition_adopted",
        actor=actor,
        obj=indicator,
        organisation=organisation,
        changes={"shared_definition": definition.code},
    )
    return indicator
