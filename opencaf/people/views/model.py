"""The competency model's pages, for an organisation ("org/<org_id>/people/competency-model/…") and for
a network ("network/<network_id>/people/competency-model/…"), written once for both (`Place`).

- the model page: the model in use (the organisation's own, else its network's published one), its
  versions, and the chosen version by cluster → competency → definition and behavioural indicators per
  level. Every member reads the published versions; the interview questions only HR (and a network's
  coordinators), the drafts only those who keep the model;
- keeping the model (the organisation's HR; the network's coordinators): adopt the starter model, start
  a draft, edit a competency of the draft, add or remove one, name the levels, publish.

Anyone outside the organisation or network gets a 404 (the access helpers); a member without HR a 403
on the keeping pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.core.ids import get_by_public_id
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import require
from opencaf.people.access import PeopleAccess
from opencaf.people.forms_model import AddCompetencyForm, CompetencyForm, LevelNamesForm
from opencaf.people.models import Competency, CompetencyModel, ModelVersion
from opencaf.people.permissions import network_model_access
from opencaf.people.selectors import model as selectors
from opencaf.people.services import model as services
from opencaf.people.views.common import access_for_request, page_context

PAGES = ("", "_adopt", "_draft", "_competency", "_competency_add", "_competency_remove", "_levels", "_publish")


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@dataclass(frozen=True)
class Place:
    """Where a competency model is shown and kept: an organisation's People pages (its HR keeps its own
    model) or a network's pages (its coordinators keep the network's model)."""

    organisation: Organisation | None
    network: Network | None
    access: PeopleAccess | None
    may_keep: bool

    @property
    def owner_id(self) -> Any:
        owner = self.organisation or self.network
        assert owner is not None
        return owner.public_id

    @property
    def names(self) -> dict[str, str]:
        """The URL names of this place's pages, by page: {"": "people:model", "_adopt": …}."""
        prefix = "people:network_model" if self.network is not None else "people:model"
        return {page.lstrip("_") or "page": prefix + page for page in PAGES}

    def url(self, page: str, *args: Any) -> str:
        return reverse(self.names[page], args=[self.owner_id, *args])

    def model_url(self, version: ModelVersion | None = None) -> str:
        url = self.url("page")
        return f"{url}?version={version.number}" if version is not None else url

    def kept(self) -> CompetencyModel | None:
        """The model kept here: the organisation's own, or the network's."""
        if self.network is not None:
            return selectors.network_model(self.network)
        assert self.organisation is not None
        return selectors.own_model(self.organisation)

    def version(self, version_id: str) -> ModelVersion:
        """A version of the model kept here, else 404."""
        versions = ModelVersion.objects.select_related("model")
        if self.network is not None:
            versions = versions.filter(model__network=self.network)
        else:
            versions = versions.filter(model__organisation=self.organisation)
        return get_by_public_id(versions, version_id)

    def context(self, **extra: Any) -> dict[str, Any]:
        if self.network is not None:
            return {"network": self.network, "active": "competency_model", "place": self, **extra}
        assert self.access is not None
        return page_context(self.access, place=self, **extra)


def _org(request: AuthenticatedRequest, org_id: str) -> Place:
    access = access_for_request(request, org_id)
    return Place(organisation=access.organisation, network=None, access=access, may_keep=access.can_manage)


def _network(request: AuthenticatedRequest, network_id: str) -> Place:
    network = network_model_access(request.user, network_id)
    return Place(organisation=None, network=network, access=None, may_keep=True)


