"""Forms of the newsletter pages: the issue (month, texts per language, news items) and the test send."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from opencaf.coordination.models import NewsItem, Newsletter
from opencaf.coordination.newsletter_rendering import complete_languages
from opencaf.coordination.services.newsletters import MAX_SUBJECT, NewsletterData
from opencaf.coordination.texts import version_in
from opencaf.core.forms import StyledFormMixin


class NewsChoiceField(forms.ModelMultipleChoiceField):
    """News items by their title in the coordinator's language (else the network's, else any)."""

    def __init__(self, *args: Any, fallback: str = "", **kwargs: Any) -> None:
        self.fallback = fallback
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: NewsItem) -> str:
        _code, version = version_in(obj.texts, get_language() or "", (self.fallback,))
        title = str(version.get("title", "")) or gettext("(no title)")
        if obj.published_at is None:
            return title
        return gettext("%(title)s (published %(date)s)") % {
            "title": title,
            "date": formats.date_format(obj.published_at, "SHORT_DATE_FORMAT"),
        }


class NewsletterForm(StyledFormMixin, forms.Form):
    issue_date = forms.DateField(
        label=_("Issue (month)"),
        input_formats=["%Y-%m", "%m/%Y", "%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("The month the issue is for, as year and month: 2026-12."),
        error_messages={
            "required": _("Choose the month of the issue."),
            "invalid": _("Enter the month as year and month, for example 2026-12."),
        },
    )

    def __init__(
        self, *args: Any, network: Any, news: Any, newsletter: Newsletter | None = None, **kwargs: Any
    ) -> None:
        initial: dict[str, object] = {"issue_date": timezone.localdate().replace(day=1)}
        if newsletter is not None:
            initial["issue_date"] = newsletter.issue_date
            initial["news_items"] = [item.public_id for item in newsletter.news_items.all()]
            for code, version in newsletter.texts.items():
                for part, text in version.items():
                    initial[f"{part}_{code}"] = text
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["news_items"] = NewsChoiceField(
            label=_("News items"),
            queryset=news,
            to_field_name="public_id",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            fallback=network.default_language,
            help_text=_(
                "Published news items of the network, newest first. Each appears with its title, its summary "
                "and, when it is public, a link to it."
            ),
        )
        self.languages: list[tuple[str, object, list[forms.BoundField]]] = []
        for code, name in settings.LANGUAGES:
            values = {"language": name}
            self.fields[f"subject_{code}"] = forms.CharField(
                label=gettext("Subject (%(language)s)") % values, max_length=MAX_SUBJECT, required=False
            )
            self.fields[f"introduction_{code}"] = forms.CharField(
                label=gettext("Introduction (%(language)s)") % values,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_(
                    "Plain text; leave an empty line between paragraphs. Web addresses become links in the archive."
                ),
            )
            self.fields[f"closing_{code}"] = forms.CharField(
                label=gettext("Closing (%(language)s)") % values,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Optional: a last word and the signature."),
            )
            for part in ("subject", "introduction", "closing"):
                field = self.fields[f"{part}_{code}"]
                field.widget.attrs["class"] = "form-control"
                field.widget.attrs["lang"] = code  # spelling and screen readers follow the text's language
        self.fields["news_items"].widget.attrs["class"] = "form-check-input"
        for code, name in settings.LANGUAGES:
            self.languages.append(
                (code, name, [self[f"{part}_{code}"] for part in ("subject", "introduction", "closing")])
            )

    def to_data(self) -> NewsletterData:
        data = self.cleaned_data
        texts = {
            code: {part: data.get(f"{part}_{code}", "") for part in ("subject", "introduction", "closing")}
            for code, _name in settings.LANGUAGES
        }
        return NewsletterData(issue_date=data.get("issue_date"), texts=texts, news_items=list(data["news_items"]))


class TestSendForm(StyledFormMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language version"))

    def __init__(self, *args: Any, newsletter: Newsletter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(code, names[code]) for code in complete_languages(newsletter.texts)]
