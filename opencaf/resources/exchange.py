"""Planned and actual money and time as a spreadsheet: one row per action or process and quarter,
headed in the reader's language; the import reads the same layout back (headings in any of the
site's languages), so actuals come in from the finance system's export once its columns are named.

The import checks the whole file first and names every problem by row and column; nothing is written
while any row is wrong (`core.importing`). A row names its action or process by the ID the export
writes, or by its exact title or name when only one has it. Empty cells leave a figure as it is, so
a file of actuals alone keeps the plans. Numbers are read as people type them ("1.234,50", "1 234.5");
a formula is refused before any row is read (`core.tabular`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from opencaf.core.exports import write_csv, write_xlsx
from opencaf.core.importing import Importer
from opencaf.core.tabular import RowProblem, TableFileError, cell_text, column_keys, header_index, read_table
from opencaf.improvement.models import Action
from opencaf.indicators.models import Process
from opencaf.indicators.value_import import NotANumber, read_number
from opencaf.lib.spreadsheet_cells import restore
from opencaf.organisations.models import Organisation
from opencaf.resources import services
from opencaf.resources.models import FIGURES, ResourceLine
from opencaf.resources.permissions import can_change_action, can_change_process
from opencaf.resources.selectors import lines_seen
from opencaf.resources.services import Figures, ImportedLine, check_amount, check_quarter

if TYPE_CHECKING:
    from opencaf.accounts.models import User

COLUMNS: dict[str, Promise] = {
    "id": pgettext_lazy("spreadsheet column", "ID"),
    "kind": gettext_lazy("Kind"),
    "name": gettext_lazy("Improvement action or process"),
    "quarter": gettext_lazy("Quarter"),
    "planned_eur": gettext_lazy("Planned (EUR)"),
    "actual_eur": gettext_lazy("Actual (EUR)"),
    "planned_days": gettext_lazy("Planned person-days"),
    "actual_days": gettext_lazy("Actual person-days"),
}
COLUMN_WIDTHS = (38, 20, 50, 10, 14, 14, 14, 14)
KIND_NAMES = {"action": gettext_lazy("Improvement action"), "process": pgettext_lazy("organisation process", "Process")}

Target = Action | Process


# --- export -----------------------------------------------------------------------------------------


def export_rows(user: Any, organisation: Organisation) -> list[list[Any]]:
    """Every quarter the person may see, actions first, then processes, each by name (three queries)."""
    lines = list(lines_seen(user, organisation).values_list("action_id", "process_id", "quarter", *FIGURES))
    actions = {
        pk: (public_id, title)
        for pk, public_id, title in Action.objects.filter(pk__in={row[0] for row in lines if row[0]}).values_list(
            "pk", "public_id", "title"
        )
    }
    processes = {
        pk: (public_id, name)
        for pk, public_id, name in Process.objects.filter(pk__in={row[1] for row in lines if row[1]}).values_list(
            "pk", "public_id", "name"
        )
    }
    rows = []
    for action_id, process_id, quarter, *values in lines:
        (public_id, name), kind = (actions[action_id], "action") if action_id else (processes[process_id], "process")
        rows.append([str(public_id), str(KIND_NAMES[kind]), name, quarter, *values])
    rows.sort(key=lambda row: (row[1] != str(KIND_NAMES["action"]), str(row[2]).casefold(), row[3]))
    return rows


def export_file(user: Any, organisation: Organisation, fmt: str) -> bytes:
    """CSV or XLSX; `core.exports` writes any text that could start a formula as text."""
    header = [str(label) for label in COLUMNS.values()]
    rows = export_rows(user, organisation)
    if fmt == "csv":
        return write_csv(header, rows)
    return write_xlsx(header, rows, "resources", COLUMN_WIDTHS)


# --- import -----------------------------------------------------------------------------------------


def _problem(problems: list[RowProblem], number: int, column: str, message: str) -> None:
    """A problem named by the column's heading in the reader's language, as in the download."""
    problems.append(RowProblem(number, str(COLUMNS[column]), message))


@dataclass
class _Checker:
    """Checks the rows of one file against the organisation's actions and processes."""

    actor: User
    organisation: Organisation
    index: dict[str, int]

    def __post_init__(self) -> None:
        actions = Action.objects.filter(plan__organisation=self.organisation).select_related("plan")
        processes = Process.objects.filter(organisation=self.organisation)
        self.targets: dict[str, Target] = {}
        self.names: dict[str, list[Target]] = defaultdict(list)
        for action in actions:
            action.plan.organisation = self.organisation  # one instance: its roles are looked up once
        for process in processes:
            process.organisation = self.organisation
        found: list[Target] = [*actions, *processes]
        for target in found:
            self.targets[str(target.public_id)] = target
            self.names[str(target).strip().casefold()].append(target)
        self.kept = {
            (action_id or process_id, action_id is not None, quarter)
            for action_id, process_id, quarter in ResourceLine.objects.filter(
                organisation=self.organisation
            ).values_list("action_id", "process_id", "quarter")
        }
        self.seen: dict[tuple[int, bool, str], int] = {}  # (target, is an action, quarter) -> its first row

    def check(self, number: int, cells: list[Any], problems: list[RowProblem]) -> ImportedLine | None:
        own: list[RowProblem] = []
        target = self._target(number, cells, own)
        quarter = self._quarter(number, cells, own)
        figures = {name: self._number(number, cells, name, own) for name in FIGURES if name in self.index}
        if target is None or quarter is None:
            problems.extend(own)
            return None
        key = (target.pk, isinstance(target, Action), quarter)
        first = self.seen.setdefault(key, number)
        if first != number:
            message = _("Row %(row)s already has this action or process and quarter; keep one of the two rows.")
            _problem(own, number, "quarter", message % {"row": first})
        problems.extend(own)
        if own or all(value is None for value in figures.values()):
            return None  # a row with nothing to set changes nothing
        return ImportedLine(target, quarter, Figures(**figures), existing=key in self.kept)

    def _target(self, number: int, cells: list[Any], own: list[RowProblem]) -> Target | None:
        key = cell_text(cells, self.index, "id")
        name = restore(cell_text(cells, self.index, "name"))
        if key:
            target = self.targets.get(key.lower())
            if target is None:
                _problem(own, number, "id", _("No improvement action or process of this organisation has this ID."))
                return None
        elif name:
            found = self.names.get(name.casefold(), [])
            if len(found) != 1:
                message = (
                    _("No improvement action or process of this organisation is called this.")
                    if not found
                    else _("Several improvement actions or processes are called this: give the ID from the export.")
                )
                _problem(own, number, "name", message)
                return None
            target = found[0]
        else:
            _problem(own, number, "id", _("Give the ID of the improvement action or process, or its exact name."))
            return None
        column = "id" if key else "name"
        if isinstance(target, Action) and not can_change_action(self.actor, target):
            _problem(own, number, column, _("Only the plan's managers keep the figures of its improvement actions."))
            return None
        if isinstance(target, Process) and not can_change_process(self.actor, target):
            message = (
                _("This process is archived; restore it before changing its figures.")
                if target.archived
                else _("Only those who keep the indicators keep the figures of processes.")
            )
            _problem(own, number, column, message)
            return None
        return target

    def _quarter(self, number: int, cells: list[Any], own: list[RowProblem]) -> str | None:
        text = cell_text(cells, self.index, "quarter")
        if not text:
            _problem(own, number, "quarter", _("This value is required."))
            return None
        try:
            return check_quarter(text)
        except ValidationError as error:
            _problem(own, number, "quarter", error.messages[0])
            return None

    def _number(self, number: int, cells: list[Any], column: str, own: list[RowProblem]) -> Decimal | None:
        position = self.index[column]
        try:
            value = read_number(cells[position] if position < len(cells) else None)
        except NotANumber:
            _problem(own, number, column, _("Enter a number, such as 1250.50."))
            return None
        if value is None:
            return None
        try:
            return check_amount(value, days=column.endswith("_days"))
        except ValidationError as error:
            _problem(own, number, column, error.messages[0])
            return None


