"""Forms for indicators, their values and targets. Names and descriptions get a field per platform
language ("Name (Slovenian)"); at least one name is needed. Numbers are read as the person's
language writes them (a decimal comma in Slovenian and Bulgarian)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin
from opencaf.frameworks.models import Subcriterion
from opencaf.indicators.models import (
    DirectionChoice,
    FrequencyChoice,
    Indicator,
    MeasurementStatus,
    Unit,
    Visibility,
)
from opencaf.indicators.rules import Frequency, Period, period_of, recent_periods
from opencaf.indicators.services import DEFINED_FIELDS, IndicatorInput
from opencaf.organisations.models import Membership

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _per_language(form: forms.BaseForm, name: str, label: Any, initial: dict[str, str], *, long: bool) -> None:
    for code in LANGUAGES:
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({LANGUAGE_NAMES[code]})",
            required=False,
            max_length=2000 if long else 200,
            initial=initial.get(code, ""),
            widget=forms.Textarea(attrs={"rows": 3, "lang": code}) if long else forms.TextInput(attrs={"lang": code}),
        )


class MemberField(forms.ModelChoiceField[Membership]):
    """A member of the organisation, by name."""

    def label_from_instance(self, obj: Membership) -> str:
        return str(obj.user.display_name)


class PartField(forms.ModelChoiceField[Indicator]):
    """One of the organisation's indicators, by name in the reader's language (the public id is
    what the form sends)."""

    def label_from_instance(self, obj: Indicator) -> str:
        return obj.name_in(get_language() or "en")


class IndicatorForm(StyledFormMixin, forms.Form):
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    unit_label = forms.CharField(label=_("Unit, if other"), max_length=40, required=False)
    direction = forms.ChoiceField(label=_("Which way is better"), choices=DirectionChoice.choices)
    frequency = forms.ChoiceField(label=_("How often it is measured"), choices=FrequencyChoice.choices)
    decimals = forms.IntegerField(label=_("Decimal places shown"), min_value=0, max_value=4, initial=1)
    tolerance = forms.DecimalField(
        label=_("Tolerance (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        initial=Decimal(5),
        localize=True,
        help_text=_(
            "How far a value may miss its target (as a share of the target, or of the band's width) and still "
            "count as at risk rather than off track."
        ),
    )
    data_source = forms.CharField(label=_("Data source"), max_length=300, required=False)
    owner = MemberField(
        label=pgettext_lazy("indicator owner", "Owner"),
        queryset=Membership.objects.none(),
        required=False,
        help_text=_("Enters the value of each period."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        initial=Visibility.INTERNAL,
        help_text=_("Published: shown, without names of people, on the organisation's public page of indicators."),
    )
    subcriteria = forms.MultipleChoiceField(
        label=_("CAF subcriteria it provides evidence for"), required=False, widget=forms.CheckboxSelectMultiple
    )
    numerator = PartField(
        label=_("Calculated: numerator"),
        queryset=Indicator.objects.none(),
        required=False,
        to_field_name="public_id",
        help_text=_(
            "Leave both empty for an indicator whose values are entered. When both are chosen, each "
            "period's value is the numerator divided by the denominator, times the multiplier."
        ),
    )
    denominator = PartField(
        label=_("Calculated: denominator"), queryset=Indicator.objects.none(), required=False, to_field_name="public_id"
    )
    multiplier = forms.DecimalField(
        label=_("Multiplier"),
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        initial=Decimal(1),
        required=False,
        localize=True,
        help_text=_("100 for a percentage, 1000 for a rate per 1,000."),
    )

    def __init__(
        self,
        *args: Any,
        members: Any,
        subcriteria: list[Subcriterion],
        indicator: Indicator | None = None,
        parts: Any = None,
        language: str = "en",
        **kwargs: Any,
    ) -> None:
        if indicator is not None:
            kwargs.setdefault(
                "initial",
                {
                    "unit": indicator.unit,
                    "unit_label": indicator.unit_label,
                    "direction": indicator.direction,
                    "frequency": indicator.frequency,
                    "decimals": indicator.decimals,
                    "tolerance": indicator.tolerance,
                    "data_source": indicator.data_source,
                    "owner": indicator.owner_id,
                    "visibility": indicator.visibility,
                    "subcriteria": indicator.subcriteria,
                    "numerator": indicator.numerator.public_id if indicator.numerator else None,
                    "denominator": indicator.denominator.public_id if indicator.denominator else None,
                    "multiplier": indicator.multiplier,
                },
            )
        super().__init__(*args, **kwargs)
        names = indicator.name if indicator is not None else {}
        descriptions = indicator.description if indicator is not None else {}
        fields = dict(self.fields)
        self.fields.clear()
        _per_language(self, "name", _("Name"), names, long=False)
        _per_language(self, "description", _("Description"), descriptions, long=True)
        self.fields.update(fields)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]
        for name in ("numerator", "denominator"):
            self.fields[name].queryset = parts if parts is not None else Indicator.objects.none()  # type: ignore[attr-defined]
        self.fields["subcriteria"].choices = [  # type: ignore[attr-defined]
            (sub.code, f"{sub.code} {sub.title}") for sub in subcriteria
        ]
        if indicator is not None and indicator.measurements.exists():
            self.fields["frequency"].disabled = True
            self.fields["frequency"].help_text = _("Fixed once values have been entered.")
        if indicator is not None and indicator.definition_id is not None:
            for name, field in self.fields.items():
                if name in DEFINED_FIELDS or name.startswith(("name_", "description_")):
                    field.disabled = True
                    field.help_text = _("Set by the network's shared definition.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"name_{code}", "").strip() for code in LANGUAGES):
            self.add_error(f"name_{LANGUAGES[0]}", _("Give the indicator a name in at least one language."))
        if cleaned.get("unit") == Unit.OTHER and not cleaned.get("unit_label", "").strip():
            self.add_error("unit_label", _("Say which unit the values are in."))
        return cleaned

    def to_input(self) -> IndicatorInput:
        data = self.cleaned_data
        return IndicatorInput(
            name={code: data.get(f"name_{code}", "") for code in LANGUAGES},
            description={code: data.get(f"description_{code}", "") for code in LANGUAGES},
            unit=data["unit"],
            unit_label=data.get("unit_label", ""),
            direction=data["direction"],
            frequency=data["frequency"],
            decimals=data["decimals"],
            tolerance=data["tolerance"],
            data_source=data.get("data_source", ""),
            owner=data.get("owner"),
            visibility=data["visibility"],
            subcriteria=tuple(data.get("subcriteria") or ()),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            multiplier=data.get("multiplier") or Decimal(1),
        )


def period_choices(indicator: Indicator, today: date, back: int = 12, ahead: int = 0) -> list[tuple[str, str]]:
    """The periods offered, newest first: the last `back` completed ones, the current one, and
    `ahead` more (for targets)."""
    frequency = Frequency(indicator.frequency)
    periods: list[Period] = recent_periods(frequency, today, back)
    current = period_of(frequency, today)
    periods.append(current)
    for _step in range(ahead):
        periods.append(periods[-1].next())
    return [(period.key, period.key) for period in reversed(periods)]


class MeasurementForm(StyledFormMixin, forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    value = forms.DecimalField(label=_("Value"), max_digits=18, decimal_places=4, localize=True)
    status = forms.ChoiceField(
        label=_("The value is"), choices=MeasurementStatus.choices, initial=MeasurementStatus.FINAL
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, indicator: Indicator, today: date, **kwargs: Any) -> None:
        super().__init__(*args, prefix="value", **kwargs)
        self.fields["period"].choices = period_choices(indicator, today)  # type: ignore[attr-defined]
        choices = self.fields["period"].choices  # type: ignore[attr-defined]
        if len(choices) > 1 and not self.initial.get("period"):
            self.fields["period"].initial = choices[1][0]  # the last completed period


class TargetForm(StyledFormMixin, forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    value = forms.DecimalField(label=_("Target"), max_digits=18, decimal_places=4, localize=True, required=False)
    low = forms.DecimalField(
        label=_("Lowest acceptable"), max_digits=18, decimal_places=4, localize=True, required=False
    )
    high = forms.DecimalField(
        label=_("Highest acceptable"), max_digits=18, decimal_places=4, localize=True, required=False
    )
    rationale = forms.CharField(
        label=_("Rationale"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, indicator: Indicator, today: date, **kwargs: Any) -> None:
        super().__init__(*args, prefix="target", **kwargs)
        self.fields["period"].choices = period_choices(indicator, today, back=4, ahead=8)  # type: ignore[attr-defined]
        self.fields["period"].initial = period_of(Frequency(indicator.frequency), today).key
        if indicator.direction == DirectionChoice.BAND:
            del self.fields["value"]
        else:
            del self.fields["low"], self.fields["high"]
