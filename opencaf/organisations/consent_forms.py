"""The organisation's consent to share its agreed areas for improvement with its network's quality
unit (`services.set_improvement_area_sharing`).

The organisation's overview offers one button: "Share …" sends the field, "Stop sharing" sends
nothing, as an unticked checkbox would, so the form always says what the administrator chose.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin


class ImprovementAreaSharingForm(StyledFormMixin, forms.Form):
    shares_improvement_areas = forms.BooleanField(
        label=_("Share our agreed areas for improvement with the network's quality unit"), required=False
    )
