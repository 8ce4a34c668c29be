"""Test data builders for good practices: rows written directly, so tests start from a known state
(the services have their own tests). Subcriteria need the `caf_framework` fixture."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any, cast

from django.core.files.base import ContentFile
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.community.models import (
    GoodPractice,
    HelpedMark,
    PracticeAttachment,
    PracticeAudience,
    PracticeState,
    PracticeText,
)
from opencaf.frameworks.models import Subcriterion
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

TEXT = {
    "title": "Citizens' desk without queues",
    "problem": "People waited an hour at the desk.\n\nMost came for one certificate.",
    "actions": "We put the certificate online and trained two clerks.",
    "results": "Waiting fell from 60 to 12 minutes in six months.",
    "resources": "Two clerks for a month; 4,000 EUR.",
}


def text(title: str | None = None, **parts: str) -> dict[str, str]:
    """A complete text, the sample with some parts replaced."""
    return {**TEXT, **({"title": title} if title is not None else {}), **parts}


def make_practice(
    organisation: Organisation,
    *,
    state: str = PracticeState.DRAFT,
    audience: str = "",
    language: str = "en",
    title: str | None = None,
    subcriteria: Iterable[str] = ("1.1",),
    translations: dict[str, dict[str, str]] | None = None,
    **fields: Any,
) -> GoodPractice:
    """A practice with its original text; published ones get an audience (the network's by default)."""
    now = timezone.now()
    if state == PracticeState.PUBLISHED and not audience:
        audience = PracticeAudience.NETWORK
    values: dict[str, Any] = {
        "state": state,
        "audience": audience,
        "original_language": language,
        "contact_name": "Petra Contact",
        "contact_email": "petra@example.org",
        "submitted_at": now - timedelta(days=2) if state != PracticeState.DRAFT else None,
        "published_at": now - timedelta(days=1)
        if state in (PracticeState.PUBLISHED, PracticeState.WITHDRAWN)
        else None,
        **fields,
    }
    assert organisation.network is not None
    practice = GoodPractice.objects.create(organisation=organisation, network=organisation.network, **values)
    PracticeText.objects.create(practice=practice, language=language, **text(title))
    for code, written in (translations or {}).items():
        PracticeText.objects.create(practice=practice, language=code, **written)
    if subcriteria:
        practice.subcriteria.set(Subcriterion.objects.filter(framework__code="caf2020", code__in=list(subcriteria)))
    return practice


def attach(
    practice: GoodPractice, name: str = "report.pdf", content: bytes = b"%PDF-1.4 figures"
) -> PracticeAttachment:
    attachment = PracticeAttachment(practice=practice, name=name, size=len(content))
    attachment.file.save("stored-name.pdf", ContentFile(content), save=True)
    return attachment


def mark(practice: GoodPractice, organisation: Organisation, user: User | None = None) -> HelpedMark:
    return HelpedMark.objects.create(practice=practice, organisation=organisation, marked_by=user)


def organisation_in(network: Network, **fields: Any) -> Organisation:
    return cast(Organisation, OrganisationFactory(network=network, **fields))


def neighbour(network: Network, email: str = "nina@example.org", role: str = Role.VIEWER) -> tuple[Organisation, User]:
    """Another organisation of the same network, with one member."""
    organisation = organisation_in(network, name=f"Neighbour of {email}")
    user = cast(User, UserFactory(email=email, full_name="Nina Neighbour"))
    add_member(organisation, user, role)
    return organisation, user


def member_of(organisation: Organisation, email: str, *roles: str) -> User:
    user = cast(User, UserFactory(email=email))
    add_member(organisation, user, *(roles or (Role.VIEWER,)))
    return user


def form_data(**changes: Any) -> dict[str, Any]:
    """What the practice form posts."""
    data: dict[str, Any] = {
        **TEXT,
        "original_language": "en",
        "subcriteria": ["1.1", "6.2"],
        "contact_name": "Petra Contact",
        "contact_email": "petra@example.org",
        "contact_phone": "",
        "version": "",
    }
    data.update(changes)
    return data
