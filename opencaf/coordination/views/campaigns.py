"""Campaign pages for a network's coordinators, and the invited organisation's page behind its
signed link (no account: the link decides; kept out of search engines and caches, its address is a key)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.coordination import links
from opencaf.coordination.campaign_import import COLUMNS, recipient_importer
from opencaf.coordination.forms import CampaignForm, DeclineForm, FilterForm, NominationForm, PickForm
from opencaf.coordination.models import Campaign, CampaignState, Recipient
from opencaf.coordination.permissions import coordinated_network
from opencaf.coordination.selectors import campaigns as selectors
from opencaf.coordination.selectors.portfolio import regions_of
from opencaf.coordination.services import campaigns as services
from opencaf.coordination.services.campaigns import RecipientData
from opencaf.core.exports import spreadsheet_download, write_xlsx
from opencaf.core.forms import add_service_errors
from opencaf.core.importing import run_import
from opencaf.organisations.models import Network


def _campaign(request: AuthenticatedRequest, network_id: str, campaign_id: str) -> Campaign:
    return selectors.get_campaign(coordinated_network(request.user, network_id), campaign_id)


def _to_campaign(campaign: Campaign) -> HttpResponse:
    return redirect("coordination:campaign", network_id=campaign.network.public_id, campaign_id=campaign.public_id)


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def campaign_list(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    context = {"network": network, "campaigns": list(selectors.campaigns_of(network))}
    return render(request, "coordination/campaigns/list.html", context)


def _form_page(request: AuthenticatedRequest, network: Network, campaign: Campaign | None) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    form = CampaignForm(post, request.FILES or None, campaign=campaign)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if campaign is None:
                    campaign = services.create_campaign(actor=request.user, network=network, data=form.to_data())
                else:
                    services.update_campaign(actor=request.user, campaign=campaign, data=form.to_data())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The campaign has been saved."))
                return _to_campaign(campaign)
        status = 422
    context = {"network": network, "campaign": campaign, "form": form}
    return render(request, "coordination/campaigns/form.html", context, status=status)


@login_required
def campaign_new(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    return _form_page(request, coordinated_network(request.user, network_id), None)


@login_required
def campaign_edit(request: AuthenticatedRequest, network_id: str, campaign_id: str) -> HttpResponse:
    campaign = _campaign(request, network_id, campaign_id)
    if campaign.state == CampaignState.CLOSED:
        raise Http404
    return _form_page(request, campaign.network, campaign)


@login_required
def campaign_detail(request: AuthenticatedRequest, network_id: str, campaign_id: str) -> HttpResponse:
    campaign = _campaign(request, network_id, campaign_id)
    context = {"network": campaign.network, "campaign": campaign, "overview": selectors.overview(campaign)}
    return render(request, "coordination/campaigns/detail.html", context)


@login_required
def campaign_pick(request: AuthenticatedRequest, network_id: str, campaign_id: str) -> HttpResponse:
    """Add organisations of the network, filtered by type, region and size, with their heads' addresses."""
    campaign = _campaign(request, network_id, campaign_id)
    if campaign.state == CampaignState.CLOSED:
        raise Http404
    filters = FilterForm(request.GET or None, regions=regions_of(campaign.network))
    chosen = filters.cleaned_data if filters.is_valid() else {"org_type": "", "region": "", "size_band": ""}
    organisations = selectors.organisations_to_pick(
        campaign.network, campaign, chosen["org_type"], chosen["size_band"], chosen["region"]
    )
    form = PickForm(request.POST if request.method == "POST" else None, organisations=organisations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            rows = [RecipientData(org, head, email, language) for org, head, email, language in form.picked()]
            try:
                added = services.add_recipients(actor=request.user, campaign=campaign, rows=rows)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext("%(count)s organisation added.", "%(count)s organisations added.", len(added))
                    % {"count": len(added)},
                )
                return _to_campaign(campaign)
        status = 422
    context = {"network": campaign.network, "campaign": campaign, "filters": filters, "form": form}
    return render(request, "coordination/campaigns/pick.html", context, status=status)


@login_required
def campaign_import(request: AuthenticatedRequest, network_id: str, campaign_id: str) -> HttpResponse:
    campaign = _campaign(request, network_id, campaign_id)
    if campaign.state == CampaignState.CLOSED:
        raise Http404
    return run_import(
        request,
        recipient_importer(actor=request.user, campaign=campaign),
        template="coordination/campaigns/import.html",
        context={"network": campaign.network, "campaign": campaign, "columns": COLUMNS},
        scope_key=str(campaign.public_id),
        success_url=reverse("coordination:campaign", args=[campaign.network.public_id, campaign.public_id]),
    )


@login_required
@require_POST
def campaign_send(request: AuthenticatedRequest, network_id: str, campaign_id: str) -> HttpResponse:
    campaign = _campaign(request, network_id, campaign_id)
    try:
        count = services.send_campaign(actor=request.user, campaign=campaign)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "The invitation is being sent to %(count)s organisation.",
                "The invitation is being sent to %(count)s organisations.",
                count,
            )
            % {"count": count},
        )
    return _to_campaign(campaign)


