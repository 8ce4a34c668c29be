"""The form a network's coordinators write a shared indicator definition with: a code, and a name and
an exact definition per platform language, then the same unit, direction and frequency fields as an
indicator has."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin
from opencaf.frameworks.models import Subcriterion
from opencaf.indicators.definition_services import DefinitionInput
from opencaf.indicators.forms import LANGUAGES, _per_language
from opencaf.indicators.models import DirectionChoice, FrequencyChoice, SharedDefinition, Unit


class DefinitionForm(StyledFormMixin, forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_(
            "A short key that stays the same in every language, such as days-to-decide: lower-case letters, "
            "digits and hyphens."
        ),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    unit_label = forms.CharField(label=_("Unit, if other"), max_length=40, required=False)
    direction = forms.ChoiceField(label=_("Which way is better"), choices=DirectionChoice.choices)
    frequency = forms.ChoiceField(label=_("How often it is measured"), choices=FrequencyChoice.choices)
    decimals = forms.IntegerField(label=_("Decimal places shown"), min_value=0, max_value=4, initial=1)
    subcriteria = forms.MultipleChoiceField(
        label=_("CAF subcriteria it provides evidence for"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, subcriteria: list[Subcriterion], definition: SharedDefinition | None = None, **kwargs: Any
    ) -> None:
        if definition is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": definition.code,
                    "unit": definition.unit,
                    "unit_label": definition.unit_label,
                    "direction": definition.direction,
                    "frequency": definition.frequency,
                    "decimals": definition.decimals,
                    "subcriteria": definition.subcriteria,
                },
            )
        super().__init__(*args, **kwargs)
        fields = dict(self.fields)
        self.fields.clear()
        self.fields["code"] = fields.pop("code")
        _per_language(self, "name", _("Name"), definition.name if definition else {}, long=False)
        _per_language(self, "definition", _("Exact definition"), definition.definition if definition else {}, long=True)
        self.fields.update(fields)
        for code in LANGUAGES:
            self.fields[f"definition_{code}"].widget.attrs["rows"] = 5
        self.fields[f"definition_{LANGUAGES[0]}"].help_text = _(
            "What is counted, how, and from which records, exactly enough that every organisation counts the same."
        )
        self.fields["subcriteria"].choices = [  # type: ignore[attr-defined]
            (sub.code, f"{sub.code} {sub.title}") for sub in subcriteria
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"name_{code}", "").strip() for code in LANGUAGES):
            self.add_error(f"name_{LANGUAGES[0]}", _("Give the definition a name in at least one language."))
        if cleaned.get("unit") == Unit.OTHER and not cleaned.get("unit_label", "").strip():
            self.add_error("unit_label", _("Say which unit the values are in."))
        return cleaned

    def to_input(self) -> DefinitionInput:
        data = self.cleaned_data
        return DefinitionInput(
            code=data["code"],
            name={code: data.get(f"name_{code}", "") for code in LANGUAGES},
            definition={code: data.get(f"definition_{code}", "") for code in LANGUAGES},
            unit=data["unit"],
            unit_label=data.get("unit_label", ""),
            direction=data["direction"],
            frequency=data["frequency"],
            decimals=data["decimals"],
            subcriteria=tuple(data.get("subcriteria") or ()),
        )
