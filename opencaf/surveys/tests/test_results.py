"""Results through the gate: nothing below the minimum, breakdowns protected, texts only when released."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import client_for
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.surveys import services
from opencaf.surveys.lifecycle import Action
from opencaf.surveys.models import Survey, TextAnswer, TextStatus
from opencaf.surveys.results import results_of
from opencaf.surveys.tests.factories import answer, sample_survey


@pytest.fixture
def survey(answered_survey: Survey) -> Survey:
    return answered_survey


def results_url(survey: Survey, *by: str) -> str:
    url = reverse("surveys:results", kwargs={"org_id": survey.organisation.public_id, "survey_id": survey.public_id})
    return url + ("?" + "&".join(f"by={code}" for code in by) if by else "")


def test_overall_figures(survey: Survey) -> None:
    outcome = results_of(survey)
    assert outcome.total == 22 and outcome.shown
    overall = outcome.figures["q2"][()]
    assert overall is not None and overall.answerers == 22 and overall.dont_know == 1
    assert overall.counts["2"] == 7 and overall.counts["1"] == 2
    assert outcome.figures["q5"][()].nps == 100  # everyone gave 9
    assert outcome.figures["q4"][()] is None  # nobody saw the e-services page


def test_a_small_group_is_hidden_with_a_complement(survey: Survey) -> None:
    outcome = results_of(survey, ["q1"])
    by_group = outcome.figures["q2"]
    assert by_group[("o3",)] is None  # two people
    hidden = [key for key, figures in by_group.items() if figures is None]
    assert len(hidden) >= 2  # and another, so that total minus the shown does not give them away
    people = {group.key: group.people for group in outcome.groups}
    assert people[("o3",)] is None
    assert sum(1 for count in people.values() if count is None) >= 2


def test_nothing_is_shown_below_the_minimum(world: Any) -> None:
    survey = sample_survey(world.alice_org, world.alice)
    for _ in range(4):
        answer(survey, "o1", 4)
    outcome = results_of(survey, ["q1"])
    assert not outcome.shown and outcome.figures == {}
    page = client_for(world.alice).get(results_url(survey))
    assert "Results appear once at least 5 people have answered" in page.content.decode()


def test_free_texts_appear_only_once_released(survey: Survey, world: Any) -> None:
    for _ in range(3):
        answer(survey, "o1", 4, comment="Friendly staff")
    client = client_for(world.alice)
    assert "Mr Novak" not in client.get(results_url(survey)).content.decode()
    moderation = reverse(
        "surveys:moderation", kwargs={"org_id": survey.organisation.public_id, "survey_id": survey.public_id}
    )
    page = client.get(moderation)
    assert page.content.decode().count("<blockquote") == 5
    novak = list(TextAnswer.objects.filter(text__contains="Novak"))
    client.post(
        moderation,
        {"answer": str(novak[0].pk), "decision": "release", "released_text": "Nobody answers the phone, ask for […]"},
    )
    client.post(moderation, {"answer": str(novak[1].pk), "decision": "withhold"})
    assert {t.status for t in novak[0:2] if t.refresh_from_db() is None} == {TextStatus.RELEASED, TextStatus.WITHHELD}
    body = client.get(results_url(survey)).content.decode()
    assert "ask for […]" in body and "Mr Novak" not in body
    assert "Friendly staff" not in body  # not reviewed yet


def test_a_reviewer_cannot_rewrite_a_text(survey: Survey, world: Any) -> None:
    text = TextAnswer.objects.first()
    moderation = reverse(
        "surveys:moderation", kwargs={"org_id": survey.organisation.public_id, "survey_id": survey.public_id}
    )
    response = client_for(world.alice).post(
        moderation, {"answer": str(text.pk), "decision": "release", "released_text": "x" * 500}
    )
    assert response.status_code == 422
    text.refresh_from_db()
    assert text.status == TextStatus.PENDING


def test_who_sees_results(survey: Survey, world: Any) -> None:
    assessor = UserFactory()
    add_member(world.alice_org, assessor, Role.ASSESSOR)
    manager = UserFactory()
    add_member(world.alice_org, manager, Role.MANAGER)
    assert client_for(assessor).get(results_url(survey)).status_code == 403
    assert client_for(manager).get(results_url(survey)).status_code == 200
    assert client_for(world.bob).get(results_url(survey)).status_code == 404
    assert client_for(None).get(results_url(survey)).status_code == 302
    with transaction.atomic():
        services.change_state(actor=world.alice, survey=survey, action=Action.CLOSE)
        services.change_state(actor=world.alice, survey=survey, action=Action.PUBLISH)
    assert client_for(assessor).get(results_url(survey)).status_code == 200
    # Only the quality representative reviews texts.
    moderation = reverse(
        "surveys:moderation", kwargs={"org_id": survey.organisation.public_id, "survey_id": survey.public_id}
    )
    assert client_for(manager).get(moderation).status_code == 403


def test_two_breakdowns_show_a_table(survey: Survey, world: Any) -> None:
    response = client_for(world.alice).get(results_url(survey, "q1", "q1"))
    assert response.status_code == 200
    response = Client().get(results_url(survey, "q1"))
    assert response.status_code == 302


def test_publishing_attaches_the_results_as_evidence(survey: Survey, world: Any, caf_framework: Any) -> None:
    from opencaf.assessments.models import EvidenceLink
    from opencaf.assessments.tests.factories import make_assessment
    from opencaf.surveys.models import Question

    Question.objects.filter(survey=survey, code__in=["q2", "q5"]).update(subcriteria=["6.1"])
    Question.objects.filter(survey=survey, code="q3").update(subcriteria=["6.1", "5.2"])
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    with transaction.atomic():
        services.change_state(actor=world.alice, survey=survey, action=Action.CLOSE)
    url = reverse(
        "surveys:state",
        kwargs={"org_id": survey.organisation.public_id, "survey_id": survey.public_id, "action": "publish"},
    )
    client = client_for(world.alice)
    assert assessment.title in client.get(url).content.decode()  # the confirmation says where they go
    response = client.post(url, follow=True)
    assert "attached as evidence to subcriteria 5.2, 6.1" in response.content.decode()
    links = EvidenceLink.objects.filter(assessment=assessment).select_related("subcriterion", "evidence")
    assert sorted(link.subcriterion.code for link in links) == ["5.2", "6.1"]
    assert links[0].evidence.url.endswith(f"/surveys/{survey.public_id}/results/")
    # Withdrawn and published again: the same evidence item, not a second one.
    with transaction.atomic():
        services.change_state(actor=world.alice, survey=survey, action=Action.WITHDRAW)
    client.post(url)
    assert EvidenceLink.objects.filter(assessment=assessment).count() == 2


def test_exports_hide_what_the_page_hides_and_neutralise_formulas(survey: Survey, world: Any) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    for _ in range(5):
        answer(survey, "o1", 4, comment='=HYPERLINK("http://evil")')
    for text in TextAnswer.objects.filter(text__startswith="="):
        with transaction.atomic():
            services.moderate_text(actor=world.alice, survey=survey, answer=text, release=True)
    base = reverse(
        "surveys:results_export",
        kwargs={"org_id": survey.organisation.public_id, "survey_id": survey.public_id, "file_format": "csv"},
    )
    rows = list(csv.reader(io.StringIO(client_for(world.alice).get(base + "?by=q1").content.decode("utf-8-sig"))))
    phone_rows = [row for row in rows if row[1] == "Phone"]
    assert phone_rows and all(row[2].startswith("hidden") for row in phone_rows)
    overall = list(csv.reader(io.StringIO(client_for(world.alice).get(base).content.decode("utf-8-sig"))))
    texts = [row[2] for row in overall if "HYPERLINK" in row[2]]
    assert texts and all(text.startswith("'=") for text in texts)
    xlsx = client_for(world.alice).get(base.replace("results.csv", "results.xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert all(not value.startswith("=") for value in values)
    assert client_for(world.bob).get(base).status_code == 404


def test_assessors_see_published_figures_on_the_subcriterion(survey: Survey, world: Any, caf_framework: Any) -> None:
    from opencaf.assessments.subcriterion_figures import figures_for
    from opencaf.assessments.tests.factories import make_assessment
    from opencaf.surveys.models import Question

    Question.objects.filter(survey=survey, code__in=["q2", "q5"]).update(subcriteria=["6.1"])
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    assert figures_for(assessment, "6.1") == []  # not published yet: nobody sees figures
    with transaction.atomic():
        services.change_state(actor=world.alice, survey=survey, action=Action.CLOSE)
        services.publish_results(actor=world.alice, survey=survey)
    (block,) = figures_for(assessment, "6.1")
    assert [line.label for line in block.lines] == ["How satisfied are you?", "Would you recommend us?"]
    assert block.lines[1].value == "NPS 100"
    assert figures_for(assessment, "7.1") == []
    # Bob's organisation sees nothing of Alice's surveys.
    other = make_assessment(world.bob_org, world.bob, caf_framework)
    assert figures_for(other, "6.1") == []


def test_the_self_assessment_report_lists_the_measured_results(survey: Survey, world: Any, caf_framework: Any) -> None:
    from opencaf.assessments.tests.factories import make_assessment
    from opencaf.reports.content import build_sar
    from opencaf.reports.documents import measured_lines
    from opencaf.surveys.models import Question

    Question.objects.filter(survey=survey, code="q2").update(subcriteria=["6.1"])
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    with transaction.atomic():
        services.change_state(actor=world.alice, survey=survey, action=Action.CLOSE)
        services.publish_results(actor=world.alice, survey=survey)
    sar = build_sar(assessment, "en")
    sub = next(sub for section in sar.criteria for sub in section.subcriteria if sub.code == "6.1")
    assert [block.title for block in sub.figures] == ["Citizen survey"]
    (line,) = measured_lines(sub)
    assert line.startswith("Citizen survey: How satisfied are you?: ") and "(mean, 1–5)" in line


def test_only_the_first_two_breakdowns_combine_into_a_table(world: Any) -> None:
    """Three pair tables of one population can together give away hidden cells (see
    lib/tests/test_anonymity_views.py); the results publish one pair only."""
    from opencaf.surveys.models import Question

    survey = sample_survey(world.alice_org, world.alice)
    for _ in range(6):
        answer(survey, "o1", 4)
    Question.objects.filter(survey=survey, code="q1").update(breakdown="channel")
    # A second and a third breakdown question (single choice) on page 3.
    from opencaf.surveys.tests.factories import add_question, texts

    for name in ("Age band", "Years of service"):
        add_question(survey, world.alice, page=1, kind="single", text=name, breakdown="other",
                     options=[texts("A", tuple(survey.languages)), texts("B", tuple(survey.languages))])  # fmt: skip
    codes = [
        q.code
        for q in Question.objects.filter(survey=survey).exclude(breakdown="").order_by("section__position", "position")
    ]
    assert len(codes) == 3
    assert [view.code for view in results_of(survey, [codes[0], codes[1]]).selected] == codes[:2]
    assert [view.code for view in results_of(survey, [codes[0], codes[2]]).selected] == codes[:1]
    assert [view.code for view in results_of(survey, [codes[2], codes[1]]).selected] == codes[2:]


def test_a_breakdown_question_does_not_give_away_its_small_groups(survey: Survey, world: Any) -> None:
    """Its answers are the sizes of its groups: the two who phoned are not counted anywhere."""
    overall = results_of(survey).figures["q1"][()]
    if overall is not None:  # withheld whole when the group who did not answer must be hidden
        assert "o3" in overall.withheld and "o3" not in overall.counts
        assert len(overall.withheld) >= 2 or sum(overall.counts.values()) + 2 < overall.answerers
    by_channel = results_of(survey, ["q1"]).figures["q1"]
    assert set(by_channel.values()) == {None}  # by group it would be a second table of groups
    page = client_for(world.alice).get(results_url(survey)).content.decode()
    channel_section = page.split('id="result-q1"')[1].split("</section>")[0]
    assert "2 (9 %)" not in channel_section and "hidden" in channel_section
    by_page = client_for(world.alice).get(results_url(survey, "q1")).content.decode()
    assert "This question defines the groups of respondents" in by_page
    export = client_for(world.alice).get(
        reverse(
            "surveys:results_export",
            kwargs={"org_id": survey.organisation.public_id, "survey_id": survey.public_id, "file_format": "csv"},
        )
    )
    assert b"hidden (too few people)" in export.content
