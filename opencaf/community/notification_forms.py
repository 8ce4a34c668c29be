"""The form behind the follow buttons: follow a thread or a category, or change how its notifications
arrive. The buttons sit on other pages (thread and category pages through
`community/notifications/_subscribe.html`, the subscriptions page), so the form carries the address to
return to (`next`, checked by the view); stopping needs nothing but that address."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from opencaf.community.models import NotificationMode
from opencaf.core.forms import StyledFormMixin


class FollowForm(StyledFormMixin, forms.Form):
    mode = forms.ChoiceField(
        label=_("Notifications"),
        choices=NotificationMode.choices,
        initial=NotificationMode.IMMEDIATE,
        error_messages={
            "required": _("Choose how the notifications should arrive."),
            "invalid_choice": _("Choose how the notifications should arrive."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
