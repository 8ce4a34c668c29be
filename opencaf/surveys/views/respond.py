"""The respondent's pages: no account, one page per section, answers carried in the form until the
end, a thank-you page. Everything renders in the language the respondent chose among the survey's.

What a respondent sends is never audited and never logged with them: the response is anonymous by
construction (DESIGN §5). Abuse of the public link is held off without storing anything with the
answers: a hidden honeypot field, a limit per address in the cache, a cookie after answering.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.ratelimit import within_limits
from opencaf.organisations.permissions import require
from opencaf.surveys import services
from opencaf.surveys.answer_pages import (
    QuestionOnPage,
    decimal_comma,
    hidden_fields,
    page_codes,
    pages,
    questions_on_page,
    raw_from_post,
    typed_answers,
)
from opencaf.surveys.lifecycle import accepts_answers
from opencaf.surveys.models import Invitation, Survey
from opencaf.surveys.permissions import get_survey_access
from opencaf.surveys.results import minimum_for
from opencaf.surveys.rules import clean_answers
from opencaf.surveys.selectors import (
    Structure,
    forget_visit_snapshots,
    structure_for_respondents,
    survey_by_link,
    survey_for_visit,
)
from opencaf.surveys.texts import text_in
from opencaf.surveys.tokens import PAPER_LENGTH, normalise_code

ANSWERED_COOKIE_SALT = "opencaf.surveys.answered"
ANSWERED_COOKIE_DAYS = 365
HONEYPOT = "website"  # a field people never see (hidden from view and from screen readers)


def respondent_language(request: HttpRequest, survey: Survey, default: str = "") -> str:
    """The language asked for (a `lang` parameter), else the invitation's, else the browser's, else
    the survey's first."""
    asked = request.POST.get("lang") or request.GET.get("lang") or ""
    if asked in survey.languages:
        return asked
    if default in survey.languages:
        return default
    current = translation.get_language() or ""
    if current in survey.languages:
        return current
    return survey.languages[0] if survey.languages else "en"


def _cookie_name(survey: Survey) -> str:
    return f"opencaf-answered-{survey.public_id.hex[:16]}"


def _already_answered(request: HttpRequest, survey: Survey) -> bool:
    return request.get_signed_cookie(_cookie_name(survey), default=None, salt=ANSWERED_COOKIE_SALT) == "1"


def _page(
    request: HttpRequest,
    template: str,
    survey: Survey,
    language: str,
    status: int = 200,
    *,
    same_for_everyone: bool = False,
    **context: Any,
) -> HttpResponse:
    """A respondent's page. `same_for_everyone`: the page shows nothing of this respondent (nothing
    typed, no errors), so it is rendered once per process and kept (see `_kept_page`)."""
    context.update(
        language=language,
        language_links=[(code, settings.LANGUAGE_SELF_NAMES.get(code, code)) for code in survey.languages],
        # The first page has its own language chooser, which keeps what was typed; pages without
        # answers (closed, thank you) switch with links.
        show_languages="step" not in context,
        survey_title=text_in(survey.title, language, survey.languages),
        organisation_name=survey.organisation.name,
    )
    if same_for_everyone and not _has_messages(request):
        html = _kept_page(request, template, survey, context)
        response = HttpResponse(html, status=status)
    else:
        response = render(request, template, {**context, "survey": survey}, status=status)
    response["Content-Language"] = language
    return response


# Respondents' pages that show nothing of the respondent, rendered: (template, survey's public id,
# version, what the page shows) -> HTML with a marker where each visitor's CSRF token goes. The
# first page of a public survey and its thank-you page are opened by everyone who answers, and
# rendering them took most of their time. The key holds every value the templates print (titles,
# languages, the questions' markup...), so an edit shows at once; the marker is random per process,
# so no survey text can imitate it.
_KEPT_PAGES: dict[tuple[Any, ...], str] = {}
_KEPT_PAGES_SIZE = 512
_TOKEN_MARKER = f"csrf-{secrets.token_hex(16)}"


