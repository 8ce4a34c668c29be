"""The results of a survey as tables ready to print: the results page and the PDF summary share them.

Everything here reads a `Results` that has already passed the anonymity gate (`results_of`); a group
the gate withheld is counted as hidden, never listed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from opencaf.surveys.results import Figures, Results, group_label, option_label
from opencaf.surveys.rules import DONT_KNOW, Kind
from opencaf.surveys.selectors import QuestionView
from opencaf.surveys.texts import text_in


def results_context(outcome: Results, language: str) -> dict[str, Any]:
    """The groups, the people-per-group matrix and one table per question."""
    return {
        "groups": group_labels(outcome, language),
        "matrix": population_matrix(outcome, language),
        "questions": [
            {**question_table(outcome, view, language), "number": number}
            for number, view in enumerate(outcome.structure.questions, 1)
        ],
    }


def label(view: QuestionView, language: str, languages: list[str]) -> str:
    return text_in(view.question.text, language, languages)


def population_matrix(outcome: Results, language: str) -> dict[str, Any] | None:
    """People per cell of two breakdowns as a matrix (rows: the first, columns: the second)."""
    if len(outcome.selected) != 2:
        return None
    languages = outcome.survey.languages
    first, second = outcome.selected
    people = {group.key: group.people for group in outcome.groups}
    row_codes = list(dict.fromkeys(key[0] for key in people))  # type: ignore[index]
    column_codes = list(dict.fromkeys(key[1] for key in people))  # type: ignore[index]
    return {
        "columns": [option_label(second, code, language, languages) for code in column_codes],
        "rows": [
            {
                "label": option_label(first, row, language, languages),
                "cells": [people.get((row, column)) for column in column_codes],
            }
            for row in row_codes
        ],
    }


def group_labels(outcome: Results, language: str) -> list[dict[str, Any]]:
    return [
        {"key": group.key, "label": group_label(outcome, group.key, language), "people": group.people}
        for group in outcome.groups
    ]


def _percent(count: int, of: int) -> str:
    return f"{round(100 * count / of)} %" if of else "–"


def _scale_values(view: QuestionView) -> list[str]:
    low, high = view.bounds
    values = [str(v) for v in range(low, high + 1)]
    return [*values, DONT_KNOW] if view.question.dont_know and view.kind != Kind.NPS else values


def question_table(outcome: Results, view: QuestionView, language: str) -> dict[str, Any]:
    """One question's figures as a table: one row per group (or per option/value overall)."""
    languages = outcome.survey.languages
    question = view.question
    by_group = outcome.figures.get(view.code, {})
    table: dict[str, Any] = {
        "code": view.code,
        "kind": view.kind.value,
        "text": text_in(question.text, language, languages),
        "texts": outcome.texts.get(view.code, []),
        # Not for a breakdown question: its number of answers in the previous wave would give away
        # the size of that wave's group who did not answer.
        "previous": None if question.breakdown else outcome.previous.get(view.code),
    }
    if view.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        overall = by_group.get(())
        table["answerers"] = overall.answerers if overall else None
        return table
    columns: list[str] = []
    codes: list[str] = []
    if view.kind in (Kind.SINGLE, Kind.MULTIPLE):
        columns = [text_in(o.text, language, languages) for o in view.options]
        codes = [o.code for o in view.options]
    elif view.kind in (Kind.RATING, Kind.NPS):
        codes = _scale_values(view)
        columns = [_("Don't know") if code == DONT_KNOW else code for code in codes]
    elif view.kind == Kind.GRID and outcome.selected:
        # By group, a grid is one row per group and one column per statement (its mean), so that
        # the page stays a table rather than a table per group.
        columns = [text_in(item.text, language, languages) for item in view.items]
    table["columns"] = columns
    rows = []
    hidden = 0
    for group in group_labels(outcome, language):
        figures: Figures | None = by_group.get(group["key"])
        if figures is None:
            hidden += 1  # counted, not listed: a long list of "hidden" says nothing
            continue
        row: dict[str, Any] = {"label": group["label"], "answerers": figures.answerers}
        counts = dict(figures.counts)
        if figures.dont_know and view.kind == Kind.RATING:
            counts[DONT_KNOW] = figures.dont_know
        row["cells"] = [
            (None, "")
            if code in figures.withheld
            else (counts.get(code, 0), _percent(counts.get(code, 0), figures.answerers))
            for code in codes
        ]
        row["mean"] = figures.mean
        row["nps"] = figures.nps if view.kind == Kind.NPS else None
        if view.kind == Kind.GRID:
            row["statements"] = [
                {
                    "label": text_in(item.text, language, languages),
                    "mean": figures.item_means.get(item.code),
                    "dont_know": figures.items.get(item.code, {}).get("dk", 0),
                    "rated": sum(figures.items.get(item.code, {}).values()),
                }
                for item in view.items
            ]
        if view.kind == Kind.NUMBER:
            row["low"], row["high"] = figures.low, figures.high
        rows.append(row)
    table["rows"] = rows
    # A breakdown question by group would be a table of two breakdowns: the gate withholds it, and
    # the page says why rather than that its groups are too small.
    table["defines_groups"] = bool(question.breakdown and outcome.selected)
    table["hidden_groups"] = 0 if table["defines_groups"] else hidden
    table["withheld_answers"] = any(count is None for row in rows for count, _share in row.get("cells", []))
    overall = by_group.get(()) if not outcome.selected else None
    if overall is not None and codes and view.kind != Kind.MULTIPLE:
        counted = dict(overall.counts, **({DONT_KNOW: overall.dont_know} if overall.dont_know else {}))
        charted = [(label, code) for label, code in zip(columns, codes, strict=True) if code not in overall.withheld]
        table["chart_id"] = f"chart-{view.code}"
        table["chart"] = {
            "label": _("Answers"),
            "labels": [label for label, _code in charted],
            "values": [counted.get(code, 0) for _label, code in charted],
        }
    return table
