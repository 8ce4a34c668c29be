"""The framework browser: public reference pages in every interface language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from opencaf.frameworks import selectors


def index(request: HttpRequest) -> HttpResponse:
    versions = list(selectors.framework_versions())
    if len(versions) == 1:
        return redirect("frameworks:detail", code=versions[0].code)
    return render(request, "frameworks/index.html", {"versions": versions})


def detail(request: HttpRequest, code: str) -> HttpResponse:
    framework = selectors.get_framework(code)
    criteria = list(selectors.criteria_with_subcriteria(framework))
    context = {
        "framework": framework,
        "enablers": [c for c in criteria if c.kind == "enabler"],
        "results": [c for c in criteria if c.kind == "result"],
    }
    return render(request, "frameworks/detail.html", context)


def subcriterion(request: HttpRequest, code: str, subcode: str) -> HttpResponse:
    framework = selectors.get_framework(code)
    item = selectors.get_subcriterion(framework, subcode)
    context = {
        "framework": framework,
        "subcriterion": item,
        "panels": list(selectors.panels_with_bands(framework, applies_to=item.criterion.kind)),
    }
    return render(request, "frameworks/subcriterion.html", context)


def scoring(request: HttpRequest, code: str) -> HttpResponse:
    framework = selectors.get_framework(code)
    return render(
        request,
        "frameworks/scoring.html",
        {"framework": framework, "panels": list(selectors.panels_with_bands(framework))},
    )


def process(request: HttpRequest, code: str) -> HttpResponse:
    framework = selectors.get_framework(code)
    return render(
        request,
        "frameworks/process.html",
        {"framework": framework, "phases": list(selectors.process_phases(framework))},
    )
