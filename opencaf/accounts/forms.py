from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from opencaf.accounts.models import User
from opencaf.core.forms import StyledFormMixin


class ProfileForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ("full_name", "language")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["full_name"].required = True
        self.fields["language"].required = True
        self.fields["language"].choices = list(settings.LANGUAGE_SELF_NAMES.items())


class LanguageForm(StyledFormMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=list(settings.LANGUAGE_SELF_NAMES.items()))
