"""Forms of the portfolio (its filters) and of the engagement log, with the labels of stages and flags."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.coordination.models import ContactKind
from opencaf.coordination.services.engagement import SUMMARY_MAX_LENGTH
from opencaf.coordination.stages import ORDER, Flag, Stage
from opencaf.core.forms import StyledFormMixin
from opencaf.organisations.choices import OrganisationType, SizeBand

STAGE_LABELS: dict[Stage, Promise] = {
    Stage.NOTHING_YET: pgettext_lazy("portfolio stage", "Nothing yet"),
    Stage.INVITED: pgettext_lazy("portfolio stage", "Invited"),
    Stage.REPRESENTATIVE_NAMED: pgettext_lazy("portfolio stage", "Representative named"),
    Stage.TRAINED: pgettext_lazy("portfolio stage", "Trained"),
    Stage.SELF_ASSESSMENT: pgettext_lazy("portfolio stage", "Self-assessment under way"),
    Stage.REPORT_ACCEPTED: pgettext_lazy("portfolio stage", "Report accepted"),
    Stage.PLAN_APPROVED: pgettext_lazy("portfolio stage", "Plan approved"),
    Stage.PLAN_IN_PROGRESS: pgettext_lazy("portfolio stage", "Plan in progress"),
    Stage.EXTERNAL_FEEDBACK: pgettext_lazy("portfolio stage", "External feedback"),
    Stage.LABEL: pgettext_lazy("portfolio stage", "Label"),
}
FLAG_LABELS: dict[Flag, Promise] = {
    Flag.NO_REPORT: _("No report 6 months after the start"),
    Flag.NO_PLAN: _("No approved plan 3 months after the report"),
    Flag.STALE_ACTIONS: _("No action updated for 90 days"),
    Flag.GROUP_DIVERSITY: _("A group lacks diversity"),
    Flag.CONSENSUS_MISSING: _("Consensus not recorded"),
}
SORTS = (
    ("name", _("Name")),
    ("stage", _("Stage, furthest first")),
    ("-stage", _("Stage, earliest first")),
)


def _any(choices: list[tuple[str, object]]) -> list[tuple[str, object]]:
    return [("", pgettext_lazy("filter", "Any")), *choices]


class PortfolioFilterForm(StyledFormMixin, forms.Form):
    """The portfolio's filters, sent by GET; an unknown value is an error, shown, and ignored.
    `regions`: the regions of the network's organisations, to choose from."""

    org_type = forms.ChoiceField(label=_("Type"), required=False, choices=_any(list(OrganisationType.choices)))
    region = forms.ChoiceField(label=_("Region"), required=False)
    size = forms.ChoiceField(label=_("Size"), required=False, choices=_any(list(SizeBand.choices)))
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=_any([(stage.value, STAGE_LABELS[stage]) for stage in ORDER])
    )
    flag = forms.ChoiceField(
        label=_("Flag"), required=False, choices=_any([(flag.value, FLAG_LABELS[flag]) for flag in Flag])
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORTS)

    def __init__(self, *args: Any, regions: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = _any([(name, name) for name in regions])


class EngagementForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    summary = forms.CharField(
        label=_("Summary"), max_length=SUMMARY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
