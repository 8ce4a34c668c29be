"""Employees' records: every member added in one step; per employee the job profile, the line manager
(another member of the organisation, never in a circle) and the position. Every refusal of the
services; the pages for HR only, bad input refused with 422 and nothing written, a bounded number of
queries on the list."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.people.models import Employee, JobProfile
from opencaf.people.services.employees import add_all_members, update_employee
from opencaf.people.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(world: World) -> Membership:
    return f.member(world.alice_org, "hr@example.org", Role.HR, name="Hana HR")


@pytest.fixture
def profile(world: World) -> JobProfile:
    return f.job_profile(world.alice_org, f.competency_model(world.alice_org))


def _update(hr: Membership, employee: Employee, **changes: Any) -> Employee:
    values: dict[str, Any] = {"profile": None, "line_manager": None, "position_title": "", **changes}
    with transaction.atomic():
        return update_employee(actor=hr.user, employee=employee, **values)


def _refused(hr: Membership, employee: Employee, **changes: Any) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        _update(hr, employee, **changes)
    return refused.value


# --- services --------------------------------------------------------------------------------------


def test_every_member_who_is_not_an_employee_is_added_once(world: World, hr: Membership) -> None:
    staff = f.member(world.alice_org, "staff@example.org")
    f.employee(staff)
    with transaction.atomic():
        assert add_all_members(actor=hr.user, organisation=world.alice_org) == 2  # alice and HR
    assert Employee.objects.filter(organisation=world.alice_org).count() == 3
    with transaction.atomic():
        assert add_all_members(actor=hr.user, organisation=world.alice_org) == 0
    assert AuditEvent.objects.get(action="people.employees_added").changes == {"count": 2}


def test_only_hr_adds_the_members(world: World) -> None:
    staff = f.member(world.alice_org, "staff@example.org")
    for actor in (world.alice, staff.user, world.bob, world.carol):
        with pytest.raises(PermissionDenied), transaction.atomic():
            add_all_members(actor=actor, organisation=world.alice_org)
    assert not Employee.objects.exists()


def test_hr_sets_profile_line_manager_and_position(world: World, hr: Membership, profile: JobProfile) -> None:
    boss = f.member(world.alice_org, "boss@example.org", name="Bo Boss")
    worker = f.employee(f.member(world.alice_org, "worker@example.org", name="Wu Worker"))
    _update(hr, worker, profile=profile, line_manager=boss, position_title=" Senior adviser ")
    worker.refresh_from_db()
    assert (worker.profile, worker.line_manager, worker.position_title) == (profile, boss, "Senior adviser")
    event = AuditEvent.objects.get(action="people.employee_changed")
    assert event.changes == {
        "employee": "Wu Worker",
        "profile": "Adviser",
        "line_manager": "Bo Boss",
        "position_title": "Senior adviser",
    }
    _update(hr, worker, profile=profile, line_manager=boss, position_title="Senior adviser")
    assert AuditEvent.objects.filter(action="people.employee_changed").count() == 1  # nothing changed


def test_a_person_is_not_their_own_line_manager(world: World, hr: Membership) -> None:
    worker = f.employee(f.member(world.alice_org, "worker@example.org"))
    assert "line_manager" in _refused(hr, worker, line_manager=worker.membership).message_dict


def test_reporting_lines_never_go_round_in_a_circle(world: World, hr: Membership) -> None:
    a = f.employee(f.member(world.alice_org, "a@example.org", name="Ann"))
    b = f.employee(f.member(world.alice_org, "b@example.org", name="Ben"), line_manager=a.membership)
    c = f.employee(f.member(world.alice_org, "c@example.org", name="Cid"), line_manager=b.membership)
    assert "line_manager" in _refused(hr, a, line_manager=b.membership).message_dict  # A→B→A
    assert "line_manager" in _refused(hr, a, line_manager=c.membership).message_dict  # A→C→B→A
    _update(hr, c, line_manager=a.membership)  # C→A: A reports to nobody, fine
    a.refresh_from_db()
    assert a.line_manager is None


def test_the_line_manager_and_profile_belong_to_the_organisation(world: World, hr: Membership) -> None:
    worker = f.employee(f.member(world.alice_org, "worker@example.org"))
    outsider = f.member(world.bob_org, "out@example.org")
    theirs = f.job_profile(world.bob_org, f.competency_model(world.bob_org))
    error = _refused(hr, worker, line_manager=outsider, profile=theirs, position_title="x" * 201)
    assert set(error.message_dict) == {"line_manager", "profile", "position_title"}
    worker.refresh_from_db()
    assert worker.line_manager is None and worker.profile is None


def test_an_archived_profile_is_not_given_but_may_be_kept(world: World, hr: Membership, profile: JobProfile) -> None:
    keeps = f.employee(f.member(world.alice_org, "keeps@example.org"), profile)
    other = f.employee(f.member(world.alice_org, "other@example.org"))
    JobProfile.objects.filter(pk=profile.pk).update(archived=True)
    profile.refresh_from_db()
    assert "profile" in _refused(hr, other, profile=profile).message_dict
    _update(hr, keeps, profile=profile, position_title="Kept")


def test_only_hr_changes_a_record(world: World, hr: Membership) -> None:
    worker = f.employee(f.member(world.alice_org, "worker@example.org"))
    for actor in (world.alice, worker.membership.user, world.bob):
        with pytest.raises(PermissionDenied), transaction.atomic():
            update_employee(actor=actor, employee=worker, profile=None, line_manager=None, position_title="x")


# --- pages -----------------------------------------------------------------------------------------


def _url(world: World, name: str, **kwargs: Any) -> str:
    return reverse(f"people:{name}", kwargs={"org_id": world.alice_org.public_id, **kwargs})


def test_hr_adds_every_member_and_reads_the_list(world: World, hr: Membership, profile: JobProfile) -> None:
    f.member(world.alice_org, "ann@example.org", name="Ann Finance", department="Finance")
    f.member(world.alice_org, "ben@example.org", name="Ben Legal", department="Legal")
    client = client_for(hr.user)
    assert client.post(_url(world, "employees_add_all")).status_code == 302
    assert Employee.objects.filter(organisation=world.alice_org).count() == 4
    body = client.get(_url(world, "employees")).content.decode()
    assert "Ann Finance" in body and "Ben Legal" in body and 'data-label="' in body
    finance = client.get(_url(world, "employees"), {"unit": "Finance"}).content.decode()
    assert "Ann Finance" in finance and "Ben Legal" not in finance
    assert client.get(_url(world, "employees"), {"unit": "Nowhere", "page": "x"}).status_code == 200


def test_hr_edits_an_employee(world: World, hr: Membership, profile: JobProfile) -> None:
    boss = f.member(world.alice_org, "boss@example.org", name="Bo Boss")
    worker = f.employee(f.member(world.alice_org, "worker@example.org"))
    url = _url(world, "employee_edit", employee_id=worker.public_id)
    client = client_for(hr.user)
    page = client.get(url).content.decode()
    assert "Bo Boss" in page and "Adviser" in page
    data = {"profile": str(profile.public_id), "line_manager": str(boss.public_id), "position_title": "Adviser"}
    assert client.post(url, data).status_code == 302
    worker.refresh_from_db()
    assert worker.line_manager == boss and worker.profile == profile


def test_a_circle_is_refused_with_422(world: World, hr: Membership) -> None:
    a = f.employee(f.member(world.alice_org, "a@example.org", name="Ann"))
    b = f.employee(f.member(world.alice_org, "b@example.org", name="Ben"), line_manager=a.membership)
    url = _url(world, "employee_edit", employee_id=a.public_id)
    response = client_for(hr.user).post(url, {"line_manager": str(b.membership.public_id)})
    assert response.status_code == 422 and "error-summary" in response.content.decode()
    a.refresh_from_db()
    assert a.line_manager is None


def test_a_person_cannot_be_chosen_as_their_own_line_manager(world: World, hr: Membership) -> None:
    worker = f.employee(f.member(world.alice_org, "worker@example.org"))
    url = _url(world, "employee_edit", employee_id=worker.public_id)
    response = client_for(hr.user).post(url, {"line_manager": str(worker.membership.public_id)})
    assert response.status_code == 422  # not among the choices


@pytest.mark.parametrize("name", ["employees", "employees_add_all", "employee_edit"])
def test_a_member_without_hr_gets_a_403(world: World, name: str) -> None:
    staff = f.member(world.alice_org, "staff@example.org")
    worker = f.employee(staff)
    kwargs = {"employee_id": worker.public_id} if name == "employee_edit" else {}
    client = client_for(staff.user)
    if name != "employees_add_all":
        assert client.get(_url(world, name, **kwargs)).status_code == 403
    if name != "employees":
        assert client.post(_url(world, name, **kwargs), {"position_title": "Boss"}).status_code == 403
    assert Employee.objects.count() == 1 and Employee.objects.get().position_title == ""


@pytest.mark.parametrize("who", ["bob", "carol", "charlie"])
def test_outsiders_get_a_404(world: World, who: str) -> None:
    worker = f.employee(world.alice_membership)
    client = client_for(getattr(world, who))
    assert client.get(_url(world, "employees")).status_code == 404
    assert client.post(_url(world, "employee_edit", employee_id=worker.public_id)).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(world: World) -> None:
    response = client_for(None).get(_url(world, "employees"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_list_runs_a_bounded_number_of_queries(
    world: World, hr: Membership, profile: JobProfile, django_assert_max_num_queries: Any
) -> None:
    boss = f.member(world.alice_org, "boss@example.org", department="Finance")
    f.employee(boss, profile)
    client = client_for(hr.user)
    with django_assert_max_num_queries(14) as few:
        assert client.get(_url(world, "employees")).status_code == 200
    for number in range(30):
        f.employee(f.member(world.alice_org, f"e{number}@example.org", department=f"Unit {number % 4}"), profile, boss)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_url(world, "employees")).status_code == 200
