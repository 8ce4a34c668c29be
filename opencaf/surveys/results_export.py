"""Published figures as a table for XLSX and CSV: one row per question, group and answer, from the
same gated results as the page (what the page hides, the file hides), in the reader's language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from opencaf.surveys.results import Figures, Results, group_label
from opencaf.surveys.rules import DONT_KNOW, TEXT_KINDS, Kind
from opencaf.surveys.selectors import QuestionView
from opencaf.surveys.texts import text_in


def header() -> list[str]:
    return [
        _("Question"),
        pgettext("survey results", "Group"),
        pgettext("survey results", "Answer"),
        pgettext("survey results", "Count"),
        _("Share (%)"),
        _("Mean"),
        _("Answered"),
    ]


def _answer_rows(view: QuestionView, figures: Figures, language: str, languages: list[str]) -> Iterator[list[Any]]:
    """(answer, count, share, mean) per answer of one group."""

    def share(count: int) -> float | None:
        return round(100 * count / figures.answerers, 1) if figures.answerers else None

    if view.kind in (Kind.SINGLE, Kind.MULTIPLE):
        for option in view.options:
            label = text_in(option.text, language, languages)
            if option.code in figures.withheld:  # a breakdown's group the gate hides
                yield [label, _("hidden (too few people)"), None, None]
                continue
            count = figures.counts.get(option.code, 0)
            yield [label, count, share(count), None]
    elif view.kind in (Kind.RATING, Kind.NPS):
        low, high = view.bounds
        for value in range(low, high + 1):
            count = figures.counts.get(str(value), 0)
            yield [value, count, share(count), None]
        if figures.dont_know:
            yield [_("Don't know"), figures.dont_know, share(figures.dont_know), None]
        yield [
            _("NPS") if view.kind == Kind.NPS else _("Mean"),
            None,
            None,
            figures.nps if view.kind == Kind.NPS else figures.mean,
        ]
    elif view.kind == Kind.GRID:
        for item in view.items:
            counts = figures.items.get(item.code, {})
            rated = sum(count for value, count in counts.items() if value != DONT_KNOW)
            yield [text_in(item.text, language, languages), rated, None, figures.item_means.get(item.code)]
    elif view.kind == Kind.NUMBER:
        yield [_("Mean"), figures.answerers, None, figures.mean]
        yield [_("Lowest"), None, None, figures.low]
        yield [_("Highest"), None, None, figures.high]


def rows(results: Results, language: str) -> Iterator[list[Any]]:
    languages = results.survey.languages
    if not results.shown:
        return
    for view in results.structure.questions:
        question = text_in(view.question.text, language, languages)
        if view.kind in TEXT_KINDS:
            for text in results.texts.get(view.code, []):
                yield [question, _("All respondents"), text, None, None, None, None]
            continue
        for key, figures in results.figures.get(view.code, {}).items():
            group = group_label(results, key, language)
            if figures is None:
                yield [question, group, _("hidden (too few people)"), None, None, None, None]
                continue
            for answer, count, share, mean in _answer_rows(view, figures, language, languages):
                yield [
                    question,
                    group,
                    answer,
                    count,
                    share,
                    None if mean is None else round(float(mean), 2),
                    figures.answerers,
                ]
