"""Forms of the event pages: the event with its sessions, registering people, attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencaf.coordination.models import Audience, Event, EventKind, Registration
from opencaf.coordination.services.events import EventData, Person
from opencaf.core.forms import StyledFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
SESSION_ROWS = 4  # a two-day training needs two; spare rows for longer programmes
PEOPLE_ROWS = 6


class EventForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    place = forms.CharField(label=_("Place"), max_length=300, required=False, help_text=_("Address and room."))
    online_link = forms.URLField(
        label=_("Online link"), required=False, help_text=_("For an online or hybrid event, starting with https://.")
    )
    capacity = forms.IntegerField(
        label=_("Places"), min_value=1, required=False, help_text=_("Leave empty for no limit.")
    )
    audience = forms.ChoiceField(label=_("For whom"), choices=Audience.choices, initial=Audience.ANYONE)
    registration_closes = forms.DateField(label=_("Registration closes"), required=False, widget=DATE)

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        sessions = list(event.sessions.all()) if event is not None else []
        rows = max(SESSION_ROWS, len(sessions) + 1)
        if event is not None:
            initial: dict[str, object] = {
                name: getattr(event, name)
                for name in ("kind", "title", "description", "place", "online_link", "capacity", "audience")
            }
            initial["registration_closes"] = event.registration_closes
            for number, session in enumerate(sessions, start=1):
                starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
                initial[f"session_{number}_date"] = starts.date()
                initial[f"session_{number}_starts"] = starts.time()
                initial[f"session_{number}_ends"] = ends.time()
            kwargs.setdefault("initial", {}).update(initial)
        super().__init__(*args, **kwargs)
        self.session_rows = rows
        for number in range(1, rows + 1):
            values = {"number": number}
            self.fields[f"session_{number}_date"] = forms.DateField(
                label=_("Session %(number)s: date") % values, required=False, widget=DATE
            )
            self.fields[f"session_{number}_starts"] = forms.TimeField(
                label=_("Session %(number)s: starts at") % values, required=False, widget=TIME
            )
            self.fields[f"session_{number}_ends"] = forms.TimeField(
                label=_("Session %(number)s: ends at") % values, required=False, widget=TIME
            )
        # The mixin styled the fields declared on the class; the session rows are added after it.
        for name, field in self.fields.items():
            if name.startswith("session_"):
                field.widget.attrs.setdefault("class", "form-control")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sessions: list[tuple[datetime, datetime]] = []
        for number in range(1, self.session_rows + 1):
            day, starts, ends = (data.get(f"session_{number}_{part}") for part in ("date", "starts", "ends"))
            if day is None and starts is None and ends is None:
                continue
            if day is None or starts is None or ends is None:
                self.add_error(f"session_{number}_date", _("Give the session's date, start and end."))
                continue
            zone = timezone.get_current_timezone()
            sessions.append(
                (
                    timezone.make_aware(datetime.combine(day, starts), zone),
                    timezone.make_aware(datetime.combine(day, ends), zone),
                )
            )
        data["sessions"] = sessions
        return data

    def to_data(self) -> EventData:
        data = self.cleaned_data
        return EventData(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            place=data["place"],
            online_link=data["online_link"],
            capacity=data["capacity"],
            audience=data["audience"],
            registration_closes=data["registration_closes"],
            sessions=data["sessions"],
        )


class PeopleForm(StyledFormMixin, forms.Form):
    """A representative registers up to PEOPLE_ROWS people of their organisation at once."""

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, PEOPLE_ROWS + 1):
            values = {"number": number}
            self.fields[f"name_{number}"] = forms.CharField(
                label=_("Person %(number)s: name") % values, max_length=200, required=False
            )
            self.fields[f"email_{number}"] = forms.EmailField(
                label=_("Person %(number)s: e-mail address") % values, required=False
            )
            self.fields[f"language_{number}"] = forms.ChoiceField(
                label=_("Person %(number)s: language of the e-mails") % values,
                choices=settings.LANGUAGES,
                initial=language,
            )
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for number in range(1, PEOPLE_ROWS + 1):
            name, email = data.get(f"name_{number}"), data.get(f"email_{number}")
            if bool(name) != bool(email) and f"email_{number}" not in self.errors:
                self.add_error(
                    f"name_{number}" if not name else f"email_{number}", _("Give both the name and the e-mail address.")
                )
        if not self.errors and not self.people():
            raise forms.ValidationError(_("Add at least one person with their name and e-mail address."))
        return data

    def people(self) -> list[Person]:
        data = self.cleaned_data
        return [
            Person(data[f"name_{n}"], data[f"email_{n}"], data[f"language_{n}"])
            for n in range(1, PEOPLE_ROWS + 1)
            if data.get(f"name_{n}") and data.get(f"email_{n}")
        ]


class AttendanceForm(forms.Form):
    """One checkbox per confirmed registration, checked for those present."""

    present = forms.MultipleChoiceField(label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, registrations: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        field = self.fields["present"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(r.public_id), r.name) for r in registrations]

    def present_ids(self) -> list[int]:
        chosen = set(self.cleaned_data["present"])
        return [r.pk for r in self.registrations if str(r.public_id) in chosen]
