"""A survey's results: counted in the database, published only through the anonymity gate.

Every figure comes from grouped counts (`GROUP BY` in the database, never a loop over answers) and
passes `opencaf.lib.anonymity` before anyone sees it:

- nothing is shown while the survey has fewer responses than the minimum;
- a question answered by fewer people than the minimum shows no figures;
- by breakdown (one, or two as a table), the groups of people are protected by `suppress_views`
  over every breakdown of the survey at once, so a group hidden in one view is hidden in all views;
  then each question's line of answerers per group is protected again, with those groups withheld.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, FilteredRelation, Max, Min, Q, QuerySet
from django.utils.translation import gettext as _

from opencaf.lib.anonymity import Suppression, TableSuppression, suppress, suppress_table, suppress_views
from opencaf.surveys.models import Answer, Response, Survey, TextAnswer, TextStatus
from opencaf.surveys.rules import CHOICE_KINDS, TEXT_KINDS, Kind
from opencaf.surveys.selectors import QuestionView, Structure, structure_of
from opencaf.surveys.texts import text_in

NO_ANSWER = "-"  # the group of people who did not answer a breakdown question
type GroupKey = Hashable  # () overall, (option code,) by one breakdown, (a, b) by two


@dataclass
class Figures:
    """What is published of one question for one group of people."""

    answerers: int
    counts: dict[str, int] = field(default_factory=dict)  # option code, or scale value as text
    items: dict[str, dict[str, int]] = field(default_factory=dict)  # grid: item code -> value -> count
    dont_know: int = 0
    mean: float | None = None
    item_means: dict[str, float | None] = field(default_factory=dict)
    low: Decimal | None = None
    high: Decimal | None = None
    # A breakdown question's answers whose groups the gate hides (their counts are not in `counts`).
    withheld: frozenset[str] = frozenset()

    @property
    def nps(self) -> int | None:
        """Promoters (9–10) minus detractors (0–6), in percentage points of those who rated."""
        rated = sum(count for value, count in self.counts.items() if value.isdigit())
        if not rated:
            return None
        promoters = sum(c for v, c in self.counts.items() if v.isdigit() and int(v) >= 9)
        detractors = sum(c for v, c in self.counts.items() if v.isdigit() and int(v) <= 6)
        return round(100 * (promoters - detractors) / rated)

    @property
    def dont_know_share(self) -> float | None:
        return self.dont_know / self.answerers if self.answerers else None


@dataclass
class Group:
    key: GroupKey
    labels: tuple[str, ...]  # option codes per breakdown (NO_ANSWER for none)
    people: int | None  # None: hidden


@dataclass
class Results:
    survey: Survey
    structure: Structure
    minimum: int
    total: int
    shown: bool  # False while there are fewer responses than the minimum
    breakdowns: list[QuestionView]  # the questions results may be cut by
    selected: list[QuestionView]  # the one or two chosen now
    groups: list[Group]
    figures: dict[str, dict[GroupKey, Figures | None]]  # question code -> group -> figures or None (hidden)
    texts: dict[str, list[str]]  # released free texts per question (shown overall only)
    previous: dict[str, Figures] = field(default_factory=dict)  # the previous wave, overall
    pairable: list[str] = field(default_factory=list)  # the two breakdowns that may form a table


def option_label(view: QuestionView, code: str, language: str, languages: list[str]) -> str:
    """A breakdown group's name: the option's text in the reader's language, or "No answer"."""
    if code == NO_ANSWER:
        return _("No answer")
    option = next((o for o in view.options if o.code == code), None)
    return text_in(option.text, language, languages) if option else code


def group_label(results: Results, key: GroupKey, language: str) -> str:
    """A group of the selected breakdowns by name ("Finance · 30-44"); all respondents for ()."""
    codes: tuple[str, ...] = key  # type: ignore[assignment]
    languages = results.survey.languages
    labels = [option_label(view, code, language, languages) for view, code in zip(results.selected, codes, strict=True)]
    return " · ".join(labels) or _("All respondents")


def minimum_for(survey: Survey) -> int:
    network = survey.organisation.network
    return network.anonymity_minimum if network is not None else 5


