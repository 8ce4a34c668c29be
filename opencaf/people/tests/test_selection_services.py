"""The selection services: setting up a vacancy (HR), its moves and every refusal with its message,
the members' scores and the agreed scores; each write audited, nothing written when refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.organisations.choices import Role
from opencaf.people.models import AgreedScore, GuideQuestion, InterviewQuestion, PanelScore, Requirement, Vacancy
from opencaf.people.services import panel_scoring, vacancies, vacancy_moves
from opencaf.people.tests import factories as f
from opencaf.people.tests.selection_builders import Selection, agree, give_scores, score_everyone, selection, set_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(world: World) -> Selection:
    return selection(world)


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


# --- creating a vacancy --------------------------------------------------------------------------------


def test_hr_creates_a_vacancy_whose_guide_copies_the_bank_of_the_key_competencies(s: Selection) -> None:
    made = vacancies.create_vacancy(
        actor=s.hr.user, organisation=s.world.alice_org, profile=s.profile, title=" Adviser  ", retention_months=12
    )
    keys = {r.competency_id for r in s.profile.requirements.filter(key=True)}
    bank = InterviewQuestion.objects.filter(competency_id__in=keys)
    guide = list(made.guide.all())
    assert made.title == "Adviser" and made.retention_months == 12 and made.state == "preparing"
    assert len(guide) == bank.count() == 4
    assert {q.source_id for q in guide} == set(bank.values_list("pk", flat=True))
    first = guide[0]
    assert first.texts == first.source.texts and first.anchors == first.source.anchors
    # A later change of the bank does not change the guide.
    source = first.source
    source.texts = {"en": "Changed"}
    source.save()
    first.refresh_from_db()
    assert first.texts != {"en": "Changed"}
    event = AuditEvent.objects.get(action="people.vacancy_created")
    assert event.changes["guide_questions"] == 4 and event.organisation == s.world.alice_org


def test_a_profile_without_a_key_competency_is_refused_with_a_clear_message(s: Selection) -> None:
    Requirement.objects.filter(profile=s.profile).update(key=False)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        vacancies.create_vacancy(actor=s.hr.user, organisation=s.world.alice_org, profile=s.profile, title="X")
    with translation.override("en"):
        expected = gettext(
            "The job profile “%(title)s” has no key competency, and the interview guide is built from the key "
            "competencies. Mark at least one of its competencies as key first."
        ) % {"title": s.profile.title}
    assert error.value.message_dict["profile"] == [expected]
    assert Vacancy.objects.count() == 1  # only the builder's


@pytest.mark.parametrize("months", [0, 37])
def test_the_retention_period_is_one_to_thirty_six_months(s: Selection, months: int) -> None:
    with pytest.raises(ValidationError) as error:
        vacancies.create_vacancy(
            actor=s.hr.user, organisation=s.world.alice_org, profile=s.profile, title="X", retention_months=months
        )
    assert "retention_months" in error.value.message_dict
    assert Vacancy.objects.count() == 1


def test_only_hr_creates_vacancies_and_only_for_their_own_profiles(s: Selection) -> None:
    for person in (s.chair.user, s.world.alice, s.world.bob):
        with pytest.raises(PermissionDenied):
            vacancies.create_vacancy(actor=person, organisation=s.world.alice_org, profile=s.profile, title="X")
    other_version = f.competency_model(s.world.bob_org)
    bobs = f.job_profile(s.world.bob_org, other_version)
    with pytest.raises(PermissionDenied):
        vacancies.create_vacancy(actor=s.hr.user, organisation=s.world.alice_org, profile=bobs, title="X")
    assert Vacancy.objects.count() == 1


def test_hr_changes_the_title_and_retention_with_before_and_after_audited(s: Selection) -> None:
    vacancies.change_vacancy(
        actor=s.hr.user, vacancy=s.vacancy, title="Senior adviser", reference="R-1", retention_months=3
    )
    s.refresh()
    assert (s.vacancy.title, s.vacancy.reference, s.vacancy.retention_months) == ("Senior adviser", "R-1", 3)
    event = AuditEvent.objects.get(action="people.vacancy_changed")
    assert event.changes["retention_months"] == {"before": 6, "after": 3}


# --- the guide ---------------------------------------------------------------------------------------


def test_hr_removes_and_adds_bank_questions_while_preparing(s: Selection) -> None:
    first = s.questions()[0]
    vacancies.remove_guide_question(actor=s.hr.user, vacancy=s.vacancy, position=first.position)
    assert s.vacancy.guide.count() == 3
    added = vacancies.add_bank_question(actor=s.hr.user, vacancy=s.vacancy, question=first.source)
    assert added.position > max(q.position for q in s.questions() if q.pk != added.pk)
    with pytest.raises(ValidationError) as error:
        vacancies.add_bank_question(actor=s.hr.user, vacancy=s.vacancy, question=first.source)
    with translation.override("en"):
        assert error.value.message_dict["question"] == [gettext("This question is in the interview guide already.")]
    # A question of another model version is refused.
    other = f.competency_model(s.world.alice_org, number=2, model=s.version.model)
    foreign = InterviewQuestion.objects.filter(competency__version=other).first()
    assert foreign is not None
    with pytest.raises(ValidationError):
        vacancies.add_bank_question(actor=s.hr.user, vacancy=s.vacancy, question=foreign)
    assert AuditEvent.objects.filter(action__startswith="people.guide_question").count() == 2


def test_a_written_question_needs_the_organisations_languages_and_an_anchor_per_level(s: Selection) -> None:
    s.world.alice_org.default_language = "sl"
    s.world.alice_org.save()
    competency = s.version.competencies.get(code="DIG-1")
    with pytest.raises(ValidationError) as error:
        vacancies.add_written_question(
            actor=s.hr.user,
            vacancy=s.vacancy,
            competency=competency,
            kind="situational",
            texts={"en": "What would you do?"},
            anchors={1: {"sl": "Slabo"}},
        )
    errors = error.value.message_dict
    assert set(errors) == {"texts", "anchor_2", "anchor_3", "anchor_4"}  # level 1 is in Slovenian
    assert s.vacancy.guide.count() == 4
    texts = {"sl": "Kaj bi storili?", "en": "What would you do?"}
    anchors = {level: {"sl": f"Raven {level}", "en": ""} for level in range(1, 5)}
    made = vacancies.add_written_question(
        actor=s.hr.user, vacancy=s.vacancy, competency=competency, kind="situational", texts=texts, anchors=anchors
    )
    assert made.source is None and made.texts == texts and made.anchors["4"] == {"sl": "Raven 4"}


def test_the_guide_is_fixed_once_the_interviews_start(s: Selection) -> None:
    set_state(s, "interviewing")
    with pytest.raises(ValidationError) as error:
        vacancies.remove_guide_question(actor=s.hr.user, vacancy=s.vacancy, position=s.questions()[0].position)
    assert error.value.code == "state"
    assert s.vacancy.guide.count() == 4


# --- panel and candidates -----------------------------------------------------------------------------


def test_hr_names_the_panel_with_one_chair(s: Selection) -> None:
    vacancies.add_panel_member(actor=s.hr.user, vacancy=s.vacancy, membership=s.outsider, chair=True)
    assert list(s.vacancy.panel.filter(chair=True).values_list("membership", flat=True)) == [s.outsider.pk]
    vacancies.set_chair(actor=s.hr.user, vacancy=s.vacancy, membership=s.member)
    assert list(s.vacancy.panel.filter(chair=True).values_list("membership", flat=True)) == [s.member.pk]
    with pytest.raises(ValidationError):
        vacancies.add_panel_member(actor=s.hr.user, vacancy=s.vacancy, membership=s.member)
    bobs = s.world.bob_org.memberships.get()
    with pytest.raises(ValidationError):
        vacancies.add_panel_member(actor=s.hr.user, vacancy=s.vacancy, membership=bobs)
    vacancies.remove_panel_member(actor=s.hr.user, vacancy=s.vacancy, membership=s.outsider)
    assert s.vacancy.panel.count() == 2
    assert AuditEvent.objects.filter(action="people.panel_chair_set").count() == 1


def test_panel_members_cannot_change_the_panel(s: Selection) -> None:
    with pytest.raises(PermissionDenied):
        vacancies.add_panel_member(actor=s.chair.user, vacancy=s.vacancy, membership=s.outsider)
    assert s.vacancy.panel.count() == 2


def test_candidates_are_added_and_removed_and_audited_without_their_names(s: Selection) -> None:
    made = vacancies.add_candidate(actor=s.hr.user, vacancy=s.vacancy, name=" Cara  Candidate ", email="c@example.org")
    assert made.name == "Cara Candidate" and s.refresh().candidates_count == 3
    with pytest.raises(ValidationError) as error:
        vacancies.add_candidate(actor=s.hr.user, vacancy=s.vacancy, name="  ")
    with translation.override("en"):
        assert error.value.message_dict["name"] == [gettext("Give the candidate's name.")]
    vacancies.remove_candidate(actor=s.hr.user, vacancy=s.vacancy, candidate=made)
    assert s.refresh().candidates_count == 2
    for event in AuditEvent.objects.filter(action__in=["people.candidate_added", "people.candidate_removed"]):
        assert event.changes == {"candidate": str(made.public_id)}
        assert "Cara" not in event.object_repr


# --- moves and their refusals -------------------------------------------------------------------------


def test_starting_the_interviews_names_everything_missing(s: Selection) -> None:
    s.vacancy.panel.filter(membership=s.member).delete()
    s.vacancy.panel.update(chair=False)
    s.vacancy.candidates.all().delete()
    collaboration = s.version.competencies.get(code="CORE-2")
    s.vacancy.guide.filter(competency=collaboration).delete()
    with pytest.raises(ValidationError) as error:
        vacancy_moves.start_interviews(actor=s.hr.user, vacancy=s.vacancy)
    with translation.override("en"):
        text = messages_of(error)
        assert gettext("The selection panel needs at least two members.") in text
        assert gettext("No one chairs the selection panel.") in text
        assert (
            gettext("The interview guide has no question about these key competencies: %(names)s.")
            % {"names": "Collaboration"}
            in text
        )
        assert gettext("No candidate has been added.") in text
    assert s.refresh().state == "preparing"


def test_the_interviews_start_when_the_vacancy_is_ready(s: Selection) -> None:
    vacancy_moves.start_interviews(actor=s.hr.user, vacancy=s.vacancy)
    assert s.refresh().state == "interviewing"
    event = AuditEvent.objects.get(action="people.vacancy_interviews_started")
    assert event.changes["vacancy_state"] == {"before": "preparing", "after": "interviewing"}


def test_only_hr_takes_the_moves(s: Selection) -> None:
    for person in (s.chair.user, s.member.user, s.outsider.user, s.world.bob):
        with pytest.raises(PermissionDenied):
            vacancy_moves.start_interviews(actor=person, vacancy=s.vacancy)
    assert s.refresh().state == "preparing"


def test_opening_the_agreement_names_who_has_not_submitted_whom(s: Selection) -> None:
    set_state(s, "interviewing")
    give_scores(s, s.chair_seat, s.ana, [3, 3, 3, 3])
    give_scores(s, s.chair_seat, s.ben, [3, 3, 3, 3])
    give_scores(s, s.member_seat, s.ana, [2, 2, 2, 2])
    give_scores(s, s.member_seat, s.ben, [2, 2, 2, None], submitted=False)
    with pytest.raises(ValidationError) as error:
        vacancy_moves.open_agreement(actor=s.hr.user, vacancy=s.vacancy)
    with translation.override("en"):
        expected = gettext("Not every panel member has submitted their scores. Not submitted yet: %(list)s.") % {
            "list": gettext("%(member)s for %(candidates)s") % {"member": "Mark Member", "candidates": "Ben Bidder"}
        }
        assert expected in messages_of(error)
    assert s.refresh().state == "interviewing"
    give_scores(s, s.member_seat, s.ben, [2, 2, 2, 2])
    vacancy_moves.open_agreement(actor=s.hr.user, vacancy=s.vacancy)
    assert s.refresh().state == "agreeing"


def test_deciding_names_the_missing_agreed_scores_then_records_ranking_choice_and_reasons(s: Selection) -> None:
    set_state(s, "agreeing")
    score_everyone(s)
    agree(s, s.ana, [3, 4])
    with pytest.raises(ValidationError) as error:
        vacancy_moves.decide(actor=s.hr.user, vacancy=s.vacancy, chosen=s.ana, decision="Ana is best.")
    with translation.override("en"):
        part = gettext("%(candidate)s in %(competencies)s") % {
            "candidate": "Ben Bidder",
            "competencies": "Service orientation and Collaboration",
        }
        assert gettext("An agreed score is still missing: %(list)s.") % {"list": part} in messages_of(error)
    agree(s, s.ben, [2, 3])
    with pytest.raises(ValidationError) as error:
        vacancy_moves.decide(actor=s.hr.user, vacancy=s.vacancy, chosen=s.ana, decision="  ")
    with translation.override("en"):
        assert error.value.message_dict["decision"] == [gettext("Write the decision and its reasons.")]
    vacancy_moves.decide(actor=s.hr.user, vacancy=s.vacancy, chosen=s.ana, decision="Ana is best.")
    s.refresh()
    s.ana.refresh_from_db()
    s.ben.refresh_from_db()
    assert s.vacancy.state == "decided" and s.vacancy.decision == "Ana is best." and s.vacancy.decided_at
    assert (s.ana.rank, s.ana.chosen, s.ben.rank, s.ben.chosen) == (1, True, 2, False)
    event = AuditEvent.objects.get(action="people.vacancy_decided")
    assert event.changes["chosen_candidate"] == str(s.ana.public_id)


def test_a_decision_or_a_cancellation_that_names_a_candidate_is_refused(s: Selection) -> None:
    """Both outlive the candidates' data (the vacancy keeps them, the audit log too)."""
    set_state(s, "agreeing")
    score_everyone(s)
    agree(s, s.ana, [3, 4])
    agree(s, s.ben, [2, 3])
    with pytest.raises(ValidationError) as error:
        vacancy_moves.decide(actor=s.hr.user, vacancy=s.vacancy, chosen=s.ana, decision="APPLICANT Ana is best.")
    assert "APPLICANT Ana" in error.value.message_dict["decision"][0]
    with pytest.raises(ValidationError) as error:
        vacancy_moves.cancel(actor=s.hr.user, vacancy=s.vacancy, reason="Ben  Bidder withdrew, Ana too.")
    assert "Ben Bidder" in error.value.message_dict["reason"][0]
    assert s.refresh().state == "agreeing"
    vacancy_moves.decide(actor=s.hr.user, vacancy=s.vacancy, chosen=s.ana, decision="The first-ranked is best.")
    assert s.refresh().state == "decided"


