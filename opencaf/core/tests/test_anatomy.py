"""Every app has the same anatomy, so anyone knows where a thing goes (docs/architecture.md).

An app is a package under opencaf/ with an apps.py. It has models.py, services.py (every write),
selectors.py (reads), permissions.py (who may), admin.py where it has models, urls.py where it has
views, and tests/. A module or package may stand for a file (`services/` for `services.py`). What an
app may lack is listed below with the reason; anything else missing fails. Production modules stay
under 600 lines: split them before they grow into the 1,400-line modules other projects regret.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

PACKAGE = Path(__file__).resolve().parents[2]
MAX_LINES = 600

STANDARD = ("models", "services", "selectors", "permissions", "tests")

# (app, part) -> why the app does without it.
ALLOWED_MISSING = {
    ("accounts", "selectors"): "a person reads only their own account, which the request carries",
    ("accounts", "permissions"): "a person may change only their own account; allauth guards the rest",
    ("core", "selectors"): "core shares building blocks and owns no aggregate to read",
    ("core", "permissions"): "core's own pages (home, health check) are public or per person",
    ("audit", "permissions"): "who reads an audit log is decided by the organisation or network it belongs to",
    ("frameworks", "permissions"): "the CAF model is public reference material; only load_frameworks changes it",
    ("demo", "models"): "demo seeds the other apps through their services and stores nothing of its own",
    ("demo", "services"): "demo seeds the other apps through their services",
    ("demo", "selectors"): "demo reads nothing for pages",
    ("demo", "permissions"): "demo has no pages; seeding is guarded by settings",
}


def _apps() -> list[str]:
    return sorted(config.label for config in apps.get_app_configs() if Path(config.path).resolve().parent == PACKAGE)


def _has(app: str, part: str) -> bool:
    root = PACKAGE / app
    return (root / f"{part}.py").is_file() or (root / part / "__init__.py").is_file()


def _defines_concrete_models(app: str) -> bool:
    config = apps.get_app_config(app)
    return any(not model._meta.abstract for model in config.get_models())


def _production_modules() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.relative_to(PACKAGE).parts and "migrations" not in path.relative_to(PACKAGE).parts
    )


def test_the_project_has_apps() -> None:
    assert {"core", "audit", "organisations", "assessments"} <= set(_apps())


@pytest.mark.parametrize("app", _apps())
def test_app_has_the_standard_files(app: str) -> None:
    missing = [part for part in STANDARD if not _has(app, part) and (app, part) not in ALLOWED_MISSING]
    assert not missing, f"opencaf/{app} lacks {missing}: add them, or list the reason in ALLOWED_MISSING"


@pytest.mark.parametrize("app", _apps())
def test_app_with_models_has_an_admin_and_with_views_has_urls(app: str) -> None:
    if _defines_concrete_models(app):
        assert _has(app, "admin"), f"opencaf/{app} has models but no admin.py (read-only is fine)"
    if _has(app, "views"):
        assert _has(app, "urls"), f"opencaf/{app} has views but no urls.py"


def test_every_allowance_is_still_needed() -> None:
    """An allowance for a file the app now has is stale and hides nothing; remove it."""
    stale = [(app, part) for (app, part) in ALLOWED_MISSING if _has(app, part)]
    assert not stale


def test_no_production_module_is_over_the_limit() -> None:
    too_long = {
        str(path.relative_to(PACKAGE.parent)): lines
        for path in _production_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"split these modules (over {MAX_LINES} lines): {too_long}"


def test_models_and_views_do_not_send_mail() -> None:
    """Mail goes out from services, after commit; a view or model that sends it bypasses that."""
    offenders = []
    for path in _production_modules():
        if path.name not in ("models.py", "views.py") and path.parent.name not in ("models", "views"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
        if {"send_mail", "send_mass_mail", "EmailMessage"} & names:
            offenders.append(str(path.relative_to(PACKAGE.parent)))
    assert not offenders
