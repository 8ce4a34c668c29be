"""Evidence during individual scoring belongs to its author until consensus opens, and evidence can be
uploaded to the register and attached to a subcriterion in one step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.assessments import services
from opencaf.assessments.lifecycle import Action
from opencaf.assessments.models import EvidenceLink, SelfAssessment
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.audit.models import AuditEvent
from opencaf.evidence.models import EvidenceItem
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import add_member

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

PDF = b"%PDF-1.4\n% test document\n"
CODE = "1.1"


@dataclass
class Scene:
    assessment: SelfAssessment
    leader: User
    first: User  # assessor A
    second: User  # assessor B
    item: EvidenceItem


@pytest.fixture
def scene(world: World, caf_framework: FrameworkVersion) -> Scene:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    seats = add_assessors(assessment, world.alice, 2)
    start(assessment, world.alice)
    item = EvidenceItem.objects.create(
        organisation=world.alice_org, kind="link", title="Annual staff survey", url="https://example.org/survey"
    )
    return Scene(assessment, world.alice, seats[0].membership.user, seats[1].membership.user, item)


def _url(scene: Scene, name: str, code: str = CODE) -> str:
    kwargs = {"org_id": scene.assessment.organisation.public_id, "assessment_id": scene.assessment.public_id}
    return reverse(f"assessments:{name}", kwargs={**kwargs, "code": code})


def _attach(client: Client, scene: Scene) -> None:
    response = client.post(_url(scene, "evidence"), {"evidence": str(scene.item.public_id)})
    assert response.status_code == 302


def _open_consensus(scene: Scene) -> None:
    with transaction.atomic():
        services.change_state(actor=scene.leader, assessment=scene.assessment, action=Action.OPEN_CONSENSUS)


def _titles_on(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [row.link.evidence.title for row in response.context["evidence_rows"]]


def test_another_assessor_does_not_see_it_during_individual_scoring(scene: Scene) -> None:
    _attach(client_for(scene.first), scene)
    assert _titles_on(client_for(scene.first), _url(scene, "score")) == ["Annual staff survey"]
    response = client_for(scene.second).get(_url(scene, "score"))
    assert b"Annual staff survey</a>" not in response.content
    assert response.context["evidence_rows"] == []
    # The item stays on offer to B: its absence would tell B that someone attached it.
    assert scene.item.public_id in [choice["public_id"] for choice in response.context["evidence_choices"]]
    # The CAF leader follows everyone's work.
    assert _titles_on(client_for(scene.leader), _url(scene, "consensus_item")) == ["Annual staff survey"]


def test_another_assessor_cannot_remove_it(scene: Scene) -> None:
    _attach(client_for(scene.first), scene)
    link = EvidenceLink.objects.get()
    response = client_for(scene.second).post(_url(scene, "evidence"), {"detach": str(link.public_id)})
    assert response.status_code == 404
    assert EvidenceLink.objects.filter(pk=link.pk).exists()
    assert not AuditEvent.objects.filter(action="assessment.evidence_unlinked").exists()


def test_the_leader_cannot_remove_it_before_consensus_but_can_after(scene: Scene) -> None:
    _attach(client_for(scene.first), scene)
    link = EvidenceLink.objects.get()
    leader = client_for(scene.leader)
    assert leader.post(_url(scene, "evidence"), {"detach": str(link.public_id)}).status_code == 403
    assert EvidenceLink.objects.filter(pk=link.pk).exists()
    _open_consensus(scene)
    assert leader.post(_url(scene, "evidence"), {"detach": str(link.public_id)}).status_code == 302
    assert not EvidenceLink.objects.exists()
    assert AuditEvent.objects.filter(action="assessment.evidence_unlinked", actor=scene.leader).exists()


def test_the_author_removes_their_own_and_it_is_audited(scene: Scene) -> None:
    client = client_for(scene.first)
    _attach(client, scene)
    link = EvidenceLink.objects.get()
    assert client.get(_url(scene, "score")).context["evidence_rows"][0].removable
    assert client.post(_url(scene, "evidence"), {"detach": str(link.public_id)}).status_code == 302
    assert not EvidenceLink.objects.exists()
    event = AuditEvent.objects.get(action="assessment.evidence_unlinked")
    assert event.actor == scene.first
    assert event.changes["subcriterion"] == CODE


def test_both_see_it_once_consensus_opens(scene: Scene) -> None:
    _attach(client_for(scene.first), scene)
    _attach(client_for(scene.second), scene)  # B attaches the same item on their own
    assert EvidenceLink.objects.count() == 2
    _open_consensus(scene)
    for person in (scene.first, scene.second):
        assert _titles_on(client_for(person), _url(scene, "consensus_item")) == ["Annual staff survey"]


def test_the_leaders_evidence_is_shared_at_once(scene: Scene) -> None:
    _attach(client_for(scene.leader), scene)
    second = client_for(scene.second)
    assert _titles_on(second, _url(scene, "score")) == ["Annual staff survey"]
    rows = second.get(_url(scene, "score")).context["evidence_rows"]
    assert not rows[0].removable  # B may not take away what everyone sees
    link = EvidenceLink.objects.get()
    assert second.post(_url(scene, "evidence"), {"detach": str(link.public_id)}).status_code == 403
    assert EvidenceLink.objects.filter(pk=link.pk).exists()


# --- upload and attach in one step ---------------------------------------------------------------


def _upload(
    client: Client, scene: Scene, name: str = "Strategy.pdf", content: bytes = PDF, url: str = ""
) -> _MonkeyPatchedWSGIResponse:
    data: dict[str, object] = {"upload": "1", "upload-title": "Strategy 2026", "next": _url(scene, "score")}
    if name:
        data["upload-file"] = SimpleUploadedFile(name, content)
    if url:
        data["upload-url"] = url
    return client.post(_url(scene, "evidence"), data)


def test_upload_creates_the_item_and_the_link(scene: Scene) -> None:
    response = _upload(client_for(scene.first), scene)
    assert response.status_code == 302
    assert response["Location"] == _url(scene, "score")
    item = EvidenceItem.objects.get(title="Strategy 2026")
    assert item.original_name == "Strategy.pdf" and item.size == len(PDF)
    link = EvidenceLink.objects.get(evidence=item)
    assert link.added_by == scene.first and link.subcriterion.code == CODE
    assert AuditEvent.objects.filter(action="evidence.added", actor=scene.first).exists()
    assert AuditEvent.objects.filter(action="assessment.evidence_linked", actor=scene.first).exists()
    # It is A's until consensus, like anything else A attaches.
    assert _titles_on(client_for(scene.second), _url(scene, "score")) == []


def test_upload_of_a_web_link(scene: Scene) -> None:
    response = _upload(client_for(scene.leader), scene, name="", url="https://example.org/plan")
    assert response.status_code == 302
    link = EvidenceLink.objects.get(evidence__url="https://example.org/plan")
    assert link.evidence.title == "Strategy 2026"


def test_a_bad_file_is_refused_with_a_message_and_the_form_kept(scene: Scene) -> None:
    before = EvidenceItem.objects.count()
    response = _upload(client_for(scene.first), scene, name="evil.pdf", content=b"<html><script>")
    assert response.status_code == 422
    assert b"does not match" in response.content
    assert b'value="Strategy 2026"' in response.content
    assert response.context["evidence_upload_form"]["title"].value() == "Strategy 2026"
    assert EvidenceItem.objects.count() == before
    assert not EvidenceLink.objects.exists()


def test_an_upload_needs_a_file_or_an_address(scene: Scene) -> None:
    response = _upload(client_for(scene.first), scene, name="")
    assert response.status_code == 422
    assert response.context["evidence_upload_form"].errors
    assert not EvidenceLink.objects.exists()


def test_the_upload_message_follows_the_language(scene: Scene) -> None:
    scene.first.language = "sl"
    scene.first.save(update_fields=["language"])
    response = _upload(client_for(scene.first), scene, name="setup.exe", content=b"MZ\x90")
    assert response.status_code == 422
    assert "Ta vrsta datoteke ni dovoljena" in response.content.decode()
    assert b"not accepted" not in response.content


@pytest.mark.parametrize(
    ("who", "status"),
    [("assessor", 302), ("leader", 302), ("viewer", 403), ("assessor_without_seat", 403), ("bob", 404), (None, 302)],
)
def test_who_may_upload_and_attach(world: World, scene: Scene, who: str | None, status: int) -> None:
    people: dict[str | None, User | None] = {"assessor": scene.first, "leader": scene.leader, "bob": world.bob}
    if who in ("viewer", "assessor_without_seat"):
        member = User.objects.create_user(email=f"{who}@example.org")
        add_member(world.alice_org, member, Role.VIEWER if who == "viewer" else Role.ASSESSOR)
        people[who] = member
    response = _upload(client_for(people.get(who)), scene)
    assert response.status_code == status
    if who is None:
        assert "/login/" in response["Location"]
    created = EvidenceLink.objects.exists()
    assert created == (status == 302 and who is not None)


def test_the_next_cycle_carries_an_item_two_assessors_attached_once(
    world: World, caf_framework: FrameworkVersion
) -> None:
    from opencaf.frameworks.models import Subcriterion
    from opencaf.improvement.tests.factories import finalised_assessment

    first = finalised_assessment(world.alice_org, world.alice, caf_framework)
    item = EvidenceItem.objects.create(organisation=world.alice_org, kind="link", title="Plan", url="https://e.org")
    subcriterion = Subcriterion.objects.get(framework=caf_framework, code=CODE)
    for person in (world.alice, world.bob):
        EvidenceLink.objects.create(
            assessment=first, subcriterion=subcriterion, evidence=item, added_by=person, individual=True
        )
    with transaction.atomic():
        second = services.start_next_cycle(actor=world.alice, previous=first, title="Next")
    link = second.evidence_links.get()
    assert link.evidence == item and link.needs_review and not link.individual


def test_the_blank_upload_form_is_printed_in_each_persons_language(scene: Scene) -> None:
    """Its fields are printed once per process and language: a Slovenian page gets Slovenian labels
    even after an English page printed them, and the other way round."""
    import re

    def title_label(language: str) -> str:
        scene.first.language = language
        scene.first.save(update_fields=["language"])
        page = client_for(scene.first).get(_url(scene, "score")).content.decode()
        assert 'name="upload-title"' in page and 'name="upload-file"' in page and 'name="upload-url"' in page
        found = re.search(r'<label class="form-label" for="id_upload-title">([^<]*)', page)
        assert found is not None
        return found.group(1)

    english, slovenian, english_again = title_label("en"), title_label("sl"), title_label("en")
    assert english != slovenian and english_again == english
