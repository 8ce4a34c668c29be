"""Forms of the people app's engagement part: a staff involvement activity. The rules (a date not in the
future, the number of participants, the themes, no member's name) are the service's
(services/engagement.py); its errors come back on the fields of the same names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin
from opencaf.people.models import ActivityKind, EngagementActivity
from opencaf.people.services.engagement import (
    NOTES_MAX,
    PARTICIPANTS_MAX,
    THEME_MAX,
    THEMES_MAX,
    TITLE_MAX,
    themes_from_text,
)


class ActivityForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityKind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("What the activity was about, such as “Workshop on the competency model”."),
    )
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    participants = forms.IntegerField(
        label=_("Number of participants"),
        min_value=1,
        max_value=PARTICIPANTS_MAX,
        help_text=_("Staff who took part; an interview may have one."),
    )
    themes = forms.CharField(
        label=_("Themes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Record what was said, not who said it: notes naming a member of the organisation (by full name "
            "or e-mail address) are refused. Only HR reads the notes."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        # Set here, not on the field: the numbers go into the text in the language of the request.
        self.fields["themes"].help_text = gettext(
            "What was heard, in short phrases: one per line, up to %(count)d, each up to %(length)d characters. "
            "Everyone in the organisation sees the themes on the People page."
        ) % {"count": THEMES_MAX, "length": THEME_MAX}

    @classmethod
    def initial_for(cls, activity: EngagementActivity) -> dict[str, Any]:
        return {
            "kind": activity.kind,
            "title": activity.title,
            "held_on": activity.held_on,
            "participants": activity.participants,
            "themes": "\n".join(activity.themes or []),
            "notes": activity.notes,
        }

    def clean_themes(self) -> list[str]:
        return themes_from_text(self.cleaned_data.get("themes", ""))
