"""News pages: the network's coordinators write, publish and withdraw news items; the members of the
network's organisations read the published ones; everyone reads those published for the public (and
follows them in the Atom feed, `feeds.py`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.coordination.models import Campaign, Event, NewsAudience, NewsItem, NewsState
from opencaf.coordination.news_forms import NewsForm
from opencaf.coordination.permissions import coordinated_network
from opencaf.coordination.selectors import campaigns as campaign_selectors
from opencaf.coordination.selectors import events as event_selectors
from opencaf.coordination.selectors import news as selectors
from opencaf.coordination.services import news as services
from opencaf.coordination.texts import languages_of
from opencaf.core.forms import add_service_errors
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import (
    can_view_members,
    can_view_organisation_audit,
    get_organisation_for_member,
    is_member,
)


def _item(request: AuthenticatedRequest, network_id: str, news_id: str) -> NewsItem:
    return selectors.get_news(coordinated_network(request.user, network_id), news_id)


def _to_item(item: NewsItem) -> HttpResponse:
    return redirect("coordination:news_item", network_id=item.network.public_id, news_id=item.public_id)


def _reading(request: HttpRequest, item: NewsItem, fallback: str) -> selectors.NewsVersion:
    """The version the reader asked for with ?language=, else the one in their language."""
    written = languages_of(item.texts)
    language = selectors.pick_language(request.GET.get("language"), written, translation.get_language())
    return selectors.version_of(item, language, fallback)


# --- the coordinator's pages ----------------------------------------------------------------------------


@login_required
@require_safe
def news_list(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = coordinated_network(request.user, network_id)
    page, rows = selectors.news_page(network, translation.get_language(), request.GET.get("page"))
    return render(request, "coordination/news/list.html", {"network": network, "page": page, "rows": rows})


def _form_page(
    request: AuthenticatedRequest,
    network: Network,
    item: NewsItem | None,
    *,
    campaign: Campaign | None = None,
    event: Event | None = None,
) -> HttpResponse:
    initial: dict[str, Any] = {}
    if campaign is not None:
        initial["campaign"] = campaign.public_id
    if event is not None:
        initial["event"] = event.public_id
    form = NewsForm(
        request.POST if request.method == "POST" else None,
        campaigns=selectors.campaign_choices(network),
        events=selectors.event_choices(network),
        item=item,
        suggested=selectors.suggested_texts(network, campaign=campaign, event=event) if item is None else None,
        initial=initial,
    )
    status, saved = 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                if item is None:
                    item = services.create_news(actor=request.user, network=network, data=form.to_data())
                else:
                    services.update_news(
                        actor=request.user, item=item, data=form.to_data(), expected_updated_at=form.expected_version()
                    )
            except services.StaleNewsError as error:
                assert item is not None
                fresh = selectors.get_news(network, item.public_id)
                data = request.POST.copy()
                data["version"] = fresh.updated_at.isoformat()  # a second save replaces it, knowingly
                form.data = data
                add_service_errors(form, error)
                saved = selectors.all_versions(fresh)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The news item has been saved."))
                return _to_item(item)
        status = 422
    title = selectors.version_of(item, translation.get_language(), network.default_language).title if item else ""
    context = {"network": network, "item": item, "item_title": title, "form": form, "saved": saved}
    return render(request, "coordination/news/form.html", context, status=status)


@login_required
def news_new(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    """A new item; `?campaign=` or `?event=` (of this network, else 404) suggests its texts and link."""
    network = coordinated_network(request.user, network_id)
    campaign = event = None
    if request.method != "POST":
        if "campaign" in request.GET:
            campaign = campaign_selectors.get_campaign(network, request.GET["campaign"])
        if "event" in request.GET:
            event = event_selectors.get_event(network, request.GET["event"])
    return _form_page(request, network, None, campaign=campaign, event=event)


@login_required
def news_edit(request: AuthenticatedRequest, network_id: str, news_id: str) -> HttpResponse:
    item = _item(request, network_id, news_id)
    return _form_page(request, item.network, item)


@login_required
@require_safe
def news_item(request: AuthenticatedRequest, network_id: str, news_id: str) -> HttpResponse:
    item = _item(request, network_id, news_id)
    network = item.network
    version = _reading(request, item, network.default_language)
    public_url = ""
    if item.state == NewsState.PUBLISHED and version.is_public:
        public_url = reverse("coordination:public_news_item", args=[network.public_id, item.public_id])
    context = {
        "network": network,
        "item": item,
        "version": version,
        "languages": selectors.language_names(languages_of(item.texts)),
        "announcement": selectors.announcement(item, for_coordinator=True),
        "public_url": public_url,
    }
    return render(request, "coordination/news/item.html", context)


@login_required
@require_POST
def news_publish(request: AuthenticatedRequest, network_id: str, news_id: str) -> HttpResponse:
    item = _item(request, network_id, news_id)
    try:
        item = services.publish_news(actor=request.user, item=item)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if item.audience == NewsAudience.PUBLIC:
            messages.success(request, _("The news item is published on the public news page and in the feed."))
        else:
            messages.success(request, _("The news item is published for the organisations of the network."))
    return _to_item(item)


@login_required
@require_POST
def news_unpublish(request: AuthenticatedRequest, network_id: str, news_id: str) -> HttpResponse:
    item = _item(request, network_id, news_id)
    try:
        item = services.unpublish_news(actor=request.user, item=item)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The news item has been withdrawn; it is a draft again."))
    return _to_item(item)


# --- everyone -------------------------------------------------------------------------------------------


def feed_url(network: Network) -> str:
    """The Atom feed in the reader's current language (a feed reader has no language cookie)."""
    base = reverse("coordination:news_feed", args=[network.public_id])
    return f"{base}?{urlencode({'language': translation.get_language()})}"


