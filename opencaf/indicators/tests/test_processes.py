"""The process register (CAF criterion 5): kept by management, checked, audited, each process with
the indicators that measure it on its own dashboard, and nothing of another organisation's."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import describe_changes
from opencaf.indicators import process_selectors, process_services
from opencaf.indicators.models import Indicator, Process
from opencaf.indicators.process_services import ProcessInput
from opencaf.indicators.rules import Status, Trend
from opencaf.indicators.selectors import Standing
from opencaf.indicators.tests.factories import aim, make_indicator, record
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.organisations.tests.factories import UserFactory, add_member

TODAY = date(2026, 12, 6)


def _member(world: World, role: str) -> Any:
    user = UserFactory()
    add_member(world.alice_org, user, role)
    return user


def _create(world: World, name: str = "Issuing building permits", **fields: Any) -> Process:
    with transaction.atomic():
        return process_services.create_process(
            actor=world.alice, organisation=world.alice_org, data=ProcessInput(name=name, **fields)
        )


def _update(actor: Any, process: Process, **fields: Any) -> Process:
    data = {
        "name": process.name,
        "kind": process.kind,
        "purpose": process.purpose,
        "customers": process.customers,
        "owner": process.owner,
        "indicators": tuple(process.indicators.all()),
        **fields,
    }
    with transaction.atomic():
        return process_services.update_process(actor=actor, process=process, data=ProcessInput(**data))


def _url(name: str, process: Process) -> str:
    return reverse(name, kwargs={"org_id": process.organisation.public_id, "process_id": process.public_id})


def _org_url(name: str, world: World) -> str:
    return reverse(name, kwargs={"org_id": world.alice_org.public_id})


@pytest.fixture
def indicator(world: World) -> Indicator:
    return make_indicator(world.alice_org, world.alice, name={"en": "Days to decide a permit"})


@pytest.fixture
def process(world: World, indicator: Indicator) -> Process:
    return _create(world, purpose="Lawful decisions in time", indicators=(indicator,))


# --- services ------------------------------------------------------------------------------------


def test_a_process_is_created_with_its_indicators_and_audited(world: World, indicator: Indicator) -> None:
    process = _create(world, "  Issuing building permits ", owner=world.alice_membership, indicators=(indicator,))
    assert process.name == "Issuing building permits" and process.created_by == world.alice
    assert list(process.indicators.all()) == [indicator]
    event = AuditEvent.objects.get(action="indicators.process_created")
    assert event.organisation == world.alice_org and event.object_id == str(process.public_id)
    assert event.changes == {
        "name": "Issuing building permits",
        "kind": "key",
        "indicators": ["Days to decide a permit"],
    }


def test_a_change_audits_only_the_fields_that_changed(world: World, process: Process, indicator: Indicator) -> None:
    other = make_indicator(world.alice_org, world.alice, name={"en": "Complaints"})
    _update(world.alice, process, name="Building permits", purpose="Lawful decisions in time", indicators=(other,))
    event = AuditEvent.objects.get(action="indicators.process_changed")
    assert event.changes == {
        "name": {"before": "Issuing building permits", "after": "Building permits"},
        "indicators": {"before": ["Days to decide a permit"], "after": ["Complaints"]},
    }
    # The log reads it in words, a process's single name included.
    assert "Name: Issuing building permits → Building permits" in describe_changes(event.action, event.changes)
    process.refresh_from_db()
    _update(world.alice, process)  # nothing changed: nothing recorded
    assert AuditEvent.objects.filter(action="indicators.process_changed").count() == 1


def test_a_name_is_needed_and_unique_in_the_organisation(world: World, process: Process) -> None:
    with pytest.raises(ValidationError, match="Give the process a name"):
        _create(world, "   ")
    with pytest.raises(ValidationError, match="already has a process called"):
        _create(world, "ISSUING building permits")
    with transaction.atomic():
        process_services.archive_process(actor=world.alice, process=process)
    with pytest.raises(ValidationError, match="An archived process is already called"):
        _create(world, "Issuing building permits")
    with transaction.atomic():  # another organisation may use the same name
        process_services.create_process(
            actor=world.bob, organisation=world.bob_org, data=ProcessInput(name="Issuing building permits")
        )
    assert Process.objects.filter(organisation=world.alice_org).count() == 1


def test_owner_and_indicators_come_from_the_organisation(world: World, indicator: Indicator) -> None:
    bobs_membership = Membership.objects.get(user=world.bob)
    with pytest.raises(ValidationError, match="owner must be a member"):
        _create(world, owner=bobs_membership)
    bobs_indicator = make_indicator(world.bob_org, world.bob)
    with pytest.raises(ValidationError, match="organisation's own indicators"):
        _create(world, indicators=(indicator, bobs_indicator))
    Indicator.objects.filter(pk=indicator.pk).update(archived=True)
    indicator.refresh_from_db()
    with pytest.raises(ValidationError, match="archived indicator cannot be linked"):
        _create(world, indicators=(indicator,))
    assert not Process.objects.exists() and not AuditEvent.objects.filter(action__contains="process").exists()


def test_an_indicator_archived_later_stays_linked_until_unticked(world: World, process: Process) -> None:
    (indicator,) = process.indicators.all()
    Indicator.objects.filter(pk=indicator.pk).update(archived=True)
    _update(world.alice, process, purpose="Changed")  # keeps the archived link
    assert process.indicators.count() == 1
    _update(world.alice, process, indicators=())
    assert process.indicators.count() == 0


def test_only_managers_keep_the_register(world: World, process: Process) -> None:
    for role in (Role.ASSESSOR, Role.VIEWER, Role.ACTION_OWNER):
        user = _member(world, role)
        with pytest.raises(PermissionDenied):
            process_services.create_process(actor=user, organisation=world.alice_org, data=ProcessInput(name="X"))
        with pytest.raises(PermissionDenied):
            _update(user, process, name="Y")
        with pytest.raises(PermissionDenied), transaction.atomic():
            process_services.archive_process(actor=user, process=process)
    with pytest.raises(PermissionDenied):
        _update(world.bob, process, name="Y")  # another organisation's administrator
    for role in (Role.CAF_LEADER, Role.MANAGER):
        _update(_member(world, role), process, purpose=f"Kept by the {role}")
    process.refresh_from_db()
    assert process.name == "Issuing building permits" and not process.archived


def test_archiving_and_restoring_are_audited_once(world: World, process: Process) -> None:
    with transaction.atomic():
        process_services.archive_process(actor=world.alice, process=process)
    with transaction.atomic():
        process_services.archive_process(actor=world.alice, process=process)  # a second click changes nothing
    with pytest.raises(ValidationError, match="Restore the process"):
        _update(world.alice, process, name="Renamed")
    with transaction.atomic():
        process_services.restore_process(actor=world.alice, process=process)
    actions = list(
        AuditEvent.objects.filter(object_id=str(process.public_id)).order_by("id").values_list("action", flat=True)
    )
    assert actions.count("indicators.process_archived") == 1 and actions[-1] == "indicators.process_restored"


# --- the dashboard -------------------------------------------------------------------------------


def test_the_dashboard_shows_the_process_indicators_as_they_stand(
    world: World, process: Process, indicator: Indicator
) -> None:
    unlinked = make_indicator(world.alice_org, world.alice, name={"en": "Not this process"})
    for period, value in (("2026-Q1", "70"), ("2026-Q2", "78"), ("2026-Q3", "86")):
        record(indicator, world.alice, period, value)
        record(unlinked, world.alice, period, value)
        aim(indicator, world.alice, period, "85")
    board = process_selectors.dashboard(process, TODAY)
    (line,) = board.lines
    assert line.indicator == indicator and line.latest is not None and line.latest.status == Status.ON_TRACK
    assert line.trend == Trend.IMPROVING
    assert board.standing == Standing(on_track=1, at_risk=0, off_track=0, unjudged=0, overdue=0)
    late = process_selectors.dashboard(process, date(2027, 1, 31))
    assert late.standing.overdue == 1  # 2026-Q4 was due on 15 January


# --- pages ----------------------------------------------------------------------------------------


def test_members_see_the_register_managers_change_it_outsiders_get_nothing(world: World, process: Process) -> None:
    viewer = _member(world, Role.VIEWER)
    for url in (_org_url("indicators:processes", world), _url("indicators:process", process)):
        assert client_for(viewer).get(url).status_code == 200
        assert client_for(world.alice).get(url).status_code == 200
        assert client_for(world.bob).get(url).status_code == 404
        anonymous = client_for(None).get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    for url in (_org_url("indicators:process_new", world), _url("indicators:process_edit", process)):
        assert client_for(world.alice).get(url).status_code == 200
        assert client_for(viewer).get(url).status_code == 403
        assert client_for(world.bob).get(url).status_code == 404
        assert client_for(None).get(url).status_code == 302
    for name in ("indicators:process_archive", "indicators:process_restore"):
        url = _url(name, process)
        assert client_for(viewer).post(url).status_code == 403
        assert client_for(world.bob).post(url).status_code == 404
        assert client_for(None).post(url).status_code == 302
        assert client_for(world.alice).get(url).status_code == 405
    process.refresh_from_db()
    assert not process.archived
    assert not AuditEvent.objects.filter(action__in=["indicators.process_archived", "indicators.process_changed"])


def test_the_page_flags_follow_the_role(world: World, process: Process) -> None:
    viewer_page = client_for(_member(world, Role.VIEWER)).get(_url("indicators:process", process)).content.decode()
    manager_page = client_for(world.alice).get(_url("indicators:process", process)).content.decode()
    edit = _url("indicators:process_edit", process)
    assert edit not in viewer_page and edit in manager_page
    assert "Lawful decisions in time" in viewer_page and "Days to decide a permit" in viewer_page


def test_a_process_is_added_edited_archived_and_restored_through_the_pages(world: World, indicator: Indicator) -> None:
    client = client_for(world.alice)
    response = client.post(
        _org_url("indicators:process_new", world),
        {
            "name": "Handling complaints",
            "kind": "key",
            "purpose": "Answer every complaint",
            "customers": "Citizens",
            "owner": str(world.alice_membership.public_id),
            "indicators": [str(indicator.public_id)],
        },
    )
    assert response.status_code == 302
    process = Process.objects.get()
    assert process.owner == world.alice_membership and list(process.indicators.all()) == [indicator]
    form = client.get(_url("indicators:process_edit", process)).content.decode()
    assert f'value="{indicator.public_id}"' in form and "checked" in form  # the link is ticked
    response = client.post(
        _url("indicators:process_edit", process), {"name": "Handling complaints", "kind": "support", "owner": ""}
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.kind == "support" and process.owner is None and not process.indicators.exists()
    assert client.post(_url("indicators:process_archive", process)).status_code == 302
    listing = client.get(_org_url("indicators:processes", world)).content.decode()
    assert "Archived processes" in listing and _url("indicators:process_restore", process) in listing
    edit = client.get(_url("indicators:process_edit", process))  # archived: restore first
    assert edit.status_code == 302 and edit["Location"] == _url("indicators:process", process)
    assert client.post(_url("indicators:process_restore", process)).status_code == 302
    process.refresh_from_db()
    assert not process.archived


def test_bad_input_gets_messages_not_errors(world: World, process: Process, indicator: Indicator) -> None:
    client = client_for(world.alice)
    new = _org_url("indicators:process_new", world)
    bobs_indicator = make_indicator(world.bob_org, world.bob)
    bobs_membership = Membership.objects.get(user=world.bob)
    cases = [
        ({"name": "", "kind": "key"}, "This field is required"),
        ({"name": "issuing BUILDING permits", "kind": "key"}, "already has a process called"),
        ({"name": "New", "kind": "key", "owner": str(bobs_membership.public_id)}, "Select a valid choice"),
        ({"name": "New", "kind": "key", "indicators": [str(bobs_indicator.public_id)]}, "Select a valid choice"),
        ({"name": "New", "kind": "key", "indicators": ["not-a-uuid"]}, "is not a valid value"),
        ({"name": "New", "kind": "nonsense"}, "Select a valid choice"),
    ]
    for data, message in cases:
        response = client.post(new, data)
        body = response.content.decode()
        assert response.status_code == 422, data
        assert "data-error-summary" in body and message in body, data
    assert Process.objects.count() == 1 and not bobs_indicator.processes.exists()
    edit = client.post(_url("indicators:process_edit", process), {"name": "   ", "kind": "key"})
    assert edit.status_code == 422


def test_the_register_reads_a_fixed_number_of_queries(world: World, django_assert_max_num_queries: Any) -> None:
    indicators = [make_indicator(world.alice_org, world.alice, name={"en": f"Indicator {n}"}) for n in range(20)]
    for number, indicator in enumerate(indicators):
        for quarter in range(1, 5):
            record(indicator, world.alice, f"2025-Q{quarter}", str(60 + quarter))
            aim(indicator, world.alice, f"2025-Q{quarter}", "70")
        owner = Membership.objects.get(user=_member(world, Role.VIEWER))
        _create(world, f"Process {number:02d}", owner=owner, indicators=tuple(indicators[: number + 1]))
    client = client_for(world.alice)
    listing = _org_url("indicators:processes", world)
    client.get(listing)
    with django_assert_max_num_queries(6):
        page = client.get(listing)
    assert page.content.decode().count("/processes/") >= 20
    last = Process.objects.get(name="Process 19")
    client.get(_url("indicators:process", last))
    with django_assert_max_num_queries(9):
        board = client.get(_url("indicators:process", last))
    assert board.content.decode().count("/indicators/") >= 20


def test_an_indicator_names_the_processes_it_measures_in_one_query(
    world: World, process: Process, indicator: Indicator
) -> None:
    from django.db import connection

    client = client_for(world.alice)
    url = reverse(
        "indicators:detail", kwargs={"org_id": world.alice_org.public_id, "indicator_id": indicator.public_id}
    )
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert "Measures these processes" in page and _url("indicators:process", process) in page
    for number in range(4):
        _create(world, f"Other process {number}", indicators=(indicator,))
    archived = _create(world, "Retired process", indicators=(indicator,))
    with transaction.atomic():
        process_services.archive_process(actor=world.alice, process=archived)
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()
    assert len(five) == len(one)  # however many processes it measures
    assert "Other process 3" in page and "Retired process" not in page
    lonely = make_indicator(world.alice_org, world.alice, name={"en": "Lonely"})
    lonely_url = reverse(
        "indicators:detail", kwargs={"org_id": world.alice_org.public_id, "indicator_id": lonely.public_id}
    )
    assert "Measures these processes" not in client.get(lonely_url).content.decode()


def test_the_indicator_list_links_the_register(world: World) -> None:
    page = client_for(_member(world, Role.VIEWER)).get(_org_url("indicators:list", world)).content.decode()
    assert _org_url("indicators:processes", world) in page


def test_the_demo_municipality_gets_its_processes_once(db: None) -> None:
    from opencaf.demo.assessments import MUNICIPALITY
    from opencaf.demo.indicators import PROCESSES, seed_indicators, seed_processes
    from opencaf.demo.organisations import seed_organisations

    seed_organisations()
    assert seed_indicators(TODAY)
    processes = Process.objects.filter(organisation__name=MUNICIPALITY)
    assert processes.count() == len(PROCESSES) == 5
    assert "Izdajanje gradbenih dovoljenj" in set(processes.values_list("name", flat=True))  # Slovenian
    assert all(process.indicators.exists() and process.owner is not None for process in processes)
    assert not seed_indicators(TODAY)  # a second run changes nothing
    Process.objects.all().delete()  # a database seeded before the register gets it on the next run
    assert seed_indicators(TODAY) and processes.count() == 5
    organisation = processes[0].organisation
    assert not seed_processes(organisation, {})
