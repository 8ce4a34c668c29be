"""The network's external feedback procedure, for its coordinators: what it asks (rules, scale,
pillars, thresholds, every value marked with how far it is verified) and the choice of another of the
loaded procedures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.feedback.permissions import network_for_procedure
from opencaf.feedback.procedure_forms import ProcedureChoiceForm
from opencaf.feedback.selectors.procedures import loaded_procedures, procedure_of, procedure_view
from opencaf.feedback.services.procedures import choose_procedure


@login_required
@require_http_methods(["GET", "POST"])
def procedure_page(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = network_for_procedure(request.user, network_id)
    language = (translation.get_language() or "en").split("-")[0]
    procedures = loaded_procedures()
    in_use = procedure_of(network, procedures)
    current = in_use.procedure
    form = ProcedureChoiceForm(
        request.POST if request.method == "POST" else None,
        procedures=procedures,
        language=language,
        initial={"procedure": current.code if current is not None else None},
    )
    if request.method == "POST" and form.is_valid():
        procedure = form.chosen()
        try:
            choose_procedure(actor=request.user, network=network, procedure=procedure)
        except PermissionDenied as error:  # no longer a coordinator since the page was read
            raise Http404 from error
        if in_use.chosen and current is not None and current.code == procedure.code:
            messages.info(request, _("Nothing has changed: the network already applies this procedure."))
        else:
            messages.success(
                request,
                _("The network's organisations now apply for external feedback under %(procedure)s.")
                % {"procedure": procedure.name(language)},
            )
        return redirect("feedback:procedure", network_id=network.public_id)
    context = {
        "network": network,
        "in_use": in_use,
        "view": procedure_view(current, language) if current is not None else None,
        "default_is_national": current is not None and bool(current.country) and current.country == network.country,
        "procedures": procedures,
        "form": form,
    }
    return render(request, "feedback/procedure.html", context, status=422 if form.errors else 200)
