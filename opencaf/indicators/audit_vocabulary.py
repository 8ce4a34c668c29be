"""What the audit log calls changes to indicators, their targets and values."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.audit.registry import Field, choice_label, register_vocabulary
from opencaf.indicators.models import DirectionChoice, FrequencyChoice, MeasurementStatus, ProcessKind, Unit, Visibility

ACTIONS = {
    "indicators.created": _("Indicator created"),
    "indicators.changed": _("Indicator changed"),
    "indicators.target_set": _("Indicator target set"),
    "indicators.value_recorded": _("Indicator value recorded"),
    "indicators.value_reminder_sent": _("Reminder of due indicator values sent"),
    "indicators.value_reminder_not_delivered": _("Reminder of due indicator values not delivered"),
    "indicators.values_imported": _("Indicator targets and values imported"),
    "indicators.values_calculated": _("Calculated indicator values worked out"),
    "indicators.process_created": _("Process created"),
    "indicators.process_changed": _("Process changed"),
    "indicators.process_archived": _("Process archived"),
    "indicators.process_restored": _("Process restored"),
    "indicators.definition_created": _("Shared indicator definition drafted"),
    "indicators.definition_changed": _("Shared indicator definition changed"),
    "indicators.definition_published": _("Shared indicator definition published"),
    "indicators.definition_withdrawn": _("Shared indicator definition withdrawn"),
    "indicators.library_added": _("Starter library added to the shared definitions"),
    "indicators.definition_adopted": _("Shared indicator definition adopted"),
}


def _texts(value: object) -> str:
    """A name as recorded: an indicator's per-language texts ({"sl": …, "en": …}), a process's one text."""
    return " / ".join(str(text) for text in value.values()) if isinstance(value, dict) else str(value)


FIELDS = {
    "name": Field(_("Name"), _texts),
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
    "periods": Field(_("Periods")),
    "values": Field(pgettext_lazy("number of", "Values")),
    "targets": Field(pgettext_lazy("number of", "Targets")),
    "numerator": Field(_("Numerator")),
    "denominator": Field(_("Denominator")),
    "multiplier": Field(_("Multiplier")),
    "value": Field(_("Value")),
    "target": Field(_("Target")),
    "status": Field(_("Status"), choice_label(MeasurementStatus)),
    "via_link": Field(_("Entered through the e-mailed link")),
    "kind": Field(_("Kind of process"), choice_label(ProcessKind)),
    "purpose": Field(_("Purpose")),
    "customers": Field(_("Customers and stakeholders")),
    "indicators": Field(_("Indicators")),
    "code": Field(_("Code")),
    "definition": Field(_("Exact definition"), _texts),
    "shared_definition": Field(_("Shared definition")),
    "added": Field(_("Definitions added")),
    "adoptions": Field(_("Organisations that adopted it")),
}


def register() -> None:
    register_vocabulary("indicators", actions=ACTIONS, fields=FIELDS)
