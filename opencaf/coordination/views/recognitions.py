"""Recognition pages: the network's coordinators keep its schemes (levels and checklists), give awards
per year, change and withdraw them and download their certificates; anyone reads the public list of
recognised organisations; an organisation's members see its awards and download their certificates,
which are printed in the organisation's language."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.coordination import recognition_certificates as certificates
from opencaf.coordination import stage_facts
from opencaf.coordination.models import Award, RecognitionScheme
from opencaf.coordination.permissions import coordinated_network
from opencaf.coordination.recognition_forms import (
    LANGUAGES,
    AwardEditForm,
    AwardFilterForm,
    AwardForm,
    BaseLevelFormSet,
    LevelChoiceForm,
    SchemeForm,
    WithdrawForm,
    level_formset,
    posted_rows,
    reshaped,
)
from opencaf.coordination.selectors import recognitions as selectors
from opencaf.coordination.selectors.recognitions import name_in
from opencaf.coordination.services import recognitions as services
from opencaf.core.forms import add_service_errors
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import (
    can_view_members,
    can_view_organisation_audit,
    get_organisation_for_member,
    roles_in,
)


def _scheme(request: AuthenticatedRequest, network_id: str, scheme_id: str) -> RecognitionScheme:
    return selectors.get_scheme(coordinated_network(request.user, network_id), scheme_id)


def _award(request: AuthenticatedRequest, network_id: str, award_id: str) -> Award:
    return selectors.get_award(coordinated_network(request.user, network_id), award_id)


def _to_list(network: Network, scheme: RecognitionScheme | None = None) -> HttpResponse:
    url = reverse("coordination:recognitions", args=[network.public_id])
    return redirect(f"{url}#scheme-{scheme.public_id}" if scheme is not None else url)


def _to_award(award: Award) -> HttpResponse:
    return redirect("coordination:award", network_id=award.level.scheme.network.public_id, award_id=award.public_id)


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _award_row(award: Award) -> dict[str, Any]:
    network = award.level.scheme.network
    return {
        "award": award,
        "level_name": name_in(award.level.name, network),
        "scheme_name": name_in(award.level.scheme.name, network),
    }


# --- the coordinator's pages ------------------------------------------------------------------------------


@login_required
@require_GET
def recognitions(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    schemes = selectors.schemes_of(network)
    choices = [(str(scheme.public_id), name_in(scheme.name, network)) for scheme in schemes]
    filters = AwardFilterForm(request.GET or None, years=selectors.award_years(network), schemes=choices)
    year, chosen = None, None
    if filters.is_valid():
        year = filters.cleaned_data["year"]
        chosen = next((s for s in schemes if str(s.public_id) == filters.cleaned_data["scheme"]), None)
    by_year: list[tuple[int, list[dict[str, Any]]]] = []
    for award in selectors.awards_of(network, year=year, scheme=chosen):
        if not by_year or by_year[-1][0] != award.year:
            by_year.append((award.year, []))
        by_year[-1][1].append(_award_row(award))
    rows = [
        {
            "scheme": scheme,
            "name": name_in(scheme.name, network),
            "description": name_in(scheme.description, network),
            "levels": [
                {
                    "level": level,
                    "name": name_in(level.name, network),
                    "criteria": [name_in(item, network) for item in level.criteria or []],
                }
                for level in scheme.levels.all()
            ],
        }
        for scheme in schemes
    ]
    context = {
        "network": network,
        "schemes": rows,
        "filters": filters,
        "filtered": year is not None or chosen is not None,
        "by_year": by_year,
        "has_public_list": selectors.has_published(network),
    }
    return render(request, "coordination/recognitions/list.html", context)


def _scheme_page(request: AuthenticatedRequest, network: Network, scheme: RecognitionScheme | None) -> HttpResponse:
    usage = {}
    if scheme is not None:
        by_id = selectors.level_usage(scheme)
        usage = {str(level.public_id): by_id.get(level.pk, (0, 0)) for level in scheme.levels.all()}
    status, notice, focus, control = 200, "", None, ""
    op = request.POST.get("op", "") if request.method == "POST" else ""
    if op:  # add, remove or move a level block: the form comes back with the change, nothing is saved
        result = reshaped(request.POST, op)
        rows, focus = result if result is not None else (posted_rows(request.POST), None)
        form = SchemeForm(
            initial={name: request.POST.get(name, "") for name in SchemeForm.field_names()}, scheme=scheme
        )
        formset = level_formset(None, scheme, usage, rows=rows)
        if result is not None:
            notice, control = _notice(op, focus, len(rows))
        if control == "name" and focus is not None:
            formset.forms[focus].fields[f"name_{LANGUAGES[0]}"].widget.attrs["autofocus"] = True
    elif request.method == "POST":
        form = SchemeForm(request.POST, scheme=scheme)
        formset = level_formset(request.POST, scheme, usage)
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            data = services.SchemeData(
                name=form.texts("name"),
                description=form.texts("description"),
                validity_years=form.cleaned_data["validity_years"],
                levels=formset.levels(),
            )
            try:
                if scheme is None:
                    scheme = services.create_scheme(actor=request.user, network=network, data=data)
                else:
                    services.update_scheme(actor=request.user, scheme=scheme, data=data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The recognition scheme has been saved."))
                return _to_list(network, scheme)
        status = 422
    else:
        form = SchemeForm(scheme=scheme)
        formset = level_formset(None, scheme, usage)
    context = {
        "network": network,
        "scheme": scheme,
        "form": form,
        "formset": formset,
        "notice": notice,
        "focus_index": focus,
        "focus_control": control,
        "has_errors": bool(form.errors or _formset_errors(formset)),
    }
    return render(request, "coordination/recognitions/scheme_form.html", context, status=status)


def _formset_errors(formset: BaseLevelFormSet) -> bool:
    return formset.is_bound and (bool(formset.non_form_errors()) or any(form.errors for form in formset.forms))


def _notice(op: str, focus: int | None, count: int) -> tuple[str, str]:
    """What the page says after a level was added, removed or moved, and which control takes the focus:
    the new block's first field, the moved block's same button (the other one at either end), or
    "Add a level" when no block is left."""
    verb = op.partition("-")[0]
    values = {"number": (focus or 0) + 1}
    if verb == "add":
        text, control = _("Level %(number)s added.") % values, "name"
    elif verb == "remove":
        text, control = _("Level removed."), "name" if focus is not None else "add"
    else:
        text = _("Level moved: it is now level %(number)s.") % values
        at_end = focus == 0 if verb == "up" else focus == count - 1
        control = ("down" if verb == "up" else "up") if at_end else verb
    return f"{text} {_('Nothing is saved until you press Save.')}", control


@login_required
def scheme_new(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    return _scheme_page(request, coordinated_network(request.user, network_id), None)


@login_required
def scheme_edit(request: AuthenticatedRequest, network_id: str, scheme_id: str) -> HttpResponse:
    scheme = _scheme(request, network_id, scheme_id)
    return _scheme_page(request, scheme.network, scheme)


@login_required
@require_POST
def scheme_preset(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    try:
        scheme = services.create_preset_scheme(actor=request.user, network=network)
    except ValidationError as error:
        _show_errors(request, error)
        return _to_list(network)
    messages.success(
        request,
        _("“%(name)s” has been added with its three levels. Check the names and criteria, and edit them to fit.")
        % {"name": name_in(scheme.name, network)},
    )
    return _to_list(network, scheme)


@login_required
@require_POST
def scheme_archive(request: AuthenticatedRequest, network_id: str, scheme_id: str) -> HttpResponse:
    """Archive the scheme, or restore it when it is archived (the button says which)."""
    scheme = _scheme(request, network_id, scheme_id)
    try:
        if scheme.archived:
            services.restore_scheme(actor=request.user, scheme=scheme)
            messages.success(request, _("The scheme is in use again: it can give new awards."))
        else:
            services.archive_scheme(actor=request.user, scheme=scheme)
            messages.success(request, _("The scheme is archived: it gives no new awards, and its awards stay listed."))
    except ValidationError as error:
        _show_errors(request, error)
    return _to_list(scheme.network, scheme)


@login_required
def award_new(request: AuthenticatedRequest, network_id: str, scheme_id: str) -> HttpResponse:
    """Give an award: first the level (skipped when the scheme has one, or given as ?level=), then the form."""
    scheme = _scheme(request, network_id, scheme_id)
    network = scheme.network
    if scheme.archived:
        messages.error(request, _("The scheme is archived: it gives no new awards."))
        return _to_list(network, scheme)
    levels = list(scheme.levels.all())
    names = [(str(level.public_id), name_in(level.name, network)) for level in levels]
    chosen = request.GET.get("level", "") if request.method == "GET" else request.POST.get("level", "")
    if not chosen and len(levels) == 1:
        chosen = str(levels[0].public_id)
    if not chosen:
        choice = LevelChoiceForm(request.GET if "level" in request.GET else None, levels=names)
        status = 422 if choice.is_bound and not choice.is_valid() else 200
        context = {"network": network, "scheme": scheme, "scheme_name": name_in(scheme.name, network), "form": choice}
        return render(request, "coordination/recognitions/award_level.html", context, status=status)
    level = selectors.get_level(scheme, chosen)
    form = AwardForm(
        request.POST if request.method == "POST" else None,
        level=level,
        organisations=list(selectors.organisations_to_award(network)),
        language=get_language() or network.default_language,
        today=timezone.localdate(),
        initial=_award_initial(request),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                award = services.give_award(actor=request.user, level=level, data=form.to_data())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(organisation)s has been awarded “%(level)s” for %(year)s.")
                    % {
                        "organisation": award.organisation.name,
                        "level": name_in(level.name, network),
                        "year": award.year,
                    },
                )
                return _to_award(award)
        status = 422
    context = {
        "network": network,
        "scheme": scheme,
        "scheme_name": name_in(scheme.name, network),
        "level": level,
        "level_name": name_in(level.name, network),
        "several_levels": len(levels) > 1,
        "form": form,
    }
    return render(request, "coordination/recognitions/award_form.html", context, status=status)


def _award_initial(request: HttpRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"year": services.default_award_year(timezone.localdate()), "public": True}
    if request.GET.get("organisation"):  # a link from an organisation's page may name it
        initial["organisation"] = request.GET["organisation"]
    return initial


@login_required
@require_GET
def award_detail(request: AuthenticatedRequest, network_id: str, award_id: str) -> HttpResponse:
    award = _award(request, network_id, award_id)
    network = award.level.scheme.network
    met = set(award.criteria_met or [])
    context = {
        "network": network,
        "award": award,
        **_award_row(award),
        "criteria": [(name_in(item, network), index in met) for index, item in enumerate(award.level.criteria or [])],
        "history": selectors.award_history(award),
    }
    return render(request, "coordination/recognitions/award_detail.html", context)


@login_required
def award_edit(request: AuthenticatedRequest, network_id: str, award_id: str) -> HttpResponse:
    award = _award(request, network_id, award_id)
    if award.withdrawn_at is not None:
        raise Http404
    form = AwardEditForm(request.POST if request.method == "POST" else None, award=award)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_award(actor=request.user, award=award, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The award has been saved."))
                return _to_award(award)
        status = 422
    context = {"network": award.level.scheme.network, "award": award, **_award_row(award), "form": form}
    return render(request, "coordination/recognitions/award_edit.html", context, status=status)


@login_required
def award_withdraw(request: AuthenticatedRequest, network_id: str, award_id: str) -> HttpResponse:
    """GET: what withdrawing does, and the reason to give; POST: withdraw."""
    award = _award(request, network_id, award_id)
    if award.withdrawn_at is not None:
        messages.info(request, _("This award has already been withdrawn."))
        return _to_award(award)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.withdraw_award(actor=request.user, award=award, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The award has been withdrawn."))
                return _to_award(award)
        status = 422
    context = {"network": award.level.scheme.network, "award": award, **_award_row(award), "form": form}
    return render(request, "coordination/recognitions/award_withdraw.html", context, status=status)


def _certificate(award: Award) -> HttpResponse:
    if award.withdrawn_at is not None:
        raise Http404
    return _pdf(certificates.certificate_pdf(award), certificates.certificate_filename(award))


@login_required
@require_GET
def award_certificate(request: AuthenticatedRequest, network_id: str, award_id: str) -> HttpResponse:
    return _certificate(_award(request, network_id, award_id))


# --- the public list --------------------------------------------------------------------------------------


@require_GET
def public_recognitions(request: HttpRequest, network_id: str) -> HttpResponse:
    """The network's recognised organisations, for anyone; 404 while it has published none."""
    network = selectors.public_network(network_id)
    language = get_language() or network.default_language
    context = {"network": network, "page": selectors.public_list(network, language)}
    return render(request, "coordination/recognitions/public.html", context)


# --- the organisation's members -------------------------------------------------------------------------


def _org(request: AuthenticatedRequest, org_id: str) -> Organisation:
    organisation = get_organisation_for_member(request.user, org_id)
    if not roles_in(request.user, organisation):  # coordinators use the network's pages
        raise Http404
    return organisation


@login_required
@require_GET
def org_recognitions(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = _org(request, org_id)
    context = {
        "organisation": organisation,
        "rows": [_award_row(award) for award in selectors.awards_of_organisation(organisation)],
        # labels from external feedback (an app above coordination), shown beside the awards
        "labels": stage_facts.labels_of(organisation, today=timezone.localdate()),
        # the flags the organisation's tabs need (organisations/_org_nav.html)
        "show_assessments": True,
        "can_view_members": can_view_members(request.user, organisation),
        "can_view_audit": can_view_organisation_audit(request.user, organisation),
    }
    return render(request, "coordination/recognitions/org_list.html", context)


@login_required
@require_GET
def org_award_certificate(request: AuthenticatedRequest, org_id: str, award_id: str) -> HttpResponse:
    organisation = _org(request, org_id)
    return _certificate(selectors.get_award_of_organisation(organisation, award_id))
