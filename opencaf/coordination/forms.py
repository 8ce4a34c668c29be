"""Forms of the campaigns: the invitation, the organisations picked from the network, the reply."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from opencaf.coordination.models import Campaign
from opencaf.coordination.services.campaigns import PLACEHOLDERS, CampaignData
from opencaf.core.forms import StyledFormMixin
from opencaf.organisations.choices import OrganisationType, SizeBand
from opencaf.organisations.models import Organisation


def placeholder_help() -> str:
    return gettext("You may use %(placeholders)s; they are replaced for each organisation.") % {
        "placeholders": ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    }


class CampaignForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    deadline = forms.DateField(label=_("Nomination deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    reminder_days = forms.IntegerField(
        label=_("Reminder (days before the deadline)"),
        min_value=0,
        max_value=90,
        initial=7,
        help_text=_("Organisations that have not replied get one reminder this many days before the deadline."),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Web addresses to include, such as a video; one a line."),
    )
    attachment = forms.FileField(
        label=_("Attachment (PDF)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf"}),
        help_text=_("A brochure, for example. Organisations download it from their invitation link."),
    )
    remove_attachment = forms.BooleanField(label=_("Remove the attachment"), required=False)

    def __init__(self, *args: Any, campaign: Campaign | None = None, **kwargs: Any) -> None:
        if campaign is not None:
            kwargs.setdefault("initial", {}).update(
                {
                    "title": campaign.title,
                    "deadline": campaign.deadline,
                    "reminder_days": campaign.reminder_days,
                    "links": campaign.links,
                    **{
                        f"{part}_{language}": texts.get(part, "")
                        for language, texts in campaign.message.items()
                        for part in ("subject", "body")
                    },
                }
            )
        super().__init__(*args, **kwargs)
        self.languages = []
        for code, name in settings.LANGUAGES:
            self.fields[f"subject_{code}"] = forms.CharField(
                label=gettext("Subject (%(language)s)") % {"language": name}, max_length=200, required=False
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=gettext("Invitation (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=placeholder_help(),
            )
            self.languages.append((name, self[f"subject_{code}"], self[f"body_{code}"]))
        if campaign is None or not campaign.attachment:
            del self.fields["remove_attachment"]
        self.fields["deadline"].widget.attrs["min"] = timezone.localdate().isoformat()

    def to_data(self) -> CampaignData:
        data = self.cleaned_data
        return CampaignData(
            title=data["title"],
            message={
                code: {"subject": data.get(f"subject_{code}", ""), "body": data.get(f"body_{code}", "")}
                for code, _name in settings.LANGUAGES
            },
            links=data["links"],
            deadline=data["deadline"],
            reminder_days=data["reminder_days"],
            attachment=data.get("attachment"),
            remove_attachment=bool(data.get("remove_attachment")),
        )


class FilterForm(StyledFormMixin, forms.Form):
    """The picker's filters, sent by GET. `regions`: the regions of the network's organisations."""

    org_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any type")), *OrganisationType.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    size_band = forms.ChoiceField(label=_("Size"), required=False, choices=[("", _("Any size")), *SizeBand.choices])

    def __init__(self, *args: Any, regions: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", _("Any region")), *((name, name) for name in regions)]


class PickForm(forms.Form):
    """One row per organisation: pick it, and give its head's name and e-mail address."""

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        for organisation in organisations:
            key = organisation.pk
            self.fields[f"pick_{key}"] = forms.BooleanField(label=organisation.name, required=False)
            self.fields[f"head_{key}"] = forms.CharField(label=_("Head's name"), max_length=200, required=False)
            self.fields[f"email_{key}"] = forms.EmailField(label=_("Head's e-mail address"), required=False)
            self.fields[f"language_{key}"] = forms.ChoiceField(
                label=_("Language"), choices=settings.LANGUAGES, initial=organisation.default_language
            )

    def rows(self) -> list[tuple[Organisation, forms.BoundField, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (org, self[f"pick_{org.pk}"], self[f"head_{org.pk}"], self[f"email_{org.pk}"], self[f"language_{org.pk}"])
            for org in self.organisations
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        picked = 0
        for organisation in self.organisations:
            key = organisation.pk
            if not data.get(f"pick_{key}"):
                continue
            picked += 1
            if not data.get(f"head_{key}"):
                self.add_error(f"head_{key}", _("Enter the head's name."))
            if not data.get(f"email_{key}") and f"email_{key}" not in self.errors:
                self.add_error(f"email_{key}", _("Enter the head's e-mail address."))
        if not picked:
            raise forms.ValidationError(_("Choose at least one organisation."))
        return data

    def picked(self) -> list[tuple[Organisation, str, str, str]]:
        data = self.cleaned_data
        return [
            (org, data[f"head_{org.pk}"], data[f"email_{org.pk}"], data[f"language_{org.pk}"])
            for org in self.organisations
            if data.get(f"pick_{org.pk}")
        ]


class NominationForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name and surname"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))


class DeclineForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
