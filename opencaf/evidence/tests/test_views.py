from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.evidence.models import EvidenceItem
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member

PDF = b"%PDF-1.4\n% test document\n"


def _register(world: World) -> str:
    return reverse("evidence:register", kwargs={"org_id": world.alice_org.public_id})


def _upload(world: World, name: str = "Strategija 2026.pdf", content: bytes = PDF):  # type: ignore[no-untyped-def]
    return client_for(world.alice).post(
        _register(world),
        {
            "kind": "file",
            "file-title": "Strategija",
            "file-description": "",
            "file-file": SimpleUploadedFile(name, content),
        },
    )


def test_upload_and_download(world: World) -> None:
    response = _upload(world)
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.original_name == "Strategija 2026.pdf" and item.size == len(PDF)
    assert str(world.alice_org.public_id) in item.file.name and "Strategija" not in item.file.name
    assert AuditEvent.objects.filter(action="evidence.added", organisation=world.alice_org).exists()
    url = reverse("evidence:download", kwargs={"org_id": world.alice_org.public_id, "evidence_id": item.public_id})
    download = client_for(world.alice).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    # Another organisation, a coordinator and visitors get nothing.
    assert client_for(world.bob).get(url).status_code == 404
    assert client_for(world.carol).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.pdf", b"<html><script>alert(1)</script>", b"does not match"),
        ("setup.exe", b"MZ\x90\x00", b"not accepted"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(world: World, name: str, content: bytes, message: bytes) -> None:
    response = _upload(world, name, content)
    assert response.status_code == 422
    assert message in response.content
    assert not EvidenceItem.objects.exists()


def test_links_and_roles(world: World) -> None:
    response = client_for(world.alice).post(
        _register(world),
        {"kind": "link", "link-title": "Spletna stran", "link-url": "https://www.example.org/kakovost"},
    )
    assert response.status_code == 302
    assert EvidenceItem.objects.get().url == "https://www.example.org/kakovost"
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    assert client_for(viewer).get(_register(world)).status_code == 200
    refused = client_for(viewer).post(
        _register(world), {"kind": "link", "link-title": "x", "link-url": "https://x.org"}
    )
    assert refused.status_code == 403
    assert client_for(world.carol).get(_register(world)).status_code == 404
