"""The filters of the network's overview of areas for improvement: organisation type and region."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.forms import StyledFormMixin
from opencaf.organisations.choices import OrganisationType


class AreaFilterForm(StyledFormMixin, forms.Form):
    """Sent by GET; an unknown value is an error, shown, and ignored. The regions are the ones the
    network's organisations name (`selectors.portfolio.regions_of`)."""

    org_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", pgettext_lazy("filter", "Any")), *OrganisationType.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: Any, regions: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", pgettext_lazy("filter", "Any")), *((name, name) for name in regions)]
