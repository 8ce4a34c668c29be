"""Published survey results beside the subcriteria their questions are mapped to (the assessments
app's `subcriterion_figures` registry): each rating, grid and NPS question's overall figure and its
value in the previous wave. Only published results, only through the gate (`results_of`), so what an
assessor sees is what every member may see.

Published results do not change, so each survey's summary is computed once per publication and
language and kept in the cache; a page costs one query for the list of published surveys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from opencaf.assessments.subcriterion_figures import FigureLine, SubcriterionFigures
from opencaf.surveys.models import Survey, SurveyState
from opencaf.surveys.results import Figures, results_of
from opencaf.surveys.rules import Kind
from opencaf.surveys.selectors import QuestionView
from opencaf.surveys.texts import text_in

if TYPE_CHECKING:
    from opencaf.assessments.models import SelfAssessment

CACHE_SECONDS = 24 * 3600


def _number(value: float | None) -> str:
    return "–" if value is None else formats.number_format(value, 1)


def _lines(
    view: QuestionView, figures: Figures, previous: Figures | None, language: str, languages: list[str]
) -> list[FigureLine]:
    question = view.question
    text = text_in(question.text, language, languages)
    if view.kind == Kind.NPS:
        return [
            FigureLine(
                label=text,
                value=_("NPS %(value)s") % {"value": figures.nps},
                previous=_("NPS %(value)s") % {"value": previous.nps} if previous else "",
            )
        ]
    scale = "{}–{}".format(*view.bounds)
    if view.kind == Kind.RATING:
        return [
            FigureLine(
                label=text,
                value=_("%(mean)s (mean, %(scale)s)") % {"mean": _number(figures.mean), "scale": scale},
                previous=_number(previous.mean) if previous else "",
            )
        ]
    return [
        FigureLine(
            label=text_in(item.text, language, languages),
            value=_("%(mean)s (mean, %(scale)s)")
            % {"mean": _number(figures.item_means.get(item.code)), "scale": scale},
            previous=_number(previous.item_means.get(item.code)) if previous else "",
        )
        for item in view.items
    ]


def summary(survey: Survey, language: str) -> dict[str, list[FigureLine]]:
    """Figure lines per subcriterion code for one published survey, in one language (cached)."""
    key = f"surveys:figures:{survey.pk}:{survey.published_at and survey.published_at.timestamp()}:{language}"
    found = cache.get(key)
    if found is not None:
        return found
    # Only now the whole survey with what the gate and the previous wave need: once per publication.
    results = results_of(
        Survey.objects.select_related("organisation", "organisation__network", "previous_wave").get(pk=survey.pk)
    )
    by_code: dict[str, list[FigureLine]] = defaultdict(list)
    if results.shown:
        for view in results.structure.questions:
            if view.kind not in (Kind.RATING, Kind.GRID, Kind.NPS):
                continue
            figures = results.figures.get(view.code, {}).get(())
            if figures is None:
                continue
            lines = _lines(view, figures, results.previous.get(view.code), language, survey.languages)
            for code in view.question.subcriteria:
                by_code[code].extend(lines)
    cache.set(key, dict(by_code), CACHE_SECONDS)
    return dict(by_code)


def for_subcriteria(assessment: SelfAssessment, codes: Sequence[str]) -> dict[str, list[SubcriterionFigures]]:
    language = get_language() or "en"
    # The few columns the lines need: this runs on every scoring and consensus page, mostly to find
    # that nothing is published, and joining the organisation, its network and the previous wave
    # cost more to build than the query takes.
    surveys = (
        Survey.objects.filter(organisation_id=assessment.organisation_id, state=SurveyState.PUBLISHED)
        .only("public_id", "title", "languages", "response_count", "published_at")
        .order_by("-published_at")
    )
    org_public_id = assessment.organisation.public_id
    found: dict[str, list[SubcriterionFigures]] = defaultdict(list)
    for survey in surveys[:10]:
        lines_by_code = summary(survey, language)
        for code in codes:
            lines = lines_by_code.get(code)
            if not lines:
                continue
            found[code].append(
                SubcriterionFigures(
                    title=text_in(survey.title, language, survey.languages),
                    source=_("Survey"),
                    url=reverse(
                        "surveys:results",
                        kwargs={"org_id": org_public_id, "survey_id": survey.public_id},
                    ),
                    lines=tuple(lines),
                    note=ngettext("%(count)d response", "%(count)d responses", survey.response_count)
                    % {"count": survey.response_count},
                )
            )
    return dict(found)
