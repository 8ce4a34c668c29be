"""Good practices: an organisation writes one, submits it, a coordinator of its network returns it with
comments or publishes it (for the organisations of the network or for everyone), and it can be
withdrawn.

    draft ─submit→ submitted ─return→ returned ─submit→ submitted ─publish→ published ─withdraw→ withdrawn
                                                                                    withdrawn ─submit→ submitted

Who: the organisation's writers (`permissions.practices.PRACTICE_WRITERS`) write, submit, translate
(and delete a translation), attach and withdraw; the network's coordinators return, publish, withdraw
and may add a translation. A return and a publication are e-mailed to the organisation
(`practice_mail`).

Nothing is published without a coordinator's review. Any change the organisation makes to a published
practice (its text in any language, a translation deleted, its subcriteria, contact or attachments)
sends it back to review:
it becomes "submitted" again and leaves the library until a coordinator publishes it again. One rule,
no half-reviewed state: the reviewer always publishes exactly what is stored. A coordinator's own
translation keeps a published practice published (the reviewer wrote it). The first publication date
is kept across a withdrawal and a new publication.

Optimistic locking: every change raises `version`. An edit, a translation and a review step carry the
version the person started from; when someone changed the practice in between, `StalePracticeError`
is raised and nothing is saved (the form keeps the person's text; a coordinator never publishes a
version they have not read). Texts are plain text (pages render them with `linebreaks`, escaped).
Every write is atomic and audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.audit.services import record_event
from opencaf.community.models import (
    GoodPractice,
    HelpedMark,
    PracticeAttachment,
    PracticeAudience,
    PracticeState,
    PracticeText,
)
from opencaf.community.permissions.practices import COORDINATOR_READS, SUBMITTABLE, can_write_practices
from opencaf.community.services import practice_mail
from opencaf.core.texts import too_long
from opencaf.evidence.rules import check_upload, extension_of
from opencaf.evidence.services import upload_problem_message
from opencaf.frameworks.models import Subcriterion
from opencaf.lib.texts import one_line, paragraphs
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import is_coordinator, is_member

if TYPE_CHECKING:
    from opencaf.accounts.models import User

FRAMEWORK = "caf2020"  # the framework whose subcriteria practices are filed under
TEXT_PARTS = ("title", "problem", "actions", "results", "resources")
LIMITS = {"title": 200, "problem": 10_000, "actions": 10_000, "results": 10_000, "resources": 5_000}
REQUIRED_PARTS = ("title", "problem", "actions", "results")
CONTACT_NAME_MAX = 200
CONTACT_PHONE_MAX = 40
COMMENT_MAX = 5_000
MAX_ATTACHMENTS = 10


@dataclass(frozen=True)
class TextData:
    """One language version of a practice as typed."""

    title: str = ""
    problem: str = ""
    actions: str = ""
    results: str = ""
    resources: str = ""


@dataclass(frozen=True)
class PracticeData:
    text: TextData
    original_language: str
    subcriteria: tuple[str, ...] = ()  # codes of the CAF 2020 subcriteria ("1.1", "6.2")
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


class StalePracticeError(ValidationError):
    """The practice changed since the person opened it; nothing has been saved."""


# --- checking what was typed ---------------------------------------------------------------------------


def clean_text(text: TextData) -> dict[str, str]:
    """The version tidied; ValidationError keyed by the part (the forms' field names) when a required
    part is empty or a part is too long."""
    cleaned = {
        part: one_line(text.title) if part == "title" else paragraphs(getattr(text, part)) for part in TEXT_PARTS
    }
    errors: dict[str, list[str]] = {}
    for part in REQUIRED_PARTS:
        if not cleaned[part]:
            errors[part] = [_("This field is required.")]
    for part, limit in LIMITS.items():
        if len(cleaned[part]) > limit:
            errors.setdefault(part, []).append(too_long(limit))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _language(code: str, field: str) -> str:
    if code not in {known for known, _name in settings.LANGUAGES}:
        raise ValidationError({field: _("Choose one of the site's languages.")})
    return code


def _subcriteria(codes: Iterable[str]) -> list[Subcriterion]:
    wanted = sorted(set(codes))
    found = list(Subcriterion.objects.filter(framework__code=FRAMEWORK, code__in=wanted).order_by("code"))
    if len(found) != len(wanted):
        raise ValidationError({"subcriteria": _("Choose subcriteria of the CAF 2020 model.")})
    return found


def _contact(data: PracticeData) -> dict[str, str]:
    contact = {
        "contact_name": one_line(data.contact_name),
        "contact_email": data.contact_email.strip(),
        "contact_phone": one_line(data.contact_phone),
    }
    errors: dict[str, list[str]] = {}
    if not contact["contact_name"]:
        errors["contact_name"] = [_("Name the person others may ask about the practice.")]
    elif len(contact["contact_name"]) > CONTACT_NAME_MAX:
        errors["contact_name"] = [too_long(CONTACT_NAME_MAX)]
    try:
        validate_email(contact["contact_email"])
    except ValidationError:
        errors["contact_email"] = [_("Enter the contact person's e-mail address, like name@example.org.")]
    if len(contact["contact_phone"]) > CONTACT_PHONE_MAX:
        errors["contact_phone"] = [too_long(CONTACT_PHONE_MAX)]
    if errors:
        raise ValidationError(errors)
    return contact


def _collect[T](errors: dict[str, list[str]], check: Callable[[], T]) -> T | None:
    """The check's result, or None with its problems added to `errors` (so a form shows them all at once)."""
    try:
        return check()
    except ValidationError as error:
        errors.update(error.message_dict)
        return None


def _check(data: PracticeData) -> tuple[dict[str, str], str, list[Subcriterion], dict[str, str]]:
    errors: dict[str, list[str]] = {}
    text = _collect(errors, lambda: clean_text(data.text))
    language = _collect(errors, lambda: _language(data.original_language, "original_language"))
    subcriteria = _collect(errors, lambda: _subcriteria(data.subcriteria))
    contact = _collect(errors, lambda: _contact(data))
    if errors:
        raise ValidationError(errors)
    assert text is not None and language is not None and subcriteria is not None and contact is not None
    return text, language, subcriteria, contact


# --- helpers of every write ----------------------------------------------------------------------------


def _require_writer(actor: User, organisation: Organisation) -> None:
    if not can_write_practices(actor, organisation):
        raise PermissionDenied


def _require_coordinator(actor: User, practice: GoodPractice) -> None:
    if not is_coordinator(actor, practice.network):
        raise PermissionDenied


def _locked(practice: GoodPractice, expected_version: int | None = None) -> GoodPractice:
    locked = GoodPractice.objects.select_for_update().select_related("organisation", "network").get(pk=practice.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StalePracticeError(
            _(
                "Someone else changed this good practice while you were working on it. Nothing has been "
                "saved: read the saved version, then try again."
            )
        )
    return locked


def _require_state(practice: GoodPractice, allowed: Iterable[str], message: str) -> None:
    if practice.state not in allowed:
        raise ValidationError(message)


def _back_to_review(practice: GoodPractice, changes: dict[str, Any]) -> None:
    """The organisation changed a published practice: it waits for a coordinator again (module note)."""
    if practice.state == PracticeState.PUBLISHED:
        changes["practice_state"] = {"before": PracticeState.PUBLISHED, "after": PracticeState.SUBMITTED}
        practice.state = PracticeState.SUBMITTED
        practice.submitted_at = timezone.now()


def _save(practice: GoodPractice, *fields: str) -> None:
    practice.version += 1
    practice.save(update_fields=["version", *fields])


def _text_changes(language: str, before: PracticeText | None, after: dict[str, str]) -> list[str]:
    return [f"{language}:{part}" for part in TEXT_PARTS if (getattr(before, part) if before else "") != after[part]]


def _codes(subcriteria: Iterable[Subcriterion]) -> list[str]:
    return sorted(sub.code for sub in subcriteria)


# --- writing and changing ------------------------------------------------------------------------------


@transaction.atomic
def create_practice(*, actor: User, organisation: Organisation, data: PracticeData) -> GoodPractice:
    """A new practice of the organisation, as a draft, with its original text."""
    _require_writer(actor, organisation)
    if organisation.network is None:
        raise ValidationError(_("Only an organisation of a network shares good practices."))
    text, language, subcriteria, contact = _check(data)
    practice = GoodPractice.objects.create(
        organisation=organisation,
        network=organisation.network,
        original_language=language,
        created_by=actor,
        **contact,
    )
    PracticeText.objects.create(practice=practice, language=language, **text)
    practice.subcriteria.set(subcriteria)
    record_event(
        "community.practice_created",
        actor=actor,
        obj=practice,
        organisation=organisation,
        changes={
            "practice_title": text["title"],
            "practice_language": language,
            "practice_subcriteria": _codes(subcriteria),
        },
    )
    return practice


@transaction.atomic
def update_practice(
    *, actor: User, practice: GoodPractice, data: PracticeData, expected_version: int | None = None
) -> GoodPractice:
    """Change the original text, its language, the subcriteria or the contact. A published practice
    goes back to review (module note). Refused when the practice changed since `expected_version`."""
    _require_writer(actor, practice.organisation)
    practice = _locked(practice, expected_version)
    text, language, subcriteria, contact = _check(data)
    original = PracticeText.objects.filter(practice=practice, language=practice.original_language).first()
    changes: dict[str, Any] = {}
    if language != practice.original_language:
        if PracticeText.objects.filter(practice=practice, language=language).exists():
            raise ValidationError({"original_language": _("The practice has a translation in this language.")})
        changes["practice_language"] = {"before": practice.original_language, "after": language}
    texts_changed = _text_changes(language, original, text)
    if texts_changed:
        changes["practice_texts"] = texts_changed
    before_codes = _codes(practice.subcriteria.all())
    if before_codes != _codes(subcriteria):
        changes["practice_subcriteria"] = {"before": before_codes, "after": _codes(subcriteria)}
    old_contact = {name: getattr(practice, name) for name in contact}
    if old_contact != contact:
        changes["practice_contact"] = {"before": old_contact["contact_name"], "after": contact["contact_name"]}
    if not changes:
        return practice
    _back_to_review(practice, changes)
    if original is None:
        original = PracticeText(practice=practice)
    original.language = language
    for part, value in text.items():
        setattr(original, part, value)
    original.updated_at = timezone.now()
    original.save()
    practice.subcriteria.set(subcriteria)
    practice.original_language = language
    for name, value in contact.items():
        setattr(practice, name, value)
    _save(practice, "original_language", "state", "submitted_at", *contact)
    record_event(
        "community.practice_changed", actor=actor, obj=practice, organisation=practice.organisation, changes=changes
    )
    return practice


@transaction.atomic
def save_translation(
    *, actor: User, practice: GoodPractice, language: str, text: TextData, expected_version: int | None = None
) -> PracticeText:
    """Add or change the practice's text in another language than the original's: its organisation's
    writers may (a published practice then goes back to review), and so may its network's coordinators
    once it was handed over (a published practice stays published)."""
    by_coordinator = is_coordinator(actor, practice.network)
    if not by_coordinator and not can_write_practices(actor, practice.organisation):
        raise PermissionDenied
    practice = _locked(practice, expected_version)
    if by_coordinator and not can_write_practices(actor, practice.organisation):
        _require_state(practice, COORDINATOR_READS, _("This good practice has not been handed over for review."))
    _language(language, "language")
    if language == practice.original_language:
        raise ValidationError(_("This is the language of the original: change the original on the practice's form."))
    cleaned = clean_text(text)
    existing = PracticeText.objects.filter(practice=practice, language=language).first()
    changed = _text_changes(language, existing, cleaned)
    if not changed:
        assert existing is not None  # a new text always changes something: its required parts
        return existing
    changes: dict[str, Any] = {"practice_language": language, "practice_texts": changed}
    if not by_coordinator:
        _back_to_review(practice, changes)
    translation = existing or PracticeText(practice=practice, language=language)
    for part, value in cleaned.items():
        setattr(translation, part, value)
    translation.updated_at = timezone.now()
    translation.save()
    _save(practice, "state", "submitted_at")
    record_event(
        "community.practice_translation_saved",
        actor=actor,
        obj=practice,
        organisation=practice.organisation,
        changes=changes,
    )
    return translation


@transaction.atomic
def delete_translation(
    *, actor: User, practice: GoodPractice, language: str, expected_version: int | None = None
) -> GoodPractice:
    """Delete the practice's text in a language other than the original's: its organisation's writers.
    A published practice goes back to review (module note). Refused when the practice changed since
    `expected_version`."""
    _require_writer(actor, practice.organisation)
    practice = _locked(practice, expected_version)
    if language == practice.original_language:
        raise ValidationError(
            _("This is the language of the original, which cannot be deleted: only a translation can.")
        )
    translation = PracticeText.objects.filter(practice=practice, language=language).first()
    if translation is None:
        raise ValidationError(_("The practice has no translation in this language."))
    changes: dict[str, Any] = {"practice_language": language, "practice_title": translation.title}
    _back_to_review(practice, changes)
    translation.delete()
    _save(practice, "state", "submitted_at")
    record_event(
        "community.practice_translation_deleted",
        actor=actor,
        obj=practice,
        organisation=practice.organisation,
        changes=changes,
    )
    return practice


# --- the review ------------------------------------------------------------------------------------------


@transaction.atomic
def submit_practice(*, actor: User, practice: GoodPractice, expected_version: int | None = None) -> GoodPractice:
    """Hand the practice over to the network's coordinators for review (again, after a return or a withdrawal)."""
    _require_writer(actor, practice.organisation)
    practice = _locked(practice, expected_version)
    _require_state(practice, SUBMITTABLE, _("This good practice cannot be submitted now."))
    if not practice.subcriteria.exists():
        raise ValidationError(_("Link the practice to at least one subcriterion before submitting it."))
    before = practice.state
    practice.state = PracticeState.SUBMITTED
    practice.submitted_at = timezone.now()
    _save(practice, "state", "submitted_at")
    record_event(
        "community.practice_submitted",
        actor=actor,
        obj=practice,
        organisation=practice.organisation,
        changes={"practice_state": {"before": before, "after": practice.state}},
    )
    return practice


def _reviewed(practice: GoodPractice, actor: User, state: str) -> str:
    before = practice.state
    practice.state = state
    practice.reviewed_by = actor
    practice.reviewed_at = timezone.now()
    return before


@transaction.atomic
def return_practice(
    *, actor: User, practice: GoodPractice, comment: str, expected_version: int | None = None
) -> GoodPractice:
    """Send a submitted practice back to its organisation with the reviewer's comments."""
    _require_coordinator(actor, practice)
    comment = paragraphs(comment)
    if not comment:
        raise ValidationError({"comment": _("Tell the organisation what to change.")})
    if len(comment) > COMMENT_MAX:
        raise ValidationError({"comment": too_long(COMMENT_MAX)})
    practice = _locked(practice, expected_version)
    _require_state(practice, {PracticeState.SUBMITTED}, _("Only a submitted good practice can be returned."))
    before = _reviewed(practice, actor, PracticeState.RETURNED)
    practice.review_comment = comment
    _save(practice, "state", "reviewed_by", "reviewed_at", "review_comment")
    record_event(
        "community.practice_returned",
        actor=actor,
        obj=practice,
        organisation=practice.organisation,
        changes={"practice_state": {"before": before, "after": practice.state}, "practice_comment": comment},
    )
    practice_mail.practice_returned(practice, actor=actor)
    return practice


@transaction.atomic
def publish_practice(
    *, actor: User, practice: GoodPractice, audience: str, expected_version: int | None = None
) -> GoodPractice:
    """Publish a submitted practice for the organisations of the network or for everyone."""
    _require_coordinator(actor, practice)
    if audience not in PracticeAudience.values:
        raise ValidationError({"audience": _("Choose for whom the practice is published.")})
    practice = _locked(practice, expected_version)
    _require_state(practice, {PracticeState.SUBMITTED}, _("Only a submitted good practice can be published."))
    before = _reviewed(practice, actor, PracticeState.PUBLISHED)
    practice.audience = audience
    if practice.published_at is None:
        practice.published_at = practice.reviewed_at
    _save(practice, "state", "reviewed_by", "reviewed_at", "audience", "published_at")
    record_event(
        "community.practice_published",
        actor=actor,
        obj=practice,
        organisation=practice.organisation,
        changes={"practice_state": {"before": before, "after": practice.state}, "practice_audience": audience},
    )
    practice_mail.practice_published(practice, actor=actor)
    return practice


@transaction.atomic
def withdraw_practice(*, actor: User, practice: GoodPractice) -> GoodPractice:
    """Take a published practice out of the library: its organisation's writers or a coordinator."""
    if not (can_write_practices(actor, practice.organisation) or is_coordinator(actor, practice.network)):
        raise PermissionDenied
    practice = _locked(practice)
    _require_state(practice, {PracticeState.PUBLISHED}, _("Only a published good practice can be withdrawn."))
    practice.state = PracticeState.WITHDRAWN
    _save(practice, "state")
    record_event(
        "community.practice_withdrawn",
        actor=actor,
        obj=practice,
        organisation=practice.organisation,
        changes={"practice_state": {"before": PracticeState.PUBLISHED, "after": practice.state}},
    )
    return practice


# --- attachments -----------------------------------------------------------------------------------------


def _check_upload(upload: UploadedFile) -> None:
    """The evidence register's rules (types, 20 MB, first bytes matching the type); ValidationError on `file`."""
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    problem = check_upload(upload.name or "", upload.size or 0, head)
    if problem is not None:
        raise ValidationError({"file": upload_problem_message(problem)})


@transaction.atomic
def add_attachment(*, actor: User, practice: GoodPractice, upload: UploadedFile) -> PracticeAttachment:
    """Attach a file; stored under a random name, served only to those who may read the practice."""
    _require_writer(actor, practice.organisation)
    _check_upload(upload)
    practice = _locked(practice)
    if practice.attachments.count() >= MAX_ATTACHMENTS:
        message = ngettext(
            "A good practice has at most %(count)s attachment.",
            "A good practice has at most %(count)s attachments.",
            MAX_ATTACHMENTS,
        ) % {"count": MAX_ATTACHMENTS}
        raise ValidationError({"file": message})
    name = (upload.name or "").rsplit("/", 1)[-1][-200:]
    attachment = PracticeAttachment(practice=practice, name=name, size=upload.size or 0, added_by=actor)
    attachment.file.save(f"{uuid.uuid4().hex}.{extension_of(name)}", upload, save=False)
    try:
        changes: dict[str, Any] = {"practice_file": name, "practice_file_size": attachment.size}
        _back_to_review(practice, changes)
        attachment.save()
        _save(practice, "state", "submitted_at")
        record_event(
            "community.practice_attachment_added",
            actor=actor,
            obj=practice,
            organisation=practice.organisation,
            changes=changes,
        )
    except Exception:
        attachment.file.delete(save=False)  # the row rolls back; do not leave the file behind
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, actor: User, attachment: PracticeAttachment) -> None:
    _require_writer(actor, attachment.practice.organisation)
    practice = _locked(attachment.practice)
    changes: dict[str, Any] = {"practice_file": attachment.name}
    _back_to_review(practice, changes)
    stored, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    _save(practice, "state", "submitted_at")
    record_event(
        "community.practice_attachment_removed",
        actor=actor,
        obj=practice,
        organisation=practice.organisation,
        changes=changes,
    )
    transaction.on_commit(lambda: storage.delete(stored) if stored else None)


# --- "this helped us" ------------------------------------------------------------------------------------


def _check_helper(actor: User, practice: GoodPractice, organisation: Organisation) -> None:
    """Any member of another organisation of the practice's network speaks for their organisation."""
    if (
        not is_member(actor, organisation)
        or organisation.network_id != practice.network_id
        or organisation.pk == practice.organisation_id
    ):
        raise PermissionDenied


@transaction.atomic
def mark_helped(*, actor: User, practice: GoodPractice, organisation: Organisation) -> HelpedMark:
    """Say that the practice helped `organisation` (one mark per organisation)."""
    _check_helper(actor, practice, organisation)
    practice = _locked(practice)
    _require_state(practice, {PracticeState.PUBLISHED}, _("Only a published good practice can be marked."))
    if HelpedMark.objects.filter(practice=practice, organisation=organisation).exists():
        raise ValidationError(
            _("%(organisation)s has already said this practice helped it.") % {"organisation": organisation}
        )
    mark = HelpedMark.objects.create(practice=practice, organisation=organisation, marked_by=actor)
    record_event(
        "community.practice_helped_marked",
        actor=actor,
        obj=practice,
        organisation=organisation,
        changes={"practice_helped_by": organisation.name},
    )
    return mark


@transaction.atomic
def unmark_helped(*, actor: User, practice: GoodPractice, organisation: Organisation) -> None:
    """Take back the organisation's "this helped us" (any of its members may)."""
    _check_helper(actor, practice, organisation)
    practice = _locked(practice)
    deleted, _counts = HelpedMark.objects.filter(practice=practice, organisation=organisation).delete()
    if not deleted:
        raise ValidationError(_("%(organisation)s has not marked this practice.") % {"organisation": organisation})
    record_event(
        "community.practice_helped_unmarked",
        actor=actor,
        obj=practice,
        organisation=organisation,
        changes={"practice_helped_by": organisation.name},
    )
