"""The form of one quarter's planned and actual money and time."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin
from opencaf.resources.models import DAYS_DIGITS, EUR_DIGITS, PLACES
from opencaf.resources.services import Figures, check_quarter


def _amount(label: Any, digits: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_digits=digits,
        decimal_places=PLACES,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class QuarterForm(StyledFormMixin, forms.Form):
    quarter = forms.CharField(
        label=_("Quarter"),
        max_length=20,
        help_text=_("For example 2026-Q1."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    planned_eur = _amount(_("Planned (EUR)"), EUR_DIGITS)
    actual_eur = _amount(_("Actual (EUR)"), EUR_DIGITS)
    planned_days = _amount(_("Planned person-days"), DAYS_DIGITS)
    actual_days = _amount(_("Actual person-days"), DAYS_DIGITS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actual_eur"].help_text = _(
            "Leave a figure empty while it is not known; empty all four to remove the quarter."
        )

    def clean_quarter(self) -> str:
        try:
            return check_quarter(self.cleaned_data["quarter"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def figures(self) -> Figures:
        data = self.cleaned_data
        return Figures(
            planned_eur=data["planned_eur"],
            actual_eur=data["actual_eur"],
            planned_days=data["planned_days"],
            actual_days=data["actual_days"],
        )
