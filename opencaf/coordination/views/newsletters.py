"""Newsletter pages: the network's coordinators compose an issue, preview it per language, try it on
their own address, send it (after a confirmation) and follow its progress; anyone reads the sent
issues in the public archive, in their language when it is written."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.coordination import newsletter_rendering as rendering
from opencaf.coordination.models import Newsletter, NewsletterState
from opencaf.coordination.newsletter_forms import NewsletterForm, TestSendForm
from opencaf.coordination.permissions import coordinated_network
from opencaf.coordination.selectors import newsletters as selectors
from opencaf.coordination.selectors.subscriptions import public_network
from opencaf.coordination.services import newsletter_sending
from opencaf.coordination.services import newsletters as services
from opencaf.core.forms import add_service_errors
from opencaf.organisations.models import Network


def _newsletter(request: AuthenticatedRequest, network_id: str, newsletter_id: str) -> Newsletter:
    return selectors.get_newsletter(coordinated_network(request.user, network_id), newsletter_id)


def _to_newsletter(newsletter: Newsletter) -> HttpResponse:
    return redirect(
        "coordination:newsletter", network_id=newsletter.network.public_id, newsletter_id=newsletter.public_id
    )


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _names(codes: list[str]) -> list[tuple[str, str]]:
    names = dict(settings.LANGUAGES)
    return [(code, str(names.get(code, code))) for code in codes]


# --- composing ---------------------------------------------------------------------------------------


@login_required
def newsletter_list(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    context = {"network": network, "newsletters": selectors.newsletters_of(network)}
    return render(request, "coordination/newsletters/list.html", context)


def _form_page(request: AuthenticatedRequest, network: Network, newsletter: Newsletter | None) -> HttpResponse:
    chosen = [item.pk for item in newsletter.news_items.all()] if newsletter is not None else []
    form = NewsletterForm(
        request.POST if request.method == "POST" else None,
        network=network,
        news=selectors.includable_news(network, chosen),
        newsletter=newsletter,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if newsletter is None:
                    newsletter = services.create_newsletter(actor=request.user, network=network, data=form.to_data())
                else:
                    services.update_newsletter(actor=request.user, newsletter=newsletter, data=form.to_data())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The newsletter has been saved."))
                return _to_newsletter(newsletter)
        status = 422
    context = {"network": network, "newsletter": newsletter, "form": form}
    return render(request, "coordination/newsletters/form.html", context, status=status)


@login_required
def newsletter_new(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    return _form_page(request, coordinated_network(request.user, network_id), None)


@login_required
def newsletter_edit(request: AuthenticatedRequest, network_id: str, newsletter_id: str) -> HttpResponse:
    newsletter = _newsletter(request, network_id, newsletter_id)
    if newsletter.state != NewsletterState.DRAFT:
        messages.info(request, _("This newsletter has been sent and can no longer change."))
        return _to_newsletter(newsletter)
    return _form_page(request, newsletter.network, newsletter)


# --- one issue -----------------------------------------------------------------------------------------


def _progress_context(newsletter: Newsletter) -> dict[str, Any]:
    return {"network": newsletter.network, "newsletter": newsletter, "progress": selectors.progress_of(newsletter)}


@login_required
def newsletter_detail(request: AuthenticatedRequest, network_id: str, newsletter_id: str) -> HttpResponse:
    newsletter = _newsletter(request, network_id, newsletter_id)
    network = newsletter.network
    complete = rendering.complete_languages(newsletter.texts)
    items = selectors.items_in(newsletter)
    context: dict[str, Any] = {
        "network": network,
        "newsletter": newsletter,
        "languages": _names(complete),
        "missing": _names([code for code, _name in settings.LANGUAGES if code not in complete]),
        "items": [(item, rendering.item_of(item, get_language() or "", network)) for item in items],
        "withdrawn": selectors.withdrawn_items(newsletter),
        "test_form": TestSendForm(newsletter=newsletter, initial={"language": request.user.language or ""}),
    }
    if newsletter.state == NewsletterState.DRAFT:
        audience = selectors.audience_of(newsletter)
        context["audience"] = [
            (code, name, line.count, _names([other for other, _n in line.instead_of]))
            for line in audience
            for code, name in _names([line.language])
        ]
        context["audience_total"] = sum(line.count for line in audience)
    else:
        context.update(_progress_context(newsletter))
        context["by_language"] = [
            (name, count)
            for (code, count) in selectors.deliveries_by_language(newsletter)
            for _c, name in _names([code])
        ]
        if context["progress"].failed:
            context["failed"] = selectors.failed_deliveries(newsletter)
    return render(request, "coordination/newsletters/detail.html", context)


def _preview_language(request: HttpRequest, complete: list[str], default: str) -> str:
    asked = request.GET.get("language", "")
    return asked if asked in complete else rendering.language_for(get_language() or "", complete, default)


@login_required
@require_GET
def newsletter_preview(request: AuthenticatedRequest, network_id: str, newsletter_id: str) -> HttpResponse:
    """The e-mail as a subscriber of one language gets it, headers and all (their link stands aside)."""
    newsletter = _newsletter(request, network_id, newsletter_id)
    network = newsletter.network
    complete = rendering.complete_languages(newsletter.texts)
    context: dict[str, Any] = {"network": network, "newsletter": newsletter, "languages": _names(complete)}
    if complete:
        language = _preview_language(request, complete, network.default_language)
        issue = services.rendered(newsletter, language)
        context.update(
            language=language,
            subject=issue.subject,
            body=issue.body(rendering.sample_link(language)),
            sender=newsletter_sending.sender(newsletter),
            list_id=newsletter_sending.list_id(newsletter),
        )
    return render(request, "coordination/newsletters/preview.html", context)


@login_required
@require_POST
def newsletter_test_send(request: AuthenticatedRequest, network_id: str, newsletter_id: str) -> HttpResponse:
    newsletter = _newsletter(request, network_id, newsletter_id)
    form = TestSendForm(request.POST, newsletter=newsletter)
    if not form.is_valid():
        messages.error(request, _("Choose a language version that has its subject and introduction written."))
        return _to_newsletter(newsletter)
    language = form.cleaned_data["language"]
    try:
        services.send_test(actor=request.user, newsletter=newsletter, language=language)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(
            request,
            _("A test of the %(language)s version is on its way to %(email)s.")
            % {"language": dict(settings.LANGUAGES)[language], "email": request.user.email},
        )
    return _to_newsletter(newsletter)


@login_required
def newsletter_send(request: AuthenticatedRequest, network_id: str, newsletter_id: str) -> HttpResponse:
    """GET asks first (who will receive it, in which language); POST sends."""
    newsletter = _newsletter(request, network_id, newsletter_id)
    if newsletter.state != NewsletterState.DRAFT:
        messages.info(request, _("This newsletter has been sent already."))
        return _to_newsletter(newsletter)
    if request.method == "POST":
        try:
            count = services.send_newsletter(actor=request.user, newsletter=newsletter)
        except ValidationError as error:
            _show_errors(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The newsletter is being sent to %(count)s subscriber.",
                    "The newsletter is being sent to %(count)s subscribers.",
                    count,
                )
                % {"count": count},
            )
        return _to_newsletter(newsletter)
    audience = selectors.audience_of(newsletter)
    context = {
        "network": newsletter.network,
        "newsletter": newsletter,
        "audience": [(name, line.count) for line in audience for _code, name in _names([line.language])],
        "audience_total": sum(line.count for line in audience),
        "item_count": len(selectors.items_in(newsletter)),
        "missing": _names(
            [code for code, _n in settings.LANGUAGES if code not in rendering.complete_languages(newsletter.texts)]
        ),
    }
    return render(request, "coordination/newsletters/send.html", context)


@login_required
@require_GET
def newsletter_progress(request: AuthenticatedRequest, network_id: str, newsletter_id: str) -> HttpResponse:
    """The progress fragment the detail page polls; 204 while nothing changed since `seen`."""
    newsletter = _newsletter(request, network_id, newsletter_id)
    context = _progress_context(newsletter)
    if request.GET.get("seen") == context["progress"].key and request.headers.get("HX-Request"):
        return HttpResponse(status=204)
    return render(request, "coordination/newsletters/_progress.html", context)


@login_required
@require_POST
def newsletter_retry(request: AuthenticatedRequest, network_id: str, newsletter_id: str) -> HttpResponse:
    newsletter = _newsletter(request, network_id, newsletter_id)
    try:
        count = services.retry_newsletter(actor=request.user, newsletter=newsletter)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        if count:
            messages.success(
                request,
                ngettext("%(count)s delivery is queued again.", "%(count)s deliveries are queued again.", count)
                % {"count": count},
            )
        else:
            messages.success(request, _("Sending has been resumed."))
    return _to_newsletter(newsletter)


# --- the public archive ----------------------------------------------------------------------------------


def _reader_language(request: HttpRequest, newsletter: Newsletter) -> str:
    complete = rendering.complete_languages(newsletter.texts)
    asked = request.GET.get("language", "")
    if asked in complete:
        return asked
    return rendering.language_for(get_language() or "", complete, newsletter.network.default_language)


@require_GET
def newsletter_archive(request: HttpRequest, network_id: str) -> HttpResponse:
    network = public_network(network_id)
    page = selectors.archive_page(network, request.GET.get("page"))
    rows = []
    for issue in page.object_list:
        issue.network = network
        language = _reader_language(request, issue)
        subject = str((issue.texts.get(language) or {}).get("subject", ""))
        rows.append((issue, language, subject, rendering.month_of(issue.issue_date, get_language() or language)))
    context = {"network": network, "page": page, "rows": rows}
    return render(request, "coordination/newsletters/archive.html", context)


@require_GET
def newsletter_archived(request: HttpRequest, network_id: str, newsletter_id: str) -> HttpResponse:
    network = public_network(network_id)
    newsletter = selectors.get_archived(network, newsletter_id)
    language = _reader_language(request, newsletter)
    issue = rendering.issue_content(newsletter, language, selectors.items_in(newsletter))
    others = [
        (code, settings.LANGUAGE_SELF_NAMES.get(code, code))
        for code in rendering.complete_languages(newsletter.texts)
        if code != language
    ]
    context = {"network": network, "newsletter": newsletter, "issue": issue, "others": others}
    return render(request, "coordination/newsletters/archived.html", context)
