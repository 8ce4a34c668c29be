"""Loading the external feedback procedures (frameworks/pef/*.yaml) and a network's choice of one.

All files are read, resolved (`extends`), completed with the CAF process steps and validated before
anything is written; then each procedure is created or updated by its code in one transaction.
Loading is idempotent: an unchanged file changes nothing (its digest is compared)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from opencaf.audit.services import record_event
from opencaf.feedback.models import NetworkProcedure, Procedure
from opencaf.feedback.procedure_schema import resolve, validate_procedure, with_steps
from opencaf.frameworks.services import FrameworkFileError, read_framework_file

if TYPE_CHECKING:
    from opencaf.accounts.models import User
    from opencaf.organisations.models import Network

REPOSITORY = Path(__file__).resolve().parents[3]
PROCEDURE_DIR = REPOSITORY / "frameworks" / "pef"
FRAMEWORK_DIR = REPOSITORY / "frameworks"


class ProcedureFileError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Loaded:
    code: str
    changed: bool


def _steps(framework: str) -> dict[int, dict[str, Any]]:
    """The CAF process steps of a framework model file, by number."""
    try:
        model = read_framework_file(FRAMEWORK_DIR / framework / "model.yaml")
    except FrameworkFileError as error:
        raise ProcedureFileError(error.problems) from error
    return {step["number"]: step for phase in model["process"]["phases"] for step in phase["steps"]}


def read_procedures(directory: Path = PROCEDURE_DIR) -> dict[str, dict[str, Any]]:
    """Every procedure of the directory, resolved and validated, by code; ProcedureFileError lists
    every problem of every file."""
    files: dict[str, Any] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            files[path.name] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            problems.append(f"{path.name}: {error}")
    if not files and not problems:
        problems.append(f"{directory}: no procedure files")
    resolved, resolve_problems = resolve(files)
    problems += resolve_problems
    steps_by_framework: dict[str, dict[int, dict[str, Any]]] = {}
    procedures = {}
    for code, data in resolved.items():
        framework = str((data.get("procedure") or {}).get("framework", ""))
        if framework and framework not in steps_by_framework:
            steps_by_framework[framework] = _steps(framework)
        completed = with_steps(data, steps_by_framework.get(framework, {}))
        problems += [f"{code}: {problem}" for problem in validate_procedure(completed)]
        procedures[code] = completed
    if problems:
        raise ProcedureFileError(problems)
    return procedures


def _digest(definition: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(definition, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@transaction.atomic
def load_procedures(procedures: dict[str, dict[str, Any]]) -> list[Loaded]:
    existing = {procedure.code: procedure for procedure in Procedure.objects.select_for_update()}
    results = []
    for code, definition in procedures.items():
        digest = _digest(definition)
        current = existing.get(code)
        if current is not None and current.digest == digest:
            results.append(Loaded(code, changed=False))
            continue
        Procedure.objects.update_or_create(
            code=code,
            defaults={
                "country": definition["procedure"].get("country", ""),
                "status": definition["procedure"]["status"],
                "definition": definition,
                "digest": digest,
                "loaded_at": timezone.now(),
            },
        )
        results.append(Loaded(code, changed=True))
    changed = [result.code for result in results if result.changed]
    if changed:
        record_event("feedback.procedures_loaded", actor=None, changes={"procedures": changed})
    return results


def default_procedure(network: Network) -> Procedure | None:
    """The procedure a network runs until its coordinators choose: its country's, else the European."""
    return default_among(Procedure.objects.all(), network)


def default_among(procedures: Iterable[Procedure], network: Network) -> Procedure | None:
    """`default_procedure` among procedures already read (a page that lists them all anyway)."""
    by_country = {procedure.country: procedure for procedure in procedures}
    return by_country.get(network.country) or by_country.get("")


@transaction.atomic
def choose_procedure(*, actor: User, network: Network, procedure: Procedure) -> NetworkProcedure:
    if not network.coordinators.filter(pk=actor.pk).exists():
        raise PermissionDenied
    choice, created = NetworkProcedure.objects.select_for_update().get_or_create(
        network=network, defaults={"procedure": procedure, "chosen_by": actor}
    )
    before = choice.procedure.code
    if created or before != procedure.code:
        choice.procedure, choice.chosen_by, choice.chosen_at = procedure, actor, timezone.now()
        choice.save()
        record_event(
            "feedback.procedure_chosen",
            actor=actor,
            network=network,
            changes={"procedure": [None if created else before, procedure.code]},
        )
    return choice