def test_cancelling_needs_a_reason_and_starts_the_retention_clock(s: Selection) -> None:
    with pytest.raises(ValidationError) as error:
        vacancy_moves.cancel(actor=s.hr.user, vacancy=s.vacancy, reason=" ")
    with translation.override("en"):
        assert error.value.message_dict["reason"] == [gettext("Say why the vacancy is cancelled.")]
    vacancy_moves.cancel(actor=s.hr.user, vacancy=s.vacancy, reason="Post frozen.")
    s.refresh()
    assert s.vacancy.state == "cancelled" and s.vacancy.decided_at and s.vacancy.decision == "Post frozen."
    with pytest.raises(ValidationError) as error:
        vacancy_moves.cancel(actor=s.hr.user, vacancy=s.vacancy, reason="Again")
    assert error.value.code == "state"


# --- scores ------------------------------------------------------------------------------------------


def _pks(s: Selection) -> list[int]:
    return [q.pk for q in s.questions()]


def test_a_member_saves_then_submits_and_cannot_change_afterwards(s: Selection) -> None:
    set_state(s, "interviewing")
    pks = _pks(s)
    panel_scoring.save_scores(actor=s.member.user, candidate=s.ana, scores={pks[0]: 3}, notes={pks[0]: "Good"})
    assert PanelScore.objects.get(candidate=s.ana, question_id=pks[0]).score == 3
    with pytest.raises(ValidationError) as error:
        panel_scoring.save_scores(actor=s.member.user, candidate=s.ana, scores={pks[1]: 2}, submit=True)
    with translation.override("en"):
        expected = gettext("Score every question before you submit. Not scored yet: question %(numbers)s.") % {
            "numbers": "3 and 4"
        }
        assert messages_of(error) == expected
    assert not PanelScore.objects.filter(question_id=pks[1]).exists()  # all or nothing
    panel_scoring.save_scores(actor=s.member.user, candidate=s.ana, scores=dict.fromkeys(pks, 4), submit=True)
    assert PanelScore.objects.filter(candidate=s.ana, submitted_at__isnull=False).count() == 4
    with pytest.raises(ValidationError) as error:
        panel_scoring.save_scores(actor=s.member.user, candidate=s.ana, scores={pks[0]: 1})
    with translation.override("en"):
        assert messages_of(error) == gettext(
            "You have submitted your scores of %(name)s; they can no longer be changed."
        ) % {"name": "Ana Applicant"}
    assert PanelScore.objects.get(candidate=s.ana, question_id=pks[0]).score == 4
    actions = list(AuditEvent.objects.filter(action__startswith="people.panel_scores").values_list("action", flat=True))
    assert actions.count("people.panel_scores_submitted") == 1


