"""The decision page, the public register of labels and a label's certificate: who may, what each
shows, bounded queries."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, pgettext
from pypdf import PdfReader

from conftest import World, client_for
from opencaf.feedback.models import AgreedScore, Label
from opencaf.feedback.selectors.procedures import procedure_view
from opencaf.feedback.tests.builders_report import ReportCase, reported_case
from opencaf.feedback.tests.factories import accepted_assessment, feedback_case, label
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import NetworkFactory, OrganisationFactory, UserFactory, add_member

LOW = 3


@pytest.fixture
def built(world: World, caf_framework: FrameworkVersion) -> ReportCase:
    return reported_case(world, caf_framework)


def _decide_url(built: ReportCase) -> str:
    return reverse("feedback:decide", kwargs={"case_id": built.case.public_id})


def _certificate_url(item: Label) -> str:
    return reverse("feedback:certificate", kwargs={"label_id": item.public_id})


# --- the decision page ------------------------------------------------------------------------------------


def test_only_the_network_coordinators_decide(world: World, built: ReportCase) -> None:
    assert client_for(world.carol).get(_decide_url(built)).status_code == 200
    for user in (world.alice, built.lead):
        assert client_for(user).get(_decide_url(built)).status_code == 403
    for user in (world.dave, world.bob, world.charlie):
        assert client_for(user).get(_decide_url(built)).status_code == 404
        assert client_for(user).post(_decide_url(built), {"outcome": "award", "version": 0}).status_code == 404
    assert client_for(None).get(_decide_url(built)).status_code == 302
    built.case.refresh_from_db()
    assert built.case.state == "reported"


def test_the_coordinator_awards_through_the_page(world: World, built: ReportCase) -> None:
    response = client_for(world.carol).post(
        _decide_url(built), {"outcome": "award", "note": "", "version": built.case.version}
    )
    assert response.status_code == 302
    built.case.refresh_from_db()
    assert built.case.state == "awarded"
    awarded = Label.objects.get(case=built.case)
    body = client_for(world.carol).get(reverse("feedback:case", kwargs={"case_id": built.case.public_id})).content
    assert awarded.number in body.decode() and _certificate_url(awarded) in body.decode()
    # Deciding again: nothing to decide.
    again = client_for(world.carol).post(_decide_url(built), {"outcome": "refuse", "note": "x", "version": 0})
    assert again.status_code == 302
    built.case.refresh_from_db()
    assert built.case.state == "awarded"


def test_awarding_without_every_agreed_score_shows_why(world: World, built: ReportCase) -> None:
    AgreedScore.objects.filter(case=built.case, question="1.4").delete()
    response = client_for(world.carol).post(
        _decide_url(built), {"outcome": "award", "note": "Fine", "version": built.case.version}
    )
    assert response.status_code == 422
    with translation.override("en"):
        summary = escape(gettext("There is a problem"))
    assert summary in response.content.decode() and "1.4" in response.content.decode()
    assert not Label.objects.exists()


def test_below_the_thresholds_the_page_asks_for_a_confirmation(world: World, caf_framework: FrameworkVersion) -> None:
    built = reported_case(world, caf_framework, score=LOW)
    client = client_for(world.carol)
    page = client.get(_decide_url(built)).content.decode()
    assert 'name="confirm"' in page
    response = client.post(_decide_url(built), {"outcome": "award", "note": "", "version": built.case.version})
    assert response.status_code == 422 and not Label.objects.exists()
    response = client.post(
        _decide_url(built), {"outcome": "award", "note": "Knowingly.", "confirm": "on", "version": built.case.version}
    )
    assert response.status_code == 302 and Label.objects.filter(case=built.case).exists()


def test_the_decision_page_weighs_the_scores_in_the_scoring_pages_words(
    world: World, caf_framework: FrameworkVersion
) -> None:
    built = reported_case(world, caf_framework, score={"1.1": LOW})  # 1.1 below its minimum of 4
    page = client_for(world.carol).get(_decide_url(built)).content.decode()
    with translation.override("en"):
        assert escape(gettext("Thresholds for the label")) in page
        # Pillars 1 and 2: 35 of 45, at least 28: met; pillar 3 without a fixed threshold.
        together = gettext("Pillars %(pillars)s together: %(total)s of %(maximum)s") % {
            "pillars": "1 and 2",
            "total": 35,
            "maximum": 45,
        }
        assert escape(together) in page and pgettext("threshold", "met") in page
        assert escape(gettext("no fixed threshold: the organiser decides")) in page
        # The question's own minimum, which the old summary left out.
        view = procedure_view(built.case.procedure, "en")
        title = next(
            question.title for pillar in view.pillars for question in pillar.questions if question.code == "1.1"
        )
        word = next(point.label for point in view.scale_points if point.value == 4)
        below = gettext("%(code)s %(title)s: %(score)s, below the minimum %(minimum)s (%(label)s)") % {
            "code": "1.1",
            "title": title,
            "score": LOW,
            "minimum": 4,
            "label": word,
        }
        assert escape(below) in page
        assert (
            escape(
                gettext("Every question is agreed, but the agreed scores do not reach everything the label requires.")
            )
            in page
        )
        assert (
            escape(gettext("You may still award the label, knowingly: confirm it below and give the reasons.")) in page
        )
        # One wording: the report part's summary is not on the page.
        assert escape(gettext("Met")) not in page and "threshold 28" not in page
    assert page.count('id="thresholds-title"') == 1


def test_refusing_without_reasons_is_refused_on_the_page(world: World, built: ReportCase) -> None:
    response = client_for(world.carol).post(
        _decide_url(built), {"outcome": "refuse", "note": "", "version": built.case.version}
    )
    assert response.status_code == 422
    assert 'name="confirm"' not in response.content.decode()
    built.case.refresh_from_db()
    assert built.case.state == "reported"


# --- the register ---------------------------------------------------------------------------------------------


def _labelled(world: World, framework: FrameworkVersion, name: str, **kwargs: Any) -> Label:
    network = kwargs.pop("network", world.network)
    organisation: Organisation = OrganisationFactory(network=network, name=name, country=kwargs.pop("country", "SI"))
    case = feedback_case(organisation, accepted_assessment(organisation, framework), state="awarded")
    public = kwargs.pop("public", True)
    made = label(case, **kwargs)
    if not public:
        made.public = False
        made.save()
    return made


def test_the_register_is_public_and_lists_only_valid_public_labels(
    world: World, caf_framework: FrameworkVersion
) -> None:
    _labelled(world, caf_framework, "Valid Office")
    _labelled(world, caf_framework, "Hidden Office", public=False)
    _labelled(world, caf_framework, "Expired Office", awarded_on=timezone.localdate() - timedelta(days=800))
    last_day = _labelled(world, caf_framework, "Last Day Office")
    last_day.valid_until = timezone.localdate()
    last_day.save()
    response = client_for(None).get(reverse("feedback:register"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Valid Office" in body and "Last Day Office" in body
    assert "Hidden Office" not in body and "Expired Office" not in body
    with translation.override("en"):
        assert escape("Effective CAF User") in body


def test_the_register_names_the_label_in_the_readers_language(world: World, caf_framework: FrameworkVersion) -> None:
    _labelled(world, caf_framework, "Valid Office")
    reader = UserFactory(language="bg")
    response = client_for(reader).get(reverse("feedback:register"))
    assert "Ефективен потребител на CAF" in response.content.decode()


def test_the_register_filters_by_country(world: World, caf_framework: FrameworkVersion) -> None:
    bulgarian = NetworkFactory(country="BG", default_language="bg")
    _labelled(world, caf_framework, "Ljubljana Office", country="SI")
    _labelled(world, caf_framework, "Sofia Office", country="BG", network=bulgarian)
    everyone = client_for(None).get(reverse("feedback:register")).content.decode()
    assert "Ljubljana Office" in everyone and "Sofia Office" in everyone
    only = client_for(None).get(reverse("feedback:register"), {"country": "BG"}).content.decode()
    assert "Sofia Office" in only and "Ljubljana Office" not in only
    unknown = client_for(None).get(reverse("feedback:register"), {"country": "ZZ"}).content.decode()
    assert "Sofia Office" in unknown and "Ljubljana Office" in unknown


def test_the_register_is_paginated_with_bounded_queries(
    world: World, caf_framework: FrameworkVersion, django_assert_max_num_queries: Any
) -> None:
    for number in range(27):
        _labelled(world, caf_framework, f"Office {number:02d}")
    client = client_for(None)
    with django_assert_max_num_queries(6):
        first = client.get(reverse("feedback:register")).content.decode()
    assert "Office 00" in first and "Office 26" not in first and "?page=2" in first
    second = client.get(reverse("feedback:register"), {"page": 2}).content.decode()
    assert "Office 26" in second and "Office 00" not in second


# --- the certificate ---------------------------------------------------------------------------------------


@pytest.fixture
def awarded(world: World, caf_framework: FrameworkVersion) -> Label:
    case = feedback_case(world.alice_org, accepted_assessment(world.alice_org, caf_framework), state="awarded")
    return label(case, number="EU-2026-0007")


def test_members_and_coordinators_download_the_certificate(world: World, awarded: Label) -> None:
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    for user in (world.alice, viewer, world.carol):
        response = client_for(user).get(_certificate_url(awarded))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert "eu-2026-0007" in response["Content-Disposition"]


def test_no_certificate_for_anyone_else(world: World, awarded: Label, caf_framework: FrameworkVersion) -> None:
    efac = reported_case(world, caf_framework).lead  # an actor of another case of the organisation
    for user in (world.bob, world.dave, world.charlie, efac):
        assert client_for(user).get(_certificate_url(awarded)).status_code == 404
    response = client_for(None).get(_certificate_url(awarded))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_certificate_is_in_the_organisations_language_whoever_downloads_it(world: World, awarded: Label) -> None:
    world.alice_org.default_language = "bg"
    world.alice_org.save()
    world.carol.language = "en"
    world.carol.save()
    text = _pdf_text(client_for(world.carol).get(_certificate_url(awarded)).content)
    assert "Ефективен потребител на CAF" in text and world.alice_org.name in text and "EU-2026-0007" in text
    with translation.override("bg"):
        assert gettext("Certificate") in text
