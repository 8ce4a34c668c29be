"""The good-practice library: a network's library for the members of its organisations and its
coordinators (its own practices and every public one), and the public library for everyone (the
practices published to the public). Both search words and filter by subcriterion, type of
organisation, country and language, with a GET form whose address can be shared and bookmarked."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.community.library_forms import LibrarySearchForm
from opencaf.community.permissions.practices import network_reader
from opencaf.community.selectors import library as selectors


def _search_form(request: HttpRequest) -> LibrarySearchForm:
    # Only the form's own fields bind it: `?page=2` alone is no search (and shows no "not understood").
    asked = {name: value for name, value in request.GET.items() if name in LibrarySearchForm.base_fields}
    return LibrarySearchForm(asked or None, subcriteria=selectors.subcriterion_choices())


def _results_context(request: HttpRequest, form: LibrarySearchForm, page: Any, entries: Any) -> dict[str, Any]:
    return {
        "form": form,
        "searched": form.is_bound,
        "page": page,
        "entries": entries,
    }


@login_required
@require_safe
def library(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    reader = network_reader(request.user, network_id)
    network = reader.network
    form = _search_form(request)
    page, entries = selectors.network_library_page(
        network, form.search(), translation.get_language(), request.GET.get("page")
    )
    context = {
        "network": network,
        "is_coordinator": reader.is_coordinator,
        # A member has no tabs here (they are the organisation's): the way back is a link to it.
        "own_organisation": reader.organisations[0] if reader.organisations and not reader.is_coordinator else None,
        **_results_context(request, form, page, entries),
    }
    return render(request, "community/library/library.html", context)


@require_safe
def public_library(request: HttpRequest) -> HttpResponse:
    form = _search_form(request)
    page, entries = selectors.public_library_page(form.search(), translation.get_language(), request.GET.get("page"))
    return render(request, "community/library/public_library.html", _results_context(request, form, page, entries))
