"""Forms of the forum's moderation: a reader's report, a moderator's reason for hiding a post, the
category a thread moves to, and a ban from posting (for a day, a week, 30 days or until a date). The
rules are the services'; their errors come back on these fields (`core.forms.add_service_errors`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencaf.community.services.moderation import BAN_REASON_MAX, HIDE_REASON_MAX, REPORT_REASON_MAX
from opencaf.core.forms import StyledFormMixin

# How long a ban lasts: a number of days, or until a date the moderator picks.
BAN_DAYS = {"1": 1, "7": 7, "30": 30}
UNTIL_DATE = "date"


class ReportForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=REPORT_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the network's coordinators read your report. The author does not see who reported it."),
    )


class HideForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=HIDE_REASON_MAX,
        help_text=_("Readers of the thread see this reason in place of the post."),
    )


class MoveForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(label=_("Move to the category"))

    def __init__(self, *args: Any, categories: list[tuple[str, str]], current: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, name) for value, name in categories if value != current]


class BanForm(StyledFormMixin, forms.Form):
    duration = forms.ChoiceField(
        label=_("For how long"),
        choices=[
            ("1", _("1 day")),
            ("7", _("1 week")),
            ("30", _("30 days")),
            (UNTIL_DATE, _("Until a date")),
        ],
        initial="1",
    )
    until_date = forms.DateField(
        label=_("Until the date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only with “Until a date”: the person may post again from the start of that day."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=BAN_REASON_MAX,
        help_text=_("The person sees this reason when they try to post."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("duration") == UNTIL_DATE:
            chosen: date | None = data.get("until_date")
            if chosen is None:
                self.add_error("until_date", _("Choose the date the ban ends."))
            elif chosen <= timezone.localdate():
                self.add_error("until_date", _("Choose a date after today."))
        return data

    def until(self, now: datetime | None = None) -> datetime:
        """When the ban ends: that many days from now, or the start of the chosen day (site time)."""
        now = now or timezone.now()
        duration = self.cleaned_data["duration"]
        if duration == UNTIL_DATE:
            chosen: date = self.cleaned_data["until_date"]
            return timezone.make_aware(datetime.combine(chosen, time.min))
        return now + timedelta(days=BAN_DAYS[duration])
