"""What the audit log calls changes to indicators, their targets and values."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.audit.registry import Field, choice_label, register_vocabulary
from opencaf.indicators.models import DirectionChoice, FrequencyChoice, MeasurementStatus, Unit, Visibility

ACTIONS = {
    "indicators.created": _("Indicator created"),
    "indicators.changed": _("Indicator changed"),
    "indicators.target_set": _("Indicator target set"),
    "indicators.value_recorded": _("Indicator value recorded"),
}

FIELDS = {
    "name": Field(_("Name"), lambda value: " / ".join(str(text) for text in (value or {}).values())),
    "description": Field(_("Description"), lambda value: " / ".join(str(text) for text in (value or {}).values())),
    "unit": Field(_("Unit"), choice_label(Unit)),
    "unit_label": Field(_("Unit, if other")),
    "decimals": Field(_("Decimal places shown")),
    "tolerance": Field(_("Tolerance (%)")),
    "data_source": Field(_("Data source")),
    "subcriteria": Field(_("Subcriteria"), lambda value: ", ".join(value or [])),
    "direction": Field(_("Direction"), choice_label(DirectionChoice)),
    "frequency": Field(_("Frequency"), choice_label(FrequencyChoice)),
    "visibility": Field(_("Visibility"), choice_label(Visibility)),
    "owner": Field(pgettext_lazy("indicator owner", "Owner")),
    "period": Field(_("Period")),
    "value": Field(_("Value")),
    "target": Field(_("Target")),
    "status": Field(_("Status"), choice_label(MeasurementStatus)),
}


def register() -> None:
    register_vocabulary("indicators", actions=ACTIONS, fields=FIELDS)