def parse_lines(
    upload: IO[bytes], filename: str, *, actor: User, organisation: Organisation
) -> tuple[list[ImportedLine], list[RowProblem]]:
    rows = read_table(upload, filename)
    index = header_index(column_keys(rows[0], COLUMNS), list(COLUMNS), ("quarter",))
    if "id" not in index and "name" not in index:
        raise TableFileError(
            _("The first row must name the column of IDs (%(id)s) or of names (%(name)s).")
            % {"id": COLUMNS["id"], "name": COLUMNS["name"]}
        )
    if not set(FIGURES) & set(index):
        raise TableFileError(
            _("The first row must name at least one column of figures: %(columns)s.")
            % {"columns": ", ".join(str(COLUMNS[name]) for name in FIGURES)}
        )
    checker = _Checker(actor, organisation, index)
    problems: list[RowProblem] = []
    parsed = [
        found for number, cells in enumerate(rows[1:], start=2) if (found := checker.check(number, cells, problems))
    ]
    return parsed, problems


def _shown(value: Decimal | None) -> object:
    return value.normalize() if value is not None else ""


def _preview_row(row: ImportedLine) -> list[object]:
    figures = row.figures
    return [
        str(row.target),
        row.quarter,
        *(_shown(getattr(figures, name)) for name in ("actual_eur", "actual_days", "planned_eur", "planned_days")),
    ]


def line_importer(*, actor: User, organisation: Organisation) -> Importer[ImportedLine]:
    """The import of actual (and planned) money and time, for `core.importing.run_import`."""

    def apply(rows: list[ImportedLine]) -> str:
        outcome = services.import_lines(actor=actor, organisation=organisation, rows=rows)
        message = _("Imported: %(added)s and %(changed)s.") % {
            "added": ngettext("%(count)s new quarter", "%(count)s new quarters", outcome.added)
            % {"count": outcome.added},
            "changed": ngettext("%(count)s changed quarter", "%(count)s changed quarters", outcome.changed)
            % {"count": outcome.changed},
        }
        if outcome.unchanged:
            message += " " + ngettext(
                "%(count)s quarter was already the same.",
                "%(count)s quarters were already the same.",
                outcome.unchanged,
            ) % {"count": outcome.unchanged}
        return message

    return Importer(
        kind="resources.lines",
        parse=lambda upload, filename: parse_lines(upload, filename, actor=actor, organisation=organisation),
        apply=apply,
        empty_message=_("The file has no figures below the header row."),
        preview_columns=[
            _("Improvement action or process"),
            _("Quarter"),
            _("Actual (EUR)"),
            _("Actual person-days"),
            _("Planned (EUR)"),
            _("Planned person-days"),
        ],
        preview_row=_preview_row,
        is_change=lambda row: row.existing,
    )