def _with_groups(
    queryset: QuerySet[Any], path: str, selected: Sequence[QuestionView]
) -> tuple[QuerySet[Any], list[str]]:
    """Annotate each row with the option its respondent chose in each selected breakdown question."""
    names = []
    for index, view in enumerate(selected):
        relation = f"breakdown_{index}"
        queryset = queryset.annotate(
            **{relation: FilteredRelation(path, condition=Q(**{f"{path}__question": view.question}))}
        )
        names.append(f"group_{index}")
        queryset = queryset.annotate(**{names[-1]: F(f"{relation}__option_id")})
    return queryset, names


def _key(row: dict[str, Any], names: list[str], codes: dict[int, str]) -> tuple[str, ...]:
    """The group of a counted row: the codes of the options chosen in the breakdown questions."""
    return tuple(codes.get(row[name], NO_ANSWER) if row[name] is not None else NO_ANSWER for name in names)


def count_figures(
    survey: Survey, structure: Structure, selected: Sequence[QuestionView]
) -> dict[str, dict[GroupKey, Figures]]:
    """Every question's figures per group of the selected breakdowns (ungated), in four queries.

    Counted by ids, not codes, so the million answers are joined to nothing but the breakdown
    answers of their respondent; codes are put back from the structure already loaded. Answerers
    are counted distinctly only where a respondent has several answers to a question (multiple
    choice, grids); elsewhere they are the sum of the counts, which costs nothing more.
    """
    views = {view.question.pk: view for view in structure.questions}
    codes = {option.pk: option.code for view in structure.questions for option in [*view.options, *view.items]}
    by_kind: dict[Kind, list[int]] = defaultdict(list)
    for pk, view in views.items():
        by_kind[view.kind].append(pk)
    figures: dict[str, dict[GroupKey, Figures]] = defaultdict(dict)

    def figure(question_id: int, key: GroupKey) -> Figures:
        code = views[question_id].code
        if key not in figures[code]:
            figures[code][key] = Figures(answerers=0)
        return figures[code][key]

    counted = [
        *by_kind[Kind.SINGLE],
        *by_kind[Kind.MULTIPLE],
        *by_kind[Kind.RATING],
        *by_kind[Kind.NPS],
        *by_kind[Kind.GRID],
    ]
    rows, names = _with_groups(Answer.objects.filter(question_id__in=counted), "response__answers", selected)
    several = {*by_kind[Kind.MULTIPLE], *by_kind[Kind.GRID]}
    for row in (
        rows.values("question_id", "option_id", "item_id", "value", "dont_know", *names)
        .annotate(n=Count("id"))
        .order_by()
    ):
        question_id, count = row["question_id"], row["n"]
        target = figure(question_id, _key(row, names, codes))
        if question_id not in several:
            target.answerers += count
        if row["option_id"] is not None:
            target.counts[codes[row["option_id"]]] = count
            continue
        item = codes.get(row["item_id"]) if row["item_id"] is not None else None
        if row["dont_know"]:
            if item:
                target.items.setdefault(item, {})
                target.items[item]["dk"] = target.items[item].get("dk", 0) + count
            target.dont_know += count
            continue
        value = str(int(row["value"]))
        if item:
            bucket = target.items.setdefault(item, {})
            bucket[value] = bucket.get(value, 0) + count
        else:
            target.counts[value] = target.counts.get(value, 0) + count
    if several:
        distinct = rows.filter(question_id__in=several).values("question_id", *names)
        for row in distinct.annotate(n=Count("response_id", distinct=True)).order_by():
            figure(row["question_id"], _key(row, names, codes)).answerers = row["n"]
    if by_kind[Kind.NUMBER]:
        numbers, number_names = _with_groups(
            Answer.objects.filter(question_id__in=by_kind[Kind.NUMBER], value__isnull=False),
            "response__answers",
            selected,
        )
        for row in (
            numbers.values("question_id", *number_names)
            .annotate(n=Count("id"), mean=Avg("value"), low=Min("value"), high=Max("value"))
            .order_by()
        ):
            target = figure(row["question_id"], _key(row, number_names, codes))
            target.answerers = row["n"]
            target.mean, target.low, target.high = float(row["mean"]), row["low"], row["high"]
    texts, text_names = _with_groups(
        TextAnswer.objects.filter(question_id__in=[*by_kind[Kind.SHORT_TEXT], *by_kind[Kind.LONG_TEXT]]),
        "response__answers",
        selected,
    )
    for row in texts.values("question_id", *text_names).annotate(n=Count("id")).order_by():
        figure(row["question_id"], _key(row, text_names, codes)).answerers = row["n"]
    for by_group in figures.values():
        for target in by_group.values():
            _means(target)
    return figures


