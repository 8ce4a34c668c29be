"""Good-practice pages.

- The organisation's own pages (`org/<org_id>/practices/…`, its members; its writers change things):
  the list, a new practice, editing, submitting for review, attachments, deleting a translation.
- The network's pages (`network/<network_id>/practices/…`, members of the network's organisations and
  its coordinators, `permissions.practices.get_practice_access`): the reading page with the
  organisation's and the reviewer's actions, translations (the organisation's writers and the
  coordinators write them), withdrawing, "this helped us", attachment downloads, the review queue.
- The public page of a practice published for everyone, and its attachments (anyone).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.community.models import GoodPractice, PracticeAudience, PracticeState
from opencaf.community.permissions import practices as permissions
from opencaf.community.practice_forms import AttachmentForm, PracticeForm, PublishForm, ReturnForm, TranslationForm
from opencaf.community.selectors import practices as selectors
from opencaf.community.services import practices as services
from opencaf.core.forms import add_service_errors
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import (
    can_view_members,
    can_view_organisation_audit,
    get_network_for_coordinator,
    require,
)


def _reading_url(practice: GoodPractice) -> str:
    return reverse(
        "community:practice", kwargs={"network_id": practice.network.public_id, "practice_id": practice.public_id}
    )


def _url_if_ready(name: str, **kwargs: Any) -> str:
    """The address of a page another part of the app builds (the library), or "" while it does not exist."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _posted_version(request: HttpRequest) -> int | None:
    """The version a button's form was shown with (optimistic locking); None when absent or garbled."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _stale(form: BaseForm, error: ValidationError, fresh: GoodPractice) -> None:
    """Keep the person's text in the form, say why it was not saved, and let a second save replace the
    saved version knowingly (the form now carries the saved version's number)."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data["version"] = str(fresh.version)
    form.data = data
    add_service_errors(form, error)


# --- the organisation's own pages ----------------------------------------------------------------------


def _org_context(request: AuthenticatedRequest, organisation: Organisation) -> dict[str, Any]:
    """The organisation's tabs (organisations/_org_nav.html) and whether the person writes practices."""
    return {
        "organisation": organisation,
        "show_assessments": True,
        "can_view_members": can_view_members(request.user, organisation),
        "can_view_audit": can_view_organisation_audit(request.user, organisation),
        "can_write": permissions.can_write_practices(request.user, organisation),
    }


def _own(request: AuthenticatedRequest, org_id: str, practice_id: str) -> tuple[Organisation, GoodPractice]:
    """The organisation's practice, for its writers (403 for its other members, 404 for anyone else)."""
    organisation = permissions.practice_organisation(request.user, org_id)
    practice = permissions.get_own_practice(organisation, practice_id)
    require(permissions.can_write_practices(request.user, organisation))
    return organisation, practice


@login_required
@require_safe
def org_practices(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = permissions.practice_organisation(request.user, org_id)
    language = translation.get_language()
    page, rows = selectors.org_practices_page(organisation, language, request.GET.get("page"))
    context = {**_org_context(request, organisation), "page": page, "rows": rows}
    return render(request, "community/practices/org_list.html", context)


def _form_page(
    request: AuthenticatedRequest, organisation: Organisation, practice: GoodPractice | None
) -> HttpResponse:
    require(permissions.can_write_practices(request.user, organisation))
    texts = selectors.texts_of(practice) if practice else {}
    form = PracticeForm(
        request.POST if request.method == "POST" else None,
        subcriteria=selectors.caf_subcriteria(),
        practice=practice,
        original=texts.get(practice.original_language) if practice else None,
        linked=selectors.subcriteria_codes(practice) if practice else (),
        initial={} if practice else {"original_language": translation.get_language()},
    )
    status, saved = 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                if practice is None:
                    practice = services.create_practice(
                        actor=request.user, organisation=organisation, data=form.to_data()
                    )
                else:
                    practice = services.update_practice(
                        actor=request.user,
                        practice=practice,
                        data=form.to_data(),
                        expected_version=form.expected_version(),
                    )
            except services.StalePracticeError as error:
                assert practice is not None
                fresh = permissions.get_own_practice(organisation, practice.public_id)
                _stale(form, error, fresh)
                saved = selectors.texts_of(fresh).get(fresh.original_language)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The good practice has been saved."))
                return redirect(_reading_url(practice))
        status = 422
    context = {
        **_org_context(request, organisation),
        "practice": practice,
        "form": form,
        "saved": saved,
        "goes_back_to_review": practice is not None and practice.state == PracticeState.PUBLISHED,
    }
    context["title"] = (
        texts[practice.original_language].title if practice and practice.original_language in texts else ""
    )
    return render(request, "community/practices/form.html", context, status=status)


@login_required
def practice_new(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    return _form_page(request, permissions.practice_organisation(request.user, org_id), None)


@login_required
def practice_edit(request: AuthenticatedRequest, org_id: str, practice_id: str) -> HttpResponse:
    organisation, practice = _own(request, org_id, practice_id)
    return _form_page(request, organisation, practice)


@login_required
@require_POST
def practice_submit(request: AuthenticatedRequest, org_id: str, practice_id: str) -> HttpResponse:
    _organisation, practice = _own(request, org_id, practice_id)
    try:
        services.submit_practice(actor=request.user, practice=practice, expected_version=_posted_version(request))
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The good practice has been submitted; the network's coordinators will review it."))
    return redirect(_reading_url(practice))


@login_required
def practice_attachments(request: AuthenticatedRequest, org_id: str, practice_id: str) -> HttpResponse:
    organisation, practice = _own(request, org_id, practice_id)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                attachment = services.add_attachment(
                    actor=request.user, practice=practice, upload=form.cleaned_data["file"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("“%(name)s” has been attached.") % {"name": attachment.name})
                return redirect(request.path)
        status = 422
    context = {
        **_org_context(request, organisation),
        "practice": practice,
        "title": getattr(selectors.pick_text(practice, translation.get_language()), "title", ""),
        "attachments": list(practice.attachments.all()),
        "form": form,
        "is_published": practice.state == PracticeState.PUBLISHED,
    }
    return render(request, "community/practices/attachments.html", context, status=status)


@login_required
@require_POST
def practice_attachment_remove(
    request: AuthenticatedRequest, org_id: str, practice_id: str, attachment_id: str
) -> HttpResponse:
    organisation, practice = _own(request, org_id, practice_id)
    attachment = permissions.get_attachment(practice, attachment_id)
    services.remove_attachment(actor=request.user, attachment=attachment)
    messages.success(request, _("“%(name)s” has been removed.") % {"name": attachment.name})
    return redirect("community:practice_attachments", org_id=organisation.public_id, practice_id=practice.public_id)


@login_required
def practice_translation_delete(
    request: AuthenticatedRequest, org_id: str, practice_id: str, language: str
) -> HttpResponse:
    """Delete a translation after a confirmation page: the organisation's writers. A refused deletion
    (the original's language, gone meanwhile, changed meanwhile) is said on the page, which then
    offers the saved version: a second press deletes knowingly."""
    organisation, practice = _own(request, org_id, practice_id)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    problems: list[str] = []
    if request.method == "POST":
        was_published = practice.state == PracticeState.PUBLISHED
        try:
            practice = services.delete_translation(
                actor=request.user, practice=practice, language=language, expected_version=_posted_version(request)
            )
        except ValidationError as error:
            problems = error.messages
            practice = permissions.get_own_practice(organisation, practice.public_id)
        else:
            name = selectors.language_name(language).name
            messages.success(request, _("The translation into %(language)s has been deleted.") % {"language": name})
            if was_published and practice.state == PracticeState.SUBMITTED:
                back = _(
                    "The practice goes back for review: it leaves the library until a coordinator publishes it again."
                )
                messages.info(request, back)
            return redirect(_reading_url(practice))
    texts = selectors.texts_of(practice)
    translation_text = texts.get(language)
    deletable = translation_text is not None and language != practice.original_language
    if not problems and not deletable:
        raise Http404  # nothing to delete at this address
    original = texts.get(practice.original_language)
    context = {
        **_org_context(request, organisation),
        "practice": practice,
        "title": original.title if original else "",
        "language": selectors.language_name(language),
        "translation": translation_text if deletable else None,
        "problems": problems,
        "goes_back_to_review": practice.state == PracticeState.PUBLISHED,
    }
    status = 422 if problems else 200
    return render(request, "community/practices/translation_delete.html", context, status=status)


# --- the network's pages ---------------------------------------------------------------------------------


def _reader_language(request: HttpRequest, practice: GoodPractice) -> str:
    """The language asked for with ?language= when the practice is written in it, else the reader's."""
    asked = request.GET.get("language", "")
    if asked and practice.texts.filter(language=asked).exists():
        return asked
    return translation.get_language()


def _reading_page(
    request: AuthenticatedRequest,
    access: permissions.PracticeAccess,
    forms: dict[str, BaseForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    practice = access.practice
    reading = selectors.reading_of(practice, _reader_language(request, practice))
    version = {"version": practice.version}
    if access.can_review and not forms:
        forms = {
            "return_form": ReturnForm(prefix="return", initial=version),
            "publish_form": PublishForm(prefix="publish", initial=version),
        }
    written = [language.code for language in reading.languages]
    context = {
        "network": access.reader.network,
        "practice": practice,
        "reading": reading,
        **access.flags,
        **(forms or {}),
        "helping": [(org, org.pk in reading.helped_by) for org in access.helping_organisations],
        "translations": [name for name in reading.languages if name.code != practice.original_language],
        "untranslated": selectors.missing_languages(written) if access.can_translate else [],
        "library_url": _url_if_ready("community:library", network_id=access.reader.network.public_id),
        # A member reading another organisation's practice: the way back starts at their own.
        "own_organisation": access.reader.organisations[0]
        if access.reader.organisations and not access.reader.is_coordinator
        else None,
        "public_url": reverse("community:public_practice", args=[practice.public_id])
        if access.flags["is_public"]
        else "",
    }
    return render(request, "community/practices/read.html", context, status=status)


@login_required
@require_safe
def practice(request: AuthenticatedRequest, network_id: str, practice_id: str) -> HttpResponse:
    return _reading_page(request, permissions.get_practice_access(request.user, network_id, practice_id))


def _take_review_step(request: AuthenticatedRequest, practice: GoodPractice, step: str, data: dict[str, Any]) -> None:
    if step == "return":
        services.return_practice(
            actor=request.user, practice=practice, comment=data["comment"], expected_version=data.get("version")
        )
        messages.success(request, _("The good practice has been returned to its organisation with your comments."))
        return
    practice = services.publish_practice(
        actor=request.user, practice=practice, audience=data["audience"], expected_version=data.get("version")
    )
    if practice.audience == PracticeAudience.PUBLIC:
        messages.success(request, _("The good practice is published for everyone."))
    else:
        messages.success(request, _("The good practice is published for the organisations of the network."))


def _review(request: AuthenticatedRequest, network_id: str, practice_id: str, step: str) -> HttpResponse:
    """Return (with comments) or publish (for an audience) a submitted practice: the network's coordinators."""
    access = permissions.get_practice_access(request.user, network_id, practice_id)
    require(access.reader.is_coordinator)
    version = {"version": access.practice.version}
    forms: dict[str, BaseForm] = {
        "return_form": ReturnForm(prefix="return", initial=version),
        "publish_form": PublishForm(prefix="publish", initial=version),
    }
    form = forms[f"{step}_form"] = (ReturnForm if step == "return" else PublishForm)(request.POST, prefix=step)
    if form.is_valid():
        try:
            _take_review_step(request, access.practice, step, form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Changed in between (stale) or no longer submitted: said at the top of the page, which
                # shows the saved version, so the coordinator reads it again before deciding.
                _error_messages(request, error)
                return redirect(_reading_url(access.practice))
            add_service_errors(form, error)
        else:
            return redirect(_reading_url(access.practice))
    return _reading_page(request, access, forms, status=422)


@login_required
@require_POST
def practice_return(request: AuthenticatedRequest, network_id: str, practice_id: str) -> HttpResponse:
    return _review(request, network_id, practice_id, "return")


@login_required
@require_POST
def practice_publish(request: AuthenticatedRequest, network_id: str, practice_id: str) -> HttpResponse:
    return _review(request, network_id, practice_id, "publish")


@login_required
@require_POST
def practice_withdraw(request: AuthenticatedRequest, network_id: str, practice_id: str) -> HttpResponse:
    access = permissions.get_practice_access(request.user, network_id, practice_id)
    require(access.can_edit or access.reader.is_coordinator)
    try:
        services.withdraw_practice(actor=request.user, practice=access.practice)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The good practice has been withdrawn; it is no longer in the library."))
        if not access.is_own:  # a coordinator does not read a withdrawn practice: back to the queue
            return redirect("community:review_queue", network_id=access.reader.network.public_id)
    return redirect(_reading_url(access.practice))


@login_required
@require_POST
def practice_helped(request: AuthenticatedRequest, network_id: str, practice_id: str) -> HttpResponse:
    """Give or take back "this helped us" for one of the reader's other organisations of the network."""
    access = permissions.get_practice_access(request.user, network_id, practice_id)
    wanted = request.POST.get("organisation", "")
    organisation = next((org for org in access.helping_organisations if str(org.public_id) == wanted), None)
    require(organisation is not None)
    assert organisation is not None
    try:
        if request.POST.get("helped") == "yes":
            services.mark_helped(actor=request.user, practice=access.practice, organisation=organisation)
            messages.success(request, _("Thank you: the organisation that wrote it will see that it helped you."))
        else:
            services.unmark_helped(actor=request.user, practice=access.practice, organisation=organisation)
            messages.success(request, _("Your “this helped us” has been taken back."))
    except ValidationError as error:
        _error_messages(request, error)
    return redirect(_reading_url(access.practice))


@login_required
def practice_translation(
    request: AuthenticatedRequest, network_id: str, practice_id: str, language: str
) -> HttpResponse:
    access = permissions.get_practice_access(request.user, network_id, practice_id)
    practice = access.practice
    if language not in dict(settings.LANGUAGES) or language == practice.original_language:
        raise Http404
    require(access.can_translate)
    texts = selectors.texts_of(practice)
    form = TranslationForm(
        request.POST if request.method == "POST" else None,
        language=language,
        practice=practice,
        text=texts.get(language),
    )
    status, saved = 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_translation(
                    actor=request.user,
                    practice=practice,
                    language=language,
                    text=form.to_text(),
                    expected_version=form.expected_version(),
                )
            except services.StalePracticeError as error:
                fresh = permissions.get_practice_access(request.user, network_id, practice_id).practice
                _stale(form, error, fresh)
                saved = selectors.texts_of(fresh).get(language)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The translation has been saved."))
                return redirect(_reading_url(practice))
        status = 422
    context = {
        "network": access.reader.network,
        "practice": practice,
        "language": selectors.language_name(language),
        "original": texts.get(practice.original_language),
        "form": form,
        "saved": saved,
        "goes_back_to_review": practice.state == PracticeState.PUBLISHED and not access.reader.is_coordinator,
        # The organisation's writers delete a translation (not the original), on their own pages.
        "can_delete": access.can_edit and language in texts,
    }
    return render(request, "community/practices/translation.html", context, status=status)


def _download(file: FieldFile, name: str) -> FileResponse:
    response = FileResponse(file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def practice_attachment(
    request: AuthenticatedRequest, network_id: str, practice_id: str, attachment_id: str
) -> FileResponse:
    access = permissions.get_practice_access(request.user, network_id, practice_id)
    attachment = permissions.get_attachment(access.practice, attachment_id)
    return _download(attachment.file, attachment.name)


@login_required
@require_safe
def review_queue(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = get_network_for_coordinator(request.user, network_id)
    queue = selectors.review_queue(network, translation.get_language())
    return render(request, "community/practices/review_queue.html", {"network": network, "queue": queue})


# --- everyone --------------------------------------------------------------------------------------------


@require_safe
def public_practice(request: HttpRequest, practice_id: str) -> HttpResponse:
    practice = permissions.get_public_practice(practice_id)
    reading = selectors.reading_of(practice, _reader_language(request, practice))
    context = {
        "practice": practice,
        "reading": reading,
        "public_library_url": _url_if_ready("community:public_library"),
    }
    return render(request, "community/practices/public.html", context)


@require_safe
def public_practice_attachment(request: HttpRequest, practice_id: str, attachment_id: str) -> FileResponse:
    practice = permissions.get_public_practice(practice_id)
    attachment = permissions.get_attachment(practice, attachment_id)
    response = _download(attachment.file, attachment.name)
    response["Cache-Control"] = "no-store"
    return response
