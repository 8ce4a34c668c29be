from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin


class ProfileForm(StyledFormMixin, forms.Form):
    # A plain form, not a ModelForm: the service compares the user's stored values with these.
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=list(settings.LANGUAGE_SELF_NAMES.items()),
        help_text=_("The language of the interface and of the e-mails you receive."),
    )


class LanguageForm(StyledFormMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=list(settings.LANGUAGE_SELF_NAMES.items()))
