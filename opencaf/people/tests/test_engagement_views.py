"""The pages of staff involvement: who reaches them, recording, changing and deleting an activity through
the pages, the staff surveys listed, bounded queries, and what the People page shows everyone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.organisations.choices import Role
from opencaf.people.models import EngagementActivity
from opencaf.people.tests import factories as f
from opencaf.surveys.models import Survey

pytestmark = pytest.mark.django_db

HR_PAGES = ("involvement", "activity_new", "activity_edit", "activity_delete", "newsletter_invite")


@pytest.fixture
def hr(world: World) -> Any:
    return f.member(world.alice_org, "hr@example.org", Role.HR, name="Helena Horvat").user


@pytest.fixture
def activity(world: World) -> EngagementActivity:
    return f.engagement_activity(world.alice_org, "Workshop on digital skills")


def _url(world: World, name: str, activity: EngagementActivity | None = None, **query: str) -> str:
    kwargs: dict[str, Any] = {"org_id": world.alice_org.public_id}
    if name in ("activity_edit", "activity_delete"):
        assert activity is not None
        kwargs["activity_id"] = activity.public_id
    url = reverse(f"people:{name}", kwargs=kwargs)
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _post_data(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "focus_group",
        "title": "Focus group on mentoring",
        "held_on": timezone.localdate().isoformat(),
        "participants": "8",
        "themes": "mentoring\nmore time for learning",
        "notes": "Participants want a mentor in their first year.",
        **fields,
    }


# --- who reaches the pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", HR_PAGES)
def test_hr_opens_every_page(world: World, hr: Any, activity: EngagementActivity, name: str) -> None:
    assert client_for(hr).get(_url(world, name, activity)).status_code == 200


@pytest.mark.parametrize("name", HR_PAGES)
@pytest.mark.parametrize("role", [Role.VIEWER, Role.MANAGER, Role.ORG_ADMIN])
def test_members_without_the_hr_role_get_a_403(
    world: World, activity: EngagementActivity, name: str, role: str
) -> None:
    member = f.member(world.alice_org, f"{role}@example.org", role).user
    assert client_for(member).get(_url(world, name, activity)).status_code == 403
    if name != "involvement":  # the one page that only shows
        assert client_for(member).post(_url(world, name, activity), _post_data()).status_code == 403
    assert EngagementActivity.objects.count() == 1


@pytest.mark.parametrize("name", (*HR_PAGES, "criterion3_figures"))
@pytest.mark.parametrize("who", ["bob", "carol", "dave"])
def test_others_get_a_404(world: World, activity: EngagementActivity, name: str, who: str) -> None:
    assert client_for(getattr(world, who)).get(_url(world, name, activity)).status_code == 404


@pytest.mark.parametrize("name", (*HR_PAGES, "criterion3_figures"))
def test_anonymous_visitors_are_asked_to_sign_in(world: World, activity: EngagementActivity, name: str) -> None:
    response = client_for(None).get(_url(world, name, activity))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_an_activity_of_another_organisation_is_a_404(world: World, hr: Any) -> None:
    theirs = f.engagement_activity(world.bob_org, "Bob's workshop")
    assert client_for(hr).get(_url(world, "activity_edit", theirs)).status_code == 404
    assert client_for(hr).post(_url(world, "activity_delete", theirs)).status_code == 404
    assert EngagementActivity.objects.filter(pk=theirs.pk).exists()


# --- recording, changing, deleting through the pages --------------------------------------------------


def test_hr_records_an_activity_through_the_page(world: World, hr: Any) -> None:
    response = client_for(hr).post(_url(world, "activity_new"), _post_data())
    assert response.status_code == 302 and response["Location"] == _url(world, "involvement")
    activity = EngagementActivity.objects.get()
    assert (activity.kind, activity.participants) == ("focus_group", 8)
    assert activity.themes == ["mentoring", "more time for learning"]
    assert AuditEvent.objects.filter(action="people.activity_recorded").count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"held_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat()}, "held_on"),
        ({"participants": "0"}, "participants"),
        ({"held_on": "not a date"}, "held_on"),
        ({"themes": "\n".join(f"theme {n}" for n in range(12))}, "themes"),
    ],
)
def test_bad_input_is_a_422_with_the_reason_and_nothing_is_written(
    world: World, hr: Any, fields: dict[str, str], field: str
) -> None:
    response = client_for(hr).post(_url(world, "activity_new"), _post_data(**fields))
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert 'class="alert alert-danger error-summary"' in response.content.decode()
    assert not EngagementActivity.objects.exists() and not AuditEvent.objects.exists()


def test_notes_naming_a_member_come_back_with_what_to_remove(world: World, hr: Any) -> None:
    f.member(world.alice_org, "ana.novak@example.org", Role.VIEWER, name="Ana Novak")
    notes = "Ana Novak said the levels are unclear."
    with translation.override("en"):
        response = client_for(hr).post(_url(world, "activity_new"), _post_data(notes=notes), HTTP_ACCEPT_LANGUAGE="en")
        expected = gettext("The notes name a member of staff (%(names)s). Record what was said, not who said it.") % {
            "names": "Ana Novak"
        }
    page = response.content.decode()
    assert response.status_code == 422 and escape(expected) in page
    assert escape(notes) in page  # the text is kept to correct
    assert not EngagementActivity.objects.exists()


def test_hr_changes_an_activity(world: World, hr: Any, activity: EngagementActivity) -> None:
    client = client_for(hr)
    form = client.get(_url(world, "activity_edit", activity))
    assert escape(activity.notes) in form.content.decode()  # HR reads the notes here
    response = client.post(_url(world, "activity_edit", activity), _post_data(title="Workshop, renamed"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Workshop, renamed" and activity.kind == "focus_group"
    assert AuditEvent.objects.filter(action="people.activity_changed").count() == 1


def test_deleting_asks_first(world: World, hr: Any, activity: EngagementActivity) -> None:
    client = client_for(hr)
    page = client.get(_url(world, "activity_delete", activity))
    assert page.status_code == 200 and escape(activity.title) in page.content.decode()
    assert EngagementActivity.objects.exists()  # GET changes nothing
    response = client.post(_url(world, "activity_delete", activity))
    assert response.status_code == 302 and not EngagementActivity.objects.exists()
    assert AuditEvent.objects.filter(action="people.activity_deleted").count() == 1


# --- the involvement page ----------------------------------------------------------------------------------


def _survey(world: World, title: str, audience: str, state: str = "open", responses: int = 0) -> Survey:
    return Survey.objects.create(
        organisation=world.alice_org,
        title={"en": title, "sl": f"{title} (sl)"},
        audience=audience,
        languages=["en", "sl"],
        state=state,
        response_count=responses,
        published_at=timezone.now() if state == "published" else None,
    )


def test_the_page_lists_the_staff_surveys_only(world: World, hr: Any) -> None:
    _survey(world, "Staff survey 2026", "employees", "open", responses=17)
    _survey(world, "Citizen survey 2026", "citizens")
    page = client_for(hr).get(_url(world, "involvement")).content.decode()
    assert "Staff survey 2026" in page and "Citizen survey 2026" not in page
    with translation.override("en"):
        assert escape(gettext("Start a staff survey")) not in page  # HR alone does not design surveys
    survey_url = reverse("surveys:new", kwargs={"org_id": world.alice_org.public_id})
    assert survey_url not in page


def test_a_member_who_designs_surveys_gets_the_link_to_start_one(world: World) -> None:
    from opencaf.organisations.models import MembershipRole

    MembershipRole.objects.create(membership=world.alice_membership, role=Role.HR)
    page = client_for(world.alice).get(_url(world, "involvement")).content.decode()
    assert reverse("surveys:new", kwargs={"org_id": world.alice_org.public_id}) in page


def test_the_list_filters_by_kind(world: World, hr: Any) -> None:
    f.engagement_activity(world.alice_org, "Workshop on digital skills")
    interview = f.engagement_activity(world.alice_org, "Exit interview findings")
    interview.kind = "interview"
    interview.save()
    page = client_for(hr).get(_url(world, "involvement", kind="interview")).content.decode()
    assert "Exit interview findings" in page and "Workshop on digital skills" not in page
    everything = client_for(hr).get(_url(world, "involvement", kind="nonsense")).content.decode()
    assert "Exit interview findings" in everything and "Workshop on digital skills" in everything


def test_the_involvement_page_runs_a_bounded_number_of_queries(
    world: World, hr: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(hr)
    client.get(_url(world, "involvement"))  # warm the session and the caches
    for n in range(30):
        f.engagement_activity(world.alice_org, f"Workshop {n}")
        staff = f.member(world.alice_org, f"staff{n}@example.org", Role.VIEWER)
        f.employee(staff)
    for n in range(12):
        _survey(world, f"Staff survey {n}", "employees", "published", responses=n)
    with django_assert_max_num_queries(14):  # ten today
        response = client.get(_url(world, "involvement"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 20  # one page at a time


# --- the People page ------------------------------------------------------------------------------------


def test_everyone_sees_what_was_heard_but_never_the_notes(world: World, activity: EngagementActivity) -> None:
    staff = f.member(world.alice_org, "staff@example.org", Role.VIEWER).user
    page = client_for(staff).get(reverse("people:home", kwargs={"org_id": world.alice_org.public_id}))
    text = page.content.decode()
    assert escape(activity.title) in text and "digital skills" in text
    assert escape(activity.notes) not in text
    assert _url(world, "involvement") not in text  # the pages behind are HR's
    figures = reverse("people:criterion3_figures", kwargs={"org_id": world.alice_org.public_id})
    assert figures not in text


def test_hr_and_top_management_get_their_links_on_the_people_page(world: World, hr: Any) -> None:
    home = reverse("people:home", kwargs={"org_id": world.alice_org.public_id})
    figures = reverse("people:criterion3_figures", kwargs={"org_id": world.alice_org.public_id})
    hr_page = client_for(hr).get(home).content.decode()
    assert _url(world, "involvement") in hr_page and figures in hr_page
    top = f.member(world.alice_org, "top@example.org", Role.MANAGER).user
    top_page = client_for(top).get(home).content.decode()
    assert figures in top_page and _url(world, "involvement") not in top_page
