"""The consensus workspace, one subcriterion at a time, the projector view and the results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.assessments import selectors, services
from opencaf.assessments.forms import ENTRY_LABELS, ConsensusForm
from opencaf.assessments.subcriterion_links import links_for
from opencaf.assessments.views.common import add_service_errors, assessment_access, get_subcriterion, require
from opencaf.assessments.views.individual import band_for, evidence_context
from opencaf.core.numbers import FixedPoint

NO_VALUE = "—"


@dataclass(frozen=True)
class WorkspaceLine:
    """One row of the workspace table with its cells ready to print: the template shows 28 such rows
    and per-cell filters and conditions there were most of the page's rendering time."""

    url: str
    code: str
    title: str
    count: int
    median: str
    range: str
    stdev: str
    decided: bool
    score: int | None


def _workspace_lines(items: list[selectors.WorkspaceRow], workspace_url: str) -> list[WorkspaceLine]:
    number = FixedPoint()
    lines = []
    for item in items:
        spread = item.spread
        sub = item.subcriterion
        lines.append(
            WorkspaceLine(
                # One reverse() for the page, not one per row: an item's address is the workspace's plus its code.
                url=f"{workspace_url}{sub.code}/",
                code=sub.code,
                title=sub.title,
                count=spread.count if spread else 0,
                median=number(spread.median, 1) if spread else NO_VALUE,
                range=f"{number(spread.minimum, 0)}–{number(spread.maximum, 0)}" if spread else NO_VALUE,
                stdev=number(spread.stdev, 1) if spread else NO_VALUE,
                decided=item.decided,
                score=item.score,
            )
        )
    return lines


@login_required
def workspace(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    require(access.can_view_consensus)
    items = selectors.workspace_summary(assessment)
    decided = sum(1 for item in items if item.decided)
    workspace_url = reverse("assessments:consensus", args=[assessment.organisation.public_id, assessment.public_id])
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "items": items,
        "lines": _workspace_lines(items, workspace_url),
        "decided": decided,
        **access.flags,
    }
    return render(request, "assessments/workspace.html", context)


def _consensus_initial(item: selectors.SubcriterionWorkspace) -> dict[str, Any]:
    record = item.consensus
    if record is not None and record.is_decided:
        entries = [(entry.kind, entry.text) for entry in record.entries.all()]
        initial = ConsensusForm.initial_values(record.score, record.dimension_scores, entries)
        initial.update(rationale=record.rationale, not_assessed_reason=record.not_assessed_reason)
    else:
        # Nothing recorded yet: start from the median and the folded individual entries.
        folded = [(kind, entry.text) for kind, items in item.entries.items() for entry in items]
        initial = ConsensusForm.initial_values(item.suggestion, item.suggested_dimensions, folded)
    initial["version"] = record.version if record else 0
    return initial


def _individual_rows(item: selectors.SubcriterionWorkspace, dimension_titles: list[str]) -> list[dict[str, Any]]:
    """The assessors' table ready to print. With 30 assessors, nested loops over the dimension cells
    and attribute lookups on each score were the page's largest template cost: rows are plain dicts
    (the quickest lookup for templates) and each row's cells are printed here, the dimension cells
    and the score, each naming its column (data-label) for the stacked table on a phone."""
    titles = [escape(title) for title in dimension_titles]  # once per page, not once per cell
    score_label = escape(_("Score"))
    cannot_judge = escape(_("cannot judge"))
    not_scored = f'<span class="text-body-secondary">{escape(_("not scored"))}</span>'
    rows = []
    for person in item.individuals:
        cells = "".join(
            f'<td class="text-end" data-label="{title}">{"" if value is None else escape(value)}</td>'
            for title, value in zip(titles, person.dimension_cells, strict=True)
        )
        score = person.score
        shown: str
        if score is not None and score.cannot_judge:
            shown = cannot_judge
        elif score is not None and score.score is not None:
            shown = f"<strong>{score.score}</strong>"
        else:
            shown = not_scored
        cells += f'<td class="text-end" data-label="{score_label}">{shown}</td>'
        rows.append({"label": person.label, "cells": mark_safe(cells)})  # every value escaped above
    return rows


@login_required
def consensus_item(request: AuthenticatedRequest, org_id: str, assessment_id: str, code: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    require(access.can_view_consensus)
    subcriterion = get_subcriterion(assessment, code)
    panel = selectors.panel_for(assessment, subcriterion)
    dimensions = list(panel.dimensions.all())
    item = selectors.consensus_item(assessment, subcriterion, [dimension.code for dimension in dimensions])
    access.learn_seat_holders(item.seat_holders)
    allowed = access.flags
    form = ConsensusForm(request.POST or None, initial=_consensus_initial(item), panel=panel)
    stale = None
    status = 200
    if request.method == "POST":
        require(allowed["can_edit_consensus"])
        if form.is_valid():
            score, dimension_scores = form.score_input()
            try:
                services.record_consensus(
                    actor=request.user,
                    assessment=assessment,
                    subcriterion=subcriterion,
                    expected_version=form.cleaned_data["version"],
                    score=score,
                    dimension_scores=dimension_scores,
                    not_assessed_reason=form.cleaned_data["not_assessed_reason"],
                    rationale=form.cleaned_data["rationale"],
                    entries=form.entries(),
                )
            except services.StaleConsensusError as conflict:
                # Keep what this person typed; show what the other person saved beside it.
                stale = conflict.current
                form.add_error(
                    None,
                    _(
                        "Someone else saved this subcriterion while you were editing. Your text is kept below; "
                        "compare it with the saved version and save again."
                    ),
                )
                data = request.POST.copy()
                data["version"] = str(stale.version)
                form.data = data
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
                status = 422
            else:
                messages.success(request, _("Consensus on %(code)s has been recorded.") % {"code": subcriterion.code})
                return redirect(
                    "assessments:consensus",
                    org_id=assessment.organisation.public_id,
                    assessment_id=assessment.public_id,
                )
        else:
            status = 422
    bands = list(panel.bands.all())
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "subcriterion": subcriterion,
        "item": item,
        "individual_rows": _individual_rows(item, [dimension.title for dimension in dimensions]),
        "panel": panel,
        "dimensions": dimensions,
        "bands": bands,
        "suggested_band": band_for(bands, item.suggestion),
        "form": form,
        "stale": stale,
        "decisions": selectors.decisions(item.consensus),
        "entry_kinds": list(ENTRY_LABELS.items()),
        **evidence_context(access, subcriterion),
        "subcriterion_links": links_for(request.user, assessment, subcriterion.code),
        **allowed,
    }
    return render(request, "assessments/consensus_item.html", context, status=status)


@login_required
def meeting(request: AuthenticatedRequest, org_id: str, assessment_id: str, code: str) -> HttpResponse:
    """A large-type view for the projector in the consensus meeting, in divergence order."""
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    require(access.can_view_consensus)
    subcriterion = get_subcriterion(assessment, code)
    items = selectors.workspace_summary(assessment)  # the meeting's order
    index = next(i for i, item in enumerate(items) if item.subcriterion.pk == subcriterion.pk)
    current = selectors.consensus_item(assessment, subcriterion, [])
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "item": current,
        "previous": items[index - 1] if index > 0 else None,
        "next": items[index + 1] if index + 1 < len(items) else None,
        "position": index + 1,
        "count": len(items),
        "entry_kinds": list(ENTRY_LABELS.items()),
    }
    return render(request, "assessments/meeting.html", context)


@login_required
def results(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    require(access.can_view_results)
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "sheet": selectors.score_sheet(assessment),
        **access.flags,
    }
    return render(request, "assessments/results.html", context)
