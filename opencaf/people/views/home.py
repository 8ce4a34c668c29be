"""The organisation's People page: what each person may do here, section by section. Each part of the
app (the model, reviews, selection, talent, involvement) gives its section from its selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.people.selectors import engagement, model, reviews, selection, talent
from opencaf.people.views.common import access_for_request, page_context


@login_required
@require_GET
def people_home(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    context = page_context(
        access,
        model_section=model.home_section(access),
        reviews_section=reviews.home_section(access),
        selection_section=selection.home_section(access),
        talent_section=talent.home_section(access),
        engagement_section=engagement.home_section(access),
    )
    return render(request, "people/home.html", context)
