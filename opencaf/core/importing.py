"""One import flow for every spreadsheet import: upload → check the whole file → confirm → apply.

An import changes many rows at once, so it is an irreversible step that asks first (DESIGN §5):
a clean file is not applied on upload but shown as a preview with "Import N rows" and "Cancel".
The checked file waits on the server as a `PendingImport`, never in a hidden field, so what is
applied is the file that was checked; it is checked again on confirmation, because the data may
have changed in the meantime (an organisation of the same name added, an action deleted).

An app describes its import as an `Importer` (how to read the rows, how to show them, how to apply
them with its audited service) and its view calls `run_import`; the pages, the error summary, the
expiry and the safety rules live here once. Templates extend `core/import.html`.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from opencaf.core import services
from opencaf.core.forms import StyledFormMixin
from opencaf.core.models import PendingImport
from opencaf.core.services import PENDING_LIFETIME
from opencaf.core.tabular import RowProblem, TableFileError, TableLimits

PREVIEW_ROWS = 20
# A file wrong in every row would list thousands of problems; the first ones show what to correct.
PROBLEMS_SHOWN = 200


def _adds_only(row: object) -> bool:
    return False


@dataclass(frozen=True)
class Importer[RowT]:
    """What an app tells the flow about one import. Built per request, so the callables can close
    over the target (a network, a plan) and the acting user."""

    kind: str  # names the import, e.g. "organisations.network"; a pending file is confirmed only by its own kind
    parse: Callable[[IO[bytes], str], tuple[list[RowT], list[RowProblem]]]  # may raise TableFileError
    apply: Callable[[list[RowT]], str]  # the audited, atomic service; returns the success message
    empty_message: str  # shown when the file has a header and no rows
    preview_columns: Sequence[str]
    preview_row: Callable[[RowT], Sequence[object]]
    is_change: Callable[[RowT], bool] = field(default=_adds_only)  # True when the row changes existing data
    # Larger files than the settings allow, for an import that needs them; `parse` must pass the
    # same limits to `read_table`.
    limits: TableLimits | None = None

    @property
    def max_bytes(self) -> int:
        return (self.limits or TableLimits.default()).max_bytes


class ImportFileForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}))

    def __init__(self, *args: Any, max_bytes: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A CSV (UTF-8) or Excel (.xlsx) file, at most %(size)s MB.") % {
            "size": (max_bytes or settings.IMPORT_MAX_BYTES) // 2**20
        }

    def reject(self, message: str) -> None:
        """Show a problem with the file as a whole beside the file field; works on an unbound form
        too (a confirmation that came too late, a file that changed meaning since it was checked)."""
        if not hasattr(self, "cleaned_data"):
            self.cleaned_data = {}
        self.add_error("file", message)


# --- checking a file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked[RowT]:
    """The outcome of checking a whole file: rows to apply, or what is wrong with it."""

    rows: list[RowT]
    problems: list[RowProblem]
    file_error: str = ""  # the file as a whole cannot be used (format, size, header, no rows)

    @property
    def clean(self) -> bool:
        return not self.problems and not self.file_error


def check_file[RowT](importer: Importer[RowT], content: bytes, filename: str) -> Checked[RowT]:
    try:
        rows, problems = importer.parse(io.BytesIO(content), filename)
    except TableFileError as error:
        return Checked([], [], str(error))
    if not rows and not problems:
        return Checked([], [], importer.empty_message)
    return Checked(rows, problems)


# --- the pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """What the confirmation page shows: counts and the first rows, as the app presents them."""

    pending_id: uuid.UUID
    filename: str
    total: int
    changed: int
    columns: Sequence[str]
    rows: list[tuple[bool, Sequence[object]]]  # (changes existing data, cells), the first PREVIEW_ROWS

    @property
    def added(self) -> int:
        return self.total - self.changed


def build_preview[RowT](importer: Importer[RowT], pending: PendingImport, rows: list[RowT]) -> Preview:
    return Preview(
        pending_id=pending.public_id,
        filename=pending.filename,
        total=len(rows),
        changed=sum(1 for row in rows if importer.is_change(row)),
        columns=importer.preview_columns,
        rows=[(importer.is_change(row), importer.preview_row(row)) for row in rows[:PREVIEW_ROWS]],
    )


@dataclass(frozen=True)
class _Flow[RowT]:
    request: HttpRequest
    importer: Importer[RowT]
    template: str
    context: Mapping[str, Any]
    scope_key: str
    success_url: str

    def form(self, *args: Any) -> ImportFileForm:
        return ImportFileForm(*args, max_bytes=self.importer.max_bytes)

    @property
    def actor(self) -> AbstractBaseUser:
        """The uploader; the app's view requires a signed-in person, so this only guards a mistake."""
        if not isinstance(self.request.user, AbstractBaseUser):
            raise PermissionDenied
        return self.request.user

    def render(
        self,
        form: ImportFileForm,
        *,
        problems: Sequence[RowProblem] = (),
        preview: Preview | None = None,
        rechecked: bool = False,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            **self.context,
            "form": form,
            "problems": problems[:PROBLEMS_SHOWN],
            "problem_count": len(problems),
            "preview": preview,
            "rechecked": rechecked,
            "lifetime_minutes": int(PENDING_LIFETIME.total_seconds() // 60),
        }
        return render(self.request, self.template, context, status=status)

    def show_problems(self, form: ImportFileForm, checked: Checked[RowT], *, rechecked: bool = False) -> HttpResponse:
        """The upload page with everything wrong with the file: 422 for rows with problems (the
        whole table at once), 200 with a field error for a file that cannot be read at all."""
        if checked.file_error:
            form.reject(checked.file_error)
        status = 422 if checked.problems else 200
        return self.render(form, problems=checked.problems, rechecked=rechecked, status=status)

    def upload(self) -> HttpResponse:
        """Step 1: check the whole file; if it is clean, keep it and show the preview (step 2)."""
        form = self.form(self.request.POST or None, self.request.FILES or None)
        if self.request.method != "POST" or not form.is_valid():
            return self.render(form)
        upload = form.cleaned_data["file"]
        content = upload.read(self.importer.max_bytes + 1)  # read_table refuses anything longer
        checked = check_file(self.importer, content, upload.name)
        if not checked.clean:
            return self.show_problems(form, checked)
        pending = services.keep_pending_import(
            actor=self.actor,
            kind=self.importer.kind,
            scope_key=self.scope_key,
            filename=upload.name,
            content=content,
        )
        return self.render(form, preview=build_preview(self.importer, pending, checked.rows))

    def decide(self) -> HttpResponse:
        """Step 3: apply the kept file, checked again, or cancel it. Runs in one transaction with the
        pending file locked, so a double click or a second tab cannot import it twice."""
        with transaction.atomic():
            pending = services.claim_pending_import(
                actor=self.actor,
                kind=self.importer.kind,
                scope_key=self.scope_key,
                public_id=self.request.POST.get("pending"),
            )
            if pending is None:
                return self.gone()
            if self.request.POST.get("decision") == "cancel":
                services.discard_pending_import(pending)
                messages.info(self.request, _("The import was cancelled. Nothing was imported."))
                return redirect(self.request.path)
            checked = check_file(self.importer, bytes(pending.content), pending.filename)
            services.discard_pending_import(pending)
            if not checked.clean:
                return self.show_problems(self.form(), checked, rechecked=True)
            try:
                message = self.importer.apply(checked.rows)
            except ValidationError as error:  # the service's own re-check found a conflict
                form = self.form()
                for text in error.messages:
                    form.reject(text)
                return self.render(form, rechecked=True, status=422)
        messages.success(self.request, message)
        return redirect(self.success_url)

    def gone(self) -> HttpResponse:
        """A confirmation for a file that is not (or no longer) this person's to confirm: a clear
        message on the upload page, as a 404, whether it expired, was used or belongs to someone else."""
        minutes = int(PENDING_LIFETIME.total_seconds() // 60)
        form = self.form()
        form.reject(
            ngettext(
                "This file is no longer waiting to be imported: it was imported or cancelled already, or "
                "it was not confirmed within %(minutes)s minute. Choose the file again.",
                "This file is no longer waiting to be imported: it was imported or cancelled already, or "
                "it was not confirmed within %(minutes)s minutes. Choose the file again.",
                minutes,
            )
            % {"minutes": minutes}
        )
        return self.render(form, status=404)


def run_import[RowT](
    request: HttpRequest,
    importer: Importer[RowT],
    *,
    template: str,
    context: Mapping[str, Any],
    scope_key: str,
    success_url: str,
) -> HttpResponse:
    """The whole import behind one URL, for a view that has already checked access to the target.

    GET shows the upload form; a POST with a file checks it and shows the problems or the preview;
    a POST naming a pending file (`pending`, `decision=confirm|cancel`) applies or drops it.
    `scope_key` names the target (a network's or plan's public id) so a file checked for one target
    is never applied to another.
    """
    flow = _Flow(request, importer, template, context, scope_key, success_url)
    if request.method == "POST" and "pending" in request.POST:
        return flow.decide()
    return flow.upload()
