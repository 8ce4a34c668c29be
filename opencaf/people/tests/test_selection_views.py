"""The selection pages at work: creating and setting up a vacancy, the moves with their confirmation
and every refusal (status 422, the reason shown, nothing written), scoring, agreeing, deciding, the page
after the deletion of the candidates' data; audited reads and bounded query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.organisations.choices import Role
from opencaf.people.models import AgreedScore, Candidate, PanelMember, PanelScore, Requirement, Vacancy
from opencaf.people.services.retention import purge_expired_candidates
from opencaf.people.tests import factories as f
from opencaf.people.tests.selection_builders import Selection, agree, give_scores, score_everyone, selection, set_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(world: World) -> Selection:
    return selection(world)


def url(name: str, s: Selection, **extra: Any) -> str:
    kwargs: dict[str, Any] = {"org_id": s.world.alice_org.public_id}
    if name not in ("vacancies", "vacancy_new"):
        kwargs["vacancy_id"] = s.vacancy.public_id
    return reverse(f"people:{name}", kwargs={**kwargs, **extra})


def text(response: Any) -> str:
    return response.content.decode()


def en(message: str, **values: Any) -> str:
    with translation.override("en"):
        return escape(gettext(message) % values if values else gettext(message))


def reads() -> int:
    return AuditEvent.objects.filter(action="people.candidate_read").count()


# --- creating and setting up -------------------------------------------------------------------------


def test_hr_creates_a_vacancy_on_the_page(s: Selection) -> None:
    client = client_for(s.hr.user)
    assert s.profile.title in text(client.get(url("vacancy_new", s)))
    response = client.post(
        url("vacancy_new", s), {"profile": s.profile.public_id, "title": "Data adviser", "retention_months": 6}
    )
    made = Vacancy.objects.get(title="Data adviser")
    assert response.status_code == 302 and str(made.public_id) in response["Location"]
    assert made.guide.count() == 4


def test_a_profile_without_key_competencies_is_refused_on_the_page(s: Selection) -> None:
    Requirement.objects.filter(profile=s.profile).update(key=False)
    response = client_for(s.hr.user).post(
        url("vacancy_new", s), {"profile": s.profile.public_id, "title": "X", "retention_months": 6}
    )
    assert response.status_code == 422
    assert "has no key competency" in text(response)  # the service's message, beside the field
    assert Vacancy.objects.count() == 1


def test_a_retention_period_out_of_range_is_refused(s: Selection) -> None:
    response = client_for(s.hr.user).post(
        url("vacancy_new", s), {"profile": s.profile.public_id, "title": "X", "retention_months": 48}
    )
    assert response.status_code == 422 and Vacancy.objects.count() == 1


def test_the_guide_page_shows_each_question_with_its_anchors_and_a_print_style(s: Selection) -> None:
    body = text(client_for(s.member.user).get(url("vacancy_guide", s)))
    question = s.questions()[0]
    assert escape(question.texts["en"]) in body
    assert escape(question.anchors["3"]["en"]) in body
    assert "people/interview-guide.css" in body
    assert 'name="action" value="remove"' not in body  # a panel member does not edit the guide


def test_hr_edits_the_guide_on_the_page(s: Selection) -> None:
    client = client_for(s.hr.user)
    first = s.questions()[0]
    response = client.post(url("vacancy_guide", s), {"action": "remove", "position": first.position})
    assert response.status_code == 302 and s.vacancy.guide.count() == 3
    response = client.post(url("vacancy_guide", s), {"action": "add", "question": first.source_id})
    assert response.status_code == 302 and s.vacancy.guide.count() == 4
    response = client.post(url("vacancy_guide", s), {"action": "add", "question": first.source_id})
    assert response.status_code == 422  # already in the guide: no longer offered
    assert s.vacancy.guide.count() == 4


def test_a_written_question_without_anchors_is_refused_with_the_reason(s: Selection) -> None:
    data = {"competency": "CORE-1", "kind": "behavioural", "text_sl": "Opišite …", "text_en": "Describe …"}
    response = client_for(s.hr.user).post(url("vacancy_question_new", s), data)
    assert response.status_code == 422
    with translation.override("en"):
        expected = gettext("Say what an answer at level %(level)s sounds like, in %(languages)s.") % {
            "level": 1,
            "languages": gettext("Slovenian"),
        }
    assert escape(expected) in text(response)
    assert s.vacancy.guide.count() == 4
    data.update({f"anchor_{level}_sl": f"Raven {level}" for level in range(1, 5)})
    response = client_for(s.hr.user).post(url("vacancy_question_new", s), data)
    assert response.status_code == 302 and s.vacancy.guide.count() == 5


def test_hr_manages_the_panel_and_candidates_on_their_pages(s: Selection) -> None:
    client = client_for(s.hr.user)
    response = client.post(url("vacancy_panel", s), {"action": "add", "member": s.outsider.public_id, "chair": "on"})
    assert response.status_code == 302
    assert PanelMember.objects.get(vacancy=s.vacancy, chair=True).membership == s.outsider
    response = client.post(url("vacancy_panel", s), {"action": "chair", "member": s.member.public_id})
    assert PanelMember.objects.get(vacancy=s.vacancy, chair=True).membership == s.member
    response = client.post(url("vacancy_panel", s), {"action": "remove", "member": s.outsider.public_id})
    assert s.vacancy.panel.count() == 2
    response = client.post(url("vacancy_candidates", s), {"action": "add", "name": "", "email": "x"})
    assert response.status_code == 422 and s.vacancy.candidates.count() == 2
    response = client.post(url("vacancy_candidates", s), {"action": "add", "name": "Cara", "email": "c@example.org"})
    assert response.status_code == 302 and s.vacancy.candidates.count() == 3
    cara = s.vacancy.candidates.get(name="Cara")
    client.post(url("vacancy_candidates", s), {"action": "remove", "candidate": cara.public_id})
    assert s.vacancy.candidates.count() == 2


def test_setup_changes_are_refused_once_the_interviews_run(s: Selection) -> None:
    set_state(s, "interviewing")
    client = client_for(s.hr.user)
    with translation.override("en"):
        refused = escape(
            gettext("This cannot be done now: the vacancy is “%(state)s”.") % {"state": gettext("Interviews")}
        )
    response = client.post(url("vacancy_candidates", s), {"action": "add", "name": "Late"})
    assert response.status_code == 422 and refused in text(response)
    response = client.post(url("vacancy_panel", s), {"action": "remove", "member": s.member.public_id})
    assert response.status_code == 422 and refused in text(response)
    response = client.post(url("vacancy_guide", s), {"action": "remove", "position": s.questions()[0].position})
    assert response.status_code == 422 and refused in text(response)
    assert s.vacancy.candidates.count() == 2 and s.vacancy.panel.count() == 2 and s.vacancy.guide.count() == 4


# --- moves -------------------------------------------------------------------------------------------


def test_the_start_confirmation_shows_what_is_missing_and_posting_refuses(s: Selection) -> None:
    s.vacancy.panel.filter(membership=s.member).delete()
    client = client_for(s.hr.user)
    page = client.get(url("vacancy_move", s, move="start_interviews"))
    assert page.status_code == 200 and en("The selection panel needs at least two members.") in text(page)
    response = client.post(url("vacancy_move", s, move="start_interviews"))
    assert response.status_code == 422
    assert en("The interviews cannot start yet.") in text(response)
    assert en("The selection panel needs at least two members.") in text(response)
    assert s.refresh().state == "preparing"


def test_the_vacancy_page_lists_what_is_missing(s: Selection) -> None:
    s.vacancy.candidates.all().delete()
    body = text(client_for(s.hr.user).get(url("vacancy", s)))
    assert en("No candidate has been added.") in body


def test_the_moves_run_from_their_confirmation_pages(s: Selection) -> None:
    client = client_for(s.hr.user)
    assert client.post(url("vacancy_move", s, move="start_interviews")).status_code == 302
    assert s.refresh().state == "interviewing"
    response = client.post(url("vacancy_move", s, move="open_agreement"))
    assert response.status_code == 422
    assert escape("Cleo Chair") in text(response) and escape("Ana Applicant") in text(response)
    score_everyone(s)
    assert client.post(url("vacancy_move", s, move="open_agreement")).status_code == 302
    assert s.refresh().state == "agreeing"


def test_cancelling_needs_a_reason_on_the_page(s: Selection) -> None:
    client = client_for(s.hr.user)
    response = client.post(url("vacancy_move", s, move="cancel"), {"reason": ""})
    assert response.status_code == 422 and en("Say why the vacancy is cancelled.") in text(response)
    assert s.refresh().state == "preparing"
    assert client.post(url("vacancy_move", s, move="cancel"), {"reason": "Post frozen"}).status_code == 302
    assert s.refresh().state == "cancelled"
    body = text(client.get(url("vacancy", s)))
    assert "Post frozen" in body


def test_a_chair_cannot_take_moves(s: Selection) -> None:
    assert client_for(s.chair.user).post(url("vacancy_move", s, move="start_interviews")).status_code == 403
    assert s.refresh().state == "preparing"


# --- scoring -----------------------------------------------------------------------------------------


def _scores(s: Selection, value: int | str, **extra: str) -> dict[str, Any]:
    return {**{f"score_{n}": value for n in range(1, 5)}, **extra}


def test_a_member_saves_and_submits_on_the_scoring_page(s: Selection) -> None:
    set_state(s, "interviewing")
    client = client_for(s.member.user)
    scores_url = url("candidate_scores", s, candidate_id=s.ana.public_id)
    page = client.get(scores_url)
    assert page.status_code == 200 and 'type="radio"' in text(page)
    assert escape(s.questions()[0].anchors["2"]["en"]) in text(page)
    response = client.post(scores_url, {"score_1": 3, "note_1": "Clear example", "action": "save"})
    assert response.status_code == 302
    response = client.post(scores_url, {"score_1": 3, "action": "submit"})
    assert response.status_code == 422
    with translation.override("en"):
        expected = gettext("Score every question before you submit. Not scored yet: question %(numbers)s.") % {
            "numbers": "2, 3 and 4"
        }
    assert escape(expected) in text(response)
    response = client.post(scores_url, _scores(s, 4, action="submit"))
    assert response.status_code == 302
    assert PanelScore.objects.filter(candidate=s.ana, member=s.member_seat, submitted_at__isnull=False).count() == 4
    response = client.post(scores_url, _scores(s, 1, action="save"))
    assert response.status_code == 422
    assert PanelScore.objects.filter(candidate=s.ana, member=s.member_seat, score=4).count() == 4


def test_a_score_off_the_scale_is_refused(s: Selection) -> None:
    set_state(s, "interviewing")
    response = client_for(s.member.user).post(
        url("candidate_scores", s, candidate_id=s.ana.public_id), _scores(s, 9, action="save")
    )
    assert response.status_code == 422 and not PanelScore.objects.exists()


def test_opening_a_scoring_page_is_an_audited_read(s: Selection) -> None:
    set_state(s, "interviewing")
    client_for(s.member.user).get(url("candidate_scores", s, candidate_id=s.ana.public_id))
    event = AuditEvent.objects.get(action="people.candidate_read")
    assert event.actor == s.member.user and event.changes == {"candidate": str(s.ana.public_id)}


# --- agreement and decision --------------------------------------------------------------------------


def test_the_agreement_page_shows_spread_and_suggestion_and_records_the_agreed_score(s: Selection) -> None:
    set_state(s, "agreeing")
    give_scores(s, s.chair_seat, s.ana, [2, 3, 4, 4])
    give_scores(s, s.member_seat, s.ana, [2, 2, 3, 3])
    agreement_url = url("candidate_agreement", s, candidate_id=s.ana.public_id)
    body = text(client_for(s.chair.user).get(agreement_url))
    # Service orientation: Cleo 2.5, Mark 2; median 2.25 → 2. Collaboration: Cleo 4, Mark 3; median 3.5 → 4.
    with translation.override("en"):
        spread = gettext("Spread: from %(low)s to %(high)s (%(width)s apart).")
        suggested = gettext("Suggested agreed score (the median): %(score)s %(label)s.")
    assert escape(spread % {"low": "2", "high": "2.50", "width": "0.50"}) in body
    assert escape(suggested % {"score": 2, "label": "Intermediate"}) in body
    assert escape(spread % {"low": "3", "high": "4", "width": "1"}) in body
    assert escape(suggested % {"score": 4, "label": "Expert"}) in body
    competency = s.questions()[0].competency
    response = client_for(s.chair.user).post(
        agreement_url, {"competency": competency.code, "c1-score": 2, "c1-rationale": ""}
    )
    assert response.status_code == 422
    assert en("Give the rationale: why the panel agreed on this score.") in text(response)
    assert not AgreedScore.objects.exists()
    response = client_for(s.chair.user).post(
        agreement_url, {"competency": competency.code, "c1-score": 2, "c1-rationale": "Examples were thin."}
    )
    assert response.status_code == 302 and AgreedScore.objects.get().score == 2
    # A plain member reads the agreement but does not record it.
    response = client_for(s.member.user).post(
        agreement_url, {"competency": competency.code, "c1-score": 4, "c1-rationale": "No"}
    )
    assert response.status_code == 403 and AgreedScore.objects.get().score == 2


def test_the_agreement_page_runs_a_bounded_number_of_queries(world: World, django_assert_max_num_queries: Any) -> None:
    s = selection(world, state="agreeing")
    score_everyone(s)
    agreement_url = url("candidate_agreement", s, candidate_id=s.ana.public_id)
    client = client_for(s.chair.user)
    client.get(agreement_url)
    with django_assert_max_num_queries(22):
        assert client.get(agreement_url).status_code == 200
    # More members, more questions: the same number of queries.
    for n in range(3):
        extra = f.member(world.alice_org, f"extra{n}@example.org", Role.VIEWER)
        PanelMember.objects.create(vacancy=s.vacancy, membership=extra)
    digital = s.version.competencies.get(code="DIG-1")
    for question in digital.questions.all():
        s.vacancy.guide.create(
            competency=digital,
            source=question,
            kind=question.kind,
            texts=question.texts,
            anchors=question.anchors,
            position=50 + question.position,
        )
    score_everyone(s)
    with django_assert_max_num_queries(22):
        assert client.get(agreement_url).status_code == 200
    assert reads() == 3


def test_the_list_of_vacancies_runs_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    s = selection(world)
    client = client_for(s.hr.user)
    client.get(url("vacancies", s))
    for n in range(5):
        f.vacancy(world.alice_org, s.profile, [s.chair, s.member], [f"C{n}", f"D{n}"])
    with django_assert_max_num_queries(14):
        body = text(client.get(url("vacancies", s)))
    assert body.count("vacancy</a>") >= 6


def test_deciding_on_the_page_refuses_while_an_agreed_score_is_missing(s: Selection) -> None:
    set_state(s, "agreeing")
    score_everyone(s)
    agree(s, s.ana, [3, 4])
    client = client_for(s.hr.user)
    decision_url = url("vacancy_decision", s)
    response = client.post(decision_url, {"chosen": str(s.ana.public_id), "decision": "Ana"})
    assert response.status_code == 422 and escape("Ben Bidder") in text(response)
    assert s.refresh().state == "agreeing"
    agree(s, s.ben, [4, 4])
    response = client.post(decision_url, {"chosen": str(s.ben.public_id), "decision": "Ben answered best."})
    assert response.status_code == 302 and s.refresh().state == "decided"
    page = text(client.get(decision_url))
    assert "Ben answered best." in page
    assert AuditEvent.objects.filter(action="people.candidate_read").count() >= 2  # each candidate shown


def test_the_decision_page_is_an_audited_read_of_every_candidate(s: Selection) -> None:
    set_state(s, "agreeing")
    client_for(s.chair.user).get(url("vacancy_decision", s))
    assert set(
        AuditEvent.objects.filter(action="people.candidate_read").values_list("changes__candidate", flat=True)
    ) == {
        str(s.ana.public_id),
        str(s.ben.public_id),
    }


def test_after_the_deletion_the_vacancy_says_when_and_how_many(s: Selection) -> None:
    set_state(s, "decided")
    s.vacancy.decided_at = timezone.now().replace(year=2020)
    s.vacancy.save()
    purge_expired_candidates()
    assert not Candidate.objects.exists()
    s.refresh()
    body = text(client_for(s.hr.user).get(url("vacancy", s)))
    with translation.override("en"):
        expected = ngettext(
            "The retention period is over: the data of %(counter)s candidate was deleted on %(date)s.",
            "The retention period is over: the data of %(counter)s candidates was deleted on %(date)s.",
            2,
        )
    assert "2" in body and escape(expected.split(":")[0]) in body
    assert "Ana Applicant" not in body
    assert client_for(s.chair.user).get(url("vacancy_decision", s)).status_code == 200


# --- the People page and the home page ---------------------------------------------------------------


def test_the_people_page_shows_a_member_what_they_still_have_to_score(s: Selection) -> None:
    set_state(s, "interviewing")
    give_scores(s, s.member_seat, s.ana, [3, 3, 3, 3])
    body = text(client_for(s.member.user).get(reverse("people:home", kwargs={"org_id": s.world.alice_org.public_id})))
    with translation.override("en"):
        expected = ngettext("%(counter)s candidate still to score", "%(counter)s candidates still to score", 1) % {
            "counter": 1
        }
    assert escape(expected) in body and escape(s.vacancy.title) in body


def test_the_people_page_shows_hr_the_vacancies_in_progress(s: Selection) -> None:
    body = text(client_for(s.hr.user).get(reverse("people:home", kwargs={"org_id": s.world.alice_org.public_id})))
    assert escape(s.vacancy.title) in body and url("vacancy_new", s) in body
    nothing = text(
        client_for(s.outsider.user).get(reverse("people:home", kwargs={"org_id": s.world.alice_org.public_id}))
    )
    assert escape(s.vacancy.title) not in nothing


def test_the_home_page_todo_lists_candidates_to_score(s: Selection) -> None:
    from opencaf.people import todo_selection

    set_state(s, "interviewing")
    give_scores(s, s.chair_seat, s.ana, [3, 3, 3, 3])
    items = list(todo_selection.panel_items(s.chair.user))
    assert len(items) == 1 and items[0].count == 1 and str(s.vacancy.public_id) in items[0].url
    assert [item.count for item in todo_selection.panel_items(s.member.user)] == [2]
    assert list(todo_selection.panel_items(s.hr.user)) == []
    give_scores(s, s.chair_seat, s.ben, [3, 3, 3, 3])
    assert list(todo_selection.panel_items(s.chair.user)) == []
