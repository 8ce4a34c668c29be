"""The pages of the external feedback scores: who opens them (the actor of the case, the other actor,
an actor of another case, the organiser, the organisation before and after the decision, another
organisation, an anonymous visitor), what each shows, the forms' refusals, and their query counts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext, pgettext

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.feedback.access import access_for
from opencaf.feedback.models import ActorScore, AgreedScore, CaseActor, Declaration, FeedbackCase
from opencaf.feedback.selectors import case_scoring
from opencaf.feedback.selectors import scoring as selectors
from opencaf.feedback.tests.builders_scoring import Scoring, agree, codes, give_scores, scoring_case
from opencaf.feedback.tests.factories import accepted_assessment, assign, external_actor, feedback_case
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ("scores", "agreement", "comparison")


@pytest.fixture
def s(world: World, caf_framework: Any) -> Scoring:
    return scoring_case(world, caf_framework, own_scores={"1.1": 5, "1.2": 2})


def url(name: str, case: FeedbackCase) -> str:
    return reverse(f"feedback:{name}", kwargs={"case_id": case.public_id})


def text(response: Any) -> str:
    return response.content.decode()


def all_scores(case: FeedbackCase, value: int | str) -> dict[str, Any]:
    return {f"score_{code.replace('.', '_')}": value for code in codes(case)}


# --- who may open which page -----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(s: Scoring) -> None:
    for name in PAGES:
        response = client_for(None).get(url(name, s.case))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_another_organisation_and_another_network_get_a_404(world: World, s: Scoring) -> None:
    agree(s.case, 4)
    for person in (world.bob, world.dave, world.charlie):
        for name in PAGES:
            assert client_for(person).get(url(name, s.case)).status_code == 404
            assert client_for(person).post(url(name, s.case), all_scores(s.case, 4)).status_code in (404, 405)
    assert not ActorScore.objects.exists()


def test_an_actor_of_another_case_gets_a_404(world: World, s: Scoring, caf_framework: Any) -> None:
    other_org = OrganisationFactory(network=world.network, name="Other Office")
    other = feedback_case(other_org, accepted_assessment(other_org, caf_framework), state="in_feedback")
    stranger = UserFactory(email="stranger@example.org")
    assign(other, external_actor(world.network, stranger))
    for name in PAGES:
        assert client_for(stranger).get(url(name, s.case)).status_code == 404
    assert client_for(stranger).post(url("scores", s.case), all_scores(s.case, 4)).status_code == 404
    assert not ActorScore.objects.exists()


def test_an_actor_who_has_not_declared_gets_a_404(world: World, caf_framework: Any) -> None:
    s = scoring_case(world, caf_framework, frank=Declaration.PENDING)
    for name in PAGES:
        assert client_for(s.frank).get(url(name, s.case)).status_code == 404
    assert client_for(s.frank).post(url("scores", s.case), all_scores(s.case, 4)).status_code == 404


def test_the_organisation_sees_only_the_comparison_and_only_once_decided(world: World, caf_framework: Any) -> None:
    s = scoring_case(world, caf_framework, state="reported")
    alice = client_for(world.alice)
    for name in PAGES:
        assert alice.get(url(name, s.case)).status_code == 404
    FeedbackCase.objects.filter(pk=s.case.pk).update(state="awarded")
    assert alice.get(url("scores", s.case)).status_code == 404
    assert alice.get(url("agreement", s.case)).status_code == 404
    assert alice.get(url("comparison", s.case)).status_code == 200


def test_the_organiser_reads_the_agreement_and_the_comparison_but_does_not_score(world: World, s: Scoring) -> None:
    carol = client_for(world.carol)
    assert carol.get(url("scores", s.case)).status_code == 404
    assert carol.post(url("scores", s.case), all_scores(s.case, 4)).status_code == 404
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 3, finished=True)
    response = carol.get(url("agreement", s.case))
    assert response.status_code == 200 and 'name="question"' not in text(response)
    data = {"question": "1.1", "q1_1-score": "4", "q1_1-rationale": "Why", "q1_1-version": "0"}
    assert carol.post(url("agreement", s.case), data).status_code == 403
    assert carol.get(url("comparison", s.case)).status_code == 200
    assert not AgreedScore.objects.exists() and ActorScore.objects.count() == 2 * len(codes(s.case))


# --- an actor's own scores ------------------------------------------------------------------------


def test_an_actor_scores_alone_and_does_not_see_the_other_actors_scores(s: Scoring) -> None:
    give_scores(s.frank_at, {"1.1": 2})
    ActorScore.objects.filter(case_actor=s.frank_at).update(note="Frank Private Note")
    response = client_for(s.erin).get(url("scores", s.case))
    page = text(response)
    assert response.status_code == 200
    with translation.override("en"):
        assert escape(gettext("Your scores")) in page
        assert (
            'name="score_3_8"' in page
            and escape(s.case.procedure.definition["pillars"][2]["questions"][7]["title"]["en"]) in page
        )
        assert "4 – satisfactory" in page  # the scale's word beside each point
        progress = ngettext(
            "%(scored)s of %(counter)s question scored.", "%(scored)s of %(counter)s questions scored.", 17
        ) % {"scored": 0, "counter": 17}
        assert progress in page
    assert "Frank Private Note" not in page and "Frank Fieldwork" not in page


def test_an_actor_saves_part_of_the_scores_then_finishes(s: Scoring) -> None:
    client = client_for(s.erin)
    response = client.post(url("scores", s.case), {"score_1_1": "4", "note_1_1": "Minutes seen", "action": "save"})
    assert response.status_code == 302 and response["Location"] == url("scores", s.case)
    assert dict(s.erin_at.scores.values_list("question", "score")) == {"1.1": 4}
    page = text(client.get(url("scores", s.case)))
    assert "Minutes seen" in page and 'id="id_score_1_1_3" checked' in page  # 4, the fourth point

    response = client.post(url("scores", s.case), {**all_scores(s.case, 3), "action": "finish"})
    assert response.status_code == 302 and response["Location"] == url("agreement", s.case)
    s.erin_at.refresh_from_db()
    assert s.erin_at.scores_done_at is not None
    assert s.erin_at.scores.get(question="1.1").note == ""  # the note was sent empty this time


def test_finishing_with_questions_unscored_lists_them_and_saves_nothing(s: Scoring) -> None:
    data = {**all_scores(s.case, 3), "score_1_6": "", "score_3_2": "", "action": "finish"}
    response = client_for(s.erin).post(url("scores", s.case), data)
    assert response.status_code == 422
    page = text(response)
    with translation.override("en"):
        missing = gettext("Every question needs a score before you finish. Not scored yet: %(codes)s.") % {
            "codes": f"1.6 {pgettext('list of numbers', 'and')} 3.2"
        }
        assert escape(missing) in page and escape(gettext("There is a problem")) in page
    assert not ActorScore.objects.exists()
    s.erin_at.refresh_from_db()
    assert s.erin_at.scores_done_at is None


def test_a_note_without_a_score_is_refused_rather_than_lost(s: Scoring) -> None:
    response = client_for(s.erin).post(url("scores", s.case), {"note_1_2": "Seen nothing yet", "action": "save"})
    assert response.status_code == 422 and "Seen nothing yet" in text(response)
    with translation.override("en"):
        assert escape(gettext("Choose a score for this note, or clear the note.")) in text(response)
    assert not ActorScore.objects.exists()


def test_a_score_off_the_scale_is_refused_on_the_page(s: Scoring) -> None:
    response = client_for(s.erin).post(url("scores", s.case), {"score_1_1": "9", "action": "save"})
    assert response.status_code == 422 and not ActorScore.objects.exists()


def test_a_finished_actor_may_take_it_back(s: Scoring) -> None:
    give_scores(s.erin_at, 4, finished=True)
    client = client_for(s.erin)
    response = client.post(url("scores", s.case), {"action": "reopen"})
    assert response.status_code == 302
    s.erin_at.refresh_from_db()
    assert s.erin_at.scores_done_at is None and s.erin_at.scores.count() == len(codes(s.case))


def test_after_the_report_the_actor_reads_the_scores_but_cannot_change_them(world: World, caf_framework: Any) -> None:
    s = scoring_case(world, caf_framework, state="reported")
    give_scores(s.erin_at, 4, finished=True)
    client = client_for(s.erin)
    response = client.get(url("scores", s.case))
    assert response.status_code == 200 and "disabled" in text(response) and 'value="save"' not in text(response)
    assert client.post(url("scores", s.case), {**all_scores(s.case, 2), "action": "save"}).status_code == 403
    assert client.post(url("scores", s.case), {"action": "reopen"}).status_code == 403
    assert set(s.erin_at.scores.values_list("score", flat=True)) == {4}


# --- the agreement ----------------------------------------------------------------------------------


def test_before_every_actor_finished_the_agreement_shows_who_is_missing_and_no_scores(s: Scoring) -> None:
    give_scores(s.erin_at, 5, finished=True)
    ActorScore.objects.filter(case_actor=s.erin_at).update(note="Erin Private Note")
    give_scores(s.frank_at, {"1.1": 2})
    for person in (s.frank, s.erin):
        response = client_for(person).get(url("agreement", s.case))
        page = text(response)
        assert response.status_code == 200
        with translation.override("en"):
            # The sentence names Frank alone: Erin has finished.
            assert escape(gettext("Not finished yet: %(names)s.") % {"names": "Frank Fieldwork"}) in page
        assert "Erin Private Note" not in page and 'name="question"' not in page


def test_the_agreement_sheet_reads_nobodys_scores_before_everyone_finished(s: Scoring) -> None:
    give_scores(s.erin_at, 5, finished=True)
    give_scores(s.frank_at, 2)
    sheet = selectors.agreement_sheet(s.case)
    assert not sheet.open and sheet.pillars == [] and sheet.verdict is None
    assert [person.name for person in sheet.progress.waiting] == ["Frank Fieldwork"]
    CaseActor.objects.filter(pk=s.frank_at.pk).update(scores_done_at=timezone.now())
    sheet = selectors.agreement_sheet(s.case)
    first = sheet.pillars[0].items[0]
    assert sheet.open and [(person.name, person.score) for person in first.individuals] == [
        ("Erin External", 5),
        ("Frank Fieldwork", 2),
    ]
    assert first.spread is not None and first.spread.median == 3.5 and first.suggestion is None


def test_recording_before_every_actor_finished_is_refused(s: Scoring) -> None:
    give_scores(s.erin_at, 4, finished=True)
    data = {"question": "1.1", "q1_1-score": "4", "q1_1-rationale": "Why", "q1_1-version": "0"}
    response = client_for(s.erin).post(url("agreement", s.case), data, follow=False)
    assert response.status_code == 422 and not AgreedScore.objects.exists()


def test_once_everyone_finished_the_actors_see_each_other_and_agree(s: Scoring) -> None:
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, {**dict.fromkeys(codes(s.case), 4), "1.1": 3}, finished=True)
    ActorScore.objects.filter(case_actor=s.erin_at, question="1.1").update(note="Erin Saw Minutes")
    client = client_for(s.frank)
    page = text(client.get(url("agreement", s.case)))
    assert "Erin External" in page and "Frank Fieldwork" in page and "Erin Saw Minutes" in page
    with translation.override("en"):
        assert gettext("Median %(median)s; from %(low)s to %(high)s.") % {"median": "3.5", "low": 3, "high": 4} in page
        assert escape(gettext("Thresholds for the label")) in page
        assert escape(gettext("no fixed threshold: the organiser decides")) in page
    assert page.count('name="question"') == len(codes(s.case))

    data = {"question": "1.1", "q1_1-score": "4", "q1_1-rationale": "Minutes of every meeting", "q1_1-version": "0"}
    response = client.post(url("agreement", s.case), data)
    assert response.status_code == 302 and response["Location"].endswith("#q1_1")
    record = AgreedScore.objects.get(case=s.case, question="1.1")
    assert (record.score, record.rationale, record.recorded_by, record.version) == (
        4,
        "Minutes of every meeting",
        s.frank,
        1,
    )
    assert AuditEvent.objects.filter(action="feedback.score_agreed").count() == 1


def test_the_agreement_page_weighs_the_thresholds_live(s: Scoring) -> None:
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 4, finished=True)
    agree(s.case, {**dict.fromkeys(codes(s.case), 4), "1.2": 3, "1.3": 3, "1.4": 2, "1.5": 3, "1.6": 3, "2.2": 4})
    page = text(client_for(s.erin).get(url("agreement", s.case)))
    with translation.override("en"):
        # Pillars 1 and 2: 4+3+3+2+3+3 + 4+4+4 = 30 of 45, at least 28: met; step 5 below its minimum.
        pillars = f"1 {pgettext('list of numbers', 'and')} 2"
        together = gettext("Pillars %(pillars)s together: %(total)s of %(maximum)s")
        assert escape(together % {"pillars": pillars, "total": 30, "maximum": 45}) in page
        assert gettext("at least %(minimum)s") % {"minimum": 28} in page
        assert f'<strong class="badge text-bg-success">{pgettext("threshold", "met")}</strong>' in page
        title = s.case.procedure.definition["pillars"][0]["questions"][4]["title"]["en"]
        below = gettext("%(code)s %(title)s: %(score)s, below the minimum %(minimum)s (%(label)s)")
        assert (
            escape(below % {"code": "1.5", "title": title, "score": 3, "minimum": 4, "label": "satisfactory"}) in page
        )


@pytest.mark.parametrize(
    ("posted", "status"),
    [
        ({"q1_1-score": "4", "q1_1-rationale": "  ", "q1_1-version": "0"}, 422),
        ({"q1_1-score": "", "q1_1-rationale": "Why", "q1_1-version": "0"}, 422),
        ({"q1_1-score": "7", "q1_1-rationale": "Why", "q1_1-version": "0"}, 422),
    ],
)
def test_an_agreed_score_needs_a_score_and_a_rationale(s: Scoring, posted: dict[str, str], status: int) -> None:
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 4, finished=True)
    response = client_for(s.erin).post(url("agreement", s.case), {"question": "1.1", **posted})
    assert response.status_code == status and not AgreedScore.objects.exists()
    with translation.override("en"):
        assert escape(gettext("There is a problem")) in text(response)


def test_a_stale_agreement_keeps_the_text_typed_and_shows_the_saved_score(s: Scoring) -> None:
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 3, finished=True)
    agree(s.case, {"1.1": 3}, by=s.frank)  # version 1
    data = {"question": "1.1", "q1_1-score": "4", "q1_1-rationale": "Erin Typed This", "q1_1-version": "0"}
    response = client_for(s.erin).post(url("agreement", s.case), data)
    page = text(response)
    assert response.status_code == 409 and "Erin Typed This" in page
    assert 'name="q1_1-version" value="1"' in page  # a second save replaces the saved one knowingly
    assert AgreedScore.objects.get(question="1.1").score == 3


def test_an_unknown_question_is_a_404(s: Scoring) -> None:
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 4, finished=True)
    response = client_for(s.erin).post(url("agreement", s.case), {"question": "9.9"})
    assert response.status_code == 404


# --- the comparison -------------------------------------------------------------------------------


def test_the_comparison_sets_the_organisations_own_scores_beside_the_agreed_ones(
    world: World, caf_framework: Any
) -> None:
    s = scoring_case(world, caf_framework, state="awarded", own_scores=dict.fromkeys(("1.1", "1.2", "2.1"), 3))
    agree(s.case, {"1.1": 4, "1.2": 2})
    page = text(client_for(world.alice).get(url("comparison", s.case)))
    with translation.override("en"):
        assert escape(gettext("Own scores and agreed scores")) in page
        assert "\u22121" in page and "+1" in page  # 1.1: 3 minus 4; 1.2: 3 minus 2
        assert escape(gettext("not agreed yet")) in page and escape(gettext("not scored")) in page
    assert "table-reflow" in page and 'data-label="' in page


def _cell(html: str, label: str, row: str) -> list[str]:
    """The texts of the cells with data-label `label` in the rows whose header starts with `row`."""
    found = []
    for match in re.finditer(r"<tr[^>]*>\s*<th[^>]*>(.*?)</th>(.*?)</tr>", html, re.S):
        if match.group(1).strip().startswith(row):
            for cell in re.finditer(r'<td[^>]*data-label="([^"]*)"[^>]*>(.*?)</td>', match.group(2), re.S):
                if cell.group(1) == label:
                    found.append(cell.group(2).strip())
    return found


def test_the_comparisons_totals_say_when_only_some_questions_are_scored(world: World, caf_framework: Any) -> None:
    s = scoring_case(world, caf_framework, state="awarded", own_scores={"1.1": 5, "1.5": 4, **dict.fromkeys(
        ("2.1", "2.2", "2.3"), 3)})  # fmt: skip
    agree(s.case, {**dict.fromkeys(codes(s.case)[:6], 4), "2.1": 3})  # pillar 1 agreed; 2.1 only of pillar 2
    page = text(client_for(world.alice).get(url("comparison", s.case)))
    with translation.override("en"):
        own, agreed, difference = gettext("Own score"), gettext("Agreed score"), gettext("Difference")
        total = escape(gettext("Total"))
        of = "%(total)s of %(maximum)s"
        some = ngettext(
            "%(total)s (%(scored)s of %(counter)s question scored)",
            "%(total)s (%(scored)s of %(counter)s questions scored)",
            6,
        ) % {"total": 9, "scored": 2, "counter": 6}
        some_agreed = ngettext(
            "%(total)s (%(agreed)s of %(counter)s question agreed)",
            "%(total)s (%(agreed)s of %(counter)s questions agreed)",
            3,
        ) % {"total": 3, "agreed": 1, "counter": 3}
        # Pillar 1: two of six scored by the organisation, every one agreed: no total difference.
        # Pillar 2: every one scored, one agreed. Pillar 3: neither side.
        assert _cell(page, own, total) == [
            escape(some),
            escape(gettext(of) % {"total": 9, "maximum": 15}),
            escape(gettext("not scored")),
        ]
        assert _cell(page, agreed, total) == [
            escape(gettext(of) % {"total": 24, "maximum": 30}),
            escape(some_agreed),
            escape(gettext("not agreed yet")),
        ]
    assert _cell(page, difference, total) == ["—", "—", "—"]
    assert _cell(page, difference, "1.1 ") == ["+1"] and _cell(page, difference, "1.2 ") == ["—"]
    assert _cell(page, difference, "2.1 ") == ["0"] and _cell(page, difference, "2.2 ") == ["—"]
    sheet = selectors.comparison_sheet(s.case)
    first = sheet.pillars[0]
    assert (first.questions, first.own_scored, first.agreed_scored) == (6, 2, 6)


# --- the case page --------------------------------------------------------------------------------


def test_the_case_page_tells_an_actor_how_far_they_are(s: Scoring) -> None:
    give_scores(s.erin_at, dict.fromkeys(codes(s.case)[:12], 4))
    access = access_for(s.erin, s.case)
    assert access is not None
    section = case_scoring.context(access)["scoring"]
    assert section.own.scored == 12 and section.progress.questions == 17 and not section.own.finished
    html = _partial(access)
    with translation.override("en"):
        sentence = ngettext(
            "You have scored %(scored)s of %(counter)s question.",
            "You have scored %(scored)s of %(counter)s questions.",
            17,
        ) % {"scored": 12, "counter": 17}
        assert sentence in html and url("scores", s.case) in html
    assert url("agreement", s.case) not in html  # not every actor finished

    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 4, finished=True)
    agree(s.case, {"1.1": 4})
    html = _partial(access_for(s.erin, s.case))
    with translation.override("en"):
        assert url("agreement", s.case) in html
        assert (
            ngettext("%(agreed)s of %(counter)s question agreed", "%(agreed)s of %(counter)s questions agreed", 17)
            % {"agreed": 1, "counter": 17}
        ) in html


def test_the_case_page_names_to_an_actor_only_the_actors_who_declared(world: World, caf_framework: Any) -> None:
    s = scoring_case(world, caf_framework, frank=Declaration.PENDING)
    give_scores(s.erin_at, 4, finished=True)
    with translation.override("en"):
        one_unnamed = ngettext(
            "The actors agree on the scores once every actor has finished scoring alone. %(counter)s actor has "
            "not finished yet.",
            "The actors agree on the scores once every actor has finished scoring alone. %(counter)s actors have "
            "not finished yet.",
            1,
        ) % {"counter": 1}
        frank_named = gettext(
            "The actors agree on the scores once every actor has finished scoring alone. Not finished yet: %(names)s."
        ) % {"names": "Frank Fieldwork"}
    # Erin has finished; Frank has not declared yet: she learns that one actor is missing, not who.
    html = _partial(access_for(s.erin, s.case))
    assert "Frank Fieldwork" not in html and escape(one_unnamed) in html
    # The organiser sees every name.
    html = _partial(access_for(world.carol, s.case))
    assert escape(frank_named) in html
    # A third actor who declared and has not finished: named to Erin, Frank counted.
    gina = UserFactory(full_name="Gina Guest")
    assign(s.case, external_actor(world.network, gina))
    html = _partial(access_for(s.erin, s.case))
    with translation.override("en"):
        mixed = ngettext(
            "The actors agree on the scores once every actor has finished scoring alone. Not finished yet: "
            "%(names)s and %(counter)s other actor.",
            "The actors agree on the scores once every actor has finished scoring alone. Not finished yet: "
            "%(names)s and %(counter)s other actors.",
            1,
        ) % {"names": "Gina Guest", "counter": 1}
    assert escape(mixed) in html and "Frank Fieldwork" not in html
    # Frank declares: everyone waiting is named.
    CaseActor.objects.filter(pk=s.frank_at.pk).update(declaration=Declaration.NO_CONFLICT)
    section = case_scoring.context(access_for(s.erin, s.case))["scoring"]  # type: ignore[arg-type]
    assert section.waiting_unnamed == 0 and "Frank Fieldwork" in section.waiting_names
    assert "Gina Guest" in section.waiting_names


def test_the_case_page_shows_the_organiser_each_actor_and_the_thresholds_once_all_agreed(
    world: World, s: Scoring
) -> None:
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, {"1.1": 2})
    access = access_for(world.carol, s.case)
    assert access is not None
    html = _partial(access)
    assert "Erin External" in html and "Frank Fieldwork" in html
    with translation.override("en"):
        assert escape(gettext("Thresholds for the label")) not in html
    give_scores(s.frank_at, 4, finished=True)
    agree(s.case, 2)  # 18 of 45: not met
    html = _partial(access_for(world.carol, s.case))
    with translation.override("en"):
        assert escape(gettext("Thresholds for the label")) in html and pgettext("threshold", "not met") in html


def test_the_case_page_links_the_organisation_to_the_comparison_only_once_decided(
    world: World, caf_framework: Any
) -> None:
    s = scoring_case(world, caf_framework, state="reported")
    assert case_scoring.context(access_for(world.alice, s.case))["scoring"] is None  # type: ignore[arg-type]
    FeedbackCase.objects.filter(pk=s.case.pk).update(state="not_awarded")
    s.case.refresh_from_db()
    html = _partial(access_for(world.alice, s.case))
    assert url("comparison", s.case) in html and url("scores", s.case) not in html


def test_nothing_of_the_scores_shows_before_the_case_is_in_feedback(world: World, caf_framework: Any) -> None:
    s = scoring_case(world, caf_framework, state="submitted")
    assert case_scoring.context(access_for(world.carol, s.case))["scoring"] is None  # type: ignore[arg-type]


def _partial(access: Any) -> str:
    from django.template.loader import render_to_string

    context = {"access": access, "case": access.case, **case_scoring.context(access)}
    return render_to_string("feedback/case/_scoring.html", context)


# --- query counts ---------------------------------------------------------------------------------


def test_the_pages_read_a_fixed_number_of_queries(world: World, s: Scoring, django_assert_max_num_queries: Any) -> None:
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 3, finished=True)
    agree(s.case, 4)
    erin, carol, alice = client_for(s.erin), client_for(world.carol), client_for(world.alice)
    carol.get(url("agreement", s.case))  # warm the session and the caches
    with django_assert_max_num_queries(10):
        assert erin.get(url("scores", s.case)).status_code == 200
    with django_assert_max_num_queries(13):
        assert erin.get(url("agreement", s.case)).status_code == 200
    with django_assert_max_num_queries(13):
        assert carol.get(url("agreement", s.case)).status_code == 200
    FeedbackCase.objects.filter(pk=s.case.pk).update(state="awarded")
    with django_assert_max_num_queries(10):
        assert alice.get(url("comparison", s.case)).status_code == 200
    for access in (access_for(s.erin, s.case), access_for(world.carol, s.case)):
        with django_assert_max_num_queries(3):
            case_scoring.context(access)  # type: ignore[arg-type]


def test_saving_every_score_takes_a_fixed_number_of_queries(s: Scoring, django_assert_max_num_queries: Any) -> None:
    client = client_for(s.erin)
    client.get(url("scores", s.case))
    with django_assert_max_num_queries(18):
        assert client.post(url("scores", s.case), {**all_scores(s.case, 4), "action": "finish"}).status_code == 302
    assert CaseActor.objects.get(pk=s.erin_at.pk).scores_done_at is not None
