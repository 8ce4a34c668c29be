"""The audit vocabulary: each app owns its action codes and fields, and everything recorded reads well."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.utils import translation

from opencaf.assessments.lifecycle import Action
from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import AuditRegistry, Field, describe_changes, owner_of, registry
from opencaf.feedback.lifecycle import Move

PACKAGE = Path(__file__).resolve().parents[2]  # opencaf/

# Action codes built at run time: the literal prefix, and the enum whose values complete it.
DYNAMIC_CODES: dict[str, type[StrEnum]] = {"assessment.": Action, "feedback.case_": Move}


# --- the registry itself ---------------------------------------------------------------------------


def test_the_same_field_reads_as_the_app_that_owns_the_action() -> None:
    with translation.override("en"):
        # A line of a self-assessment's project plan …
        assert describe_changes("assessment.plan_changed", {"status": "in_progress"}) == "Status: In progress"
        # … and an improvement action's PDCA status.
        assert (
            describe_changes("improvement.progress_reported", {"status": {"before": "plan", "after": "do"}})
            == "Status: Plan → Do"
        )
        # Neither app's values mean anything to the other.
        assert describe_changes("assessment.plan_changed", {"status": "do"}) == "Status: do"
        assert describe_changes("improvement.progress_reported", {"status": "in_progress"}) == "Status: in_progress"


def test_fields_are_hidden_only_by_the_app_that_declares_them() -> None:
    assert describe_changes("framework.loaded", {"hash": "abc"}) == ""
    assert describe_changes("membership.roles_changed", {"hash": "abc"}) == "hash: abc"


def test_common_fields_apply_unless_the_app_declares_its_own() -> None:
    with translation.override("en"):
        assert describe_changes("assessment.reminders_sent", {"count": 2}) == "Number: 2"
        assert describe_changes("improvement.plan_created", {"count": 2}) == "Actions carried over: 2"
        assert describe_changes("assessment.individual_scored", {"cannot_judge": False}) == "Cannot judge: no"


def test_a_code_belongs_to_one_app_only() -> None:
    vocabulary = AuditRegistry()
    vocabulary.register("one", actions={"thing.done": "Done"})
    with pytest.raises(ImproperlyConfigured, match=r"thing\.done"):
        vocabulary.register("two", actions={"thing.done": "Also done"})
    assert vocabulary.owner_of("thing.done") == "one"


def test_registering_an_app_again_replaces_its_vocabulary() -> None:
    vocabulary = AuditRegistry()
    vocabulary.register("one", actions={"thing.done": "Done", "thing.undone": "Undone"})
    vocabulary.register("one", actions={"thing.done": "Finished"}, fields={"size": Field("Size")})
    assert vocabulary.action_label("thing.done") == "Finished"
    assert not vocabulary.is_known("thing.undone")
    vocabulary.register("two", actions={"thing.undone": "Undone"})  # free again
    assert vocabulary.owner_of("thing.undone") == "two"
    assert vocabulary.describe_changes("thing.done", {"size": 3}) == "Size: 3"


def test_the_project_registry_is_filled_from_the_apps() -> None:
    assert owner_of("assessment.created") == "assessments"
    assert owner_of("improvement.progress_reported") == "improvement"
    assert owner_of("membership.roles_changed") == "organisations"
    assert owner_of("user.language_changed") == "accounts"
    assert owner_of("report.accepted") == "reports"
    assert owner_of("organisation.teleported") is None


def test_the_audit_table_describes_each_event_by_its_action() -> None:
    event = AuditEvent(action="assessment.plan_changed", changes={"status": "in_progress"})
    template = Template("{% load audit_tags %}{{ event.action|action_label }} | {{ event|describe_event }}")
    with translation.override("en"):
        assert template.render(Context({"event": event})) == "Project plan changed | Status: In progress"


# --- everything the code records is declared ------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    where: str  # path:line
    app: str
    codes: tuple[str, ...]
    keys: tuple[str, ...]
    problems: tuple[str, ...]


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _codes(node: ast.expr | None) -> tuple[list[str], list[str]]:
    if node is None:
        return [], ["no action code"]
    if (code := _literal(node)) is not None:
        return [code], []
    if isinstance(node, ast.JoinedStr) and node.values and (prefix := _literal(node.values[0])) is not None:
        if prefix in DYNAMIC_CODES and len(node.values) == 2:
            return [prefix + member.value for member in DYNAMIC_CODES[prefix]], []
        return [], [f"action code built as f{prefix!r}…: teach DYNAMIC_CODES in this test its values"]
    return [], [f"action code {ast.unparse(node)!r} is not a literal"]


def _loop_values(function: ast.AST, name: str) -> list[str] | None:
    """The literal values a loop variable takes (`for field in ("a", "b")`, `for field, value in (("a", x),)`)."""
    for loop in ast.walk(function):
        if not isinstance(loop, ast.For) or not isinstance(loop.iter, ast.Tuple | ast.List):
            continue
        if isinstance(loop.target, ast.Name) and loop.target.id == name:
            values = [_literal(item) for item in loop.iter.elts]
        elif isinstance(loop.target, ast.Tuple) and name in [getattr(elt, "id", None) for elt in loop.target.elts]:
            index = [getattr(elt, "id", None) for elt in loop.target.elts].index(name)
            values = [_literal(item.elts[index]) if isinstance(item, ast.Tuple) else None for item in loop.iter.elts]
        else:
            continue
        return None if None in values else [value for value in values if value is not None]
    return None


def _keys(function: ast.AST, node: ast.expr | None) -> tuple[list[str], list[str]]:
    """The keys of the `changes=` argument: a dict literal, or a variable filled in the same function."""
    if node is None or (isinstance(node, ast.Constant) and node.value is None):
        return [], []
    if isinstance(node, ast.Dict):
        keys = [_literal(key) if key is not None else None for key in node.keys]
        if None in keys:
            return [], [f"changes {ast.unparse(node)!r} has keys that are not literals"]
        return [key for key in keys if key is not None], []
    if not isinstance(node, ast.Name):
        return [], [f"changes {ast.unparse(node)!r}: use a dict literal or a variable filled in the function"]
    keys: list[str] = []
    problems: list[str] = []
    for statement in ast.walk(function):
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == node.id:
                    found, trouble = _keys(function, statement.value)
                    keys += found
                    problems += trouble
                elif (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == node.id
                ):
                    if (key := _literal(target.slice)) is not None:
                        keys.append(key)
                    elif isinstance(target.slice, ast.Name) and (values := _loop_values(function, target.slice.id)):
                        keys += values
                    else:
                        problems.append(f"cannot tell which keys {ast.unparse(target)!r} writes")
    return keys, problems


def _calls(tree: ast.AST) -> Iterator[tuple[ast.AST, ast.Call]]:
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    for function in functions:
        for node in ast.walk(function):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if name == "record_event":
                    yield function, node


def recorded_in(source: str, where: str, app: str) -> list[Recorded]:
    found = {}
    for function, call in _calls(ast.parse(source)):
        arguments = {keyword.arg: keyword.value for keyword in call.keywords}
        codes, code_problems = _codes(call.args[0] if call.args else arguments.get("action"))
        keys, key_problems = _keys(function, arguments.get("changes"))
        line = f"{where}:{call.lineno}"
        # A call inside a nested function is seen from both functions; keep the innermost reading.
        if line not in found or (keys and not found[line].keys):
            found[line] = Recorded(line, app, tuple(codes), tuple(keys), tuple(code_problems + key_problems))
    return list(found.values())


def recorded_everywhere() -> list[Recorded]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "audit" or "tests" in relative.parts or "migrations" in relative.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if "record_event" in source:
            found += recorded_in(source, f"opencaf/{relative}", relative.parts[0])
    return found


def test_the_scan_reads_literals_dicts_and_loops() -> None:
    source = """
