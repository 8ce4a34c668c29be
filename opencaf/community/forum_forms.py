"""Forms of the forum: a category (a name and a description per language), a new thread, a reply (with
the quoted post), an edit of a post, and a thread for an event. The rules are the services'
(`services.forum`, `services.forum_categories`); their errors come back on the fields concerned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.dateparse import parse_datetime
from django.utils.html import escape, format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from opencaf.community.models import ForumCategory, PostAttachment
from opencaf.community.services.forum import MAX_ATTACHMENTS, TITLE_MAX, check_attachments
from opencaf.community.services.forum_categories import CATEGORY_DESCRIPTION_MAX, CATEGORY_NAME_MAX, CategoryData
from opencaf.coordination.models import Event
from opencaf.core.forms import StyledFormMixin
from opencaf.evidence.rules import ALLOWED_EXTENSIONS, MAX_BYTES

MARKDOWN_HELP = _(
    "Markdown: **bold**, *italic*, lists, > quotes, [link text](https://…), tables and `code`. "
    "Mention someone with @[Full Name]."
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleaned to a list (empty when none is chosen)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        given = data if isinstance(data, (list, tuple)) else [data]
        single = super().clean
        return [single(each, initial) for each in given if each]


def _attachments_field() -> MultipleFileField:
    return MultipleFileField(label=_("Attach files"))  # its help is set per form, in the reader's language


def attachments_help() -> str:
    return ngettext(
        "At most %(count)s file of up to %(size)s MB: %(types)s.",
        "At most %(count)s files of up to %(size)s MB each: %(types)s.",
        MAX_ATTACHMENTS,
    ) % {"count": MAX_ATTACHMENTS, "size": MAX_BYTES // 2**20, "types": ", ".join(ALLOWED_EXTENSIONS)}


def _body_field(required: bool = True) -> forms.CharField:
    # No maxlength: a browser would cut a pasted text silently; the service says how much is too much.
    return forms.CharField(
        label=_("Text"),
        required=required,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class PostFormMixin:
    cleaned_data: dict[str, Any]
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachments_help()
        # core/_form_fields.html prints help as HTML: the Markdown examples must arrive escaped.
        self.fields["body"].help_text = escape(MARKDOWN_HELP)

    # Files already attached to the post (an edit adds to them), for the limit on their number.
    attached_before = 0

    def clean_attachments(self) -> list[UploadedFile]:
        """The service's checks of the files, here too: their errors show with the form's own."""
        uploads: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        try:
            check_attachments(uploads, self.attached_before)
        except ValidationError as error:
            raise ValidationError(error.message_dict["attachments"]) from None
        return uploads

    def uploads(self) -> Sequence[UploadedFile]:
        return self.cleaned_data.get("attachments") or []


@dataclass(frozen=True)
class LanguageFields:
    """The fields of one language, shown together in a fieldset."""

    code: str
    name: str  # in the reader's interface language: "Slovenian"
    self_name: str  # in the language itself: "Slovenščina"
    fields: list[forms.BoundField]


class CategoryForm(StyledFormMixin, forms.Form):
    def __init__(self, *args: Any, category: ForumCategory | None = None, **kwargs: Any) -> None:
        initial: dict[str, Any] = kwargs.setdefault("initial", {})
        if category is not None:
            for code, name in category.names.items():
                initial.setdefault(f"name_{code}", name)
            for code, description in category.descriptions.items():
                initial.setdefault(f"description_{code}", description)
        super().__init__(*args, **kwargs)
        self.languages: list[LanguageFields] = []
        for code, language in settings.LANGUAGES:
            values = {"language": language}
            self.fields[f"name_{code}"] = forms.CharField(
                label=gettext("Name (%(language)s)") % values, max_length=CATEGORY_NAME_MAX, required=False
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=gettext("Short description (%(language)s)") % values,
                max_length=CATEGORY_DESCRIPTION_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            for part in ("name", "description"):
                self.fields[f"{part}_{code}"].widget.attrs.update({"class": "form-control", "lang": code})
            self.languages.append(
                LanguageFields(
                    code=code,
                    name=str(language),
                    self_name=settings.LANGUAGE_SELF_NAMES.get(code, code),
                    fields=[self[f"name_{code}"], self[f"description_{code}"]],
                )
            )

    def to_data(self) -> CategoryData:
        data = self.cleaned_data
        codes = [code for code, _language in settings.LANGUAGES]
        return CategoryData(
            names={code: data.get(f"name_{code}", "") for code in codes},
            descriptions={code: data.get(f"description_{code}", "") for code in codes},
        )


class ThreadForm(PostFormMixin, StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = _body_field()
    attachments = _attachments_field()


class ReplyForm(PostFormMixin, StyledFormMixin, forms.Form):
    body = _body_field()
    attachments = _attachments_field()
    # The quoted post, when the reply was started from its "Quote" button.
    quote = forms.UUIDField(required=False, widget=forms.HiddenInput)


class EditPostForm(PostFormMixin, StyledFormMixin, forms.Form):
    """The post's text, a "Remove" checkbox for each of its files (labelled with the file's name), and
    new files: the limit on their number counts the files kept."""

    body = _body_field()
    attachments = _attachments_field()
    # When the post was last saved, as the author opened the form: a save over a newer change is refused.
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, current: Sequence[PostAttachment] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = list(current)
        self.attached_before = len(self.current)
        if self.current:
            self.fields["remove"] = forms.MultipleChoiceField(
                label=_("Remove attached files"),
                required=False,
                # Added after StyledFormMixin styled the declared fields: its Bootstrap class given here.
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                choices=[(str(attachment.public_id), _file_label(attachment)) for attachment in self.current],
                help_text=escape(gettext("Tick the files to remove: they are removed when you save.")),
            )
            self.order_fields(["body", "remove", "attachments"])

    def clean_remove(self) -> list[str]:
        """The files to remove; the files kept count towards the limit on new ones (cleaned next)."""
        chosen: list[str] = self.cleaned_data.get("remove") or []
        self.attached_before = len(self.current) - len(chosen)
        return chosen

    def removals(self) -> list[str]:
        """The public ids of the attachments to remove."""
        return self.cleaned_data.get("remove") or []

    def expected_version(self) -> datetime | None:
        return parse_datetime(self.cleaned_data.get("version") or "")


def _file_label(attachment: PostAttachment) -> str:
    """A file's checkbox label: its name (long names wrap at any character, not off a narrow screen) and size."""
    return format_html(
        '<span class="text-break">{}</span> <span class="small text-body-secondary">({})</span>',
        attachment.name,
        filesizeformat(attachment.size),
    )


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.get_kind_display()})"


class EventThreadForm(StyledFormMixin, forms.Form):
    event = EventChoiceField(label=_("Event"), queryset=Event.objects.none(), to_field_name="public_id")
    category = forms.TypedChoiceField(label=_("Category"), coerce=UUID)
    body = forms.CharField(
        label=_("First post"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, events: QuerySet[Event], categories: list[tuple[UUID, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event = self.fields["event"]
        category = self.fields["category"]
        assert isinstance(event, forms.ModelChoiceField) and isinstance(category, forms.ChoiceField)
        event.queryset = events
        introduction = gettext("Leave it empty for a short introduction with the event's description.")
        self.fields["body"].help_text = escape(f"{introduction} {MARKDOWN_HELP}")
        category.choices = [(str(public_id), name) for public_id, name in categories]
