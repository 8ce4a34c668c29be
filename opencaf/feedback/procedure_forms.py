"""The coordinators' choice of the external feedback procedure their network runs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import pgettext_lazy

from opencaf.feedback.models import Procedure


class ProcedureChoiceForm(forms.Form):
    procedure = forms.ChoiceField(label=pgettext_lazy("external feedback", "Procedure"))

    def __init__(self, *args: Any, procedures: list[Procedure], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.procedures = {procedure.code: procedure for procedure in procedures}
        field = self.fields["procedure"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(procedure.code, procedure.name(language)) for procedure in procedures]

    def chosen(self) -> Procedure:
        """The procedure picked (after is_valid())."""
        return self.procedures[self.cleaned_data["procedure"]]
