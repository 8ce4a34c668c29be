"""Every change to indicators, their targets and values, checked and audited in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.indicators.models import Indicator, Measurement, MeasurementStatus, Target, Unit
from opencaf.indicators.permissions import access_for, can_manage_indicators
from opencaf.indicators.rules import Direction, Frequency, parse_period, period_of
from opencaf.organisations.models import Membership, Organisation

if TYPE_CHECKING:
    from opencaf.accounts.models import User

# The largest value the database keeps (18 digits, 4 of them decimals).
LARGEST = Decimal("99999999999999")


@dataclass(frozen=True)
class IndicatorInput:
    name: dict[str, str]
    unit: str
    direction: str
    frequency: str
    description: dict[str, str] = field(default_factory=dict)
    unit_label: str = ""
    decimals: int = 1
    tolerance: Decimal = Decimal(5)
    data_source: str = ""
    owner: Membership | None = None
    visibility: str = "internal"
    subcriteria: tuple[str, ...] = ()


def _text(value: Decimal) -> str:
    """A value as the audit log keeps it: no trailing zeros, never in exponent form ("80", "81.5")."""
    return format(value.normalize(), "f")


def _shown(value: object) -> object:
    """A field's value as the audit log keeps it (JSON): a person by name, a number as text."""
    if isinstance(value, Membership):
        return str(value.user.display_name)
    if isinstance(value, Decimal):
        return _text(value)
    return value


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check(organisation: Organisation, data: IndicatorInput) -> None:
    if not any(text.strip() for text in data.name.values()):
        raise ValidationError(_("Give the indicator a name in at least one language."))
    if data.owner is not None and data.owner.organisation_id != organisation.pk:
        raise ValidationError(_("The owner must be a member of the organisation."))
    if data.unit == Unit.OTHER and not data.unit_label.strip():
        raise ValidationError(_("Say which unit the values are in."))


def _fields(data: IndicatorInput) -> dict[str, object]:
    return {
        "name": {code: text.strip() for code, text in data.name.items() if text.strip()},
        "description": {code: text.strip() for code, text in data.description.items() if text.strip()},
        "unit": data.unit,
        "unit_label": data.unit_label.strip() if data.unit == Unit.OTHER else "",
        "direction": data.direction,
        "frequency": data.frequency,
        "decimals": data.decimals,
        "tolerance": data.tolerance,
        "data_source": data.data_source.strip(),
        "owner": data.owner,
        "visibility": data.visibility,
        "subcriteria": sorted(set(data.subcriteria)),
    }


@transaction.atomic
def create_indicator(*, actor: User, organisation: Organisation, data: IndicatorInput) -> Indicator:
    _require(can_manage_indicators(actor, organisation))
    _check(organisation, data)
    indicator = Indicator.objects.create(organisation=organisation, created_by=actor, **_fields(data))
    record_event(
        "indicators.created",
        actor=actor,
        obj=indicator,
        organisation=organisation,
        changes={"name": indicator.name, "unit": indicator.unit, "frequency": indicator.frequency},
    )
    return indicator


@transaction.atomic
def update_indicator(*, actor: User, indicator: Indicator, data: IndicatorInput) -> Indicator:
    """Change an indicator. Its frequency stays once values are kept: the periods they belong to
    would no longer exist."""
    _require(access_for(actor, indicator).can_manage)
    _check(indicator.organisation, data)
    new = _fields(data)
    if new["frequency"] != indicator.frequency and indicator.measurements.exists():
        raise ValidationError(_("The frequency cannot change once values have been entered."))
    changes: dict[str, object] = {}
    for name in (
        "name", "description", "unit", "unit_label", "direction", "frequency", "decimals", "tolerance",
        "data_source", "owner", "visibility", "subcriteria",
    ):  # fmt: skip
        before, after = getattr(indicator, name), new[name]
        if before != after:
            changes[name] = [_shown(before), _shown(after)]
            setattr(indicator, name, after)
    if changes:
        indicator.save()
        record_event(
            "indicators.changed", actor=actor, obj=indicator, organisation=indicator.organisation, changes=changes
        )
    return indicator


def _period_key(indicator: Indicator, text: str) -> str:
    period = parse_period(Frequency(indicator.frequency), text)
    if period is None:
        example = period_of(Frequency(indicator.frequency), timezone.localdate()).key
        raise ValidationError(
            _("%(period)s is not a period of this indicator; its periods are written like %(example)s.")
            % {"period": text.strip() or "—", "example": example}
        )
    return period.key


def check_value(indicator: Indicator, value: Decimal) -> Decimal:
    """A value the indicator's unit allows: a percentage between 0 and 100, no negative counts,
    days or hours, nothing larger than the database keeps."""
    if not value.is_finite() or abs(value) > LARGEST:
        raise ValidationError(_("The value is too large."))
    if indicator.unit == Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(_("Enter a percentage between 0 and 100."))
    if indicator.unit in (Unit.COUNT, Unit.DAYS, Unit.HOURS) and value < 0:
        raise ValidationError(_("Enter 0 or more: this unit has no negative values."))
    return value.quantize(Decimal("0.0001"))


@transaction.atomic
def record_measurement(
    *, actor: User, indicator: Indicator, period: str, value: Decimal, comment: str = "", status: str = "final"
) -> Measurement:
    """Enter or correct the value of one period (one value per period; a correction replaces it)."""
    _require(access_for(actor, indicator).can_record)
    key = _period_key(indicator, period)
    value = check_value(indicator, value)
    if status not in MeasurementStatus.values:
        raise ValidationError(_("Choose whether the value is provisional or final."))
    existing = Measurement.objects.select_for_update().filter(indicator=indicator, period=key).first()
    before = _text(existing.value) if existing is not None else None
    measurement, _created = Measurement.objects.update_or_create(
        indicator=indicator,
        period=key,
        defaults={
            "value": value,
            "comment": comment.strip(),
            "status": status,
            "entered_by": actor,
            "entered_at": timezone.now(),
        },
    )
    record_event(
        "indicators.value_recorded",
        actor=actor,
        obj=indicator,
        organisation=indicator.organisation,
        changes={"period": key, "value": [before, _text(value)], "status": status},
    )
    return measurement


@transaction.atomic
def set_target(
    *,
    actor: User,
    indicator: Indicator,
    period: str,
    value: Decimal | None = None,
    low: Decimal | None = None,
    high: Decimal | None = None,
    rationale: str = "",
) -> Target:
    """Set (or change) the target of one period. A band indicator has a lowest and a highest value."""
    _require(access_for(actor, indicator).can_manage)
    key = _period_key(indicator, period)
    if indicator.direction == Direction.BAND.value:
        if low is None or high is None:
            raise ValidationError(_("Give the lowest and the highest acceptable value."))
        low, high = check_value(indicator, low), check_value(indicator, high)
        if low > high:
            raise ValidationError(_("The lowest acceptable value is above the highest."))
        value = None
    else:
        if value is None:
            raise ValidationError(_("Give the target value."))
        value, low, high = check_value(indicator, value), None, None
    target, _created = Target.objects.update_or_create(
        indicator=indicator,
        period=key,
        defaults={"value": value, "low": low, "high": high, "rationale": rationale.strip()},
    )
    shown = f"{_text(low)}–{_text(high)}" if value is None and low is not None and high is not None else None
    record_event(
        "indicators.target_set",
        actor=actor,
        obj=indicator,
        organisation=indicator.organisation,
        changes={"period": key, "target": shown or (_text(value) if value is not None else "")},
    )
    return target