def test_scores_must_be_on_the_scale_of_the_version(s: Selection) -> None:
    set_state(s, "interviewing")
    with pytest.raises(ValidationError) as error:
        panel_scoring.save_scores(actor=s.member.user, candidate=s.ana, scores={_pks(s)[0]: 5})
    with translation.override("en"):
        assert error.value.message_dict["score_1"] == [
            gettext("A score must be a whole number from 1 to %(levels)s.") % {"levels": 4}
        ]
    assert not PanelScore.objects.exists()


def test_only_panel_members_score_and_only_while_interviewing(s: Selection) -> None:
    for person in (s.hr.user, s.outsider.user, s.world.bob):
        with pytest.raises(PermissionDenied):
            panel_scoring.save_scores(actor=person, candidate=s.ana, scores={_pks(s)[0]: 2})
    with pytest.raises(ValidationError) as error:  # still preparing
        panel_scoring.save_scores(actor=s.member.user, candidate=s.ana, scores={_pks(s)[0]: 2})
    assert error.value.code == "state"
    assert not PanelScore.objects.exists()


# --- agreed scores -----------------------------------------------------------------------------------


def test_the_chair_or_hr_records_an_agreed_score_with_a_rationale(s: Selection) -> None:
    set_state(s, "agreeing")
    competency = s.questions()[0].competency
    with pytest.raises(ValidationError) as error:
        panel_scoring.record_agreed_score(
            actor=s.chair.user, candidate=s.ana, competency=competency, score=3, rationale=""
        )
    with translation.override("en"):
        assert error.value.message_dict["rationale"] == [
            gettext("Give the rationale: why the panel agreed on this score.")
        ]
    with pytest.raises(PermissionDenied):
        panel_scoring.record_agreed_score(
            actor=s.member.user, candidate=s.ana, competency=competency, score=3, rationale="Yes"
        )
    panel_scoring.record_agreed_score(
        actor=s.chair.user, candidate=s.ana, competency=competency, score=3, rationale="Clear"
    )
    panel_scoring.record_agreed_score(
        actor=s.hr.user, candidate=s.ana, competency=competency, score=4, rationale="Better"
    )
    agreed = AgreedScore.objects.get()
    assert (agreed.score, agreed.rationale, agreed.recorded_by) == (4, "Better", s.hr.user)
    event = AuditEvent.objects.filter(action="people.agreed_score_recorded").order_by("pk").last()
    assert event is not None and event.changes["agreed_score"] == {"before": 3, "after": 4}


