"""Loading the procedure files shipped in frameworks/pef/, and a network's choice of procedure."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from opencaf.audit.models import AuditEvent
from opencaf.feedback.models import NetworkProcedure, Procedure
from opencaf.feedback.services.procedures import (
    PROCEDURE_DIR,
    choose_procedure,
    default_procedure,
    load_procedures,
    read_procedures,
)
from opencaf.organisations.tests.factories import NetworkFactory, UserFactory, make_coordinator

pytestmark = pytest.mark.django_db


def test_the_shipped_procedures_are_sound_and_complete() -> None:
    procedures = read_procedures()
    assert set(procedures) == {"pef-eu", "pef-si", "pef-bg", "pef-at"}
    european = procedures["pef-eu"]
    pillar_one, pillar_two, pillar_three = european["pillars"]
    # Pillars 1 and 2 ask about the CAF process steps 1 to 6 and 7 to 9, in their own words.
    assert [question["step"] for question in pillar_one["questions"]] == [1, 2, 3, 4, 5, 6]
    assert [question["step"] for question in pillar_two["questions"]] == [7, 8, 9]
    assert pillar_one["questions"][0]["title"]["en"] == "Decide how to organise and plan the self-assessment"
    assert len(pillar_three["questions"]) == 8  # the Principles of Excellence
    # National variants keep the European pillars and change what they know to differ.
    assert procedures["pef-at"]["pillars"] == european["pillars"]
    assert procedures["pef-at"]["rules"]["label"]["validity_months"] == 36
    assert procedures["pef-eu"]["rules"]["label"]["validity_months"] == 24
    assert procedures["pef-si"]["procedure"]["country"] == "SI"


def test_loading_is_idempotent_and_audited() -> None:
    first = load_procedures(read_procedures())
    assert all(result.changed for result in first) and Procedure.objects.count() == 4
    again = load_procedures(read_procedures())
    assert not any(result.changed for result in again)
    assert AuditEvent.objects.filter(action="feedback.procedures_loaded").count() == 1
    european = Procedure.objects.get(code="pef-eu")
    assert european.validity_months == 24 and european.window_months == (6, 12)
    assert european.label_name("sl") == "Učinkovit uporabnik CAF"


def test_a_bad_file_is_refused_with_every_problem_and_nothing_is_loaded(tmp_path: Path) -> None:
    for path in PROCEDURE_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    broken = yaml.safe_load((tmp_path / "austria.yaml").read_text(encoding="utf-8"))
    broken["rules"]["label"]["validity_months"] = "three years"
    broken["procedure"]["extends"] = "pef-nowhere"
    (tmp_path / "austria.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    (tmp_path / "slovenia.yaml").write_text("procedure: [unclosed", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("load_procedures", directory=tmp_path)
    message = str(raised.value)
    assert "austria.yaml: procedure.extends 'pef-nowhere' names no known procedure" in message
    assert "slovenia.yaml" in message
    assert not Procedure.objects.exists()


def test_a_network_runs_its_countrys_procedure_until_its_coordinators_choose() -> None:
    load_procedures(read_procedures())
    slovenian, german = NetworkFactory(country="SI"), NetworkFactory(country="DE")
    assert default_procedure(slovenian).code == "pef-si"
    assert default_procedure(german).code == "pef-eu"
    coordinator, stranger = UserFactory(), UserFactory()
    make_coordinator(slovenian, coordinator)
    european = Procedure.objects.get(code="pef-eu")
    with pytest.raises(PermissionDenied):
        choose_procedure(actor=stranger, network=slovenian, procedure=european)
    assert not NetworkProcedure.objects.exists()
    choose_procedure(actor=coordinator, network=slovenian, procedure=european)
    choose_procedure(actor=coordinator, network=slovenian, procedure=european)  # the same again: nothing new
    assert NetworkProcedure.objects.get(network=slovenian).procedure == european
    (event,) = AuditEvent.objects.filter(action="feedback.procedure_chosen")
    assert event.changes == {"procedure": [None, "pef-eu"]}
