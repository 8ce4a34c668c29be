"""The organisations of a campaign from a spreadsheet (CSV or XLSX): one row per organisation with
its head's name and e-mail address and the language of the invitation. The whole file is checked
first (every problem by row and column) and applied all or nothing through `core.importing`."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.coordination.models import Campaign
from opencaf.coordination.services import campaigns as services
from opencaf.coordination.services.campaigns import RecipientData
from opencaf.core.importing import Importer
from opencaf.core.tabular import RowProblem, cell_text, header_index, read_table

if TYPE_CHECKING:
    from opencaf.accounts.models import User

COLUMNS = ("organisation", "head", "email", "language")
REQUIRED = ("organisation", "head", "email")


def parse_recipients(
    upload: IO[bytes], filename: str, campaign: Campaign
) -> tuple[list[RecipientData], list[RowProblem]]:
    rows = read_table(upload, filename)
    index = header_index(rows[0], COLUMNS, REQUIRED)
    organisations = {org.name.strip().lower(): org for org in campaign.network.organisations.all()}
    invited = set(campaign.recipients.values_list("organisation_id", flat=True))
    languages = {code for code, _name in settings.LANGUAGES}
    seen: dict[int, int] = {}  # organisation -> the row it first appeared in
    problems: list[RowProblem] = []
    result: list[RecipientData] = []
    for number, cells in enumerate(rows[1:], start=2):
        row_problems: list[RowProblem] = []

        def text(column: str, cells: list[Any] = cells) -> str:
            return cell_text(cells, index, column)

        def problem(column: str, message: str, number: int = number, found: list[RowProblem] = row_problems) -> None:
            found.append(RowProblem(number, column, message))

        for column in REQUIRED:
            if not text(column):
                problem(column, _("This value is required."))
        organisation = organisations.get(text("organisation").lower()) if text("organisation") else None
        if text("organisation") and organisation is None:
            problem("organisation", _("No organisation of the network has this name."))
        elif organisation is not None:
            first = seen.setdefault(organisation.pk, number)
            if organisation.pk in invited:
                problem("organisation", _("This organisation is already invited by the campaign."))
            elif first != number:
                problem(
                    "organisation",
                    _("Row %(row)s already lists this organisation; keep one of the two rows.") % {"row": first},
                )
        if len(text("head")) > 200:
            problem("head", _("The name is longer than 200 characters."))
        if text("email"):
            try:
                validate_email(text("email"))
            except ValidationError:
                problem("email", _("This is not a valid e-mail address."))
        language = text("language").lower() or (organisation.default_language if organisation else "")
        if text("language") and language not in languages:
            problem(
                "language", _("Unknown language. Use one of: %(values)s.") % {"values": ", ".join(sorted(languages))}
            )
        problems.extend(row_problems)
        if not row_problems and organisation is not None:
            result.append(RecipientData(organisation, text("head"), text("email"), language))
    return result, problems


def recipient_importer(*, actor: User, campaign: Campaign) -> Importer[RecipientData]:
    """The coordinator's import of a campaign's organisations, for `core.importing.run_import`."""

    def apply(rows: list[RecipientData]) -> str:
        added = services.add_recipients(actor=actor, campaign=campaign, rows=rows)
        return ngettext("%(count)s organisation added.", "%(count)s organisations added.", len(added)) % {
            "count": len(added)
        }

    languages = dict(settings.LANGUAGES)
    return Importer(
        kind="coordination.campaign_recipients",
        parse=lambda upload, filename: parse_recipients(upload, filename, campaign),
        apply=apply,
        empty_message=_("The file has no organisations below the header row."),
        preview_columns=[_("Organisation"), _("Head's name"), _("Head's e-mail address"), _("Language")],
        preview_row=lambda row: [
            row.organisation.name,
            row.head_name,
            row.head_email,
            languages.get(row.language, row.language),
        ],
    )