@login_required
@require_POST
def campaign_close(request: AuthenticatedRequest, network_id: str, campaign_id: str) -> HttpResponse:
    campaign = _campaign(request, network_id, campaign_id)
    try:
        services.close_campaign(actor=request.user, campaign=campaign)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("The campaign is closed: its links no longer work."))
    return _to_campaign(campaign)


@login_required
@require_POST
def recipient_remove(
    request: AuthenticatedRequest, network_id: str, campaign_id: str, recipient_id: str
) -> HttpResponse:
    campaign = _campaign(request, network_id, campaign_id)
    recipient = selectors.get_recipient(campaign, recipient_id)
    try:
        services.remove_recipient(actor=request.user, recipient=recipient)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("%(name)s was removed from the campaign.") % {"name": recipient.organisation.name})
    return _to_campaign(campaign)


def _when(value: Any) -> Any:
    return formats.localize(value) if value is not None else None


@login_required
def campaign_export(request: AuthenticatedRequest, network_id: str, campaign_id: str) -> HttpResponse:
    campaign = _campaign(request, network_id, campaign_id)
    overview = selectors.overview(campaign)
    header = [
        _("Organisation"),
        _("Head's name"),
        _("Head's e-mail address"),
        _("Language"),
        _("Status"),
        _("Sent"),
        _("Reminded"),
        _("Replied"),
        _("Representative"),
        _("Position"),
        _("Representative's e-mail address"),
        _("Reason for declining"),
        _("Not delivered"),
    ]
    rows = [
        [
            r.organisation.name,
            r.head_name,
            r.head_email,
            r.get_language_display(),
            r.get_status_display(),
            r.sent_at.replace(tzinfo=None) if r.sent_at else None,
            r.reminded_at.replace(tzinfo=None) if r.reminded_at else None,
            r.replied_at.replace(tzinfo=None) if r.replied_at else None,
            r.representative_name,
            r.representative_position,
            r.representative_email,
            r.decline_reason,
            row.not_delivered,
        ]
        for row in overview.rows
        for r in [row.recipient]
    ]
    content = write_xlsx(header, rows, title=_("Campaign"))
    return spreadsheet_download(content, "xlsx", f"campaign-{campaign.public_id}")


# --- the invited organisation's page ------------------------------------------------------------------


def _private(response: HttpResponse, language: str) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Content-Language"] = language
    return response


def _problem_page(request: HttpRequest, problem: links.LinkProblem) -> HttpResponse:
    language = problem.language or get_language() or "en"
    status = 400 if problem.reason == problem.TAMPERED else 410
    with translation.override(language):
        response = render(request, "coordination/campaigns/link_problem.html", {"problem": problem}, status=status)
    return _private(response, language)


@require_http_methods(["GET", "POST"])
def nomination(request: HttpRequest, token: str) -> HttpResponse:
    try:
        recipient = links.read_token(token)
    except links.LinkProblem as problem:
        return _problem_page(request, problem)
    language = recipient.language
    decision = request.POST.get("decision") if request.method == "POST" else None
    with translation.override(language):
        nominate_form = NominationForm(request.POST if decision == "nominate" else None, prefix="n")
        decline_form = DeclineForm(request.POST if decision == "decline" else None, prefix="d")
        status = 200
        try:
            if decision == "nominate" and nominate_form.is_valid():
                replied = _reply(
                    recipient,
                    nominate_form,
                    lambda: services.nominate(recipient=recipient, **nominate_form.cleaned_data),
                )
                if replied is not None:
                    return _private(
                        render(request, "coordination/campaigns/link_thanks.html", {"recipient": replied}), language
                    )
            elif decision == "decline" and decline_form.is_valid():
                replied = _reply(
                    recipient, decline_form, lambda: services.decline(recipient=recipient, **decline_form.cleaned_data)
                )
                if replied is not None:
                    return _private(
                        render(request, "coordination/campaigns/link_thanks.html", {"recipient": replied}), language
                    )
        except links.LinkProblem as problem:  # replied meanwhile in another tab, or closed
            return _problem_page(request, problem)
        if decision is not None:
            status = 422
        context = {
            "recipient": recipient,
            "campaign": recipient.campaign,
            "nominate_form": nominate_form,
            "decline_form": decline_form,
            "links": recipient.campaign.links.splitlines(),
            "attachment_url": services.attachment_url(recipient) if recipient.campaign.attachment else "",
        }
        response = render(request, "coordination/campaigns/link.html", context, status=status)
    return _private(response, language)


def _reply(recipient: Recipient, form: Any, reply: Any) -> Recipient | None:
    try:
        result: Recipient = reply()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    return result


@require_http_methods(["GET"])
def nomination_attachment(request: HttpRequest, token: str) -> HttpResponseBase:
    """The campaign's attachment, for whoever holds a working link."""
    try:
        recipient = links.read_token(token)
    except links.LinkProblem as problem:
        return _problem_page(request, problem)
    attachment = recipient.campaign.attachment
    if not attachment:
        raise Http404
    response = FileResponse(
        attachment.open("rb"), as_attachment=True, filename=(attachment.name or "").rsplit("/", 1)[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response