def _means(figures: Figures) -> None:
    def mean(counts: dict[str, int]) -> float | None:
        rated = [(int(v), c) for v, c in counts.items() if v.lstrip("-").isdigit()]
        total = sum(c for _, c in rated)
        return sum(v * c for v, c in rated) / total if total else None

    if figures.counts and figures.mean is None and all(v.isdigit() for v in figures.counts):
        figures.mean = mean(figures.counts)
    figures.item_means = {item: mean(counts) for item, counts in figures.items.items()}


def population(survey: Survey, breakdowns: Sequence[QuestionView]) -> dict[tuple[str, ...], int]:
    """People per combination of every breakdown question's answer, in one query."""
    responses, names = _with_groups(Response.objects.filter(survey=survey), "answers", breakdowns)
    codes = {option.pk: option.code for view in breakdowns for option in view.options}
    return {_key(row, names, codes): row["n"] for row in responses.values(*names).annotate(n=Count("id")).order_by()}


def results_of(survey: Survey, selected_codes: Sequence[str] = ()) -> Results:
    structure = structure_of(survey)
    minimum = minimum_for(survey)
    breakdowns = [view for view in structure.questions if view.question.breakdown and view.kind == Kind.SINGLE]
    selected = [view for code in selected_codes[:2] for view in breakdowns if view.code == code]
    pairable = [view.code for view in breakdowns[:2]]
    if len(selected) == 2 and (selected[0].code == selected[1].code or {v.code for v in selected} != set(pairable)):
        # Only one pair of breakdowns is ever published as a table (see suppress_views): with three,
        # zeros shown in one table could give away cells another table hides.
        selected = selected[:1]
    people = population(survey, breakdowns)
    total = sum(people.values())
    results = Results(
        survey=survey,
        structure=structure,
        minimum=minimum,
        total=total,
        shown=total >= minimum,
        breakdowns=breakdowns,
        pairable=pairable,
        selected=selected,
        groups=[],
        figures={},
        texts={},
    )
    if not results.shown:
        return results
    codes = [view.code for view in breakdowns]
    pairs = [(pairable[0], pairable[1])] if len(pairable) == 2 else []
    views = suppress_views(people, codes, minimum, pairs=pairs)
    raw = count_figures(survey, structure, selected)
    results.groups, hidden_groups = _groups(views, breakdowns, selected, people)
    for view in structure.questions:
        by_group = raw.get(view.code, {})
        results.figures[view.code] = _gate_question(by_group, results.groups, hidden_groups, selected, minimum)
    for view in breakdowns:
        results.figures[view.code] = _gate_breakdown_question(results.figures[view.code], views.single[view.code])
    results.texts = released_texts(survey, structure, results.figures)
    if survey.previous_wave_id:
        results.previous = previous_wave_figures(survey, structure, minimum)
    return results


def _groups(
    views: Any, breakdowns: Sequence[QuestionView], selected: Sequence[QuestionView], people: dict[tuple[str, ...], int]
) -> tuple[list[Group], set[GroupKey]]:
    if not selected:
        return [Group(key=(), labels=(), people=views.total)], set()
    codes = [view.code for view in selected]
    if len(selected) == 1:
        line: Suppression[str] = views.single[codes[0]]
        keys = [o.code for o in selected[0].options] + [NO_ANSWER]
        groups = [
            Group(key=(k,), labels=(k,), people=line.shown.get(k)) for k in keys if k in line.shown or k in line.hidden
        ]
        return groups, {(k,) for k in line.hidden}
    order = [view.code for view in breakdowns]
    pair = tuple(sorted(codes, key=order.index))
    table: TableSuppression[str, str] = views.pairs[pair]
    flipped = pair != tuple(codes)
    groups = []
    hidden: set[GroupKey] = set()
    for first in [o.code for o in selected[0].options] + [NO_ANSWER]:
        for second in [o.code for o in selected[1].options] + [NO_ANSWER]:
            cell = (second, first) if flipped else (first, second)
            if cell not in table.cells.shown and cell not in table.cells.hidden:
                continue
            groups.append(Group(key=(first, second), labels=(first, second), people=table.cells.shown.get(cell)))
            if cell in table.cells.hidden:
                hidden.add((first, second))
    return groups, hidden


