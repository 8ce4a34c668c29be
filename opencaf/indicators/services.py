"""Every change to indicators, their targets and values, checked and audited in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.core.bulk import upsert
from opencaf.indicators.models import (
    DirectionChoice,
    FrequencyChoice,
    Indicator,
    Measurement,
    MeasurementStatus,
    Target,
    Unit,
    Visibility,
)
from opencaf.indicators.permissions import access_for, can_manage_indicators
from opencaf.indicators.rules import Direction, Frequency, parse_period, period_of, ratio
from opencaf.organisations.models import Membership, Organisation

if TYPE_CHECKING:
    from opencaf.accounts.models import User

# The largest value the database keeps (18 digits, 4 of them decimals).
LARGEST = Decimal("99999999999999")
# What an indicator adopted from its network's shared definition keeps from it (Indicator.definition).
DEFINED_FIELDS = ("name", "description", "unit", "unit_label", "direction", "frequency", "decimals")


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
    # A calculated indicator: numerator / denominator * multiplier, both parts of the same
    # organisation and frequency, entered (not calculated) themselves.
    numerator: Indicator | None = None
    denominator: Indicator | None = None
    multiplier: Decimal = Decimal(1)


def _text(value: Decimal) -> str:
    """A value as the audit log keeps it: no trailing zeros, never in exponent form ("80", "81.5")."""
    return format(value.normalize(), "f")


def _shown(value: object) -> object:
    """A field's value as the audit log keeps it (JSON): a person by name, a number as text."""
    if isinstance(value, Membership):
        return str(value.user.display_name)
    if isinstance(value, Indicator):
        return str(value)
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
    chosen = (data.unit, data.direction, data.frequency, data.visibility)
    choices = (Unit, DirectionChoice, FrequencyChoice, Visibility)
    if any(value not in choice.values for value, choice in zip(chosen, choices, strict=True)):
        raise ValidationError(_("Choose the unit, direction, frequency and visibility from the lists."))
    _check_calculation(organisation, data)


def _check_calculation(organisation: Organisation, data: IndicatorInput, itself: Indicator | None = None) -> None:
    parts = [part for part in (data.numerator, data.denominator) if part is not None]
    if not parts:
        return
    if len(parts) == 1:
        raise ValidationError(_("A calculated indicator needs both a numerator and a denominator."))
    if not data.multiplier or data.multiplier <= 0:
        raise ValidationError(_("The multiplier must be a positive number, such as 100 for a percentage."))
    for part in parts:
        if part.organisation_id != organisation.pk or part.archived:
            raise ValidationError(_("Calculate only from the organisation's own current indicators."))
        if itself is not None and part.pk == itself.pk:
            raise ValidationError(_("An indicator cannot be calculated from itself."))
        if part.is_calculated:
            raise ValidationError(
                _("%(indicator)s is calculated itself; calculate only from indicators whose values are entered.")
                % {"indicator": part}
            )
        if part.frequency != data.frequency:
            raise ValidationError(
                _("%(indicator)s is measured at another frequency; both parts must be measured as often as this one.")
                % {"indicator": part}
            )


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
        "numerator": data.numerator,
        "denominator": data.denominator,
        "multiplier": data.multiplier if data.numerator is not None else Decimal(1),
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
    _check_calculation(indicator.organisation, data, itself=indicator)
    if (
        data.numerator is not None
        and Indicator.objects.filter(models.Q(numerator=indicator) | models.Q(denominator=indicator)).exists()
    ):
        raise ValidationError(_("Other indicators are calculated from this one, so it cannot be calculated itself."))
    new = _fields(data)
    if indicator.definition_id is not None and any(new[name] != getattr(indicator, name) for name in DEFINED_FIELDS):
        raise ValidationError(
            _(
                "The indicator follows a shared definition of the network: its name, description, unit, direction, "
                "frequency and decimal places cannot be changed."
            )
        )
    if new["frequency"] != indicator.frequency and indicator.measurements.exists():
        raise ValidationError(_("The frequency cannot change once values have been entered."))
    changes: dict[str, object] = {}
    for name in (
        "name", "description", "unit", "unit_label", "direction", "frequency", "decimals", "tolerance",
        "data_source", "owner", "visibility", "subcriteria", "numerator", "denominator", "multiplier",
    ):  # fmt: skip
        before, after = getattr(indicator, name), new[name]
        if before != after:
            changes[name] = [_shown(before), _shown(after)]
            setattr(indicator, name, after)
    if "owner" in changes:
        indicator.link_version += 1  # the previous owner's e-mailed value links stop working
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
    *,
    actor: User,
    indicator: Indicator,
    period: str,
    value: Decimal,
    comment: str = "",
    status: str = "final",
    via_link: bool = False,
) -> Measurement:
    """Enter or correct the value of one period (one value per period; a correction replaces it).
    `via_link`: the owner entered it through the e-mailed value link (`links.py`), as `actor`."""
    if indicator.is_calculated:  # before the permission: nobody may, and this says why
        raise ValidationError(_("The values of this indicator are worked out from two others; enter theirs."))
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
    changes: dict[str, object] = {"period": key, "value": [before, _text(value)], "status": status}
    if via_link:
        changes["via_link"] = True
    record_event(
        "indicators.value_recorded", actor=actor, obj=indicator, organisation=indicator.organisation, changes=changes
    )
    recalculate(actor=actor, parts={indicator.pk}, periods={key})
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


