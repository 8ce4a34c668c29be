"""Shared indicator definition pages. For a network's coordinators: the network's set, a form to
write or change a draft, publishing (one or every draft) and withdrawing, each asked first, and
adding the starter library. For an organisation: its network's published set, what it adopted, and
an "Adopt" button for those who keep its indicators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.frameworks.models import FrameworkVersion
from opencaf.frameworks.selectors import structure_of
from opencaf.indicators import definition_services as services
from opencaf.indicators.definition_forms import DefinitionForm
from opencaf.indicators.definition_selectors import (
    definitions_of,
    get_definition_for_coordinator,
    get_published_definition,
    shared_set_for,
)
from opencaf.indicators.library import starter_library
from opencaf.indicators.models import DefinitionStatus, SharedDefinition
from opencaf.indicators.permissions import can_manage_indicators
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Network
from opencaf.organisations.permissions import get_network_for_coordinator, get_organisation_for_staff, require

LIST = "indicators:definitions"


def _language() -> str:
    return get_language() or "en"


def _subcriteria() -> list[Any]:
    framework = FrameworkVersion.objects.order_by("-version").first()
    return list(structure_of(framework).subcriteria) if framework is not None else []


def _shown(definition: SharedDefinition) -> dict[str, Any]:
    """A definition as the pages show it: in the reader's language, else English, else any."""
    return {
        "definition": definition,
        "name": definition.name_in(_language()),
        "text": text_in(definition.definition, _language(), "en"),
    }


def _to_list(network: Network) -> HttpResponse:
    return redirect(LIST, network_id=network.public_id)


# --- the network's set, for its coordinators ------------------------------------------------------


@login_required
def network_definitions(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = get_network_for_coordinator(request.user, network_id)
    definitions = list(definitions_of(network))
    codes = {definition.code for definition in definitions}
    context = {
        "network": network,
        "rows": [_shown(definition) for definition in definitions],
        "drafts": sum(definition.status == DefinitionStatus.DRAFT for definition in definitions),
        "library_missing": sum(entry.code not in codes for entry in starter_library()),
    }
    return render(request, "indicators/definitions/network_list.html", context)


def _form_page(request: AuthenticatedRequest, network: Network, definition: SharedDefinition | None) -> HttpResponse:
    form = DefinitionForm(request.POST or None, subcriteria=_subcriteria(), definition=definition)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if definition is None:
                    services.create_definition(actor=request.user, network=network, data=form.to_input())
                else:
                    services.update_definition(actor=request.user, definition=definition, data=form.to_input())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The draft definition has been saved."))
                return _to_list(network)
        status = 422
    context = {"network": network, "form": form, "definition": definition}
    return render(request, "indicators/definitions/form.html", context, status=status)


@login_required
def definition_new(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = get_network_for_coordinator(request.user, network_id)
    return _form_page(request, network, None)


@login_required
def definition_detail(request: AuthenticatedRequest, network_id: str, definition_id: str) -> HttpResponse:
    """A draft opens in its form; a published or withdrawn definition is shown as it stays."""
    definition = get_definition_for_coordinator(request.user, network_id, definition_id)
    if definition.status == DefinitionStatus.DRAFT:
        return _form_page(request, definition.network, definition)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    texts = [
        (code, str(name), definition.name.get(code, ""), definition.definition.get(code, ""))
        for code, name in settings.LANGUAGES
        if code in definition.name or code in definition.definition
    ]
    context = {"network": definition.network, **_shown(definition), "texts": texts}
    return render(request, "indicators/definitions/detail.html", context)


# action -> (service, confirmation, done message)
STEPS: dict[str, tuple[Callable[..., SharedDefinition], Callable[[], str], Callable[[], str]]] = {
    "publish": (
        services.publish_definition,
        lambda: _(
            "Once published, the definition is offered to every organisation of the network and does not change "
            "any more: organisations count their values by it. To correct it later, add a new definition and "
            "withdraw this one."
        ),
        lambda: _("The definition has been published."),
    ),
    "withdraw": (
        services.withdraw_definition,
        lambda: _(
            "A withdrawn definition is no longer offered to the organisations and cannot be published again. "
            "Organisations that adopted it keep their indicator and its values."
        ),
        lambda: _("The definition has been withdrawn."),
    ),
}


@login_required
def definition_step(request: AuthenticatedRequest, network_id: str, definition_id: str, action: str) -> HttpResponse:
    """Publish or withdraw one definition: GET says what it means and asks, POST does it."""
    if action not in STEPS:
        raise Http404
    definition = get_definition_for_coordinator(request.user, network_id, definition_id)
    service, confirmation, done = STEPS[action]
    if request.method != "POST":
        context = {
            "network": definition.network,
            **_shown(definition),
            "action": action,
            "confirmation": confirmation(),
            "adoption_count": definition.adoptions.count(),
        }
        return render(request, "indicators/definitions/confirm.html", context)
    try:
        service(actor=request.user, definition=definition)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done())
    return _to_list(definition.network)


@login_required
def definitions_publish(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    """Publish every draft at once, after the coordinators reviewed them: GET lists them and asks."""
    network = get_network_for_coordinator(request.user, network_id)
    if request.method != "POST":
        drafts = definitions_of(network).filter(status=DefinitionStatus.DRAFT)
        context = {"network": network, "drafts": [_shown(definition) for definition in drafts]}
        return render(request, "indicators/definitions/publish_all.html", context)
    count = services.publish_drafts(actor=request.user, network=network)
    messages.success(
        request,
        ngettext("%(count)d definition has been published.", "%(count)d definitions have been published.", count)
        % {"count": count},
    )
    return _to_list(network)


@login_required
@require_POST
def definition_library(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = get_network_for_coordinator(request.user, network_id)
    added = services.add_starter_library(actor=request.user, network=network)
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)d definition of the starter library has been added as a draft. Review it, then publish it.",
                "%(count)d definitions of the starter library have been added as drafts. Review them, then "
                "publish them.",
                len(added),
            )
            % {"count": len(added)},
        )
    else:
        messages.info(request, _("The network already has every definition of the starter library."))
    return _to_list(network)


# --- an organisation's view of its network's set -------------------------------------------------


@login_required
def shared_definitions(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    context = {
        "organisation": organisation,
        "network": organisation.network if organisation.network_id is not None else None,
        "lines": [(line, _shown(line.definition)) for line in shared_set_for(organisation)],
        "can_manage": can_manage_indicators(request.user, organisation),
    }
    return render(request, "indicators/definitions/organisation_list.html", context)


@login_required
@require_POST
def adopt_definition(request: AuthenticatedRequest, org_id: str, definition_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    require(can_manage_indicators(request.user, organisation))
    definition = get_published_definition(organisation, definition_id)
    try:
        indicator = services.adopt_definition(actor=request.user, organisation=organisation, definition=definition)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("indicators:shared_definitions", org_id=organisation.public_id)
    messages.success(
        request,
        _("The indicator has been added from the shared definition. Choose its owner and set its targets."),
    )
    return redirect("indicators:detail", org_id=organisation.public_id, indicator_id=indicator.public_id)
