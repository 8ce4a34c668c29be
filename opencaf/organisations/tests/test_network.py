from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import reverse
from openpyxl import Workbook

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

HEADER = "name,short_name,type,country,size,language,parent\n"


def _import_url(world: World) -> str:
    return reverse("organisations:network_import", kwargs={"network_id": world.network.public_id})


def _upload(content: bytes, name: str = "orgs.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _import(world: World, content: bytes, name: str = "orgs.csv") -> HttpResponse:
    """Upload a clean file, see its preview (nothing imported yet), then confirm it."""
    client = client_for(world.carol)
    before = Organisation.objects.count()
    preview = client.post(_import_url(world), {"file": _upload(content, name)})
    assert preview.status_code == 200 and preview.context["preview"] is not None
    assert Organisation.objects.count() == before
    return client.post(_import_url(world), {"pending": preview.context["preview"].pending_id, "decision": "confirm"})


def test_portfolio_for_coordinator_only(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for index in range(25):
        organisation = OrganisationFactory(network=world.network)
        add_member(organisation, UserFactory(full_name=f"Rep {index}"), Role.ORG_ADMIN)
    url = reverse("organisations:network", kwargs={"network_id": world.network.public_id})
    client = client_for(world.carol)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b"Rep ") == 25
    assert b"Bob Agency" not in response.content
    assert client_for(world.alice).get(url).status_code == 404
    assert client_for(world.dave).get(url).status_code == 404


def test_coordinator_adds_an_organisation(world: World) -> None:
    url = reverse("organisations:network_add", kwargs={"network_id": world.network.public_id})
    client = client_for(world.carol)
    data = {
        "name": "New Body",
        "org_type": "body_within_ministry",
        "parent": world.alice_org.pk,
        "country": "SI",
        "size_band": "1-49",
        "default_language": "sl",
    }
    assert client.post(url, data).status_code == 302
    created = Organisation.objects.get(name="New Body")
    assert created.network == world.network and created.parent == world.alice_org
    assert AuditEvent.objects.filter(action="organisation.created", organisation=created, actor=world.carol).exists()
    # The same name again is refused with a field error.
    response = client.post(url, {**data, "name": "new body"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_parent_from_another_network_is_not_offered(world: World) -> None:
    url = reverse("organisations:network_add", kwargs={"network_id": world.network.public_id})
    response = client_for(world.carol).post(
        url,
        {
            "name": "Sneaky",
            "org_type": "agency",
            "parent": world.bob_org.pk,
            "country": "SI",
            "size_band": "1-49",
            "default_language": "sl",
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Sneaky").exists()


def test_csv_import_reports_every_bad_row_and_imports_nothing(world: World) -> None:
    content = (
        HEADER
        + "Good One,,municipality,SI,50-249,sl,\n"
        + "Bad Type,,castle,SI,50-249,sl,\n"
        + ",,agency,XX,huge,de,Nowhere\n"
        + "Alice Municipality,,agency,SI,1-49,sl,\n"
    ).encode()
    response = client_for(world.carol).post(_import_url(world), {"file": _upload(content)})
    assert response.status_code == 422
    errors = {(error.row, error.column) for error in response.context["problems"]}
    assert (3, "type") in errors
    assert {(4, "name"), (4, "country"), (4, "size"), (4, "language"), (4, "parent")} <= errors
    assert (5, "name") in errors
    assert not Organisation.objects.filter(name="Good One").exists()
    assert b"Nothing was imported" in response.content


def test_csv_import_with_parent_in_file(world: World) -> None:
    content = (
        HEADER
        + "Ministry of Tests,MoT,ministry,SI,250-999,sl,\n"
        + "Test Inspectorate,,body_within_ministry,SI,1-49,sl,Ministry of Tests\n"
        + "Sub of Alice,,school,si,1-49,SL,Alice Municipality\n"
    ).encode()
    response = _import(world, content)
    assert response.status_code == 302
    inspectorate = Organisation.objects.get(name="Test Inspectorate")
    assert inspectorate.parent.name == "Ministry of Tests"
    assert Organisation.objects.get(name="Sub of Alice").parent == world.alice_org
    assert AuditEvent.objects.filter(action="organisation.imported", network=world.network).count() == 1


def test_xlsx_import(world: World) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Type", "Country", "Size", "Language"])
    sheet.append(["Občina Šentjur", "municipality", "SI", "50-249", "sl"])
    sheet.append(["Община Габрово", "municipality", "BG", "250-999", "bg"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _import(world, buffer.getvalue(), "orgs.xlsx")
    assert response.status_code == 302
    assert (
        Organisation.objects.filter(network=world.network, name__in=["Občina Šentjur", "Община Габрово"]).count() == 2
    )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not really", "orgs.pdf", b"CSV"),
        (b"PK\x03\x04garbage", "orgs.xlsx", b"Excel"),
        (b"name,type\nX,agency\n", "orgs.csv", b"Missing"),
        (HEADER.encode(), "orgs.csv", b"no organisations"),
        ("name,type,country,size,language\nČ,agency,SI,1-49,sl\n".encode("cp1250"), "orgs.csv", b"UTF-8"),
    ],
)
def test_unreadable_files_get_a_clear_message(world: World, content: bytes, name: str, message: bytes) -> None:
    response = client_for(world.carol).post(_import_url(world), {"file": _upload(content, name)})
    assert response.status_code == 200
    assert message in response.content
    assert Organisation.objects.count() == 2


def test_network_audit_log(world: World) -> None:
    client_for(world.carol).post(
        reverse("organisations:network_add", kwargs={"network_id": world.network.public_id}),
        {"name": "Logged Org", "org_type": "agency", "country": "SI", "size_band": "1-49", "default_language": "sl"},
    )
    response = client_for(world.carol).get(
        reverse("organisations:network_audit", kwargs={"network_id": world.network.public_id})
    )
    assert response.status_code == 200
    assert b"Logged Org" in response.content
    assert (
        client_for(world.alice)
        .get(reverse("organisations:network_audit", kwargs={"network_id": world.network.public_id}))
        .status_code
        == 404
    )


def test_too_large_file_is_refused(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_MAX_BYTES = 100
    content = (HEADER + "A" * 200 + ",,agency,SI,1-49,sl,\n").encode()
    response = client_for(world.carol).post(_import_url(world), {"file": _upload(content)})
    assert response.status_code == 200
    assert b"larger than" in response.content
    assert Organisation.objects.count() == 2