# --- calculated indicators ------------------------------------------------------------------------


def recalculate(*, actor: User, parts: set[int], periods: set[str]) -> int:
    """Work out again the values of the indicators calculated from `parts`, for `periods`, after
    those values changed. A period gets a value once both parts have one and the denominator is
    not zero; it is provisional while either part is. A result the unit cannot hold (a share above
    100 %) is not stored: the parts are wrong, and the owner sees no value rather than a false one.
    Called inside the caller's transaction; audited per calculated indicator. Returns how many
    values were written."""
    calculated = list(
        Indicator.objects.filter(models.Q(numerator_id__in=parts) | models.Q(denominator_id__in=parts), archived=False)
    )
    if not calculated:
        return 0
    needed = {pk for indicator in calculated for pk in (indicator.numerator_id, indicator.denominator_id) if pk}
    known: dict[tuple[int | None, str], tuple[Decimal, str]] = {
        (row[0], row[1]): (row[2], row[3])
        for row in Measurement.objects.filter(indicator_id__in=needed, period__in=periods).values_list(
            "indicator_id", "period", "value", "status"
        )
    }
    now, written = timezone.now(), 0
    for indicator in calculated:
        results: list[dict[str, object]] = []
        for period in sorted(periods):
            top, bottom = known.get((indicator.numerator_id, period)), known.get((indicator.denominator_id, period))
            if top is None or bottom is None:
                continue
            value = ratio(top[0], bottom[0], scale=indicator.multiplier)
            try:
                value = check_value(indicator, value) if value is not None else None
            except ValidationError:
                value = None
            if value is None:
                continue
            provisional = MeasurementStatus.PROVISIONAL in (top[1], bottom[1])
            status = MeasurementStatus.PROVISIONAL if provisional else MeasurementStatus.FINAL
            results.append(_value_row(indicator.pk, period, value, status, "", actor, now))
        if results:
            _upsert_values(results)
            record_event(
                "indicators.values_calculated",
                actor=actor,
                obj=indicator,
                organisation=indicator.organisation,
                changes={"periods": _span([str(result["period"]) for result in results]), "values": len(results)},
            )
            written += len(results)
    return written


def _upsert_values(rows: list[dict[str, object]]) -> None:
    """Insert or replace values, one per indicator and period (see `core.bulk`: an import writes
    thousands)."""
    upsert(
        Measurement,
        rows,
        unique=["indicator", "period"],
        update=["value", "comment", "status", "entered_by", "entered_at"],
    )


