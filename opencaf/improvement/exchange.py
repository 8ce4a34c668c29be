"""Actions as a spreadsheet: export every action, and import a whole file of new or changed actions.

The import reads and checks every row first; nothing is written while any row has a problem, and
each problem names its row and column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from opencaf.core.exports import write_csv, write_xlsx
from opencaf.core.importing import Importer
from opencaf.core.tabular import RowProblem, cell_text, column_keys, header_index, read_table
from opencaf.frameworks.models import Subcriterion
from opencaf.improvement import services
from opencaf.improvement.models import Action, ActionStatus, ImprovementPlan
from opencaf.improvement.services import ActionData
from opencaf.lib.spreadsheet_cells import restore
from opencaf.organisations.models import Membership

if TYPE_CHECKING:
    from opencaf.accounts.models import User

COLUMNS = (
    "id",
    "title",
    "description",
    "expected_effect",
    "owner_email",
    "start_date",
    "due_date",
    "budget_eur",
    "person_days",
    "impact",
    "feasibility",
    "status",
    "progress",
    "subcriteria",
)
REQUIRED = ("title",)
# The export's headers, in the requester's language; the import accepts these in every language as
# well as the column keys above, so a file exported in any language imports back.
COLUMN_LABELS: dict[str, Promise] = {
    "id": pgettext_lazy("spreadsheet column", "Action ID"),
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "expected_effect": gettext_lazy("Expected effect"),
    "owner_email": gettext_lazy("Owner's e-mail address"),
    "start_date": gettext_lazy("Start"),
    "due_date": gettext_lazy("Due date"),
    "budget_eur": gettext_lazy("Budget (EUR)"),
    "person_days": gettext_lazy("Person-days"),
    "impact": gettext_lazy("Impact"),
    "feasibility": gettext_lazy("Feasibility"),
    "status": gettext_lazy("Status"),
    "progress": gettext_lazy("Progress (%)"),
    "subcriteria": gettext_lazy("Subcriteria"),
}
# Column widths in characters for the XLSX: the ids and the text columns wide, ratings narrow.
COLUMN_WIDTHS = (38, 40, 60, 40, 28, 12, 12, 12, 10, 10, 12, 10, 10, 16)


def export_rows(actions: list[Action]) -> list[list[Any]]:
    return [
        [
            str(action.public_id),
            action.title,
            action.description,
            action.expected_effect,
            action.owner.user.email if action.owner else "",
            action.start_date,
            action.due_date,
            action.budget_eur,
            action.person_days,
            action.impact,
            action.feasibility,
            action.status,
            action.progress,
            ", ".join(sub.code for sub in action.subcriteria.all()),
        ]
        for action in actions
    ]


def export_file(actions: list[Action], fmt: str) -> bytes:
    """The actions as CSV or XLSX, headed in the active language; `core.exports` quotes any text
    that could start a formula (the import takes the quote off again, see `parse_actions`)."""
    header = [str(COLUMN_LABELS[column]) for column in COLUMNS]
    rows = export_rows(actions)
    if fmt == "csv":
        return write_csv(header, rows)
    return write_xlsx(header, rows, "actions", COLUMN_WIDTHS)


def header_columns(header_row: Sequence[Any]) -> list[str]:
    """The header row in column keys, whichever language the file was exported in."""
    return column_keys(header_row, COLUMN_LABELS)


@dataclass(frozen=True)
class ImportedAction:
    existing: Action | None
    data: ActionData
    status: str
    progress: int


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def parse_actions(
    upload: IO[bytes], filename: str, plan: ImprovementPlan
) -> tuple[list[ImportedAction], list[RowProblem]]:
    rows = read_table(upload, filename)
    index = header_index(header_columns(rows[0]), COLUMNS, REQUIRED)
    existing = {str(action.public_id): action for action in plan.actions.all()}
    members = {
        m.user.email.lower(): m
        for m in Membership.objects.filter(organisation=plan.organisation).select_related("user")
    }
    codes = {sub.code: sub for sub in Subcriterion.objects.filter(framework_id=plan.assessment.framework_id)}
    problems: list[RowProblem] = []
    parsed: list[ImportedAction] = []
    for number, row in enumerate(rows[1:], start=2):
        raw = {
            column: row[index[column]] if column in index and index[column] < len(row) else None for column in COLUMNS
        }
        text = {column: restore(cell_text(row, index, column)) for column in COLUMNS}  # see export_file
        own: list[RowProblem] = []

        def problem(column: str, message: str, number: int = number, own: list[RowProblem] = own) -> None:
            own.append(RowProblem(number, column, message))

        action = None
        if text["id"]:
            action = existing.get(text["id"])
            if action is None:
                problem("id", _("No action of this plan has this id. Leave it empty to add a new action."))
        if not text["title"]:
            problem("title", _("This value is required."))
        elif len(text["title"]) > 200:
            problem("title", _("The title is longer than 200 characters."))
        owner = None
        if text["owner_email"]:
            owner = members.get(text["owner_email"].lower())
            if owner is None:
                problem("owner_email", _("Nobody with this e-mail address is a member of the organisation."))
        dates: dict[str, date | None] = {}
        for column in ("start_date", "due_date"):
            try:
                dates[column] = _date(raw[column]) if text[column] else None
            except ValueError:
                problem(column, _("Write the date as YYYY-MM-DD."))
                dates[column] = None
        if dates["start_date"] and dates["due_date"] and dates["due_date"] < dates["start_date"]:
            problem("due_date", _("The due date cannot be before the start."))
        amounts: dict[str, Decimal | None] = {}
        for column in ("budget_eur", "person_days"):
            try:
                amounts[column] = Decimal(text[column].replace(",", ".")) if text[column] else None
            except InvalidOperation:
                amounts[column] = None
                problem(column, _("Enter a number."))
            else:
                if amounts[column] is not None and amounts[column] < 0:  # type: ignore[operator]
                    problem(column, _("The number cannot be negative."))
        levels: dict[str, int] = {}
        for column in ("impact", "feasibility"):
            value = text[column] or "2"
            if value.split(".")[0] not in ("1", "2", "3"):
                problem(column, _("Rate it 1 (low), 2 (medium) or 3 (high)."))
            levels[column] = int(value.split(".")[0]) if value.split(".")[0] in ("1", "2", "3") else 2
        status = text["status"].lower() or (action.status if action else ActionStatus.PLAN)
        if status not in ActionStatus.values:
            problem("status", _("Use one of: %(values)s.") % {"values": ", ".join(ActionStatus.values)})
        try:
            progress = int(float(text["progress"])) if text["progress"] else (action.progress if action else 0)
            if not 0 <= progress <= 100:
                raise ValueError
        except ValueError:
            problem("progress", _("Enter a whole number from 0 to 100."))
            progress = 0
        if status == ActionStatus.DONE and progress != 100:
            problem("progress", _("Set the progress to 100 when the action is done."))
        chosen = [code.strip() for code in text["subcriteria"].replace(";", ",").split(",") if code.strip()]
        unknown = [code for code in chosen if code not in codes]
        if unknown:
            problem("subcriteria", _("Unknown subcriteria: %(codes)s.") % {"codes": ", ".join(unknown)})
        if own:
            problems.extend(own)
            continue
        parsed.append(
            ImportedAction(
                existing=action,
                data=ActionData(
                    title=text["title"],
                    description=text["description"],
                    expected_effect=text["expected_effect"],
                    owner=owner,
                    start_date=dates["start_date"],
                    due_date=dates["due_date"],
                    budget_eur=amounts["budget_eur"],
                    person_days=amounts["person_days"],
                    impact=levels["impact"],
                    feasibility=levels["feasibility"],
                    subcriteria=[codes[code] for code in chosen],
                ),
                status=status,
                progress=progress,
            )
        )
    return parsed, problems


def _preview_row(row: ImportedAction) -> list[object]:
    return [
        row.data.title,
        row.data.owner.user.display_name if row.data.owner else "",
        row.data.due_date,
        ActionStatus(row.status).label,
        f"{row.progress} %",
        ", ".join(sub.code for sub in row.data.subcriteria),
    ]


def action_importer(*, actor: User, plan: ImprovementPlan) -> Importer[ImportedAction]:
    """The planners' import of new and changed actions into a plan, for `core.importing.run_import`."""

    def apply(rows: list[ImportedAction]) -> str:
        added, changed = services.import_actions(actor=actor, plan=plan, rows=rows)
        return _("Imported: %(added)s and %(changed)s.") % {
            "added": ngettext("%(count)s new action", "%(count)s new actions", added) % {"count": added},
            "changed": ngettext("%(count)s changed action", "%(count)s changed actions", changed) % {"count": changed},
        }

    return Importer(
        kind="improvement.actions",
        parse=lambda upload, filename: parse_actions(upload, filename, plan),
        apply=apply,
        empty_message=_("The file has no actions below the header row."),
        preview_columns=[_("Title"), _("Owner"), _("Due date"), _("Status"), _("Progress"), _("Subcriteria")],
        preview_row=_preview_row,
        is_change=lambda row: row.existing is not None,
    )
