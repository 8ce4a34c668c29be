"""Load (or update) framework versions from their model files. Safe to run at every start."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opencaf.frameworks.services import DEFAULT_MODEL_FILES, FrameworkFileError, load_framework, read_framework_file


class Command(BaseCommand):
    help = "Validate and load framework model files (default: frameworks/caf2020/model.yaml)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, help="model.yaml files to load")
        parser.add_argument("--check", action="store_true", help="only validate the files")

    def handle(self, *args: Any, paths: list[Path], check: bool, **options: Any) -> None:
        for path in paths or DEFAULT_MODEL_FILES:
            try:
                data = read_framework_file(path)
            except FrameworkFileError as exc:
                raise CommandError("Invalid framework file:\n" + "\n".join(exc.problems)) from exc
            if check:
                self.stdout.write(f"{path}: valid")
                continue
            result = load_framework(data)
            verb = "loaded" if result.changed else "unchanged"
            self.stdout.write(f"{result.framework.code} {result.framework.version}: {verb}")