def _value_row(
    indicator_id: int, period: str, value: Decimal | None, status: str, comment: str, actor: User, now: datetime
) -> dict[str, object]:
    return {
        "indicator_id": indicator_id,
        "period": period,
        "value": value,
        "status": status,
        "comment": comment,
        "entered_by_id": actor.pk,
        "entered_at": now,
    }


def _span(periods: list[str]) -> str:
    """Periods as the audit log shows them: "2026-Q1" or "2024-01 – 2026-12"."""
    first, last = min(periods), max(periods)
    return first if first == last else f"{first} – {last}"


# --- import ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedValue:
    """One checked row of a values file: a target, a value, or both, for one indicator and period."""

    indicator: Indicator
    period: str  # the canonical key
    target: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    value: Decimal | None = None
    status: str = MeasurementStatus.FINAL
    comment: str = ""

    @property
    def sets_target(self) -> bool:
        return self.target is not None or self.low is not None

    @property
    def sets_value(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class ImportOutcome:
    values_added: int = 0
    values_changed: int = 0
    targets_set: int = 0
    unchanged: int = 0
    calculated: int = 0


@transaction.atomic
def import_values(*, actor: User, organisation: Organisation, rows: list[ImportedValue]) -> ImportOutcome:
    """Apply a checked file of targets and values, all or nothing. Rows that change nothing are not
    written; each indicator's changes are one audit event; calculated indicators follow."""
    _require(can_manage_indicators(actor, organisation))
    if any(row.indicator.organisation_id != organisation.pk for row in rows):
        raise PermissionDenied
    ids = {row.indicator.pk for row in rows}
    values = {
        (row[0], row[1]): row[2:]
        for row in Measurement.objects.filter(indicator_id__in=ids).values_list(
            "indicator_id", "period", "value", "status", "comment"
        )
    }
    targets = {
        (row[0], row[1]): row[2:]
        for row in Target.objects.filter(indicator_id__in=ids).values_list(
            "indicator_id", "period", "value", "low", "high"
        )
    }
    now = timezone.now()
    new_values: list[dict[str, object]] = []
    new_targets: list[dict[str, object]] = []
    added = changed = unchanged = 0
    touched: dict[int, tuple[Indicator, list[str], int, int]] = {}
    for row in rows:
        key = (row.indicator.pk, row.period)
        wrote_value = wrote_target = False
        if row.sets_value:
            before = values.get(key)
            if before == (row.value, row.status, row.comment):
                unchanged += 1
            else:
                added, changed = (added + 1, changed) if before is None else (added, changed + 1)
                wrote_value = True
                new_values.append(
                    _value_row(row.indicator.pk, row.period, row.value, row.status, row.comment, actor, now)
                )
        if row.sets_target and targets.get(key) != (row.target, row.low, row.high):
            wrote_target = True
            new_targets.append(
                {"indicator_id": row.indicator.pk, "period": row.period, "value": row.target, "low": row.low,
                 "high": row.high, "rationale": ""}
            )  # fmt: skip
        if wrote_value or wrote_target:
            indicator, periods, value_count, target_count = touched.get(row.indicator.pk, (row.indicator, [], 0, 0))
            touched[row.indicator.pk] = (
                indicator,
                [*periods, row.period],
                value_count + wrote_value,
                target_count + wrote_target,
            )
    _upsert_values(new_values)
    upsert(Target, new_targets, unique=["indicator", "period"], update=["value", "low", "high"])  # rationale kept
    for indicator, periods, value_count, target_count in touched.values():
        record_event(
            "indicators.values_imported",
            actor=actor,
            obj=indicator,
            organisation=organisation,
            changes={"periods": _span(periods), "values": value_count, "targets": target_count},
        )
    calculated = recalculate(
        actor=actor,
        parts={row.indicator.pk for row in rows if row.sets_value},
        periods={row.period for row in rows if row.sets_value},
    )
    return ImportOutcome(added, changed, len(new_targets), unchanged, calculated)
