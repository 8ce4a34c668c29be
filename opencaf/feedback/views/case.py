"""The page of one external feedback case, for everyone with access to it (the organisation, the
organiser, the case's external feedback actors): where the case stands, then one section per part of
the work, each shown to whom it concerns. A part's section is `feedback/case/_<part>.html` with the
variables its `selectors/case_<part>.context(access)` returns."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.feedback.access import case_access
from opencaf.feedback.selectors import case_application, case_organiser, case_report, case_scoring


@login_required
@require_GET
def case_page(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = case_access(request.user, case_id)
    if access.must_declare and not (access.member or access.coordinator):
        # An actor who has not declared their interests sees nothing of the case before they do.
        return redirect("feedback:declare", case_id=access.case.public_id)
    context = {"access": access, "case": access.case}
    for part in (case_application, case_organiser, case_scoring, case_report):
        context.update(part.context(access))
    return render(request, "feedback/case/page.html", context)
