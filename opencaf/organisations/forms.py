from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin
from opencaf.organisations.choices import Role, StaffLevel
from opencaf.organisations.models import Network, Organisation

ROLE_FIELD_HELP = _("A person may hold several roles.")


def _role_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )


class InvitationForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    roles = _role_field()
    department = forms.CharField(label=_("Department"), max_length=120, required=False)
    staff_level = forms.ChoiceField(label=_("Level"), choices=[("", "—"), *StaffLevel.choices], required=False)


class MembershipForm(StyledFormMixin, forms.Form):
    roles = _role_field()
    department = forms.CharField(label=_("Department"), max_length=120, required=False)
    staff_level = forms.ChoiceField(label=_("Level"), choices=[("", "—"), *StaffLevel.choices], required=False)


REGIONS_LIST_ID = "network-regions"


def same_region(region: str, known: Iterable[str]) -> str:
    """The region as the network already writes it when it differs only in case or spacing
    ("podravska", "Podravska "), so that picking and filtering by region finds them together."""
    wanted = " ".join(region.split())
    return next((name for name in known if name.casefold() == wanted.casefold()), wanted)


class OrganisationForm(StyledFormMixin, forms.ModelForm):
    regions_list_id = REGIONS_LIST_ID

    class Meta:
        model = Organisation
        fields = ("name", "short_name", "org_type", "region", "parent", "country", "size_band", "default_language")
        help_texts = {
            "region": _(
                "Optional: the region the organisation is in, as the network names its regions (a statistical "
                "region, for example). Coordinators pick and filter organisations by it."
            ),
        }

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The regions the network's organisations are in already, offered as the region is typed.
        self.known_regions = sorted(
            set(network.organisations.exclude(region="").values_list("region", flat=True).order_by()),
            key=str.casefold,
        )
        if self.known_regions:
            self.fields["region"].widget.attrs.update({"list": REGIONS_LIST_ID, "autocomplete": "off"})
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = network.organisations.order_by("name")
        self.fields["country"].initial = network.country
        self.fields["default_language"].initial = network.default_language
        language = self.fields["default_language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = list(settings.LANGUAGE_SELF_NAMES.items())

    def clean_region(self) -> str:
        return same_region(self.cleaned_data.get("region", ""), self.known_regions)


class NewAccountForm(StyledFormMixin, forms.Form):
    """The account created when someone accepts an invitation without having one yet."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    language = forms.ChoiceField(label=_("Language"), choices=list(settings.LANGUAGE_SELF_NAMES.items()))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password and not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        elif password1:
            from opencaf.accounts.models import User

            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