def change(actor, action, membership):
    changes = {"fixed": 1}
    for field, value in (("department", 1), ("staff_level", 2)):
        changes[field] = value
    for name in ("a", "b"):
        changes[name] = 1
    changes["roles"] = []
    record_event("membership.roles_changed", actor=actor, changes=changes)
    record_event(f"assessment.{action.value}", actor=actor, changes={"state": 1})
    record_event(code_from_somewhere, actor=actor, changes=make_changes())
"""
    first, second, third = recorded_in(source, "x.py", "organisations")
    assert first.codes == ("membership.roles_changed",)
    assert set(first.keys) == {"fixed", "department", "staff_level", "a", "b", "roles"}
    assert not first.problems
    assert set(second.codes) == {f"assessment.{action.value}" for action in Action} and second.keys == ("state",)
    assert not third.codes and len(third.problems) == 2


@pytest.fixture(scope="module")
def recorded() -> list[Recorded]:
    found = recorded_everywhere()
    apps = {item.app for item in found}
    # The scan must actually see the services; an empty scan would prove nothing.
    assert {vocabulary.app_label for vocabulary in registry.vocabularies()} - {"audit"} <= apps
    return found


def test_every_recorded_event_can_be_read(recorded: list[Recorded]) -> None:
    problems = [f"{item.where}: {problem}" for item in recorded for problem in item.problems]
    assert not problems, "\n".join(problems)


def test_every_recorded_action_code_is_declared_by_the_app_that_records_it(recorded: list[Recorded]) -> None:
    wrong = [
        f"{item.where}: {code!r} is owned by {owner_of(code)!r}, recorded by {item.app!r}"
        for item in recorded
        for code in item.codes
        if owner_of(code) != item.app
    ]
    assert not wrong, "add these codes to the ACTIONS in the app's audit_vocabulary.py:\n" + "\n".join(wrong)


def test_every_recorded_field_has_a_label(recorded: list[Recorded]) -> None:
    unlabelled = [
        f"{item.where}: {code} records {key!r}"
        for item in recorded
        for code in item.codes
        for key in item.keys
        if registry.field_for(code, key) is None and not registry.is_hidden(code, key)
    ]
    assert not unlabelled, "add these to the FIELDS in the app's audit_vocabulary.py:\n" + "\n".join(unlabelled)
