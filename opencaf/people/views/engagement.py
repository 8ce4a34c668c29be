"""The pages of the people app's engagement part.

- the involvement page (HR): the staff involvement activities (newest first, by kind, a page at a
  time), the organisation's staff surveys from the survey module, and how many of the staff receive the
  network's e-newsletter, with the invitation;
- recording, changing and deleting an activity (HR; deleting asks first);
- inviting the staff to the network's e-newsletter (HR, organisations of a network): a page says how
  many will be asked and how many are subscribed already, and asks first;
- the criterion 3 figures (HR and top management): what the self-assessment's scoring pages show
  beside subcriteria 3.1–3.3, with an explanation of each and links to the subcriteria in the CAF model.

Anyone without a role in the organisation gets a 404 (access_for_request), a member without the right
a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.assessments.subcriterion_figures import SubcriterionFigures
from opencaf.core.forms import add_service_errors
from opencaf.frameworks.models import FrameworkVersion
from opencaf.frameworks.selectors import structure_of
from opencaf.organisations.permissions import require
from opencaf.people import figures
from opencaf.people.access import PeopleAccess
from opencaf.people.forms_engagement import ActivityForm
from opencaf.people.models import ActivityKind
from opencaf.people.selectors import engagement as selectors
from opencaf.people.services import engagement as services
from opencaf.people.views.common import access_for_request, page_context
from opencaf.surveys.permissions import can_create_survey

FRAMEWORK = "caf2020"  # the model whose subcriteria 3.1 to 3.3 the figures stand beside


def _hr(request: AuthenticatedRequest, org_id: str) -> PeopleAccess:
    access = access_for_request(request, org_id)
    require(access.can_manage)
    return access


def _to_involvement(access: PeopleAccess) -> HttpResponse:
    return redirect("people:involvement", org_id=access.organisation.public_id)


# --- the involvement page -----------------------------------------------------------------------------


@login_required
@require_GET
def involvement(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = _hr(request, org_id)
    organisation = access.organisation
    counts = selectors.kind_counts(organisation)
    chosen = request.GET.get("kind", "")
    if chosen not in ActivityKind.values:
        chosen = ""
    surveys, surveys_total = selectors.staff_surveys(organisation)
    context = page_context(
        access,
        counts=counts,
        total=sum(item.count for item in counts),
        chosen=chosen,
        page=selectors.activity_page(organisation, chosen, request.GET.get("page")),
        surveys=surveys,
        surveys_total=surveys_total,
        can_start_survey=can_create_survey(request.user, organisation),
        reach=selectors.newsletter_reach(organisation),
    )
    return render(request, "people/engagement/involvement.html", context)


# --- recording, changing, deleting an activity ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = _hr(request, org_id)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_activity(
                actor=request.user,
                organisation=access.organisation,
                kind=data["kind"],
                title=data["title"],
                held_on=data["held_on"],
                participants=data["participants"],
                notes=data["notes"],
                themes=data["themes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity is recorded."))
            return _to_involvement(access)
    context = page_context(access, form=form, activity=None)
    return render(request, "people/engagement/activity_form.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedRequest, org_id: str, activity_id: str) -> HttpResponse:
    access = _hr(request, org_id)
    activity = selectors.get_activity(access, activity_id)
    form = ActivityForm(request.POST or None, initial=ActivityForm.initial_for(activity))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_activity(
                actor=request.user,
                activity=activity,
                kind=data["kind"],
                title=data["title"],
                held_on=data["held_on"],
                participants=data["participants"],
                notes=data["notes"],
                themes=data["themes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return _to_involvement(access)
    context = page_context(access, form=form, activity=activity)
    return render(request, "people/engagement/activity_form.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request: AuthenticatedRequest, org_id: str, activity_id: str) -> HttpResponse:
    """GET asks and changes nothing; POST deletes."""
    access = _hr(request, org_id)
    activity = selectors.get_activity(access, activity_id)
    if request.method == "POST":
        services.delete_activity(actor=request.user, activity=activity)
        messages.success(request, _("The activity “%(title)s” is deleted.") % {"title": activity.title})
        return _to_involvement(access)
    return render(request, "people/engagement/activity_delete.html", page_context(access, activity=activity))


# --- the network's e-newsletter ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def newsletter_invite(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    """GET says whom the invitation will ask and changes nothing; POST asks them. An organisation of no
    network has no network e-newsletter: the page does not exist for it."""
    access = _hr(request, org_id)
    reach = selectors.newsletter_reach(access.organisation)
    if reach is None:
        raise Http404
    if request.method == "POST":
        try:
            done = services.invite_staff_to_newsletter(actor=request.user, organisation=access.organisation)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            sent = ngettext(
                "%(count)d staff member will receive an e-mail to confirm their subscription.",
                "%(count)d staff members will receive an e-mail to confirm their subscription.",
                done.sent,
            ) % {"count": done.sent}
            if done.held:
                sent += " " + ngettext(
                    "%(count)d staff member was asked a few minutes ago and is not asked again now.",
                    "%(count)d staff members were asked a few minutes ago and are not asked again now.",
                    done.held,
                ) % {"count": done.held}
            messages.success(request, sent)
        return _to_involvement(access)
    return render(request, "people/engagement/newsletter_invite.html", page_context(access, reach=reach))


# --- the criterion 3 figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FiguresSection:
    code: str
    anchor: str
    title: str  # the subcriterion's title in the CAF model, "" when the model is not loaded
    url: str  # the subcriterion's page in the CAF model, "" when the model is not loaded
    explanation: str
    blocks: list[SubcriterionFigures]


def _explanations() -> dict[str, str]:
    return {
        "3.1": _(
            "Human resources planning starts from what each position requires: the share of employees with a "
            "job profile shows how far the competency model reaches the staff. Succession coverage is the share "
            "of key positions with at least one successor ready now or within one to two years."
        ),
        "3.2": _(
            "Development plans: of the people reviewed in the latest competency review, how many have an "
            "individual development plan for it. Training days: the days of development actions done in the "
            "last 12 months, in all and per employee. The competency gap is the mean number of levels by which "
            "the line manager's assessment falls short of the level the job profile requires, over every "
            "competency rated; a review's gap is shown only when enough people were assessed for no one to be "
            "recognised."
        ),
        "3.3": _(
            "Involving and empowering people: the workshops, interviews and focus groups held with staff in the "
            "last 12 months and how many took part, and the staff surveys whose results were published."
        ),
    }


def _sections(access: PeopleAccess) -> list[FiguresSection]:
    organisation = access.organisation
    blocks = figures.blocks(organisation, figures.criterion3(organisation))
    framework = FrameworkVersion.objects.filter(code=FRAMEWORK).first()
    structure = structure_of(framework) if framework is not None else None
    explanations = _explanations()
    sections = []
    for code in figures.CODES:
        subcriterion = structure.subcriterion(code) if structure is not None else None
        sections.append(
            FiguresSection(
                code=code,
                anchor="subcriterion-" + code.replace(".", "-"),
                title=subcriterion.title if subcriterion is not None else "",
                url=reverse("frameworks:subcriterion", kwargs={"code": FRAMEWORK, "subcode": code})
                if subcriterion is not None
                else "",
                explanation=explanations[code],
                blocks=blocks[code],
            )
        )
    return sections


@login_required
@require_GET
def criterion3_figures(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    require(access.is_hr or access.is_top_management)
    context = page_context(access, sections=_sections(access))
    return render(request, "people/engagement/figures.html", context)