def _gate_question(
    by_group: dict[GroupKey, Figures],
    groups: list[Group],
    hidden_groups: set[GroupKey],
    selected: Sequence[QuestionView],
    minimum: int,
) -> dict[GroupKey, Figures | None]:
    if not selected:
        overall = by_group.get(())
        return {(): overall if overall is not None and overall.answerers >= minimum else None}
    keys = [group.key for group in groups]
    counts = {key: by_group[key].answerers if key in by_group else 0 for key in keys}
    if len(selected) == 1:
        line = suppress(counts, minimum, withhold=[key for key in hidden_groups if key in counts])
        return {key: by_group.get(key) if line.is_shown(key) and counts[key] else None for key in keys}
    cells: dict[tuple[str, str], int] = {(str(key[0]), str(key[1])): counts[key] for key in keys}  # type: ignore[index]
    table = suppress_table(cells, minimum, withhold=[cell for cell in cells if cell in hidden_groups])
    return {
        key: by_group.get(key) if table.cells.is_shown(cell) and count else None
        for key, (cell, count) in zip(keys, cells.items(), strict=True)
    }


def _gate_breakdown_question(
    gated: dict[GroupKey, Figures | None], line: Suppression[str]
) -> dict[GroupKey, Figures | None]:
    """A breakdown question's answers are the sizes of the groups it defines, so they are published
    only as the gate publishes those groups (`line`, the breakdown's protected line of people).

    Overall, an answer whose group is hidden is withheld; if the group who did not answer is hidden,
    the whole question is, since its number of answerers would give that group away. By group, its
    answers would be a table of two breakdowns, which only the protected table of people per group
    may publish: withheld."""
    if list(gated) != [()]:
        return dict.fromkeys(gated)
    overall = gated[()]
    if overall is None or not line.hidden:
        return gated
    if NO_ANSWER in line.hidden:
        return {(): None}
    withheld = frozenset(str(code) for code in line.hidden)
    counts = {code: count for code, count in overall.counts.items() if code not in withheld}
    return {(): replace(overall, counts=counts, withheld=withheld)}


def released_texts(
    survey: Survey, structure: Structure, figures: dict[str, dict[GroupKey, Figures | None]]
) -> dict[str, list[str]]:
    """Released free texts of the questions whose overall figures may be shown, in a random order
    (the database's), never in the order they came in."""
    codes = [
        view.code
        for view in structure.questions
        if view.kind in TEXT_KINDS and figures.get(view.code, {}).get(()) is not None
    ]
    texts: dict[str, list[str]] = defaultdict(list)
    rows = TextAnswer.objects.filter(question__survey=survey, question__code__in=codes, status=TextStatus.RELEASED)
    for code, text in rows.order_by("id").values_list("question__code", "released_text"):
        texts[code].append(text)
    return dict(texts)


def previous_wave_figures(survey: Survey, structure: Structure, minimum: int) -> dict[str, Figures]:
    previous = survey.previous_wave
    if previous is None or previous.organisation_id != survey.organisation_id:
        return {}
    previous_structure = structure_of(previous)
    if sum(population(previous, []).values()) < minimum:
        return {}
    raw = count_figures(previous, previous_structure, [])
    codes = {view.code for view in structure.questions if view.kind not in TEXT_KINDS and view.kind not in CHOICE_KINDS}
    return {
        code: by_group[()]
        for code, by_group in raw.items()
        if code in codes and () in by_group and by_group[()].answerers >= minimum
    }
