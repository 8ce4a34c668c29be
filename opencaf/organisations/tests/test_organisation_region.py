"""An organisation's region: given when a coordinator adds an organisation or imports a list."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import reverse
from openpyxl import Workbook

from conftest import World, client_for
from opencaf.organisations.forms import same_region
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import OrganisationFactory

HEADER = "name,type,region,country,size,language\n"


def _add_url(world: World) -> str:
    return reverse("organisations:network_add", kwargs={"network_id": world.network.public_id})


def _import_url(world: World) -> str:
    return reverse("organisations:network_import", kwargs={"network_id": world.network.public_id})


def _add(world: World, name: str, region: str) -> HttpResponse:
    data = {
        "name": name,
        "org_type": "municipality",
        "region": region,
        "country": "SI",
        "size_band": "1-49",
        "default_language": "sl",
    }
    return client_for(world.carol).post(_add_url(world), data)


def _preview(world: World, content: bytes, name: str = "orgs.csv") -> HttpResponse:
    return client_for(world.carol).post(_import_url(world), {"file": SimpleUploadedFile(name, content)})


def _confirm(world: World, preview: HttpResponse) -> HttpResponse:
    pending = preview.context["preview"].pending_id
    return client_for(world.carol).post(_import_url(world), {"pending": pending, "decision": "confirm"})


# --- adding an organisation ------------------------------------------------------------------------


def test_an_added_organisation_keeps_its_region(world: World) -> None:
    assert _add(world, "Občina Lendava", "  Pomurska ").status_code == 302
    assert Organisation.objects.get(name="Občina Lendava").region == "Pomurska"
    assert _add(world, "Občina Bled", "").status_code == 302  # optional
    assert Organisation.objects.get(name="Občina Bled").region == ""


def test_a_region_the_network_has_is_written_its_way(world: World) -> None:
    OrganisationFactory(network=world.network, region="Jugovzhodna Slovenija")
    OrganisationFactory(network=world.other_network, region="jugovzhodna SLOVENIJA")  # not this network's
    assert _add(world, "Občina Trebnje", "jugovzhodna  slovenija").status_code == 302
    assert Organisation.objects.get(name="Občina Trebnje").region == "Jugovzhodna Slovenija"


def test_the_form_offers_the_network_s_regions_as_the_region_is_typed(world: World) -> None:
    OrganisationFactory(network=world.network, region="Savinjska")
    OrganisationFactory(network=world.network, region="gorenjska")
    OrganisationFactory(network=world.other_network, region="Oblast Sofia")
    response = client_for(world.carol).get(_add_url(world))
    body = response.content.decode()
    assert 'list="network-regions"' in body
    assert (
        '<datalist id="network-regions"><option value="gorenjska"></option><option value="Savinjska"></option>' in body
    )
    assert "Oblast Sofia" not in body
    assert 'for="id_region">Region</label>' in body and "Coordinators pick and filter" in body


def test_a_region_too_long_is_refused_with_its_reason(world: World) -> None:
    response = _add(world, "Long", "R" * 101)
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert 'aria-describedby="id_region-errors id_region_helptext"' in response.content.decode()
    assert not Organisation.objects.filter(name="Long").exists()


@pytest.mark.parametrize("who", ["alice", "dave", "bob", None])
def test_only_the_network_s_coordinators_add_or_import(world: World, who: str | None) -> None:
    user = getattr(world, who) if who else None
    client = client_for(user)
    data = {"name": "X", "org_type": "agency", "region": "Pomurska", "country": "SI", "size_band": "1-49"}
    for response in (client.post(_add_url(world), {**data, "default_language": "sl"}), client.get(_import_url(world))):
        assert response.status_code == (302 if who is None else 404)
    assert not Organisation.objects.filter(name="X").exists()


def test_same_region() -> None:
    assert same_region(" podravska ", ["Pomurska", "Podravska"]) == "Podravska"
    assert same_region("Zasavska  regija", []) == "Zasavska regija"


# --- importing a list -------------------------------------------------------------------------------


def test_the_import_reads_the_optional_region_column(world: World) -> None:
    OrganisationFactory(network=world.network, region="Podravska")
    content = (
        HEADER
        + "Občina Ptuj,municipality,podravska,SI,250-999,sl\n"
        + "Občina Murska Sobota,municipality,Pomurska,SI,50-249,sl\n"
        + "Občina Lendava,municipality,POMURSKA,SI,50-249,sl\n"
        + "Ministry of Tests,ministry,,SI,250-999,sl\n"
    ).encode()
    preview = _preview(world, content)
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "<th" in body and ">Region</th>" in body  # the preview's heading, in the reader's language
    assert _confirm(world, preview).status_code == 302
    regions = dict(Organisation.objects.filter(network=world.network).values_list("name", "region"))
    assert regions["Občina Ptuj"] == "Podravska"  # as the network writes it
    assert regions["Občina Murska Sobota"] == regions["Občina Lendava"] == "Pomurska"  # as the file first does
    assert regions["Ministry of Tests"] == ""


def test_the_import_without_a_region_column_still_works(world: World) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Type", "Country", "Size", "Language"])
    sheet.append(["Občina Šentjur", "municipality", "SI", "50-249", "sl"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _confirm(world, _preview(world, buffer.getvalue(), "orgs.xlsx")).status_code == 302
    assert Organisation.objects.get(name="Občina Šentjur").region == ""


def test_a_region_too_long_in_the_file_is_reported_and_nothing_imported(world: World) -> None:
    content = (
        HEADER + "Good One,municipality,Pomurska,SI,50-249,sl\n" + f"Long,agency,{'R' * 101},SI,1-49,sl\n"
    ).encode()
    response = _preview(world, content)
    assert response.status_code == 422
    assert [(problem.row, problem.column) for problem in response.context["problems"]] == [(3, "region")]
    assert "The region is longer than 100 characters." in response.content.decode()
    assert not Organisation.objects.filter(name__in=["Good One", "Long"]).exists()


def test_the_import_help_names_the_region_column(world: World) -> None:
    body = client_for(world.carol).get(_import_url(world)).content.decode()
    assert "<code>region</code>" in body and "Region (optional)" in body
