"""The consensus workspace, one subcriterion at a time, the projector view and the results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.assessments import permissions, selectors, services
from opencaf.assessments.forms import ENTRY_LABELS, ConsensusForm
from opencaf.assessments.views.common import add_service_errors, assessment_for, flags, require, subcriterion_of
from opencaf.assessments.views.individual import band_for, evidence_context

ANONYMOUS = gettext_lazy("Assessor %(number)s")


def _anonymous(number: int) -> str:
    return str(ANONYMOUS) % {"number": number}


@login_required
def workspace(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    assessment = assessment_for(request, org_id, assessment_id)
    require(permissions.can_view_consensus(request.user, assessment))
    items = selectors.workspace(assessment, _anonymous, with_entries=False)
    decided = sum(1 for item in items if item.consensus is not None and item.consensus.is_decided)
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "items": items,
        "decided": decided,
        **flags(request, assessment),
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


@login_required
def consensus_item(request: AuthenticatedRequest, org_id: str, assessment_id: str, code: str) -> HttpResponse:
    assessment = assessment_for(request, org_id, assessment_id)
    require(permissions.can_view_consensus(request.user, assessment))
    subcriterion = subcriterion_of(assessment, code)
    (item,) = selectors.workspace(assessment, _anonymous, only=subcriterion)
    panel = services.panel_for(assessment, subcriterion)
    allowed = flags(request, assessment)
    form = ConsensusForm(request.POST or None, initial=_consensus_initial(item), panel=panel)
    stale = None
    status = 200
    if request.method == "POST":
        require(allowed["can_edit_consensus"])
        if form.is_valid():
            score, dimensions = form.score_input()
            try:
                services.record_consensus(
                    actor=request.user,
                    assessment=assessment,
                    subcriterion=subcriterion,
                    expected_version=form.cleaned_data["version"],
                    score=score,
                    dimension_scores=dimensions,
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
        "panel": panel,
        "bands": bands,
        "suggested_band": band_for(bands, item.suggestion),
        "form": form,
        "stale": stale,
        "decisions": selectors.decisions(item.consensus),
        "entry_kinds": list(ENTRY_LABELS.items()),
        **evidence_context(request, assessment, subcriterion),
        **allowed,
    }
    return render(request, "assessments/consensus_item.html", context, status=status)


@login_required
def meeting(request: AuthenticatedRequest, org_id: str, assessment_id: str, code: str) -> HttpResponse:
    """A large-type view for the projector in the consensus meeting, in divergence order."""
    assessment = assessment_for(request, org_id, assessment_id)
    require(permissions.can_view_consensus(request.user, assessment))
    subcriterion = subcriterion_of(assessment, code)
    items = selectors.workspace(assessment, _anonymous, with_entries=False)  # the meeting's order
    index = next(i for i, item in enumerate(items) if item.subcriterion.pk == subcriterion.pk)
    (current,) = selectors.workspace(assessment, _anonymous, only=subcriterion)
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
    assessment = assessment_for(request, org_id, assessment_id)
    require(permissions.can_view_results(request.user, assessment))
    subcriteria, records, totals = selectors.results(assessment)
    criteria: list[dict[str, Any]] = []
    for sub in subcriteria:
        if not criteria or criteria[-1]["criterion"].number != sub.criterion.number:
            criteria.append(
                {"criterion": sub.criterion, "score": totals.criteria.get(sub.criterion.number), "rows": []}
            )
        criteria[-1]["rows"].append((sub, records.get(sub.pk)))
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "criteria": criteria,
        "totals": totals,
        "total_subcriteria": len(subcriteria),
        **flags(request, assessment),
    }
    return render(request, "assessments/results.html", context)
