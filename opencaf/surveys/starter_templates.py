"""The survey templates shipped with OpenCAF (`surveys/library/*.yaml`), read once per process."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from opencaf.surveys.template_schema import SurveyTemplate, TemplateError, parse_template

LIBRARY = Path(__file__).resolve().parent / "library"


def load_template(path: Path) -> SurveyTemplate:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    try:
        return parse_template(data)
    except TemplateError as error:
        raise TemplateError([f"{path.name}: {problem}" for problem in error.problems]) from None


@functools.cache
def starter_templates() -> dict[str, SurveyTemplate]:
    """Every shipped template by code, in file-name order."""
    templates = [load_template(path) for path in sorted(LIBRARY.glob("*.yaml"))]
    return {template.code: template for template in templates}
