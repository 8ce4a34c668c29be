"""The shared import flow (opencaf.core.importing): upload → check the whole file → confirm → apply.

Driven through the two real imports: organisations into a network (coordinators) and actions into
an improvement plan (planners).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.core.importing import PREVIEW_ROWS
from opencaf.core.models import PendingImport
from opencaf.core.services import PENDING_LIFETIME
from opencaf.frameworks.models import FrameworkVersion
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.improvement.tests.factories import make_plan
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import NetworkFactory, UserFactory, add_member, make_coordinator

HEADER = "name,short_name,type,country,size,language,parent\n"
CLEAN = (HEADER + "Zavod Novi,ZN,agency,SI,1-49,sl,\nŠola Nova,,school,SI,50-249,sl,Zavod Novi\n").encode()


def _network_url(network: Any) -> str:
    return reverse("organisations:network_import", kwargs={"network_id": network.public_id})


def _upload(client: Client, url: str, content: bytes = CLEAN, name: str = "orgs.csv") -> Any:
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def _decide(client: Client, url: str, pending_id: object, decision: str = "confirm") -> Any:
    return client.post(url, {"pending": str(pending_id), "decision": decision})


def _new_names() -> set[str]:
    return set(Organisation.objects.filter(name__in=["Zavod Novi", "Šola Nova"]).values_list("name", flat=True))


# --- step 1: the whole file is checked ----------------------------------------------------------


def test_bad_file_shows_every_problem_by_row_and_column_and_writes_nothing(world: World) -> None:
    content = (HEADER + "Dober,,agency,SI,1-49,sl,\nSlab,,castle,XX,1-49,sl,\n,,agency,SI,huge,de,\n").encode()
    response = _upload(client_for(world.carol), _network_url(world.network), content)
    assert response.status_code == 422
    found = {(problem.row, problem.column) for problem in response.context["problems"]}
    assert found == {(3, "type"), (3, "country"), (4, "name"), (4, "size"), (4, "language")}
    body = response.content.decode()
    # The error summary comes first, takes focus and leads to the file field and to the problems.
    start = body.index('id="error-summary"')
    summary = body[start : body.index("</div>", start)]
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    assert 'href="#id_file"' in summary and 'href="#import-errors"' in summary
    assert body.index('id="error-summary"') < body.index('id="import-errors"') < body.index('name="file"')
    assert not Organisation.objects.filter(name="Dober").exists()
    assert not PendingImport.objects.exists()


def test_unreadable_file_gets_a_field_error_in_the_summary(world: World) -> None:
    response = _upload(client_for(world.carol), _network_url(world.network), b"%PDF", "orgs.pdf")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    body = response.content.decode()
    assert 'id="error-summary"' in body and 'aria-invalid="true"' in body
    assert not PendingImport.objects.exists()


def test_file_over_the_size_limit_is_refused_and_not_kept(world: World, settings: Any) -> None:
    settings.IMPORT_MAX_BYTES = len(CLEAN) - 1
    response = _upload(client_for(world.carol), _network_url(world.network), CLEAN)
    assert b"larger than" in response.content
    assert not PendingImport.objects.exists() and not _new_names()


# --- step 2: a clean file is kept and previewed; nothing written yet -----------------------------


def test_clean_file_is_previewed_and_kept_on_the_server_without_importing(world: World) -> None:
    response = _upload(client_for(world.carol), _network_url(world.network))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.total, preview.added, preview.changed) == (2, 2, 0)
    assert [cells[0] for _changes, cells in preview.rows] == ["Zavod Novi", "Šola Nova"]
    pending = PendingImport.objects.get()
    assert (pending.user, pending.kind, pending.scope_key) == (
        world.carol,
        "organisations.network",
        str(world.network.public_id),
    )
    assert bytes(pending.content) == CLEAN, "the checked file itself is kept, not the page's copy"
    body = response.content.decode()
    assert f'value="{pending.public_id}"' in body and 'value="confirm"' in body and 'value="cancel"' in body
    assert "Import 2 rows" in body
    assert not _new_names()
    assert not AuditEvent.objects.filter(action="organisation.imported").exists()


def test_preview_shows_the_first_rows_only(world: World) -> None:
    rows = "".join(f"Zavod {number},,agency,SI,1-49,sl,\n" for number in range(PREVIEW_ROWS + 5))
    response = _upload(client_for(world.carol), _network_url(world.network), (HEADER + rows).encode())
    preview = response.context["preview"]
    assert preview.total == PREVIEW_ROWS + 5 and len(preview.rows) == PREVIEW_ROWS
    assert f"The first {PREVIEW_ROWS} of {PREVIEW_ROWS + 5} rows" in response.content.decode()


def test_a_new_upload_replaces_the_earlier_one_and_clears_expired_ones(world: World) -> None:
    client = client_for(world.carol)
    first = _upload(client, _network_url(world.network)).context["preview"].pending_id
    stale = PendingImport.objects.create(
        user=world.alice, kind="improvement.actions", scope_key="x", filename="old.csv", content=b"old"
    )
    PendingImport.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - PENDING_LIFETIME - timedelta(seconds=1)
    )
    second = _upload(client, _network_url(world.network)).context["preview"].pending_id
    assert list(PendingImport.objects.values_list("public_id", flat=True)) == [second]
    assert first != second


# --- step 3: confirm applies once, audited -----------------------------------------------------


def test_confirm_applies_once_audited_and_a_second_confirm_imports_nothing(world: World) -> None:
    client = client_for(world.carol)
    url = _network_url(world.network)
    pending_id = _upload(client, url).context["preview"].pending_id
    response = _decide(client, url, pending_id)
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:network", kwargs={"network_id": world.network.public_id})
    assert _new_names() == {"Zavod Novi", "Šola Nova"}
    assert Organisation.objects.get(name="Šola Nova").parent == Organisation.objects.get(name="Zavod Novi")
    assert (
        AuditEvent.objects.filter(action="organisation.imported", network=world.network, actor=world.carol).count() == 1
    )
    assert AuditEvent.objects.filter(action="organisation.created", actor=world.carol).count() == 2
    assert not PendingImport.objects.exists()
    followed = client.get(response["Location"])
    assert "2 organisations imported." in [str(message) for message in followed.context["messages"]]
    # The same confirmation again (a double click, the back button) imports nothing more.
    again = _decide(client, url, pending_id)
    assert again.status_code == 404
    assert "no longer waiting to be imported" in again.content.decode()
    assert Organisation.objects.filter(name="Zavod Novi").count() == 1
    assert AuditEvent.objects.filter(action="organisation.imported").count() == 1


def test_cancel_drops_the_file_and_imports_nothing(world: World) -> None:
    client = client_for(world.carol)
    url = _network_url(world.network)
    pending_id = _upload(client, url).context["preview"].pending_id
    response = _decide(client, url, pending_id, "cancel")
    assert response.status_code == 302 and response["Location"] == url
    assert not PendingImport.objects.exists() and not _new_names()
    assert _decide(client, url, pending_id).status_code == 404
    assert not _new_names()


def test_expired_file_gets_a_clear_message_and_imports_nothing(world: World) -> None:
    client = client_for(world.carol)
    url = _network_url(world.network)
    pending_id = _upload(client, url).context["preview"].pending_id
    PendingImport.objects.update(created_at=timezone.now() - PENDING_LIFETIME - timedelta(minutes=1))
    response = _decide(client, url, pending_id)
    assert response.status_code == 404
    body = response.content.decode()
    assert "not confirmed within 60 minutes" in body and 'id="error-summary"' in body
    assert not _new_names()


@pytest.mark.parametrize("pending_id", ["not-a-uuid", "", "00000000-0000-0000-0000-000000000000"])
def test_unknown_or_malformed_pending_id_is_a_clear_404(world: World, pending_id: str) -> None:
    response = _decide(client_for(world.carol), _network_url(world.network), pending_id)
    assert response.status_code == 404
    assert "no longer waiting to be imported" in response.content.decode()


def test_data_changed_since_upload_shows_the_problems_and_writes_nothing(world: World) -> None:
    client = client_for(world.carol)
    url = _network_url(world.network)
    pending_id = _upload(client, url).context["preview"].pending_id
    # Meanwhile someone adds an organisation of the same name to the network.
    Organisation.objects.create(
        network=world.network, name="Zavod Novi", org_type="agency", country="SI", size_band="1-49"
    )
    response = _decide(client, url, pending_id)
    assert response.status_code == 422
    assert {(p.row, p.column) for p in response.context["problems"]} == {(2, "name")}
    assert "The data changed after the file was checked" in response.content.decode()
    assert Organisation.objects.filter(name="Zavod Novi").count() == 1
    assert not Organisation.objects.filter(name="Šola Nova").exists()
    assert not AuditEvent.objects.filter(action="organisation.imported").exists()


# --- who may confirm ---------------------------------------------------------------------------


def test_another_coordinator_of_the_same_network_cannot_confirm(world: World) -> None:
    url = _network_url(world.network)
    pending_id = _upload(client_for(world.carol), url).context["preview"].pending_id
    colleague = UserFactory()
    make_coordinator(world.network, colleague)
    assert _decide(client_for(colleague), url, pending_id).status_code == 404
    assert not _new_names()
    assert PendingImport.objects.filter(public_id=pending_id).exists(), "the uploader can still confirm it"
    assert _decide(client_for(world.carol), url, pending_id).status_code == 302


def test_a_file_checked_for_one_network_is_never_applied_to_another(world: World) -> None:
    second_network = NetworkFactory(name="Carol's Second Network")
    make_coordinator(second_network, world.carol)
    client = client_for(world.carol)
    pending_id = _upload(client, _network_url(world.network)).context["preview"].pending_id
    assert _decide(client, _network_url(second_network), pending_id).status_code == 404
    assert not _new_names()


def test_confirming_a_network_import_needs_the_coordinator(world: World) -> None:
    url = _network_url(world.network)
    pending_id = _upload(client_for(world.carol), url).context["preview"].pending_id
    # A member of an organisation in the network, the other network's coordinator: not found.
    assert _decide(client_for(world.alice), url, pending_id).status_code == 404
    assert _decide(client_for(world.dave), url, pending_id).status_code == 404
    anonymous = _decide(client_for(None), url, pending_id)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    assert not _new_names() and PendingImport.objects.count() == 1


# --- the same flow for actions in a plan -------------------------------------------------------


@pytest.fixture
def plan(world: World, caf_framework: FrameworkVersion) -> ImprovementPlan:
    return make_plan(world.alice_org, world.alice, caf_framework)


def _plan_url(plan: ImprovementPlan) -> str:
    return reverse("improvement:import", kwargs={"org_id": plan.organisation.public_id, "plan_id": plan.public_id})


ACTIONS = b"title,due_date,status,progress\nNova akcija,2027-05-31,do,30\n"


def test_action_import_previews_then_applies_audited(world: World, plan: ImprovementPlan) -> None:
    client = client_for(world.alice)
    url = _plan_url(plan)
    response = _upload(client, url, ACTIONS, "actions.csv")
    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.added, preview.changed) == (1, 0)
    assert not plan.actions.filter(title="Nova akcija").exists()
    confirmed = _decide(client, url, preview.pending_id)
    assert confirmed.status_code == 302
    action = Action.objects.get(plan=plan, title="Nova akcija")
    assert (action.status, action.progress) == ("do", 30)
    assert AuditEvent.objects.filter(action="improvement.actions_imported", actor=world.alice).count() == 1


def test_confirming_an_action_import_needs_the_planner_and_the_uploader(world: World, plan: ImprovementPlan) -> None:
    url = _plan_url(plan)
    pending_id = _upload(client_for(world.alice), url, ACTIONS, "actions.csv").context["preview"].pending_id
    manager = UserFactory()
    add_member(world.alice_org, manager, Role.MANAGER)
    assert _decide(client_for(manager), url, pending_id).status_code == 403  # a member without the role
    other_planner = UserFactory()
    add_member(world.alice_org, other_planner, Role.CAF_LEADER)
    assert _decide(client_for(other_planner), url, pending_id).status_code == 404  # same organisation, not theirs
    assert _decide(client_for(world.bob), url, pending_id).status_code == 404  # another organisation
    anonymous = _decide(client_for(None), url, pending_id)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    assert not Action.objects.filter(title="Nova akcija").exists()
    assert _decide(client_for(world.alice), url, pending_id).status_code == 302
    assert Action.objects.filter(title="Nova akcija").count() == 1
