"""Individual assessment: the member's own overview and the scoring page that saves as they type."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.assessments import selectors, services
from opencaf.assessments.forms import IndividualForm
from opencaf.assessments.models import IndividualScore, Seat
from opencaf.assessments.permissions import AssessmentAccess
from opencaf.assessments.subcriterion_figures import figures_for
from opencaf.assessments.subcriterion_links import links_for
from opencaf.assessments.views.common import add_service_errors, assessment_access, get_subcriterion
from opencaf.assessments.views.evidence import UPLOAD_PREFIX, EvidenceRow
from opencaf.evidence.forms import EvidenceFileOrLinkForm
from opencaf.evidence.permissions import can_add_evidence
from opencaf.evidence.selectors import register_choices
from opencaf.frameworks.models import PanelBand, Subcriterion


def _my_seat(access: AssessmentAccess) -> Seat:
    seats = access.seats
    if not seats:
        raise Http404  # only members of a group have individual input
    return seats[0]


@login_required
def my_input(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    seat = _my_seat(access)
    subcriteria = selectors.subcriteria_of(assessment)
    scores = selectors.my_scores(seat)
    rows = [(sub, scores.get(sub.pk)) for sub in subcriteria]
    done = sum(1 for _sub, score in rows if score is not None and score.is_complete)
    per_criterion: dict[int, list[int]] = {}
    for sub, score in rows:
        counts = per_criterion.setdefault(sub.criterion.number, [0, 0])
        counts[0] += 1 if score is not None and score.is_complete else 0
        counts[1] += 1
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "rows": [(sub, score, per_criterion[sub.criterion.number]) for sub, score in rows],
        "done": done,
        "total": len(rows),
        "percent": round(100 * done / len(rows)) if rows else 0,
        **access.flags,
    }
    return render(request, "assessments/my_input.html", context)


def _initial(score: IndividualScore | None) -> dict[str, Any]:
    if score is None:
        return {}
    entries = [(entry.kind, entry.text) for entry in score.entries.all()]
    initial = IndividualForm.initial_values(score.score, score.dimension_scores, entries)
    initial["cannot_judge"] = score.cannot_judge
    return initial


def band_for(bands: list[PanelBand], value: int | None) -> PanelBand | None:
    if value is None:
        return None
    return next((band for band in bands if band.min_score <= value <= band.max_score), None)


def _neighbours(subcriteria: list[Subcriterion], current: Subcriterion) -> tuple[Any, Any]:
    index = next(i for i, sub in enumerate(subcriteria) if sub.pk == current.pk)
    previous = subcriteria[index - 1] if index > 0 else None
    following = subcriteria[index + 1] if index + 1 < len(subcriteria) else None
    return previous, following


@login_required
def score_subcriterion(request: AuthenticatedRequest, org_id: str, assessment_id: str, code: str) -> HttpResponse:
    """The scoring page. htmx posts the form as the member types and swaps in the save status."""
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    seat = _my_seat(access)
    subcriterion = get_subcriterion(assessment, code)
    panel = selectors.panel_for(assessment, subcriterion)
    existing = selectors.my_input_on(seat, subcriterion)
    editable = access.can_score(seat)
    form = IndividualForm(request.POST or None, initial=_initial(existing), panel=panel)
    saved_at = None
    status = 200
    if request.method == "POST":
        if not editable:
            form.add_error(None, ValidationError(_closed_message()))
            status = 409
        elif form.is_valid():
            score, dimensions = form.score_input()
            try:
                existing = services.save_individual(
                    actor=request.user,
                    seat=seat,
                    subcriterion=subcriterion,
                    score=score,
                    dimension_scores=dimensions,
                    cannot_judge=form.cleaned_data["cannot_judge"],
                    entries=form.entries(),
                )
                saved_at = timezone.localtime()
            except ValidationError as error:
                add_service_errors(form, error)
                status = 422
        else:
            status = 422
    bands = list(panel.bands.all())
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "subcriterion": subcriterion,
        "panel": panel,
        "bands": bands,
        "current_band": band_for(bands, existing.score if existing else None),
        "individual": existing,
        "form": form,
        "editable": editable,
        "saved_at": saved_at,
        "neighbours": _neighbours(selectors.subcriteria_of(assessment), subcriterion),
        **evidence_context(access, subcriterion),
    }
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only successful responses: the partial carries any errors itself.
        return render(request, "assessments/_save_status.html", context)
    # Only on the full page: the autosave partial shows none of it.
    context["subcriterion_links"] = links_for(request.user, assessment, subcriterion.code)
    return render(request, "assessments/score.html", context, status=status)


# Every scoring and consensus page offers the upload form blank (one sent with mistakes comes back on
# the evidence view's own page): its fields are the same for everybody in a language, so they are
# printed once per process and language rather than on each page.
_BLANK_UPLOAD_FIELDS: dict[str, SafeString] = {}


def blank_upload_fields() -> SafeString:
    language = get_language() or settings.LANGUAGE_CODE
    fields = _BLANK_UPLOAD_FIELDS.get(language)
    if fields is None:
        form = EvidenceFileOrLinkForm(prefix=UPLOAD_PREFIX)
        # A template's output: escaped already, and marked safe by render_to_string.
        fields = _BLANK_UPLOAD_FIELDS[language] = render_to_string("core/_form_fields.html", {"form": form})
    return fields


def evidence_context(access: AssessmentAccess, subcriterion: Subcriterion) -> dict[str, Any]:
    """The evidence attached here that this person may see, and what else of the register could be
    attached. During individual assessment an assessor sees their own links and the shared ones
    (carried over, attached by a leader), never another assessor's."""
    assessment = access.assessment
    rows: list[EvidenceRow] = []
    shown: set[int] = set()
    for link in selectors.evidence_of(assessment, subcriterion):
        # Two assessors may each have attached the same item: it shows once.
        if link.evidence_id in shown or not access.can_see_evidence(link):
            continue
        shown.add(link.evidence_id)
        private = link.individual and not access.consensus_opened
        rows.append(EvidenceRow(link, access.can_remove_evidence(link), private))
    can_attach = access.can_attach_evidence
    choices = (
        [item for item in register_choices(assessment.organisation) if item["pk"] not in shown] if can_attach else []
    )
    can_upload = can_attach and can_add_evidence(access.user, assessment.organisation)
    return {
        "subcriterion_figures": figures_for(assessment, subcriterion.code),
        "evidence_rows": rows,
        "evidence_choices": choices,
        "can_attach_evidence": can_attach,
        "evidence_upload_fields": blank_upload_fields() if can_upload else "",
        "evidence_private_note": can_attach and access.attaches_individually,
    }


def _closed_message() -> str:
    from django.utils.translation import gettext

    return gettext("Individual assessment is closed; your input can no longer be changed.")
