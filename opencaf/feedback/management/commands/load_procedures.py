"""Load (or update) the external feedback procedures from frameworks/pef/. Safe to run at every start."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opencaf.feedback.services.procedures import PROCEDURE_DIR, ProcedureFileError, load_procedures, read_procedures


class Command(BaseCommand):
    help = "Validate and load the external feedback procedures (default: frameworks/pef/*.yaml)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, default=PROCEDURE_DIR, help="folder of procedure files")
        parser.add_argument("--check", action="store_true", help="only validate the files")

    def handle(self, *args: Any, directory: Path, check: bool, **options: Any) -> None:
        try:
            procedures = read_procedures(directory)
        except ProcedureFileError as error:
            raise CommandError("Invalid procedure files:\n" + "\n".join(error.problems)) from error
        if check:
            self.stdout.write(f"{len(procedures)} procedures: valid")
            return
        for result in load_procedures(procedures):
            self.stdout.write(f"{result.code}: {'loaded' if result.changed else 'unchanged'}")