def _kept_page(request: HttpRequest, template: str, survey: Survey, context: dict[str, Any]) -> str:
    shown = tuple((name, tuple(value) if isinstance(value, list) else value) for name, value in sorted(context.items()))
    key = (template, survey.public_id, survey.version, shown)
    html = _KEPT_PAGES.get(key)
    if html is None:
        # The templates read only the survey's languages from `survey` itself (in `shown` as the links).
        html = render_to_string(template, {**context, "survey": survey, "csrf_token": _TOKEN_MARKER}, request=request)
        if len(_KEPT_PAGES) >= _KEPT_PAGES_SIZE:
            _KEPT_PAGES.clear()
        _KEPT_PAGES[key] = html
    if _TOKEN_MARKER not in html:
        return html
    return html.replace(_TOKEN_MARKER, get_token(request))  # also sets the visitor's CSRF cookie


def _has_messages(request: HttpRequest) -> bool:
    """Whether a message waits to be shown (to a signed-in person trying their own survey, say):
    such a page is rendered afresh, and shows it."""
    stored = getattr(request, "_messages", None)
    return stored is not None and len(stored) > 0


def _closed_page(request: HttpRequest, survey: Survey, language: str) -> HttpResponse:
    today = timezone.localdate()
    not_yet = survey.lifecycle_state.value == "open" and survey.opens_on is not None and today < survey.opens_on
    return _page(
        request, "surveys/respond/closed.html", survey, language, status=200 if not_yet else 410, not_yet=not_yet
    )


def unknown_survey(request: HttpRequest, *, invitation: bool = False) -> HttpResponse:
    return render(request, "surveys/respond/unknown.html", {"invitation": invitation}, status=404)


class _ReadTooEarly(Exception):
    """Answers checked against this process's recent read of the survey were refused when stored."""


@require_http_methods(["GET", "POST"])
def public(request: HttpRequest, link_key: str) -> HttpResponse:
    # Pages and answers use this process's recent read of the survey (selectors.survey_for_visit):
    # storing answers checks the survey again in the database. If that refuses them, the survey may
    # have closed, lost its link or changed its questions in another process meanwhile: the request
    # runs once more against the database's survey, which shows which (or stores the answers).
    try:
        return _public(request, survey_for_visit(link_key), recent_read=True)
    except _ReadTooEarly:
        forget_visit_snapshots()
        return _public(request, survey_by_link(link_key), recent_read=False)


def _public(request: HttpRequest, survey: Survey | None, *, recent_read: bool) -> HttpResponse:
    if survey is None:
        return unknown_survey(request)
    language = respondent_language(request, survey)
    with translation.override(language):
        if not accepts_answers(survey.lifecycle_state, survey.opens_on, survey.closes_on, timezone.localdate()):
            return _closed_page(request, survey, language)
        if _already_answered(request, survey):
            return _page(request, "surveys/respond/already.html", survey, language)
        return _answer(request, survey, language, mode="public", recent_read=recent_read)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    """The survey as respondents will see it; nothing is stored."""
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_run)
    survey = access.survey
    language = respondent_language(request, survey)
    with translation.override(language):
        return _answer(request, survey, language, mode="preview")