def test_agreed_scores_only_during_the_agreement_and_for_the_guides_competencies(s: Selection) -> None:
    competency = s.questions()[0].competency
    set_state(s, "interviewing")
    with pytest.raises(ValidationError) as error:
        panel_scoring.record_agreed_score(
            actor=s.chair.user, candidate=s.ana, competency=competency, score=3, rationale="x"
        )
    assert error.value.code == "state"
    set_state(s, "agreeing")
    digital = s.version.competencies.get(code="DIG-1")  # not a key competency: not in the guide
    with pytest.raises(ValidationError):
        panel_scoring.record_agreed_score(
            actor=s.chair.user, candidate=s.ana, competency=digital, score=3, rationale="x"
        )
    assert not AgreedScore.objects.exists()


def test_a_guide_question_of_a_non_key_competency_adds_it_to_the_agreement(world: World) -> None:
    s = selection(world)
    digital = s.version.competencies.get(code="DIG-1")
    vacancies.add_bank_question(actor=s.hr.user, vacancy=s.vacancy, question=digital.questions.first())
    set_state(s, "agreeing")
    panel_scoring.record_agreed_score(actor=s.chair.user, candidate=s.ana, competency=digital, score=2, rationale="x")
    assert GuideQuestion.objects.filter(vacancy=s.vacancy, competency=digital).count() == 1


def test_an_hr_member_of_another_organisation_is_refused(s: Selection) -> None:
    bob_hr = f.member(s.world.bob_org, "bobhr@example.org", Role.HR)
    set_state(s, "agreeing")
    with pytest.raises(PermissionDenied):
        panel_scoring.record_agreed_score(
            actor=bob_hr.user, candidate=s.ana, competency=s.questions()[0].competency, score=3, rationale="x"
        )
