"""Bench-learning partners: which organisations are suggested (and which never), and the contact
requests' services — limits, answers, what each side learns when, the e-mails and the audit trail."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.core import mail as django_mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import TestCase
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.benchmarking.models import PartnerRequest, ScoreSharing
from opencaf.benchmarking.selectors import partners as selectors
from opencaf.benchmarking.services import partners as services
from opencaf.benchmarking.tests.test_partners_builders import (
    WEAK,
    all_scores,
    finished_assessment,
    peer,
    practice,
    share,
    sharing_alice,
    snapshot,
)
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


def after_commit() -> Any:
    """Run the after-commit callbacks (the e-mails) of services called directly."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _suggested(organisation: Organisation) -> dict[str, list[Any]]:
    found = selectors.suggestions_for(organisation)
    assert found.status == selectors.READY
    return {spot.code: [suggestion.sharing_id for suggestion in spot.suggestions] for spot in found.weak_spots}


def _sharing_id(organisation: Organisation) -> Any:
    return ScoreSharing.objects.get(organisation=organisation).public_id


# --- pure helpers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, (0, 10)), (10, (0, 10)), (10.4, (0, 10)), (10.5, (11, 25)), (25, (11, 25)), (71, (71, 85)), (86, (86, 100))],
)
def test_score_bands(score: int, band: tuple[int, int]) -> None:
    assert selectors.score_band(score) == band


