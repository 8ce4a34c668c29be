"""Reading an organisation list (CSV or XLSX) and checking every row before anything is created.

The whole file is validated first; errors are reported by row and column, and nothing is imported
unless the file is clean.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from opencaf.core.importing import Importer
from opencaf.core.tabular import RowProblem, cell_text, header_index, read_table
from opencaf.organisations import services
from opencaf.organisations.choices import Country, OrganisationType, SizeBand
from opencaf.organisations.forms import same_region
from opencaf.organisations.models import Network
from opencaf.organisations.services import OrganisationData

if TYPE_CHECKING:
    from opencaf.accounts.models import User

COLUMNS = ("name", "short_name", "type", "region", "country", "size", "language", "parent")
REQUIRED = ("name", "type", "country", "size", "language")
REGION_MAX_LENGTH = 100  # Organisation.region


def _choice(value: str, choices: Any) -> str | None:
    """Accept a code or its label in the current or English language, case-insensitively."""
    wanted = value.strip().lower()
    for code, label in choices.choices:
        if wanted in (str(code).lower(), str(label).lower()):
            return str(code)
    return None


def parse_organisations(
    upload: IO[bytes], filename: str, network: Network
) -> tuple[list[OrganisationData], list[RowProblem]]:
    rows = read_table(upload, filename)
    index = header_index(rows[0], COLUMNS, REQUIRED)
    existing = {name.lower() for name in network.organisations.values_list("name", flat=True)}
    existing_orgs = {org.name.lower(): org for org in network.organisations.all()}
    # Regions written as the network already writes them (or as the file first does).
    regions = sorted({org.region for org in existing_orgs.values() if org.region}, key=str.casefold)
    languages = {code for code, _name in settings.LANGUAGES}
    seen: set[str] = set()
    errors: list[RowProblem] = []
    result: list[OrganisationData] = []
    for row_number, row in enumerate(rows[1:], start=2):

        def cell(column: str, row: list[Any] = row) -> str:
            return cell_text(row, index, column)

        row_errors: list[RowProblem] = []

        def problem(
            column: str, message: str, row_number: int = row_number, row_errors: list[RowProblem] = row_errors
        ) -> None:
            row_errors.append(RowProblem(row_number, column, message))

        for column in REQUIRED:
            if not cell(column):
                problem(column, _("This value is required."))
        name = cell("name")
        if len(name) > 200:
            problem("name", _("The name is longer than 200 characters."))
        if name and (name.lower() in existing):
            problem("name", _("An organisation with this name is already in the network."))
        elif name and name.lower() in seen:
            problem("name", _("This name appears more than once in the file."))
        org_type = _choice(cell("type"), OrganisationType) if cell("type") else None
        if cell("type") and org_type is None:
            problem(
                "type",
                _("Unknown organisation type. Use one of: %(values)s.")
                % {"values": ", ".join(OrganisationType.values)},
            )
        country = _choice(cell("country"), Country) if cell("country") else None
        if cell("country") and country is None:
            problem("country", _("Unknown country. Use a two-letter code such as SI or BG."))
        size = _choice(cell("size"), SizeBand) if cell("size") else None
        if cell("size") and size is None:
            problem("size", _("Unknown size. Use one of: %(values)s.") % {"values": ", ".join(SizeBand.values)})
        language = cell("language").lower()
        if language and language not in languages:
            problem(
                "language", _("Unknown language. Use one of: %(values)s.") % {"values": ", ".join(sorted(languages))}
            )
        parent_name = cell("parent")
        if parent_name and parent_name.lower() not in existing and parent_name.lower() not in seen:
            problem("parent", _("The parent organisation must be listed above this row or already be in the network."))
        if len(cell("short_name")) > 60:
            problem("short_name", _("The short name is longer than 60 characters."))
        region = same_region(cell("region"), regions) if cell("region") else ""
        if len(region) > REGION_MAX_LENGTH:
            problem("region", _("The region is longer than 100 characters."))
        elif region and region not in regions:
            regions.append(region)
        if name:
            seen.add(name.lower())
        if row_errors:
            errors.extend(row_errors)
            continue
        in_network = existing_orgs.get(parent_name.lower()) if parent_name else None
        result.append(
            OrganisationData(
                name=name,
                short_name=cell("short_name"),
                org_type=str(org_type),
                region=region,
                country=str(country),
                size_band=str(size),
                default_language=language,
                parent=in_network,
                parent_name="" if in_network or not parent_name else parent_name,
            )
        )
    return result, errors


def _preview_row(row: OrganisationData) -> list[object]:
    parent = row.parent.name if row.parent else row.parent_name
    language = dict(settings.LANGUAGES).get(row.default_language, row.default_language)
    return [
        row.name,
        row.short_name,
        OrganisationType(row.org_type).label,
        row.region,
        Country(row.country).label,
        SizeBand(row.size_band).label,
        language,
        parent,
    ]


def organisation_importer(*, actor: User, network: Network) -> Importer[OrganisationData]:
    """The coordinator's import of organisations into a network, for `core.importing.run_import`."""

    def apply(rows: list[OrganisationData]) -> str:
        created = services.import_organisations(actor=actor, network=network, rows=rows)
        return ngettext("%(count)s organisation imported.", "%(count)s organisations imported.", len(created)) % {
            "count": len(created)
        }

    return Importer(
        kind="organisations.network",
        parse=lambda upload, filename: parse_organisations(upload, filename, network),
        apply=apply,
        empty_message=_("The file has no organisations below the header row."),
        preview_columns=[
            pgettext("organisation", "Name"),
            _("Short name"),
            _("Type"),
            _("Region"),
            _("Country"),
            _("Size"),
            _("Language"),
            _("Parent"),
        ],
        preview_row=_preview_row,
    )