def _say(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- the model page --------------------------------------------------------------------------------


def _shown_model(place: Place) -> tuple[CompetencyModel | None, bool]:
    """The model the page shows, and whether it is the one kept here (its drafts and edits)."""
    if place.network is not None:
        return selectors.network_model(place.network), True
    assert place.organisation is not None
    found = selectors.model_in_use(place.organisation)
    if found.own is not None and (place.may_keep or found.in_use == found.own):
        return found.own, True
    return found.in_use, False


def model_page(request: AuthenticatedRequest, place: Place) -> HttpResponse:
    model, own = _shown_model(place)
    keeps = own and place.may_keep
    versions = selectors.model_versions(model, drafts=keeps) if model is not None else []
    version = selectors.chosen_version(versions, request.GET.get("version"))
    language = _language()
    layout = (
        selectors.version_layout(version, language=language, with_questions=place.may_keep)
        if version is not None
        else []
    )
    has_draft = any(not item.is_published for item in versions)
    context = place.context(
        model=model,
        model_name=text_in(model.names, language, "en") if model is not None else "",
        is_networks=model is not None and place.network is None and model.network_id is not None,
        versions=versions,
        version=version,
        layout=layout,
        keeps=keeps,
        can_adopt=place.may_keep and (model is None or not own),
        can_start_draft=keeps and not has_draft and any(item.is_published for item in versions),
        editable=keeps and version is not None and not version.is_published,
        shows_questions=place.may_keep,
        network_in_use=place.network is None and keeps and not any(item.is_published for item in versions),
    )
    return render(request, "people/model/model.html", context)


# --- adopting the starter model, starting a draft --------------------------------------------------


def adopt(request: AuthenticatedRequest, place: Place) -> HttpResponse:
    require(place.may_keep)
    form = forms.Form(request.POST if request.method == "POST" else None)
    if place.kept() is not None:
        messages.info(request, _("There is a competency model already. To change it, start a new draft version."))
        return redirect(place.model_url())
    if request.method == "POST" and form.is_valid():
        try:
            version = services.adopt_starter(actor=request.user, organisation=place.organisation, network=place.network)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The starter model is version 1 of your competency model, a draft: adapt it, then publish it."),
            )
            return redirect(place.model_url(version))
    status = 422 if form.errors else 200
    return render(request, "people/model/adopt.html", place.context(form=form), status=status)


def start_draft(request: AuthenticatedRequest, place: Place) -> HttpResponse:
    require(place.may_keep)
    model = place.kept()
    if model is None:
        raise Http404
    try:
        version = services.start_draft(actor=request.user, model=model)
    except ValidationError as error:
        _say(request, error)
        return redirect(place.model_url())
    messages.success(
        request,
        _("Version %(number)d is a draft copied from the latest published version: change it, then publish it.")
        % {"number": version.number},
    )
    return redirect(place.model_url(version))


# --- editing a draft -------------------------------------------------------------------------------


def _draft(request: HttpRequest, place: Place, version_id: str) -> tuple[ModelVersion, HttpResponse | None]:
    """The draft version kept here (403 for a member without HR), and the way back to the model page
    when it is published: published versions never change."""
    require(place.may_keep)
    version = place.version(version_id)
    if version.is_published:
        messages.error(
            request,
            _("Version %(number)d is published and never changes. Start a new draft version to change the model.")
            % {"number": version.number},
        )
        return version, redirect(place.model_url(version))
    return version, None


def _competency(version: ModelVersion, code: str) -> Competency:
    found = version.competencies.prefetch_related("indicators").filter(code=code).first()
    if found is None:
        raise Http404
    return found


