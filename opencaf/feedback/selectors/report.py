"""Reading the feedback report of a case: who may read it, the procedure's pillars with the agreed
scores, totals and thresholds beside the EFACs' findings, what is still missing before the lead actor
may finalise it, its documents, and everything the PDF and DOCX print (`document_content`).

The report itself (`FeedbackReport`) is written by the case's external feedback actors
(access.can_write_report) and finalised by the lead; the organiser reads it at any time, the
organisation's members once the case is decided and the report final."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from opencaf.feedback import scoring
from opencaf.feedback.access import CaseAccess
from opencaf.feedback.models import AgreedScore, CaseActor, Declaration, FeedbackCase, FeedbackReport
from opencaf.feedback.models import FeedbackReportDocument as Document

FINDINGS = ("strengths", "areas")  # what the report says per pillar


def _language(language: str | None) -> str:
    return (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _text(texts: Any, language: str) -> str:
    if not isinstance(texts, Mapping):
        return str(texts or "")
    return str(texts.get(language) or texts.get("en") or "")


# --- who may read ----------------------------------------------------------------------------------


def report_of(case: FeedbackCase) -> FeedbackReport | None:
    return FeedbackReport.objects.filter(case=case).first()


def can_read_report(access: CaseAccess, report: FeedbackReport | None) -> bool:
    """The actors and the organiser always; the organisation's members once the case is decided and
    the report final (never the EFACs' drafts)."""
    if access.actor or access.coordinator:
        return True
    return access.can_see_scores and report is not None and report.finalised_at is not None


# --- scores against the procedure ---------------------------------------------------------------------


@dataclass(frozen=True)
class Unmet:
    """A fixed bar of the procedure the agreed scores do not reach."""

    pillars: list[int]
    minimum: int
    total: int
    question: str = ""  # a question's own minimum, else a threshold on a pillar total


@dataclass(frozen=True)
class Evaluation:
    totals: dict[int, int]  # pillar number -> sum of its agreed scores
    maxima: dict[int, int]  # pillar number -> the highest total the scale allows
    missing: list[str]  # question codes without an agreed score
    unmet: list[Unmet]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def meets_thresholds(self) -> bool:
        return not self.unmet


def evaluate(definition: Mapping[str, Any], scores: Mapping[str, int]) -> Evaluation:
    """The pillar totals of the agreed scores and the fixed bars they miss (the arithmetic is
    scoring.evaluate's): every threshold with a minimum total (one without is the organiser's
    judgement) and every question's own minimum. Questions without a score count as missing, not zero."""
    weighed = scoring.evaluate(definition, scores)
    unmet = [
        Unmet(list(result.pillars), result.minimum or 0, result.total)
        for result in weighed.thresholds
        if result.met is False
    ]
    unmet += [
        Unmet([_pillar_of(definition, item.code)], item.minimum, item.score, question=item.code)
        for item in weighed.below_minimum
    ]
    return Evaluation(
        totals={pillar.number: pillar.total for pillar in weighed.pillars},
        maxima={pillar.number: pillar.maximum for pillar in weighed.pillars},
        missing=list(weighed.missing),
        unmet=unmet,
    )


def _pillar_of(definition: Mapping[str, Any], code: str) -> int:
    for pillar in definition.get("pillars") or []:
        if any(str(question["code"]) == code for question in pillar.get("questions") or []):
            return int(pillar["number"])
    return 0


def agreed_scores(case: FeedbackCase) -> dict[str, int]:
    return dict(AgreedScore.objects.filter(case=case).values_list("question", "score"))


def pillars_name(numbers: list[int]) -> str:
    """ "Pillar 3", "Pillars 1 and 2", in the active language."""
    listed = get_text_list([str(number) for number in numbers], pgettext("list of numbers", "and"))
    return ngettext("Pillar %(pillars)s", "Pillars %(pillars)s", len(numbers)) % {"pillars": listed}


def missing_for_finalising(
    definition: Mapping[str, Any], findings: Mapping[str, Any], scores: Mapping[str, int]
) -> list[str]:
    """What the lead actor must still see written before finalising, in the active language: each
    pillar's strengths and areas for improvement, and an agreed score for every question."""
    missing: list[str] = []
    for pillar in definition.get("pillars") or []:
        number = int(pillar["number"])
        written = findings.get(str(number)) or {}
        if not str(written.get("strengths") or "").strip():
            missing.append(_("the strengths of pillar %(number)d") % {"number": number})
        if not str(written.get("areas") or "").strip():
            missing.append(_("the areas for improvement of pillar %(number)d") % {"number": number})
    codes = evaluate(definition, scores).missing
    if codes:
        missing.append(
            _("an agreed score for question(s) %(codes)s")
            % {"codes": get_text_list(codes, pgettext("list of numbers", "and"))}
        )
    return missing


# --- the report as pages and documents show it -------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRow:
    code: str
    title: str
    score: int | None
    score_label: str  # the scale's word for the score
    minimum: int | None
    below_minimum: bool


@dataclass(frozen=True)
class PillarRow:
    number: int
    title: str
    questions: list[QuestionRow]
    total: int
    maximum: int
    strengths: str
    areas: str


@dataclass(frozen=True)
class ThresholdRow:
    name: str  # "Pillars 1 and 2", in the active language
    minimum_total: int | None  # none: the organiser decides without a fixed threshold
    total: int
    met: bool | None


@dataclass(frozen=True)
class ActorRow:
    name: str
    lead: bool


@dataclass
class ReportContent:
    """Everything the report prints, in one language."""

    language: str
    organisation: str
    assessment: str
    procedure: str
    label_name: str
    network: str
    actors: list[ActorRow]
    visit_starts_at: datetime | None
    visit_ends_at: datetime | None
    visit_place: str
    pillars: list[PillarRow]
    thresholds: list[ThresholdRow]
    summary: str
    finalised_at: datetime | None
    scale_min: int
    scale_max: int
    scale: list[tuple[int, str]] = field(default_factory=list)
    evaluation: Evaluation | None = None

    @property
    def grand_total(self) -> int:
        return sum(pillar.total for pillar in self.pillars)

    @property
    def grand_maximum(self) -> int:
        return sum(pillar.maximum for pillar in self.pillars)


def _scale(definition: Mapping[str, Any], language: str) -> dict[int, str]:
    labels = definition["scale"].get("labels") or {}
    return {int(point): _text(label, language) for point, label in labels.items()}


def pillar_rows(
    definition: Mapping[str, Any],
    findings: Mapping[str, Any],
    scores: Mapping[str, int],
    language: str | None = None,
    evaluation: Evaluation | None = None,
) -> list[PillarRow]:
    language = _language(language)
    evaluation = evaluation or evaluate(definition, scores)
    words = _scale(definition, language)
    rows = []
    for pillar in definition.get("pillars") or []:
        number = int(pillar["number"])
        questions = []
        for question in pillar.get("questions") or []:
            code = str(question["code"])
            score = scores.get(code)
            minimum = question.get("minimum")
            questions.append(
                QuestionRow(
                    code=code,
                    title=_text(question.get("title"), language),
                    score=score,
                    score_label=words.get(score, "") if score is not None else "",
                    minimum=int(minimum) if minimum is not None else None,
                    below_minimum=score is not None and minimum is not None and score < int(minimum),
                )
            )
        written = findings.get(str(number)) or {}
        rows.append(
            PillarRow(
                number=number,
                title=_text(pillar.get("title"), language),
                questions=questions,
                total=evaluation.totals.get(number, 0),
                maximum=evaluation.maxima.get(number, 0),
                strengths=str(written.get("strengths") or ""),
                areas=str(written.get("areas") or ""),
            )
        )
    return rows


def threshold_rows(definition: Mapping[str, Any], evaluation: Evaluation) -> list[ThresholdRow]:
    rows = []
    for threshold in definition.get("thresholds") or []:
        numbers = [int(number) for number in threshold.get("pillars") or []]
        minimum = threshold.get("minimum_total")
        total = sum(evaluation.totals.get(number, 0) for number in numbers)
        rows.append(
            ThresholdRow(
                name=pillars_name(numbers),
                minimum_total=int(minimum) if minimum is not None else None,
                total=total,
                met=None if minimum is None else total >= int(minimum),
            )
        )
    return rows


def actor_rows(case: FeedbackCase) -> list[ActorRow]:
    """The case's actors who work on it (declared no conflict), the lead first."""
    assignments = CaseActor.objects.filter(case=case, declaration=Declaration.NO_CONFLICT).select_related("actor__user")
    return [ActorRow(name=item.actor.user.display_name, lead=item.lead) for item in assignments]


def document_content(report: FeedbackReport, language: str) -> ReportContent:
    """The report as its documents print it, in `language` (three queries)."""
    case = report.case
    definition = case.procedure.definition
    scores = agreed_scores(case)
    evaluation = evaluate(definition, scores)
    with translation.override(language):
        thresholds = threshold_rows(definition, evaluation)
    return ReportContent(
        language=language,
        organisation=case.organisation.name,
        assessment=case.assessment.title,
        procedure=case.procedure.name(language),
        label_name=case.procedure.label_name(language),
        network=case.network.name,
        actors=actor_rows(case),
        visit_starts_at=case.visit_starts_at,
        visit_ends_at=case.visit_ends_at,
        visit_place=case.visit_place,
        pillars=pillar_rows(definition, report.pillars, scores, language, evaluation),
        thresholds=thresholds,
        summary=report.summary,
        finalised_at=report.finalised_at,
        scale_min=int(definition["scale"]["min"]),
        scale_max=int(definition["scale"]["max"]),
        scale=sorted(_scale(definition, language).items()),
        evaluation=evaluation,
    )


def report_fingerprint(report: FeedbackReport) -> str:
    """What the documents print, as a digest: a request identical to an earlier one reuses its document."""
    case = report.case
    scores = sorted(AgreedScore.objects.filter(case=case).values_list("question", "score", "version"))
    actors = [(row.name, row.lead) for row in actor_rows(case)]
    source = {
        "report": [report.version, report.pillars, report.summary, _iso(report.finalised_at)],
        "scores": scores,
        "actors": actors,
        "case": [case.organisation.name, case.assessment.title, _iso(case.visit_starts_at), case.visit_place],
        "procedure": case.procedure.digest,
    }
    return hashlib.sha256(json.dumps(source, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _iso(value: date | datetime | None) -> str:
    return value.isoformat() if value is not None else ""


# --- documents ---------------------------------------------------------------------------------------


LATEST_DOCUMENTS = 10


def latest_documents(report: FeedbackReport) -> list[Document]:
    return list(Document.objects.filter(report=report).order_by("-requested_at")[:LATEST_DOCUMENTS])


def document_filename(document: Document, organisation_name: str) -> str:
    """ "Feedback report <organisation>-<language>.<format>", the words in the document's language."""
    with translation.override(document.language):
        title = _("Feedback report") + " " + organisation_name
    return document.download_name(title, document.format)


def languages() -> list[tuple[str, str]]:
    """The languages a document may be written in, each by its own name."""
    names: Mapping[str, str] = getattr(settings, "LANGUAGE_SELF_NAMES", {})
    return [(code, names.get(code, str(name))) for code, name in settings.LANGUAGES]


def document_language(case: FeedbackCase) -> str:
    """The organisation's language, the documents' default."""
    codes = {code for code, _name in settings.LANGUAGES}
    for language in (case.organisation.default_language, case.network.default_language):
        if language in codes:
            return language
    return settings.LANGUAGE_CODE
