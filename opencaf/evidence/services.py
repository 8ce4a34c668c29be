"""Adding to the evidence register; every addition is audited."""

from __future__ import annotations

import mimetypes
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.evidence import permissions
from opencaf.evidence.models import EvidenceItem, EvidenceKind
from opencaf.evidence.rules import ALLOWED_EXTENSIONS, MAX_BYTES, UploadProblem, check_upload
from opencaf.organisations.models import Organisation

if TYPE_CHECKING:
    from opencaf.accounts.models import User


def upload_problem_message(problem: UploadProblem) -> str:
    messages = {
        UploadProblem.EMPTY: _("The file is empty."),
        UploadProblem.TOO_LARGE: _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // 2**20},
        UploadProblem.EXTENSION: _("This type of file is not accepted. Accepted: %(types)s.")
        % {"types": ", ".join(ALLOWED_EXTENSIONS)},
        UploadProblem.CONTENT: _("The content of the file does not match its type."),
    }
    return messages[problem]


@transaction.atomic
def add_file(
    *, actor: User, organisation: Organisation, title: str, description: str, upload: UploadedFile
) -> EvidenceItem:
    if not permissions.can_add_evidence(actor, organisation):
        raise PermissionDenied
    name = upload.name or ""
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    problem = check_upload(name, upload.size or 0, head)
    if problem is not None:
        raise ValidationError({"file": upload_problem_message(problem)})
    item = EvidenceItem(
        organisation=organisation,
        kind=EvidenceKind.FILE,
        title=title.strip(),
        description=description.strip(),
        original_name=name[-255:],
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        size=upload.size or 0,
        created_by=actor,
    )
    item.file.save(name, upload, save=False)
    try:
        item.save()
        record_event(
            "evidence.added",
            actor=actor,
            obj=item,
            organisation=organisation,
            changes={"file": item.original_name, "size": item.size},
        )
    except Exception:
        # The row rolls back with the transaction; do not leave the stored file behind.
        item.file.delete(save=False)
        raise
    return item


@transaction.atomic
def add_link(*, actor: User, organisation: Organisation, title: str, description: str, url: str) -> EvidenceItem:
    if not permissions.can_add_evidence(actor, organisation):
        raise PermissionDenied
    if not url.lower().startswith(("https://", "http://")):
        raise ValidationError({"url": _("Enter a web address starting with https:// or http://.")})
    item = EvidenceItem.objects.create(
        organisation=organisation,
        kind=EvidenceKind.LINK,
        title=title.strip(),
        description=description.strip(),
        url=url,
        created_by=actor,
    )
    record_event("evidence.added", actor=actor, obj=item, organisation=organisation, changes={"url": url})
    return item
