"""The form of a news item: one group of fields per site language (title, summary, text), for whom it
is, and the campaign or event it announces. The language rules are the service's
(`services.news.clean_texts`); its errors come back on the fields of the language concerned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from opencaf.coordination.models import Campaign, Event, NewsAudience, NewsItem
from opencaf.coordination.services.news import PARTS, SUMMARY_MAX, TITLE_MAX, NewsData
from opencaf.core.forms import StyledFormMixin


@dataclass(frozen=True)
class LanguageFields:
    """The fields of one language version, shown together in a fieldset."""

    code: str
    name: str  # in the reader's interface language: "Slovenian"
    self_name: str  # in the language itself: "Slovenščina"
    fields: list[forms.BoundField]


class TitleChoiceField(forms.ModelChoiceField):
    """A campaign or an event, listed by its title."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class NewsForm(StyledFormMixin, forms.Form):
    audience = forms.ChoiceField(
        label=_("For whom"),
        choices=NewsAudience.choices,
        initial=NewsAudience.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_(
            "News for everyone is shown on the network's public news page and in its feed once published; "
            "news for the organisations of the network only to their members after they sign in."
        ),
    )
    campaign = TitleChoiceField(
        label=_("Announces a campaign"),
        queryset=Campaign.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("No campaign"),
    )
    event = TitleChoiceField(
        label=_("Announces an event"),
        queryset=Event.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("No event"),
    )
    # The moment the item was last saved, when editing: a save over a newer change is refused.
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        campaigns: QuerySet[Campaign],
        events: QuerySet[Event],
        item: NewsItem | None = None,
        suggested: dict[str, dict[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = kwargs.setdefault("initial", {})
        texts = item.texts if item is not None else (suggested or {})
        for code, version in texts.items():
            for part in PARTS:
                initial.setdefault(f"{part}_{code}", version.get(part, ""))
        if item is not None:
            initial.update(
                {
                    "audience": item.audience,
                    "campaign": item.campaign.public_id if item.campaign is not None else None,
                    "event": item.event.public_id if item.event is not None else None,
                    "version": item.updated_at.isoformat(),
                }
            )
        super().__init__(*args, **kwargs)
        campaign, event = self.fields["campaign"], self.fields["event"]
        assert isinstance(campaign, forms.ModelChoiceField) and isinstance(event, forms.ModelChoiceField)
        campaign.queryset, event.queryset = campaigns, events
        self.languages: list[LanguageFields] = []
        for code, name in settings.LANGUAGES:
            values = {"language": name}
            self.fields[f"title_{code}"] = forms.CharField(
                label=gettext("Title (%(language)s)") % values, max_length=TITLE_MAX, required=False
            )
            self.fields[f"summary_{code}"] = forms.CharField(
                label=gettext("Summary (%(language)s)") % values,
                max_length=SUMMARY_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("One or two sentences for lists, the feed and the newsletter."),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=gettext("Text (%(language)s)") % values,
                required=False,
                widget=forms.Textarea(attrs={"rows": 10}),
                help_text=_("Plain text. Leave an empty line between paragraphs; web addresses become links."),
            )
            for part in PARTS:
                widget = self.fields[f"{part}_{code}"].widget
                widget.attrs.update({"class": "form-control", "lang": code})
            self.languages.append(
                LanguageFields(
                    code=code,
                    name=str(name),
                    self_name=settings.LANGUAGE_SELF_NAMES.get(code, code),
                    fields=[self[f"{part}_{code}"] for part in PARTS],
                )
            )

    @property
    def other_fields(self) -> list[forms.BoundField]:
        """The fields after the language versions: for whom, and what the item announces."""
        return [self["audience"], self["campaign"], self["event"]]

    def to_data(self) -> NewsData:
        data = self.cleaned_data
        return NewsData(
            texts={
                code: {part: data.get(f"{part}_{code}", "") for part in PARTS} for code, _name in settings.LANGUAGES
            },
            audience=data["audience"],
            campaign=data.get("campaign"),
            event=data.get("event"),
        )

    def expected_version(self) -> datetime | None:
        return parse_datetime(self.cleaned_data.get("version") or "")
