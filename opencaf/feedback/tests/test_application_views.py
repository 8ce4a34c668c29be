"""The application's pages: the organisation's page (window, cases, labels, "Apply"), the answers and own
scores, the dossier, the documents, submitting and withdrawing; who may read and who may act (the
organisation's writers and readers, the organiser, the case's external feedback actor, other
organisations, anonymous visitors), the refusals said clearly, and bounded queries."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext, pgettext

from conftest import World, client_for
from opencaf.feedback.models import CaseDocument, Declaration, FeedbackCase
from opencaf.feedback.selectors import application as selectors
from opencaf.feedback.services import application as services
from opencaf.feedback.tests.builders_application import (
    Around,
    answers_for_every_pillar,
    around,
    file_evidence,
    fill_dossier,
    link_evidence,
)
from opencaf.feedback.tests.factories import accepted_assessment, assign, external_actor, feedback_case, label
from opencaf.feedback.window import add_months
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.reports.models import ReportAcceptance

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world: World, caf_framework: Any) -> Around:
    return around(world, caf_framework)


def _org_url(world: World, name: str = "feedback:org_feedback") -> str:
    return reverse(name, kwargs={"org_id": world.alice_org.public_id})


def _url(name: str, case: FeedbackCase, **kwargs: Any) -> str:
    return reverse(f"feedback:{name}", kwargs={"case_id": case.public_id, **kwargs})


def _messages(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _en(text: str, **values: Any) -> str:
    """A text the template writes itself, in English (template texts are not escaped)."""
    with translation.override("en"):
        return gettext(text) % values if values else gettext(text)


# --- the organisation's page ---------------------------------------------------------------------------


def _dates(accepted: Any) -> tuple[str, str]:
    day = timezone.localdate(accepted)
    with translation.override("en"):
        return date_format(add_months(day, 6), "DATE_FORMAT"), date_format(add_months(day, 12), "DATE_FORMAT")


def test_the_organisations_page_says_when_applications_open_and_close(world: World, caf_framework: Any) -> None:
    from opencaf.feedback.tests.factories import use_procedure

    use_procedure(world.network, "pef-eu")
    now = timezone.now()
    open_now = accepted_assessment(world.alice_org, caf_framework, accepted_at=now - timedelta(days=240), title="Open")
    accepted_assessment(world.alice_org, caf_framework, accepted_at=now - timedelta(days=30), title="Too early")
    accepted_assessment(world.alice_org, caf_framework, accepted_at=now - timedelta(days=500), title="Too late")
    response = client_for(world.alice).get(_org_url(world))
    body = response.content.decode()
    assert response.status_code == 200
    opens, closes = _dates(ReportAcceptance.objects.get(assessment=open_now).accepted_at)
    with translation.override("en"):
        assert escape(gettext("Opens on %(opens)s, closes on %(closes)s") % {"opens": opens, "closes": closes}) in body
        for word in ("Open now", "Not open yet", "Closed"):
            assert escape(pgettext("external feedback window", word)) in body
    # One "Apply", for the open window only.
    assert body.count('name="assessment"') == 1 and str(open_now.public_id) in body


def test_readers_see_the_page_without_apply_and_an_open_case_hides_it(people: Around) -> None:
    world = people.world
    body = client_for(people.viewer).get(_org_url(world)).content.decode()
    assert people.assessment.title in body and 'name="assessment"' not in body
    # Alice writes, but her organisation has an open case (people.case, a draft).
    body = client_for(world.alice).get(_org_url(world)).content.decode()
    assert 'name="assessment"' not in body and _url("case", people.case) in body
    # Withdrawn, then refused: the self-assessment may be applied on again within its window.
    FeedbackCase.objects.filter(pk=people.case.pk).update(state="withdrawn")
    refused = feedback_case(world.alice_org, people.assessment, state="not_awarded")
    body = client_for(world.alice).get(_org_url(world)).content.decode()
    assert 'name="assessment"' in body
    # Once a case on it earned the label, no more "Apply" on it, and the page says why.
    FeedbackCase.objects.filter(pk=refused.pk).update(state="awarded")
    held = label(refused)
    body = client_for(world.alice).get(_org_url(world)).content.decode()
    assert held.number in body and 'name="assessment"' not in body
    assert _en("This self-assessment has already earned the label.") in body
    body = client_for(people.viewer).get(_org_url(world)).content.decode()  # readers: no "Apply", no reason
    assert 'name="assessment"' not in body and _en("This self-assessment has already earned the label.") not in body


def test_only_the_self_assessment_that_earned_the_label_is_closed_to_applications(
    world: World, caf_framework: Any
) -> None:
    from opencaf.feedback.tests.factories import use_procedure

    use_procedure(world.network, "pef-eu")
    now = timezone.now()
    earned = accepted_assessment(world.alice_org, caf_framework, accepted_at=now - timedelta(days=240), title="Earned")
    later = accepted_assessment(world.alice_org, caf_framework, accepted_at=now - timedelta(days=230), title="Later")
    label(feedback_case(world.alice_org, earned, state="awarded"))
    overview = selectors.org_feedback(world.alice_org, writer=True)
    flags = {candidate.assessment.title: (candidate.can_apply, candidate.awarded) for candidate in overview.candidates}
    assert flags == {"Earned": (False, True), "Later": (True, False)}
    body = client_for(world.alice).get(_org_url(world)).content.decode()
    assert body.count('name="assessment"') == 1 and str(later.public_id) in body


def test_the_labels_link_their_certificate(world: World, caf_framework: Any) -> None:
    held = label(feedback_case(world.alice_org, accepted_assessment(world.alice_org, caf_framework), state="awarded"))
    certificate = reverse("feedback:certificate", kwargs={"label_id": held.public_id})
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    for person in (world.alice, viewer):
        client = client_for(person)
        body = client.get(_org_url(world)).content.decode()
        link = (
            f'<a href="{certificate}">{_en("Download the certificate (PDF)")}'
            f'<span class="visually-hidden"> – {held.number}</span></a>'
        )
        assert link in body
        assert f'<span class="visually-hidden">{_en("Certificate")}</span></th>' in body
        response = client.get(certificate)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_page_says_when_there_is_no_procedure_or_no_network(world: World, caf_framework: Any) -> None:
    accepted_assessment(world.alice_org, caf_framework)
    body = client_for(world.alice).get(_org_url(world)).content.decode()
    no_procedure = _en(
        "No external feedback procedure is loaded yet, so applications cannot be made. Ask the network's coordinators."
    )
    assert no_procedure in body
    assert 'name="assessment"' not in body
    world.alice_org.network = None
    world.alice_org.save()
    body = client_for(world.alice).get(_org_url(world)).content.decode()
    assert _en("Your organisation is not in a network, so there is no organiser to apply to.") in body


def test_outsiders_do_not_see_the_organisations_page(world: World, caf_framework: Any) -> None:
    for person in (world.bob, world.carol, world.charlie):
        assert client_for(person).get(_org_url(world)).status_code == 404
    response = Client().get(_org_url(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_organisations_page_runs_a_fixed_number_of_queries(
    world: World, caf_framework: Any, django_assert_max_num_queries: Any
) -> None:
    from opencaf.feedback.tests.factories import use_procedure

    use_procedure(world.network, "pef-eu")
    for number in range(6):
        assessment = accepted_assessment(world.alice_org, caf_framework, title=f"SA {number}")
        label(feedback_case(world.alice_org, assessment, state="awarded"), number=f"N-{number}")
    client = client_for(world.alice)
    with django_assert_max_num_queries(10):
        assert client.get(_org_url(world)).status_code == 200


# --- applying ------------------------------------------------------------------------------------------


def test_a_writer_applies_and_lands_on_the_application(world: World, caf_framework: Any) -> None:
    from opencaf.feedback.tests.factories import use_procedure

    use_procedure(world.network, "pef-eu")
    assessment = accepted_assessment(world.alice_org, caf_framework)
    response = client_for(world.alice).post(_org_url(world, "feedback:apply"), {"assessment": assessment.public_id})
    case = FeedbackCase.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("application", case)


def test_applying_refused_says_why_and_writes_nothing(people: Around) -> None:
    world = people.world
    other = accepted_assessment(world.alice_org, people.framework, title="Another")
    client = client_for(world.alice)
    response = client.post(_org_url(world, "feedback:apply"), {"assessment": other.public_id})
    assert response.status_code == 302 and response["Location"] == _org_url(world)
    assert _messages(response) == [services.second_application_message()]
    assert FeedbackCase.objects.count() == 1
    assert client.post(_org_url(world, "feedback:apply"), {"assessment": "garbled"}).status_code == 404
    bobs = accepted_assessment(world.bob_org, people.framework)
    assert client.post(_org_url(world, "feedback:apply"), {"assessment": bobs.public_id}).status_code == 404
    assert (
        client_for(people.viewer).post(_org_url(world, "feedback:apply"), {"assessment": other.public_id}).status_code
        == 403
    )
    assert client.get(_org_url(world, "feedback:apply")).status_code == 405
    assert FeedbackCase.objects.count() == 1


# --- the answers and own scores ------------------------------------------------------------------------


def _form_data(case: FeedbackCase, version: int, **answers: str) -> dict[str, Any]:
    data: dict[str, Any] = {"version": version}
    for pillar in case.procedure.definition["pillars"]:
        data[f"pillar_{pillar['number']}"] = answers.get(f"p{pillar['number']}", "")
    data["score_1_1"] = "4"
    return data


def test_a_writer_edits_the_answers_and_scores(people: Around) -> None:
    client = client_for(people.leader)
    body = client.get(_url("application", people.case)).content.decode()
    assert 'name="pillar_1"' in body and 'name="score_3_8"' in body
    with translation.override("en"):
        assert escape(gettext("very limited")) in body and escape(pgettext("own score", "Not scored")) in body
    response = client.post(_url("application", people.case), _form_data(people.case, 0, p1="Our steps", p3="TQM"))
    assert response.status_code == 302
    people.case.refresh_from_db()
    assert people.case.answers == {"1": "Our steps", "3": "TQM"} and people.case.own_scores == {"1.1": 4}


def test_a_stale_save_keeps_the_typed_text_and_says_why(people: Around) -> None:
    services.save_application(
        actor=people.world.alice, case=people.case, answers={"1": "Alice's text"}, own_scores={}, expected_version=0
    )
    response = client_for(people.leader).post(
        _url("application", people.case), _form_data(people.case, 0, p1="Lena's typed text")
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Lena&#x27;s typed text" in body and "Alice&#x27;s text" in body
    assert _en("Someone else changed this application in the meantime. Reload the page to see what changed.") in body
    assert 'name="version" value="1"' in body  # a second save replaces the newer one knowingly
    people.case.refresh_from_db()
    assert people.case.answers == {"1": "Alice's text"}


def test_others_with_access_read_the_application_but_cannot_change_it(people: Around) -> None:
    FeedbackCase.objects.filter(pk=people.case.pk).update(
        answers={"1": "Our secret-free answer"}, own_scores={"1.1": 5}
    )
    for person in (people.viewer, people.world.carol, people.efac):
        client = client_for(person)
        response = client.get(_url("application", people.case))
        body = response.content.decode()
        assert response.status_code == 200, person
        assert "Our secret-free answer" in body and "<textarea" not in body
        with translation.override("en"):
            assert escape(gettext("outstanding")) in body
        assert client.post(_url("application", people.case), _form_data(people.case, 0, p1="x")).status_code == 403
    people.case.refresh_from_db()
    assert people.case.answers == {"1": "Our secret-free answer"}


def test_a_submitted_application_is_read_only_for_its_writers(world: World, caf_framework: Any) -> None:
    people = around(world, caf_framework, state="submitted", answers={"1": "Submitted text"})
    client = client_for(people.leader)
    body = client.get(_url("application", people.case)).content.decode()
    assert "<textarea" not in body and "Submitted text" in body
    response = client.post(_url("application", people.case), _form_data(people.case, 0, p1="Late"))
    assert response.status_code == 302 and response["Location"] == _url("application", people.case)
    with translation.override("en"):
        state = gettext("Submitted to the organiser")
        assert _messages(response) == [
            gettext("The application can no longer be changed: it is “%(state)s”.") % {"state": state}
        ]
    assert FeedbackCase.objects.get(pk=people.case.pk).answers == {"1": "Submitted text"}


def test_outsiders_and_undeclared_actors_do_not_reach_the_case_pages(people: Around) -> None:
    undeclared = UserFactory()
    assign(people.case, external_actor(people.world.network, undeclared), declaration=Declaration.PENDING)
    conflicted = UserFactory()
    assign(people.case, external_actor(people.world.network, conflicted), declaration=Declaration.CONFLICT)
    item = link_evidence(people.world.alice_org)
    CaseDocument.objects.create(case=people.case, evidence=item)
    urls = [_url(name, people.case) for name in ("application", "dossier", "documents")] + [
        _url("document_download", people.case, evidence_id=item.public_id)
    ]
    for url in urls:
        for person in (people.world.bob, people.world.dave, people.world.charlie, conflicted):
            assert client_for(person).get(url).status_code == 404, (url, person)
        assert client_for(undeclared).get(url).status_code == 403, url
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_application_and_documents_pages_run_a_fixed_number_of_queries(
    people: Around, django_assert_max_num_queries: Any
) -> None:
    client = client_for(people.leader)
    for number in range(5):
        CaseDocument.objects.create(case=people.case, evidence=link_evidence(people.world.alice_org, f"Item {number}"))
    for name in ("application", "documents"):
        with django_assert_max_num_queries(11):
            assert client.get(_url(name, people.case)).status_code == 200


# --- the dossier ---------------------------------------------------------------------------------------


def test_the_actor_reads_the_dossier_but_not_the_evidence_register(
    people: Around, django_assert_max_num_queries: Any
) -> None:
    fill_dossier(people.case, size=3)
    client = client_for(people.efac)
    with django_assert_max_num_queries(21):
        response = client.get(_url("dossier", people.case))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Gina Leader 0" in body and "SAG training 0" in body and "Staff survey 0" in body
    assert "Secret Member" not in body and "Secret Trainee" not in body
    live = _en(
        "The platform assembles the dossier from what it knows of the self-assessment and what followed it. "
        "This is how it stands today; it is frozen when the application is submitted."
    )
    assert live in body
    register = reverse("evidence:register", kwargs={"org_id": people.world.alice_org.public_id})
    assert client.get(register).status_code == 404
    assert client.get(_org_url(people.world)).status_code == 404


def test_a_submitted_dossier_is_shown_as_submitted(people: Around) -> None:
    FeedbackCase.objects.filter(pk=people.case.pk).update(answers=answers_for_every_pillar(people.case))
    people.case.refresh_from_db()
    services.submit(actor=people.leader, case=people.case)
    people.case.refresh_from_db()
    fill_dossier(people.case, size=1)  # afterwards: not in what was submitted
    body = client_for(people.efac).get(_url("dossier", people.case)).content.decode()
    with translation.override("en"):
        date = date_format(timezone.localtime(people.case.submitted_at), "DATE_FORMAT")
        assert escape(gettext("The dossier as submitted on %(date)s.") % {"date": date}) in body
    assert "Gina Leader" not in body and people.assessment.title in body


# --- documents -----------------------------------------------------------------------------------------


def test_a_writer_attaches_a_document_for_a_pillar_and_removes_it(people: Around) -> None:
    item = file_evidence(people.world.alice_org)
    bobs = link_evidence(people.world.bob_org, "Bob's")
    client = client_for(people.leader)
    body = client.get(_url("documents", people.case)).content.decode()
    assert item.title in body and "Bob&#x27;s" not in body
    response = client.post(_url("documents", people.case), {"evidence": bobs.public_id, "pillar": ""})
    assert response.status_code == 422 and not CaseDocument.objects.exists()
    response = client.post(_url("documents", people.case), {"evidence": item.public_id, "pillar": "2"})
    assert response.status_code == 302
    document = CaseDocument.objects.get()
    assert (document.evidence, document.pillar) == (item, 2)
    assert (
        client_for(people.viewer).post(_url("document_remove", people.case, evidence_id=item.public_id)).status_code
        == 403
    )
    response = client.post(_url("document_remove", people.case, evidence_id=item.public_id))
    assert response.status_code == 302 and not CaseDocument.objects.exists()


def test_readers_and_actors_download_attached_documents_only(people: Around) -> None:
    attached = file_evidence(people.world.alice_org, content=b"%PDF-1.4 attached")
    link = link_evidence(people.world.alice_org)
    kept = file_evidence(people.world.alice_org, title="Not attached", content=b"%PDF-1.4 kept")
    CaseDocument.objects.create(case=people.case, evidence=attached, pillar=1)
    CaseDocument.objects.create(case=people.case, evidence=link)
    for person in (people.efac, people.viewer, people.world.carol):
        client = client_for(person)
        body = client.get(_url("documents", people.case)).content.decode()
        assert attached.title in body and kept.title not in body and 'name="evidence"' not in body
        response = client.get(_url("document_download", people.case, evidence_id=attached.public_id))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 attached"
        assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
        response = client.get(_url("document_download", people.case, evidence_id=link.public_id))
        assert response.status_code == 302 and response["Location"] == link.url
        assert client.get(_url("document_download", people.case, evidence_id=kept.public_id)).status_code == 404
        assert client.post(_url("documents", people.case), {"evidence": kept.public_id}).status_code == 403
    assert CaseDocument.objects.count() == 2


# --- submitting and withdrawing --------------------------------------------------------------------------


def test_submitting_without_every_pillar_shows_the_form_with_the_missing_ones_marked(
    people: Around, django_assert_max_num_queries: Any
) -> None:
    FeedbackCase.objects.filter(pk=people.case.pk).update(
        answers={"1": "Done first", "2": "Done second"}, own_scores={"1.1": 4}
    )
    client = client_for(people.leader)
    client.get(_url("application", people.case))  # warm the session
    with django_assert_max_num_queries(14):
        response = client.post(_url("submit", people.case), {"version": "0"})
    body = response.content.decode()
    assert response.status_code == 422 and not _messages(response)
    assert "feedback/application/form.html" in [template.name for template in response.templates]
    # The error summary takes the focus and leads to the pillar not answered, and to it alone.
    assert "data-error-summary" in body
    unanswered = _en("Answer this pillar before you submit.")
    with translation.override("en"):
        field_label = gettext("Your answer for pillar %(number)d") % {"number": 3}
    assert f'<a class="alert-link" href="#id_pillar_3">{field_label}: {unanswered}</a>' in body
    assert 'href="#id_pillar_1"' not in body and 'href="#id_pillar_2"' not in body
    assert body.count(unanswered) == 2  # in the summary and beside the field
    assert re.search(r'<textarea name="pillar_3"[^>]*aria-invalid="true"', body)
    assert not re.search(r'<textarea name="pillar_1"[^>]*aria-invalid', body)
    # What is saved fills the form; saving still goes to the application's address.
    assert "Done first" in body and "Done second" in body
    assert re.search(r'<option value="4" selected>', body)
    assert f'formaction="{_url("application", people.case)}"' in body
    assert 'name="version" value="0"' in body
    assert FeedbackCase.objects.get(pk=people.case.pk).state == "draft"


def test_a_submission_refused_for_another_reason_goes_back_with_the_reason(world: World, caf_framework: Any) -> None:
    people = around(world, caf_framework, answers={"1": "Done"})
    # Someone saved since the person read the page: the page again, with why.
    FeedbackCase.objects.filter(pk=people.case.pk).update(version=3)
    response = client_for(people.leader).post(_url("submit", people.case), {"version": "0"})
    assert response.status_code == 302 and response["Location"] == _url("application", people.case)
    assert _messages(response) == [
        _en("Someone else changed this application in the meantime. Reload the page to see what changed.")
    ]
    # No longer a draft: the read-only page, with why; nothing marked.
    FeedbackCase.objects.filter(pk=people.case.pk).update(state="submitted")
    response = client_for(people.leader).post(_url("submit", people.case), {"version": "3"})
    assert response.status_code == 302 and response["Location"] == _url("application", people.case)
    with translation.override("en"):
        state = gettext("Submitted to the organiser")
        assert _messages(response) == [
            gettext("The application can no longer be changed: it is “%(state)s”.") % {"state": state}
        ]
    # Those who do not write are refused whatever is missing; strangers get a 404.
    FeedbackCase.objects.filter(pk=people.case.pk).update(state="draft")
    for person in (people.viewer, people.efac, world.carol):
        assert client_for(person).post(_url("submit", people.case), {"version": "3"}).status_code == 403
    for person in (world.bob, world.dave, world.charlie):
        assert client_for(person).post(_url("submit", people.case), {"version": "3"}).status_code == 404
    response = Client().post(_url("submit", people.case), {"version": "3"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert FeedbackCase.objects.get(pk=people.case.pk).state == "draft"


def test_a_writer_submits_and_others_cannot(people: Around) -> None:
    FeedbackCase.objects.filter(pk=people.case.pk).update(answers=answers_for_every_pillar(people.case))
    for person in (people.viewer, people.efac, people.world.carol):
        assert client_for(person).post(_url("submit", people.case), {"version": "0"}).status_code == 403
    assert client_for(people.leader).get(_url("submit", people.case)).status_code == 405
    response = client_for(people.leader).post(_url("submit", people.case), {"version": "0"})
    assert response.status_code == 302 and response["Location"] == _url("case", people.case)
    case = FeedbackCase.objects.get(pk=people.case.pk)
    assert case.state == "submitted" and case.dossier


def test_withdrawing_asks_first_then_withdraws(people: Around) -> None:
    client = client_for(people.leader)
    body = client.get(_url("withdraw", people.case)).content.decode()
    assert 'name="note"' in body and FeedbackCase.objects.get(pk=people.case.pk).state == "draft"
    assert client_for(people.viewer).get(_url("withdraw", people.case)).status_code == 403
    assert client_for(people.efac).post(_url("withdraw", people.case), {"version": "0"}).status_code == 403
    response = client.post(_url("withdraw", people.case), {"version": "0", "note": "Not now"})
    assert response.status_code == 302
    assert FeedbackCase.objects.get(pk=people.case.pk).state == "withdrawn"
    body = client.get(_url("withdraw", people.case)).content.decode()
    assert 'name="note"' not in body


# --- the case page -------------------------------------------------------------------------------------


def test_the_case_page_shows_the_applications_status_and_who_may_act(people: Around) -> None:
    FeedbackCase.objects.filter(pk=people.case.pk).update(answers={"1": "x"}, return_reason="Add the plan, please.")
    CaseDocument.objects.create(case=people.case, evidence=link_evidence(people.world.alice_org))
    body = client_for(people.leader).get(_url("case", people.case)).content.decode()
    with translation.override("en"):
        assert escape(gettext("Edit the application")) in body
        assert "Add the plan, please." in body
        assert _url("withdraw", people.case) in body and _url("submit", people.case) not in body  # two pillars missing
    body = client_for(people.efac).get(_url("case", people.case)).content.decode()
    with translation.override("en"):
        assert escape(gettext("Read the application")) in body and escape(gettext("Edit the application")) not in body
    assert _url("dossier", people.case) in body and _url("withdraw", people.case) not in body
