"""Forms of the organiser's part of external feedback: the network's external feedback actors (adding
one, changing one), returning an application, assigning an actor, the visit, and an actor's declaration
of interests. The rules are the services' (services/organiser.py, services/actors.py); their errors
come back on the fields of the same names. Forms that change the case carry the `version` the person
read (optimistic locking)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin
from opencaf.feedback.models import ExternalActor, FeedbackCase
from opencaf.feedback.services.actors import FULL_NAME_MAX, NOTE_MAX, QUALIFICATION_MAX
from opencaf.feedback.services.organiser import AGENDA_MAX, PLACE_MAX, REASON_MAX

QUALIFICATION_HELP = _("Their training as an external feedback actor, e.g. “EFAC training, EIPA 2024”.")
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AddActorForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=FULL_NAME_MAX,
        required=False,
        help_text=_(
            "Needed when the person has no account yet: one is made and they receive a link to set a password."
        ),
    )
    qualification = forms.CharField(
        label=_("Qualification"), max_length=QUALIFICATION_MAX, required=False, help_text=QUALIFICATION_HELP
    )


class ActorEditForm(StyledFormMixin, forms.Form):
    qualification = forms.CharField(
        label=_("Qualification"), max_length=QUALIFICATION_MAX, required=False, help_text=QUALIFICATION_HELP
    )
    active = forms.BooleanField(
        label=_("Active: may be assigned to applications"),
        required=False,
        help_text=_(
            "A deactivated actor keeps their past assignments but cannot be assigned and no longer opens the cases."
        ),
    )


class ReturnForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reasons for returning the application"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What the organisation should add or change before it submits again. "
            "Its administrators and CAF leaders read them."
        ),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AssignForm(StyledFormMixin, forms.Form):
    """One of the network's active actors not yet on the case. A choice sent for an actor assigned in the
    meantime still reaches the service, which says why it refuses."""

    external_actor = forms.ChoiceField(label=_("External feedback actor"))
    lead = forms.BooleanField(
        label=_("Leads the case"),
        required=False,
        help_text=_("The lead actor finalises the feedback report. A case has at most one."),
    )

    def __init__(self, *args: Any, actors: list[ExternalActor], assigned: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actors = {str(actor.public_id): actor for actor in actors}
        field = self.fields["external_actor"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose an actor"))] + [(key, _label(actor)) for key, actor in self.actors.items()]
        # Offered: those not on the case yet. Accepted: any (the service says why it refuses one).
        field.widget.choices = [
            choice for choice in field.choices if not choice[0] or self.actors[str(choice[0])].pk not in assigned
        ]

    def clean_external_actor(self) -> ExternalActor:
        return self.actors[self.cleaned_data["external_actor"]]


def _label(actor: ExternalActor) -> str:
    name = actor.user.display_name
    return f"{name} ({actor.qualification})" if actor.qualification else name


class VisitForm(StyledFormMixin, forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=MOMENT)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=MOMENT)
    place = forms.CharField(
        label=_("Place"), max_length=PLACE_MAX, help_text=_("The address and room, or “online” with the link.")
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=AGENDA_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Who meets whom, when. Plain text: one line per item."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, case: FeedbackCase) -> dict[str, Any]:
        def local(value: Any) -> Any:
            return timezone.localtime(value) if value is not None else None

        return {
            "starts_at": local(case.visit_starts_at),
            "ends_at": local(case.visit_ends_at),
            "place": case.visit_place,
            "agenda": case.visit_agenda,
            "version": case.version,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts is not None and ends is not None and ends <= starts:
            self.add_error("ends_at", _("The visit must end after it starts."))
        return data


class NoConflictForm(StyledFormMixin, forms.Form):
    confirm = forms.BooleanField(label=_("I have no conflict of interest with this organisation"))


class ConflictForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What the conflict is"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Briefly, for the network's coordinators (e.g. “I worked there until last year”). "
            "The organisation does not read it."
        ),
    )