@require_http_methods(["GET", "POST"])
def invited(request: HttpRequest, token: str) -> HttpResponse:
    """An e-mailed link or a typed paper code: answer once, and save to continue later."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return unknown_survey(request, invitation=True)
    survey = invitation.survey
    language = respondent_language(request, survey, default=invitation.language)
    with translation.override(language):
        if invitation.used:
            return _page(request, "surveys/respond/already.html", survey, language)
        if not accepts_answers(survey.lifecycle_state, survey.opens_on, survey.closes_on, timezone.localdate()):
            return _closed_page(request, survey, language)
        return _answer(request, survey, language, mode="token", invitation=invitation)


@require_http_methods(["GET", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    """Where a printed code is typed in; a valid one leads to its survey."""
    error = ""
    typed = request.POST.get("code", "")
    if request.method == "POST":
        code = normalise_code(typed)
        if not within_limits(request, "survey_code"):
            return render(request, "surveys/respond/too_many.html", {"codes": True}, status=429)
        if len(code) != PAPER_LENGTH:
            error = _("The code has %(length)d letters and digits, as printed on your slip.") % {"length": PAPER_LENGTH}
        elif services.find_invitation(code) is None:
            error = _("This code is not valid. Check it against your slip; letters O and I are never used.")
        else:
            return redirect("surveys:invited", token=code)
    status = 422 if error else 200
    return render(request, "surveys/respond/enter_code.html", {"error": error, "typed": typed}, status=status)


def thanks(request: HttpRequest, link_key: str) -> HttpResponse:
    survey = survey_for_visit(link_key, answerable=False)
    if survey is None:
        return unknown_survey(request)
    language = respondent_language(request, survey)
    with translation.override(language):
        return _page(request, "surveys/respond/thanks.html", survey, language, same_for_everyone=True)


def _answer(
    request: HttpRequest,
    survey: Survey,
    language: str,
    *,
    mode: str,
    invitation: Invitation | None = None,
    recent_read: bool = False,
) -> HttpResponse:
    structure = structure_for_respondents(survey)
    if request.method == "GET":
        draft = invitation.draft if invitation is not None else {}
        if draft.get("answers"):  # an invited respondent continues where they saved
            return _render_step(request, structure, language, draft["answers"], int(draft.get("page", 1)), mode=mode)
        return _render_step(request, structure, language, {}, 1, mode=mode)
    raw = raw_from_post(structure, request.POST)
    # Every answer sent, checked once: its valid answers steer the conditions and pages, and on the
    # last page it decides whether the answers are stored.
    checked = clean_answers(structure.spec, raw, decimal_comma=decimal_comma(language))
    typed = checked.answers
    shown = pages(structure, typed)
    try:
        step = int(request.POST.get("step", "0"))
    except ValueError:
        step = 0
    step = max(0, min(step, len(shown)))
    nav = request.POST.get("nav", "next")
    if nav == "back":
        return _render_step(request, structure, language, raw, max(step - 1, 1), mode=mode, typed=typed)
    if nav == "save" and invitation is not None:
        try:
            services.save_draft(invitation=invitation, raw=raw, page=max(step, 1))
        except services.AlreadyAnsweredError:
            return _page(request, "surveys/respond/already.html", survey, language)
        return _page(request, "surveys/respond/saved.html", survey, language, paper=invitation.kind == "paper")
    if step > 0 and len(shown) > 1:  # a survey of one page is checked whole just below
        outcome = clean_answers(
            structure.spec, raw, only=page_codes(structure, shown[step - 1]), decimal_comma=decimal_comma(language)
        )
        if not outcome.valid:
            return _render_step(
                request, structure, language, raw, step, mode=mode, typed=typed, outcome=outcome, status=422
            )
    if step < len(shown):
        return _render_step(request, structure, language, raw, step + 1, mode=mode, typed=typed)
    # The last page: everything sent must be valid, then it is stored all or nothing.
    if not checked.valid:
        first = next(n for n, index in enumerate(shown, 1) if set(page_codes(structure, index)) & set(checked.problems))
        return _render_step(
            request, structure, language, raw, first, mode=mode, typed=typed, outcome=checked, status=422
        )
    if mode == "preview":
        return _page(request, "surveys/respond/thanks.html", survey, language, preview=True)
    if request.POST.get(HONEYPOT):
        return _thanked(survey, language)  # a robot: thanked, nothing stored
    # Counted once: not again when the answers are tried a second time (see public()).
    if mode == "public" and recent_read and not within_limits(request, "survey_answer"):
        return _page(request, "surveys/respond/too_many.html", survey, language, status=429)
    try:
        services.submit_response(
            survey=survey,
            structure=structure,
            language=language,
            answers=checked.answers,
            invitation=invitation,
            through_link=survey.link_key if mode == "public" else None,
        )
    except services.NotAcceptingAnswersError:
        if recent_read:
            raise _ReadTooEarly from None
        return _closed_page(request, survey, language)
    except services.AlreadyAnsweredError:
        return _page(request, "surveys/respond/already.html", survey, language)
    response = _thanked(survey, language)
    if mode == "public":
        response.set_signed_cookie(
            _cookie_name(survey),
            "1",
            salt=ANSWERED_COOKIE_SALT,
            max_age=ANSWERED_COOKIE_DAYS * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _thanked(survey: Survey, language: str) -> HttpResponse:
    return redirect(reverse("surveys:thanks", kwargs={"link_key": survey.link_key or "-"}) + f"?lang={language}")


def _render_step(
    request: HttpRequest,
    structure: Structure,
    language: str,
    raw: dict[str, Any],
    step: int,
    *,
    mode: str,
    typed: dict[str, Any] | None = None,
    outcome: Any = None,
    status: int = 200,
) -> HttpResponse:
    survey = structure.survey
    if typed is None:  # a GET: the answers come from a saved draft, or there are none
        typed = typed_answers(structure, raw, language)
    shown = pages(structure, typed)
    # The first page opens with the survey's introduction, the privacy notice and the language
    # chooser, then its questions: a respondent starts answering at once.
    step = max(1, min(step, len(shown)))
    context: dict[str, Any] = {
        "mode": mode,
        "step": step,
        "page_count": len(shown),
        "honeypot": HONEYPOT,
    }
    if step == 1:
        context.update(
            introduction=text_in(survey.introduction, language, survey.languages),
            minimum=minimum_for(survey),
        )
    index = shown[step - 1]
    section = structure.sections[index].section
    earlier = sum(
        1 for n in shown[: step - 1] for view in structure.sections[n].questions
    )  # numbering continues across pages
    blank = not raw and outcome is None  # nothing of this respondent on the page
    questions, questions_html = _questions_html(structure, index, raw, typed, outcome, language, earlier + 1, blank)
    context.update(
        section_title=text_in(section.title, language, survey.languages),
        section_introduction=text_in(section.introduction, language, survey.languages),
        questions_html=questions_html,
        errors=[q for q in questions if q.error],
        hidden=hidden_fields(structure, raw, skip=set(page_codes(structure, index))),
        is_last=step == len(shown),
    )
    return _page(
        request, "surveys/respond/page.html", survey, language, status=status, same_for_everyone=blank, **context
    )


# Pages nobody has answered yet, rendered: (survey's public id, version, language, page, first
# number) -> HTML. The public id, not the key: a key can come back after a rollback, in tests.
_BLANK_PAGES: dict[tuple[object, int, str, int, int], str] = {}
_BLANK_PAGES_SIZE = 512


def _questions_html(
    structure: Structure,
    index: int,
    raw: dict[str, Any],
    typed: dict[str, Any],
    outcome: Any,
    language: str,
    first_number: int,
    blank: bool,
) -> tuple[list[QuestionOnPage], str]:
    """A page's questions and their markup. A `blank` page (nothing typed, no errors) is the same for
    every respondent of the survey's version in a language, so it is rendered once per process:
    rendering two dozen questions was most of the time a public survey's page took. Any design
    change makes a new version, and so a new entry."""
    survey = structure.survey
    key = (survey.public_id, survey.version, language, index, first_number)
    if blank and key in _BLANK_PAGES:
        return [], _BLANK_PAGES[key]
    questions = questions_on_page(structure, index, raw, typed, outcome, language, first_number)
    html = render_to_string("surveys/respond/_questions.html", {"questions": questions})
    if blank:
        if len(_BLANK_PAGES) >= _BLANK_PAGES_SIZE:
            _BLANK_PAGES.clear()
        _BLANK_PAGES[key] = html
    return questions, html
