"""What the audit log calls changes to the money and time planned and spent."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.audit.registry import Field, register_vocabulary

ACTIONS = {
    "resources.figures_set": _("Planned and actual resources of a quarter set"),
    "resources.imported": _("Actual resources imported"),
}

FIELDS = {
    "quarter": Field(_("Quarter")),
    "quarters": Field(_("Quarters")),
    "planned_eur": Field(_("Planned (EUR)")),
    "actual_eur": Field(_("Actual (EUR)")),
    "planned_days": Field(_("Planned person-days")),
    "actual_days": Field(_("Actual person-days")),
    "lines": Field(pgettext_lazy("number of", "Quarters changed")),
}


def register() -> None:
    register_vocabulary("resources", actions=ACTIONS, fields=FIELDS)
