"""The list of addresses to invite, as a CSV or XLSX file: checked whole first (core.importing)."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.core.importing import Importer
from opencaf.core.tabular import RowProblem, cell_text, header_index, read_table
from opencaf.surveys import services
from opencaf.surveys.models import Survey
from opencaf.surveys.services import Recipient

if TYPE_CHECKING:
    from opencaf.accounts.models import User

COLUMNS = ("email", "language")
REQUIRED = ("email",)


def parse_recipients(upload: IO[bytes], filename: str, survey: Survey) -> tuple[list[Recipient], list[RowProblem]]:
    rows = read_table(upload, filename)
    index = header_index(rows[0], COLUMNS, REQUIRED)
    problems: list[RowProblem] = []
    recipients: list[Recipient] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        email = cell_text(row, index, "email").lower()
        language = cell_text(row, index, "language").lower() if "language" in index else ""
        try:
            validate_email(email)
        except ValidationError:
            problems.append(RowProblem(number, "email", _("This is not a valid e-mail address.")))
            continue
        if language and language not in survey.languages:
            problems.append(
                RowProblem(
                    number,
                    "language",
                    _("The survey is not offered in this language. Use one of: %(codes)s.")
                    % {"codes": ", ".join(survey.languages)},
                )
            )
            continue
        if email in seen:
            problems.append(RowProblem(number, "email", _("This address is already in the file.")))
            continue
        seen.add(email)
        recipients.append(Recipient(email=email, language=language or survey.languages[0]))
    return recipients, problems


def recipient_importer(*, actor: User, survey: Survey) -> Importer[Recipient]:
    def apply(rows: list[Recipient]) -> str:
        added = services.invite(actor=actor, survey=survey, recipients=rows)
        return ngettext(
            "%(count)d person invited (addresses invited before are skipped).",
            "%(count)d people invited (addresses invited before are skipped).",
            added,
        ) % {"count": added}

    return Importer(
        kind="surveys.invitations",
        parse=lambda upload, filename: parse_recipients(upload, filename, survey),
        apply=apply,
        empty_message=_("The file has no addresses below the header row."),
        preview_columns=[_("E-mail address"), _("Language")],
        preview_row=lambda row: [row.email, row.language],
    )