def competency_edit(request: AuthenticatedRequest, place: Place, version_id: str, code: str) -> HttpResponse:
    version, refused = _draft(request, place, version_id)
    if refused is not None:
        return refused
    competency = _competency(version, code)
    level_names = selectors.level_names(version, _language())
    form = CompetencyForm(
        request.POST if request.method == "POST" else None,
        competency=competency,
        version=version,
        level_names=level_names,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_competency(
                actor=request.user,
                competency=competency,
                names=form.names(),
                definitions=form.definitions(),
                indicators=form.indicators(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The competency %(code)s is saved.") % {"code": competency.code})
            return redirect(f"{place.model_url(version)}#competency-{competency.code}")
    status = 422 if form.errors else 200
    context = place.context(
        form=form,
        version=version,
        competency=competency,
        competency_name=text_in(competency.names, _language(), "en") or competency.code,
    )
    return render(request, "people/model/competency_form.html", context, status=status)


def competency_add(request: AuthenticatedRequest, place: Place, version_id: str) -> HttpResponse:
    version, refused = _draft(request, place, version_id)
    if refused is not None:
        return refused
    form = AddCompetencyForm(request.POST if request.method == "POST" else None, version=version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.add_competency(
                actor=request.user,
                version=version,
                cluster=data["cluster"],
                code=data["code"],
                names=form.names(),
                definitions=form.definitions(),
                digcomp_area=data.get("digcomp_area") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The competency %(code)s is added. Now write its behavioural indicators for every level.")
                % {"code": made.code},
            )
            return redirect(place.url("competency", version.public_id, made.code))
    status = 422 if form.errors else 200
    return render(request, "people/model/competency_add.html", place.context(form=form, version=version), status=status)


def competency_remove(request: AuthenticatedRequest, place: Place, version_id: str, code: str) -> HttpResponse:
    version, refused = _draft(request, place, version_id)
    if refused is not None:
        return refused
    competency = _competency(version, code)
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_competency(actor=request.user, competency=competency)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(code)s is no longer in version %(number)d; the published versions keep it.")
                % {"code": competency.code, "number": version.number},
            )
            return redirect(place.model_url(version))
    status = 422 if form.errors else 200
    context = place.context(
        form=form,
        version=version,
        competency=competency,
        competency_name=text_in(competency.names, _language(), "en") or competency.code,
    )
    return render(request, "people/model/competency_remove.html", context, status=status)


def levels(request: AuthenticatedRequest, place: Place, version_id: str) -> HttpResponse:
    version, refused = _draft(request, place, version_id)
    if refused is not None:
        return refused
    form = LevelNamesForm(request.POST if request.method == "POST" else None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_level_names(actor=request.user, version=version, level_names=form.level_names())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The names of the levels are saved."))
            return redirect(place.model_url(version))
    status = 422 if form.errors else 200
    return render(request, "people/model/levels.html", place.context(form=form, version=version), status=status)


def publish(request: AuthenticatedRequest, place: Place, version_id: str) -> HttpResponse:
    version, refused = _draft(request, place, version_id)
    if refused is not None:
        return refused
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_version(actor=request.user, version=version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Version %(number)d is published.") % {"number": version.number})
            return redirect(place.model_url(version))
    status = 422 if form.errors else 200
    context = place.context(
        form=form,
        version=version,
        counts=selectors.version_counts(version),
        gaps=selectors.publication_gaps(version),
        previous=selectors.model_versions(version.model, drafts=False),
    )
    return render(request, "people/model/publish.html", context, status=status)


# --- the URLs' views: an organisation's pages and a network's -------------------------------------
# Every page above serves both: an organisation's HR keeps its own model, a network's coordinators the
# network's. Each URL's view finds the place (and checks who may be there), then calls the page.

GET_ONLY = ["GET", "HEAD"]
GET_OR_POST = ["GET", "HEAD", "POST"]


def _at_organisation(page: Callable[..., HttpResponse], methods: list[str]) -> Callable[..., HttpResponse]:
    @login_required
    @require_http_methods(methods)
    @wraps(page)
    def view(request: AuthenticatedRequest, org_id: str, **kwargs: str) -> HttpResponse:
        return page(request, _org(request, org_id), **kwargs)

    return view


def _at_network(page: Callable[..., HttpResponse], methods: list[str]) -> Callable[..., HttpResponse]:
    @login_required
    @require_http_methods(methods)
    @wraps(page)
    def view(request: AuthenticatedRequest, network_id: str, **kwargs: str) -> HttpResponse:
        return page(request, _network(request, network_id), **kwargs)

    return view


org_model = _at_organisation(model_page, GET_ONLY)
org_adopt = _at_organisation(adopt, GET_OR_POST)
org_draft = _at_organisation(start_draft, ["POST"])
org_competency = _at_organisation(competency_edit, GET_OR_POST)
org_competency_add = _at_organisation(competency_add, GET_OR_POST)
org_competency_remove = _at_organisation(competency_remove, GET_OR_POST)
org_levels = _at_organisation(levels, GET_OR_POST)
org_publish = _at_organisation(publish, GET_OR_POST)

network_model = _at_network(model_page, GET_ONLY)
network_adopt = _at_network(adopt, GET_OR_POST)
network_draft = _at_network(start_draft, ["POST"])
network_competency = _at_network(competency_edit, GET_OR_POST)
network_competency_add = _at_network(competency_add, GET_OR_POST)
network_competency_remove = _at_network(competency_remove, GET_OR_POST)
network_levels = _at_network(levels, GET_OR_POST)
network_publish = _at_network(publish, GET_OR_POST)
