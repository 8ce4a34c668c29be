"""The survey designer and the running of a survey: list, new survey, settings, pages and questions,
states (with a confirmation page for steps that ask first), the public link and its QR code."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.organisations.permissions import get_organisation_for_staff, require
from opencaf.surveys import permissions, selectors, services
from opencaf.surveys.forms import NewSurveyForm, QuestionForm, SectionForm, SettingsForm, texts_from
from opencaf.surveys.lifecycle import ASKS_FIRST, Action
from opencaf.surveys.models import Section, Survey
from opencaf.surveys.permissions import SurveyAccess, get_question, get_survey_access
from opencaf.surveys.texts import text_in


def _to(name: str, survey: Survey, **kwargs: Any) -> HttpResponse:
    return redirect(f"surveys:{name}", org_id=survey.organisation.public_id, survey_id=survey.public_id, **kwargs)


def _context(access: SurveyAccess, **extra: Any) -> dict[str, Any]:
    survey = access.survey
    return {
        "organisation": survey.organisation,
        "survey": survey,
        "survey_title": text_in(survey.title, get_language(), survey.languages),
        **access.flags,
        **extra,
    }


def public_url(request: AuthenticatedRequest, survey: Survey) -> str:
    if not survey.link_key or not survey.public_link:
        return ""
    return request.build_absolute_uri(reverse("surveys:public", kwargs={"link_key": survey.link_key}))


@login_required
def survey_list(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    require(permissions.can_list_surveys(request.user, organisation))
    language = get_language()
    rows = [
        {"survey": survey, "title": text_in(survey.title, language, survey.languages)}
        for survey in selectors.surveys_of(organisation)
    ]
    context = {
        "organisation": organisation,
        "rows": rows,
        "can_create": permissions.can_create_survey(request.user, organisation),
    }
    return render(request, "surveys/list.html", context)


@login_required
def survey_new(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    require(permissions.can_create_survey(request.user, organisation))
    previous = list(selectors.surveys_of(organisation))
    form = NewSurveyForm(
        request.POST or None,
        previous=previous,
        language=get_language(),
        initial={"languages": [organisation.default_language]},
    )
    if request.method == "POST" and form.is_valid():
        start = form.cleaned_data["start"]
        template_code, copy_from = "", None
        if start.startswith("template:"):
            template_code = start.split(":", 1)[1]
        elif start.startswith("copy:"):
            wanted = start.split(":", 1)[1]
            copy_from = next((s for s in previous if str(s.public_id) == wanted), None)
        languages = form.cleaned_data["languages"]
        try:
            survey = services.create_survey(
                actor=request.user,
                organisation=organisation,
                title=dict.fromkeys(languages[:1], form.cleaned_data["title"]),
                audience=form.cleaned_data["audience"],
                languages=languages,
                template_code=template_code,
                copy_from=copy_from,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey has been created as a draft."))
            return _to("detail", survey)
    return render(
        request, "surveys/new.html", {"organisation": organisation, "form": form}, status=422 if form.errors else 200
    )


@login_required
def detail(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    survey = access.survey
    structure = selectors.structure_of(survey)
    context = _context(
        access,
        question_count=len(structure.questions),
        page_count=len(structure.sections),
        problems=services.readiness_problems(survey) if survey.state == "draft" and access.can_run else [],
        public_url=public_url(request, survey),
    )
    return render(request, "surveys/detail.html", context)


@login_required
def settings_form(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_design)
    survey = access.survey
    form = SettingsForm(
        request.POST or None,
        survey=survey,
        initial={
            "audience": survey.audience,
            "languages": survey.languages,
            "opens_on": survey.opens_on,
            "closes_on": survey.closes_on,
            "public_link": survey.public_link,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Texts are kept for every language the form showed, including one being removed: adding it
        # back later finds its texts again.
        shown = form.languages_before
        try:
            services.update_settings(
                actor=request.user,
                survey=survey,
                title={**survey.title, **texts_from(data, "title", shown)},
                introduction={
                    **{k: v for k, v in survey.introduction.items() if k not in shown},
                    **texts_from(data, "introduction", shown),
                },
                audience=data["audience"],
                languages=data["languages"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                public_link=data["public_link"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey's settings have been saved."))
            return _to("detail", survey)
    return render(request, "surveys/settings.html", _context(access, form=form), status=422 if form.errors else 200)


@login_required
def questions(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    survey = access.survey
    structure = selectors.structure_of(survey)
    language = get_language()
    pages = [
        {
            "position": view.section.position,
            "title": text_in(view.section.title, language, survey.languages),
            "questions": [
                {
                    "view": question,
                    "text": text_in(question.question.text, language, survey.languages),
                    "options": [text_in(o.text, language, survey.languages) for o in question.options],
                    "items": [text_in(i.text, language, survey.languages) for i in question.items],
                    "depends": bool(question.question.show_if_question_id),
                }
                for question in view.questions
            ],
        }
        for view in structure.sections
    ]
    return render(request, "surveys/questions.html", _context(access, pages=pages))


def _section(survey: Survey, position: int) -> Section:
    section = Section.objects.filter(survey=survey, position=position).first()
    if section is None:
        raise Http404
    return section


@login_required
def section_new(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_design)
    survey = access.survey
    form = SectionForm(request.POST or None, languages=survey.languages)
    if request.method == "POST" and form.is_valid():
        services.add_section(
            actor=request.user,
            survey=survey,
            title=texts_from(form.cleaned_data, "title", survey.languages),
            introduction=texts_from(form.cleaned_data, "introduction", survey.languages),
        )
        messages.success(request, _("The page has been added."))
        return _to("questions", survey)
    return render(request, "surveys/section_form.html", _context(access, form=form, section=None))


@login_required
def section_edit(request: AuthenticatedRequest, org_id: str, survey_id: str, position: int) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_design)
    survey = access.survey
    section = _section(survey, position)
    form = SectionForm(request.POST or None, languages=survey.languages, section=section)
    if request.method == "POST":
        if "delete" in request.POST:
            try:
                services.delete_section(actor=request.user, section=section)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The page has been deleted."))
                return _to("questions", survey)
        elif form.is_valid():
            services.update_section(
                actor=request.user,
                section=section,
                title=texts_from(form.cleaned_data, "title", survey.languages),
                introduction=texts_from(form.cleaned_data, "introduction", survey.languages),
            )
            messages.success(request, _("The page has been saved."))
            return _to("questions", survey)
    status = 422 if form.errors else 200
    return render(request, "surveys/section_form.html", _context(access, form=form, section=section), status=status)


def _question_form(
    request: AuthenticatedRequest, access: SurveyAccess, section: Section, question: Any = None
) -> HttpResponse:
    survey = access.survey
    structure = selectors.structure_of(survey)
    form = QuestionForm(request.POST or None, languages=survey.languages, structure=structure, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_question(
                actor=request.user, survey=survey, section=section, data=form.question_input(), question=question
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question has been saved."))
            return _to("questions", survey)
    context = _context(access, form=form, question=question, section=section)
    return render(request, "surveys/question_form.html", context, status=422 if form.errors else 200)


@login_required
def question_new(request: AuthenticatedRequest, org_id: str, survey_id: str, position: int) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_design)
    return _question_form(request, access, _section(access.survey, position))


@login_required
def question_edit(request: AuthenticatedRequest, org_id: str, survey_id: str, question_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_design)
    question = get_question(access.survey, question_id)
    return _question_form(request, access, question.section, question)


@login_required
@require_POST
def question_delete(request: AuthenticatedRequest, org_id: str, survey_id: str, question_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_design)
    question = get_question(access.survey, question_id)
    try:
        services.delete_question(actor=request.user, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question has been deleted."))
    return _to("questions", access.survey)


@login_required
@require_POST
def question_move(request: AuthenticatedRequest, org_id: str, survey_id: str, question_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_design)
    question = get_question(access.survey, question_id)
    try:
        services.move_question(actor=request.user, question=question, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(
        reverse("surveys:questions", kwargs={"org_id": org_id, "survey_id": survey_id}) + f"#question-{question.code}"
    )


@login_required
def state(request: AuthenticatedRequest, org_id: str, survey_id: str, action: str) -> HttpResponse:
    """GET shows what the step will do (steps that ask first); POST takes it."""
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_run)
    try:
        step = Action(action)
    except ValueError:
        raise Http404 from None
    survey = access.survey
    problems: list[str] = []
    if request.method == "POST":
        try:
            if step == Action.PUBLISH:
                assessment, codes = services.publish_results(actor=request.user, survey=survey)
            else:
                services.change_state(actor=request.user, survey=survey, action=step)
                assessment, codes = None, []
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, STATE_MESSAGES[step]())
            if assessment is not None and codes:
                messages.info(
                    request,
                    ngettext(
                        "The results are attached as evidence to subcriterion %(codes)s in the self-assessment "
                        "“%(title)s”.",
                        "The results are attached as evidence to subcriteria %(codes)s in the self-assessment "
                        "“%(title)s”.",
                        len(codes),
                    )
                    % {"codes": ", ".join(codes), "title": assessment.title},
                )
            return _to("detail", survey)
    elif step not in ASKS_FIRST:
        return _to("detail", survey)
    readiness = services.readiness_problems(survey) if step == Action.OPEN else []
    assessment = services.current_assessment(survey) if step == Action.PUBLISH else None
    context = _context(access, step=step.value, problems=problems or readiness, assessment=assessment)
    return render(request, "surveys/confirm_state.html", context, status=422 if problems else 200)


STATE_MESSAGES = {
    Action.OPEN: lambda: _("The survey is open for answers."),
    Action.CLOSE: lambda: _("The survey is closed: it takes no more answers."),
    Action.REOPEN: lambda: _("The survey is open for answers again."),
    Action.PUBLISH: lambda: _("The results have been published to the organisation."),
    Action.WITHDRAW: lambda: _("The results are no longer published."),
}


@login_required
@require_POST
def renew_link(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_run)
    services.renew_public_link(actor=request.user, survey=access.survey)
    messages.success(request, _("The survey has a new public link; the old one no longer works."))
    return _to("detail", access.survey)


@login_required
def qr_code(request: AuthenticatedRequest, org_id: str, survey_id: str, image_format: str) -> HttpResponse:
    """The public link as a QR code, PNG for documents and SVG for print."""
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_run)
    url = public_url(request, access.survey)
    if not url or image_format not in ("png", "svg"):
        raise Http404
    code = segno.make(url, error="m")
    buffer = io.BytesIO()
    if image_format == "png":
        code.save(buffer, kind="png", scale=10, border=4)
        content_type = "image/png"
    else:
        code.save(buffer, kind="svg", scale=10, border=4, xmldecl=False)
        content_type = "image/svg+xml"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="survey-qr.{image_format}"'
    return response