@require_safe
def public_news(request: HttpRequest, network_id: str) -> HttpResponse:
    network = selectors.public_network(network_id)
    page, versions = selectors.public_news_page(network, translation.get_language(), request.GET.get("page"))
    context = {"network": network, "page": page, "versions": versions, "feed_url": feed_url(network)}
    return render(request, "coordination/news/public_list.html", context)


@require_safe
def public_news_item(request: HttpRequest, network_id: str, news_id: str) -> HttpResponse:
    network = selectors.public_network(network_id)
    item = selectors.get_public_news(network, news_id)
    context = {
        "network": network,
        "item": item,
        "version": _reading(request, item, network.default_language),
        "languages": selectors.language_names(languages_of(item.texts)),
        "announcement": selectors.announcement(item),
        "feed_url": feed_url(network),
    }
    return render(request, "coordination/news/public_item.html", context)


# --- organisations' members ---------------------------------------------------------------------------


def _org(request: AuthenticatedRequest, org_id: str) -> Organisation:
    """The organisation, for its members only (the network's coordinators use the network's pages)."""
    organisation = get_organisation_for_member(request.user, org_id)
    if organisation.network_id is None or not is_member(request.user, organisation):
        raise Http404
    return organisation


def _nav(request: AuthenticatedRequest, organisation: Organisation) -> dict[str, bool]:
    """The flags the organisation's tabs need (organisations/_org_nav.html)."""
    return {
        "show_assessments": True,
        "can_view_members": can_view_members(request.user, organisation),
        "can_view_audit": can_view_organisation_audit(request.user, organisation),
    }


@login_required
@require_safe
def org_news(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = _org(request, org_id)
    page, versions = selectors.org_news_page(organisation, translation.get_language(), request.GET.get("page"))
    context = {"organisation": organisation, "page": page, "versions": versions, **_nav(request, organisation)}
    return render(request, "coordination/news/org_list.html", context)


@login_required
@require_safe
def org_news_item(request: AuthenticatedRequest, org_id: str, news_id: str) -> HttpResponse:
    organisation = _org(request, org_id)
    item = selectors.get_org_news(organisation, news_id)
    network = organisation.network
    assert network is not None
    context = {
        "organisation": organisation,
        "item": item,
        "version": _reading(request, item, network.default_language),
        "languages": selectors.language_names(languages_of(item.texts)),
        "announcement": selectors.announcement(item),
        **_nav(request, organisation),
    }
    return render(request, "coordination/news/org_item.html", context)