@given(st.decimals(min_value=0, max_value=100, places=1))
def test_a_band_holds_its_score_and_is_never_a_figure(score: Decimal) -> None:
    low, high = selectors.score_band(score)
    shown = int(score.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert low <= shown <= high and 10 <= high - low <= 14 and high <= 100


def test_top_quarter_counts_ties_in() -> None:
    assert selectors.top_quarter_threshold([]) is None
    assert selectors.top_quarter_threshold([Decimal(5)]) == 5
    assert selectors.top_quarter_threshold([Decimal(n) for n in (10, 40, 30, 20)]) == 40
    assert selectors.top_quarter_threshold([Decimal(n) for n in (10, 50, 50, 20, 30)]) == 50  # 2 of 5


# --- the suggestions -------------------------------------------------------------------------------------


def test_an_organisation_without_a_finished_or_shared_assessment_gets_none(world: World, caf_framework: Any) -> None:
    assert selectors.suggestions_for(world.alice_org).status == selectors.NO_ASSESSMENT
    assessment = finished_assessment(world.alice_org, caf_framework, all_scores(caf_framework))
    peer(world.network, caf_framework, {"1.1": 95})
    found = selectors.suggestions_for(world.alice_org)
    assert found.status == selectors.NOT_SHARING and found.weak_spots == ()  # give to get
    share(assessment)
    assert _suggested(world.alice_org)["1.1"] != []
    loner = Organisation.objects.create(name="Alone", org_type="municipality", country="SI", size_band="50-249")
    assert selectors.suggestions_for(loner).status == selectors.NO_NETWORK


def test_the_five_lowest_consensus_scores_are_the_weak_spots(world: World, caf_framework: Any) -> None:
    scores: dict[str, int | None] = {**all_scores(caf_framework), "9.2": None}  # not assessed: not counted
    share(finished_assessment(world.alice_org, caf_framework, scores))
    found = selectors.suggestions_for(world.alice_org)
    assert [(spot.code, spot.score) for spot in found.weak_spots] == list(WEAK.items())


def test_only_consenting_comparable_high_scorers_are_suggested(world: World, caf_framework: Any) -> None:
    sharing_alice(world, caf_framework)
    tomorrow = timezone.localdate() + timedelta(days=1)
    good = peer(world.network, caf_framework, {"1.1": 90})
    same_size_other_type = peer(world.network, caf_framework, {"1.1": 92}, org_type="school")
    not_open = peer(world.network, caf_framework, {"1.1": 99}, open_to_partners=False)
    not_comparable = peer(world.network, caf_framework, {"1.1": 98}, org_type="school", size_band="1000+")
    embargoed = peer(world.network, caf_framework, {"1.1": 97}, shared_from=tomorrow)
    embargoed_row = peer(world.network, caf_framework, {"1.1": 96}, visible_from=tomorrow)
    withdrawn = peer(world.network, caf_framework, {"1.1": 95})
    ScoreSharing.objects.filter(organisation=withdrawn).delete()  # the snapshot row waits for the refresh
    other_network = peer(world.other_network, caf_framework, {"1.1": 94})
    # Those sharing 1.1 and in force: Alice 10, good 90, school 92, not_open 99, not_comparable 98 → top
    # quarter is the best 2 of 5: 99 and 98, neither of them suggestible. Lift the others above them.
    assert _suggested(world.alice_org)["1.1"] == []
    filler = [peer(world.network, caf_framework, {"1.1": 50}) for _n in range(3)]  # 8 sharing: top 2 still
    assert _suggested(world.alice_org)["1.1"] == []
    for organisation in filler:
        ScoreSharing.objects.filter(organisation=organisation).delete()
    ScoreSharing.objects.filter(organisation__in=[not_open, not_comparable]).delete()
    # Now: Alice 10, good 90, school 92 → top quarter = the best 1 of 3: the school.
    assert _suggested(world.alice_org)["1.1"] == [_sharing_id(same_size_other_type)]
    peer(world.network, caf_framework, {"1.1": 20})  # 4 sharing: still the best one
    peer(world.network, caf_framework, {"1.1": 30})  # 5 sharing: the best two
    suggested = _suggested(world.alice_org)["1.1"]
    assert suggested == [_sharing_id(good), _sharing_id(same_size_other_type)]  # same type first
    never = {embargoed, embargoed_row, withdrawn, other_network, not_open, not_comparable, world.alice_org}
    shown = {sharing for codes in _suggested(world.alice_org).values() for sharing in codes}
    assert not shown & {sharing.public_id for sharing in ScoreSharing.objects.filter(organisation__in=never)}


def test_a_partner_must_score_above_the_asker(world: World, caf_framework: Any) -> None:
    sharing_alice(world, caf_framework)  # 4.1 scored 45
    peer(world.network, caf_framework, {"4.1": 45})
    assert _suggested(world.alice_org)["4.1"] == []
    higher = peer(world.network, caf_framework, {"4.1": 46})
    assert _suggested(world.alice_org)["4.1"] == [_sharing_id(higher)]


def test_at_most_three_per_subcriterion_and_each_organisations_latest_cycle(world: World, caf_framework: Any) -> None:
    sharing_alice(world, caf_framework)
    best = [peer(world.network, caf_framework, {"1.2": 90 + n}) for n in range(4)]
    # 5 sharing: the top quarter is the best 2 — add low scorers so that all four count.
    for _n in range(11):
        peer(world.network, caf_framework, {"1.2": 21})
    assert _suggested(world.alice_org)["1.2"] == [_sharing_id(best[n]) for n in (3, 2, 1)]
    # An organisation whose latest cycle is low is not suggested for its older high score.
    assessment = selectors.latest_finished_assessment(best[3])
    assert assessment is not None
    snapshot(assessment, {"1.2": 15}, cycle=2026)
    found = selectors.candidates(world.alice_org, caf_framework.code, {"1.2": 20})["1.2"]
    assert best[3].pk not in {candidate.organisation_id for candidate in found}
    assert {best[n].pk for n in range(3)} <= {candidate.organisation_id for candidate in found}


def test_published_practices_on_the_subcriterion_are_listed(world: World, caf_framework: Any) -> None:
    sharing_alice(world, caf_framework)
    partner = peer(world.network, caf_framework, {"2.1": 90})
    practice(partner, caf_framework, ["2.1"], {"en": "Stakeholder map", "sl": "Zemljevid deležnikov"})
    practice(partner, caf_framework, ["2.1"], {"en": "A draft"}, state="draft")
    practice(partner, caf_framework, ["5.1"], {"en": "Elsewhere"})
    found = selectors.suggestions_for(world.alice_org)
    (spot,) = [spot for spot in found.weak_spots if spot.code == "2.1"]
    assert [link.title for link in spot.suggestions[0].practices] == ["Stakeholder map"]
    with translation.override("sl"):
        spot = next(spot for spot in selectors.suggestions_for(world.alice_org).weak_spots if spot.code == "2.1")
    assert [(link.title, link.language) for link in spot.suggestions[0].practices] == [("Zemljevid deležnikov", "sl")]


# --- asking ----------------------------------------------------------------------------------------------


@pytest.fixture
def partner(world: World, caf_framework: Any) -> Organisation:
    """A municipality of Alice's network, high on 1.1 and open to partners, with an admin who reads
    Slovenian, a CAF leader and a viewer."""
    sharing_alice(world, caf_framework)
    organisation = peer(world.network, caf_framework, {"1.1": 90}, name="Partner Municipality")
    add_member(
        organisation, UserFactory(email="pia@example.org", full_name="Pia Partner", language="sl"), Role.ORG_ADMIN
    )
    add_member(organisation, UserFactory(email="leo@example.org", full_name="Leo Leader"), Role.CAF_LEADER)
    add_member(organisation, UserFactory(email="vic@example.org"), Role.VIEWER)
    return organisation


def _ask(world: World, partner: Organisation, *, code: str = "1.1", message: str = "How did you do it?") -> Any:
    with after_commit(), transaction.atomic():
        return services.request_contact(
            actor=world.alice,
            organisation=world.alice_org,
            sharing_id=_sharing_id(partner),
            subcriterion_code=code,
            message=message,
        )


def test_a_request_tells_the_partners_administrators_without_the_askers_name(
    world: World, partner: Organisation
) -> None:
    request = _ask(world, partner, message="  How did you\r\ninvolve staff?  ")
    assert request.partner == partner and request.state == "pending" and request.requested_by == world.alice
    assert request.message == "How did you\ninvolve staff?"
    (message,) = django_mail.outbox  # the administrator only, not the CAF leader or the viewer
    assert message.to == ["pia@example.org"]
    with translation.override("sl"):
        assert translation.gettext("Their message:") in message.body  # in her language
    assert "How did you\ninvolve staff?" in message.body and f"/org/{partner.public_id}/bench-learning/" in message.body
    for secret in (world.alice_org.name, world.alice.email, world.alice.full_name):
        assert secret not in message.body and secret not in message.subject
    event = AuditEvent.objects.get(action="benchmarking.partner_requested")
    assert event.organisation == world.alice_org and event.actor == world.alice
    assert event.changes == {"partner_subcriterion": "1.1", "partner_notified": 1}
    assert not AuditEvent.objects.filter(organisation=partner).exists()  # nothing of Alice in their log


def test_one_waiting_request_per_partner_and_subcriterion(world: World, partner: Organisation) -> None:
    _ask(world, partner)
    with pytest.raises(ValidationError):
        _ask(world, partner)
    assert PartnerRequest.objects.count() == 1 and len(django_mail.outbox) == 1
    first = PartnerRequest.objects.get()
    with transaction.atomic():
        services.withdraw_request(actor=world.alice, organisation=world.alice_org, request=first)
    _ask(world, partner)  # asking again after withdrawing is fine
    assert PartnerRequest.objects.filter(state="pending").count() == 1


def test_at_most_ten_waiting_requests(world: World, partner: Organisation, caf_framework: Any) -> None:
    for _n in range(services.MAX_PENDING):
        PartnerRequest.objects.create(
            requester=world.alice_org,
            partner=OrganisationFactory(network=world.network),
            subcriterion_code="1.1",
            message="x",
        )
    with pytest.raises(ValidationError) as refused:
        _ask(world, partner)
    assert str(services.MAX_PENDING) in str(refused.value.messages)
    assert not PartnerRequest.objects.filter(partner=partner).exists() and django_mail.outbox == []


@pytest.mark.parametrize("message", ["", "   \n ", "x" * (services.MESSAGE_MAX + 1)])
def test_a_message_is_needed_and_limited(world: World, partner: Organisation, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _ask(world, partner, message=message)
    assert "message" in refused.value.message_dict
    assert not PartnerRequest.objects.exists() and not AuditEvent.objects.filter(action__startswith="bench").exists()


def test_only_a_qualifying_partner_can_be_asked(world: World, partner: Organisation, caf_framework: Any) -> None:
    with pytest.raises(ValidationError):
        _ask(world, partner, code="5.1")  # not one of Alice's weakest
    ScoreSharing.objects.filter(organisation=partner).update(open_to_partners=False)
    with pytest.raises(ValidationError):
        _ask(world, partner)
    assert not PartnerRequest.objects.exists()


def test_only_administrators_and_caf_leaders_act(world: World, partner: Organisation) -> None:
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER, Role.ASSESSOR, Role.MANAGER)
    with pytest.raises(PermissionDenied), transaction.atomic():
        services.request_contact(
            actor=viewer, organisation=world.alice_org, sharing_id=_sharing_id(partner), subcriterion_code="1.1",
            message="Hi",
        )  # fmt: skip
    leader = UserFactory()
    add_member(world.alice_org, leader, Role.CAF_LEADER)
    with transaction.atomic():
        services.request_contact(
            actor=leader, organisation=world.alice_org, sharing_id=_sharing_id(partner), subcriterion_code="1.1",
            message="Hi",
        )  # fmt: skip


# --- answering -------------------------------------------------------------------------------------------


def _partner_admin(partner: Organisation) -> Any:
    return partner.memberships.get(user__email="pia@example.org").user


def test_accepting_reveals_both_sides_and_tells_the_asker(world: World, partner: Organisation) -> None:
    request = _ask(world, partner)
    django_mail.outbox.clear()
    pia = _partner_admin(partner)
    with after_commit(), transaction.atomic():
        services.accept_request(actor=pia, organisation=partner, request=request, answer="Call me on Monday.")
    request.refresh_from_db()
    assert request.state == "accepted" and request.answered_by == pia and request.answer == "Call me on Monday."
    (message,) = django_mail.outbox
    assert message.to == [world.alice.email]
    assert "Partner Municipality" in message.body and "pia@example.org" in message.body
    assert "Call me on Monday." in message.body
    event = AuditEvent.objects.get(action="benchmarking.partner_request_accepted")
    assert event.organisation == partner and event.actor == pia
    sent = selectors.requests_of(world.alice_org, {}).sent[0]
    received = selectors.requests_of(partner, {}).received[0]
    assert (sent.counterpart_name, sent.answerer_email, sent.asker_email) == (
        "Partner Municipality",
        "pia@example.org",
        world.alice.email,
    )
    assert (received.counterpart_name, received.asker_name) == (world.alice_org.name, world.alice.full_name)
    with pytest.raises(ValidationError), transaction.atomic():  # answered already
        services.decline_request(actor=pia, organisation=partner, request=request)


def test_until_accepted_neither_side_is_named(world: World, partner: Organisation) -> None:
    request = _ask(world, partner)
    for row in (selectors.requests_of(world.alice_org, {}).sent[0], selectors.requests_of(partner, {}).received[0]):
        assert (row.counterpart_name, row.asker_email, row.answerer_email, row.answer) == ("", "", "", "")
        assert row.counterpart_type_label and row.counterpart_size_label
    django_mail.outbox.clear()
    with after_commit(), transaction.atomic():
        services.decline_request(actor=_partner_admin(partner), organisation=partner, request=request)
    (message,) = django_mail.outbox
    assert "Partner Municipality" not in message.body and "pia@example.org" not in message.body
    row = selectors.requests_of(world.alice_org, {}).sent[0]
    assert row.state == "declined" and row.counterpart_name == "" and row.answerer_email == ""
    assert AuditEvent.objects.get(action="benchmarking.partner_request_declined").organisation == partner


def test_an_answer_is_needed_and_each_side_acts_only_on_its_own_side(world: World, partner: Organisation) -> None:
    request = _ask(world, partner)
    pia = _partner_admin(partner)
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        services.accept_request(actor=pia, organisation=partner, request=request, answer="  ")
    assert "answer" in refused.value.message_dict
    with pytest.raises(PermissionDenied), transaction.atomic():  # the asker cannot accept its own request
        services.accept_request(actor=world.alice, organisation=world.alice_org, request=request, answer="Yes")
    with pytest.raises(PermissionDenied), transaction.atomic():  # nor the partner withdraw it
        services.withdraw_request(actor=pia, organisation=partner, request=request)
    request.refresh_from_db()
    assert request.state == "pending" and request.answered_by is None


def test_withdrawing_is_only_for_waiting_requests(world: World, partner: Organisation) -> None:
    request = _ask(world, partner)
    with transaction.atomic():
        services.withdraw_request(actor=world.alice, organisation=world.alice_org, request=request)
    event = AuditEvent.objects.get(action="benchmarking.partner_request_withdrawn")
    assert event.organisation == world.alice_org
    with pytest.raises(ValidationError), transaction.atomic():
        services.accept_request(actor=_partner_admin(partner), organisation=partner, request=request, answer="Yes")
    request.refresh_from_db()
    assert request.state == "withdrawn"


def test_an_undelivered_notice_is_recorded_for_the_side_it_was_for(world: World, partner: Organisation) -> None:
    request = _ask(world, partner)
    services.record_partner_mail_not_delivered(request.pk, "SMTPRecipientsRefused")
    services.record_asker_mail_not_delivered(request.pk, "SMTPRecipientsRefused")
    services.record_asker_mail_not_delivered(request.pk + 1000, "gone")  # deleted meanwhile: nothing
    events = AuditEvent.objects.filter(action="benchmarking.partner_mail_not_delivered")
    assert sorted(event.organisation_id for event in events) == sorted([partner.pk, world.alice_org.pk])
