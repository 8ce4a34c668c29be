"""Who opens which selection page: HR, the chair, a panel member, a member of the organisation on no
panel, another organisation, an anonymous visitor; and panel members not seeing each other's scores
before the agreement."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World, client_for
from opencaf.people.access import people_access
from opencaf.people.models import PanelScore
from opencaf.people.selection_access import vacancy_access
from opencaf.people.tests.selection_builders import Selection, give_scores, selection, set_state

pytestmark = pytest.mark.django_db

VACANCY_PAGES = (
    "vacancy",
    "vacancy_guide",
    "vacancy_settings",
    "vacancy_question_new",
    "vacancy_panel",
    "vacancy_candidates",
)
HR_ONLY = ("vacancy_settings", "vacancy_question_new", "vacancy_panel", "vacancy_candidates")


@pytest.fixture
def s(world: World) -> Selection:
    return selection(world)


def org(s: Selection) -> dict[str, Any]:
    return {"org_id": s.world.alice_org.public_id}


def vac(s: Selection) -> dict[str, Any]:
    return {**org(s), "vacancy_id": s.vacancy.public_id}


def cand(s: Selection) -> dict[str, Any]:
    return {**vac(s), "candidate_id": s.ana.public_id}


def get(user: Any, name: str, kwargs: dict[str, Any]) -> int:
    return client_for(user).get(reverse(f"people:{name}", kwargs=kwargs)).status_code


def test_the_list_of_vacancies(s: Selection) -> None:
    assert get(s.hr.user, "vacancies", org(s)) == 200
    assert get(s.chair.user, "vacancies", org(s)) == 200
    assert get(s.member.user, "vacancies", org(s)) == 200
    assert get(s.outsider.user, "vacancies", org(s)) == 403  # a member of the organisation on no panel
    assert get(s.world.alice, "vacancies", org(s)) == 403  # the organisation's administrator is not HR
    assert get(s.world.bob, "vacancies", org(s)) == 404
    assert get(s.world.carol, "vacancies", org(s)) == 404  # the network's coordinator


def test_a_panel_member_sees_only_the_vacancies_they_sit_on(s: Selection, world: World) -> None:
    from opencaf.people.tests import factories as f

    other = f.vacancy(world.alice_org, s.profile, [s.outsider, s.hr], ["Hidden Candidate"])
    other.title = "Other vacancy"
    other.save()
    body = client_for(s.member.user).get(reverse("people:vacancies", kwargs=org(s))).content.decode()
    assert s.vacancy.title in body and "Other vacancy" not in body
    assert get(s.member.user, "vacancy", {**org(s), "vacancy_id": other.public_id}) == 404
    hr_body = client_for(s.hr.user).get(reverse("people:vacancies", kwargs=org(s))).content.decode()
    assert s.vacancy.title in hr_body and "Other vacancy" in hr_body


def test_new_vacancy_is_for_hr(s: Selection) -> None:
    assert get(s.hr.user, "vacancy_new", org(s)) == 200
    for person in (s.chair.user, s.outsider.user, s.world.alice):
        assert get(person, "vacancy_new", org(s)) == 403
    assert get(s.world.bob, "vacancy_new", org(s)) == 404


@pytest.mark.parametrize("name", VACANCY_PAGES)
def test_a_vacancys_pages(s: Selection, name: str) -> None:
    assert get(s.hr.user, name, vac(s)) == 200
    expected = 403 if name in HR_ONLY else 200
    assert get(s.chair.user, name, vac(s)) == expected
    assert get(s.member.user, name, vac(s)) == expected
    for person in (s.outsider.user, s.world.alice, s.world.bob, s.world.carol):
        assert get(person, name, vac(s)) == 404


def test_the_move_confirmation_is_for_hr(s: Selection) -> None:
    kwargs = {**vac(s), "move": "start_interviews"}
    assert get(s.hr.user, "vacancy_move", kwargs) == 200
    assert get(s.chair.user, "vacancy_move", kwargs) == 403
    assert get(s.outsider.user, "vacancy_move", kwargs) == 404
    assert get(s.hr.user, "vacancy_move", {**vac(s), "move": "decide"}) == 404  # its own page
    assert get(s.hr.user, "vacancy_move", {**vac(s), "move": "nonsense"}) == 404


def test_scoring_pages_are_for_the_member_themself(s: Selection) -> None:
    set_state(s, "interviewing")
    assert get(s.chair.user, "candidate_scores", cand(s)) == 200
    assert get(s.member.user, "candidate_scores", cand(s)) == 200
    for person in (s.hr.user, s.outsider.user, s.world.bob):
        assert get(person, "candidate_scores", cand(s)) == 404


def test_nobody_reads_the_agreement_or_decision_before_the_agreement(s: Selection) -> None:
    set_state(s, "interviewing")
    for person in (s.hr.user, s.chair.user, s.member.user, s.outsider.user):
        assert get(person, "candidate_agreement", cand(s)) == 404
        assert get(person, "vacancy_decision", vac(s)) == 404


def test_in_agreement_the_panel_and_hr_read_it(s: Selection) -> None:
    set_state(s, "agreeing")
    for person in (s.hr.user, s.chair.user, s.member.user):
        assert get(person, "candidate_agreement", cand(s)) == 200
        assert get(person, "vacancy_decision", vac(s)) == 200
    for person in (s.outsider.user, s.world.bob, s.world.carol):
        assert get(person, "candidate_agreement", cand(s)) == 404
        assert get(person, "vacancy_decision", vac(s)) == 404


def test_anonymous_visitors_are_asked_to_sign_in(s: Selection) -> None:
    for name, kwargs in (("vacancies", org(s)), ("vacancy", vac(s)), ("candidate_scores", cand(s))):
        response = client_for(None).get(reverse(f"people:{name}", kwargs=kwargs))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_member_sees_only_their_own_scores_until_the_agreement(s: Selection) -> None:
    set_state(s, "interviewing")
    give_scores(s, s.chair_seat, s.ana, [4, 4, 4, 4], submitted=False)
    PanelScore.objects.filter(member=s.chair_seat).update(note="Chair secret note")
    give_scores(s, s.member_seat, s.ana, [2, None, None, None], submitted=False)
    PanelScore.objects.filter(member=s.member_seat).update(note="Mark own note")
    body = client_for(s.member.user).get(reverse("people:candidate_scores", kwargs=cand(s))).content.decode()
    assert "Mark own note" in body and "Chair secret note" not in body
    for name in ("vacancy", "vacancy_guide"):
        page = client_for(s.member.user).get(reverse(f"people:{name}", kwargs=vac(s))).content.decode()
        assert "Chair secret note" not in page
    hr_page = client_for(s.hr.user).get(reverse("people:vacancy", kwargs=vac(s))).content.decode()
    assert "Chair secret note" not in hr_page and "Mark own note" not in hr_page
    set_state(s, "agreeing")
    agreed = client_for(s.member.user).get(reverse("people:candidate_agreement", kwargs=cand(s))).content.decode()
    assert "Chair secret note" in agreed and "Mark own note" in agreed


def test_the_access_object_says_the_same(s: Selection) -> None:
    member = vacancy_access(people_access(s.member.user, s.world.alice_org.public_id), s.vacancy.public_id)
    chair = vacancy_access(people_access(s.chair.user, s.world.alice_org.public_id), s.vacancy.public_id)
    hr = vacancy_access(people_access(s.hr.user, s.world.alice_org.public_id), s.vacancy.public_id)
    assert member.can_see_scores_of(s.member_seat) and not member.can_see_scores_of(s.chair_seat)
    assert not hr.sees_all_scores and hr.can_prepare and not member.can_prepare
    assert not member.can_agree and not chair.can_agree  # not in agreement yet
    set_state(s, "agreeing")
    chair = vacancy_access(people_access(s.chair.user, s.world.alice_org.public_id), s.vacancy.public_id)
    member = vacancy_access(people_access(s.member.user, s.world.alice_org.public_id), s.vacancy.public_id)
    assert chair.can_agree and not member.can_agree and member.can_see_scores_of(s.chair_seat)
