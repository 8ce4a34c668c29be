"""The demo layers of learning from each other: good practices reviewed and published with their
translations and marks, forum threads in both networks, two shared cycles of scores with a peer
group and the snapshot built, and one accepted bench-learning contact; idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from opencaf.accounts.models import User
from opencaf.assessments.models import SelfAssessment
from opencaf.benchmarking.models import PartnerRequest, PeerGroup, ScoreSharing, ScoreSnapshot
from opencaf.community.models import GoodPractice, HelpedMark, PracticeText, Thread
from opencaf.coordination.selectors.portfolio import portfolio_of
from opencaf.coordination.stages import Stage
from opencaf.demo import community_content, community_forum_content
from opencaf.demo.benchmarking import seed_benchmarking
from opencaf.demo.benchmarking_peers_content import PEERS
from opencaf.demo.community import seed_community
from opencaf.demo.feedback_content import AT_FEEDBACK_STAGES
from opencaf.demo.organisations import BG_NETWORK, DEMO_NETWORK
from opencaf.organisations.models import Network, Organisation

STORY_DAY = datetime(2026, 12, 7, 9, tzinfo=ZoneInfo("Europe/Ljubljana"))


@pytest.fixture(scope="class")
def _seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Every demo layer, seeded once for the class; rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(STORY_DAY):
            call_command("load_frameworks", verbosity=0)
            out = StringIO()
            call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded: str, db: None) -> str:
    return _seeded


class TestLearningFromEachOther:
    def test_both_layers_report_what_they_seeded(self, seeded: str) -> None:
        lines = seeded.splitlines()
        assert "Demo good practices and forum seeded." in lines
        assert "Demo benchmarking seeded." in lines

    def test_ten_practices_nine_published_one_waiting_for_review(self, seeded: str) -> None:
        network = Network.objects.get(name=DEMO_NETWORK)
        practices = GoodPractice.objects.all()
        assert practices.count() == len(community_content.PRACTICES) == 10
        assert practices.filter(state="published").count() == 9
        waiting = practices.get(state="submitted")
        assert waiting.network == network and waiting.organisation.name == "Občina Zgornja Dolina (demo)"
        assert set(practices.values_list("audience", flat=True)) == {"network", "public", ""}
        languages = set(PracticeText.objects.values_list("language", flat=True))
        assert languages == {"sl", "bg", "en"}
        assert PracticeText.objects.count() == sum(len(spec.texts) for spec in community_content.PRACTICES)
        assert HelpedMark.objects.count() == sum(len(spec.helped_by) for spec in community_content.PRACTICES)
        assert all(practice.published_at.year in (2025, 2026) for practice in practices.filter(state="published"))

    def test_forum_threads_in_both_networks(self, seeded: str) -> None:
        slovenian = Thread.objects.filter(network__name=DEMO_NETWORK)
        assert slovenian.count() == len(community_forum_content.THREADS)
        assert Thread.objects.filter(network__name=BG_NETWORK).count() == len(community_forum_content.BG_THREADS)
        assert slovenian.filter(pinned=True).count() == 1
        welcome = slovenian.get(pinned=True)
        assert welcome.post_count == 1 and welcome.last_post_at.year == 2026

    def test_two_shared_cycles_a_peer_group_and_the_snapshot(self, seeded: str) -> None:
        network = Network.objects.get(name=DEMO_NETWORK)
        consents = ScoreSharing.objects.filter(organisation__network=network)
        organisations = set(consents.values_list("organisation", flat=True))
        twice = consents.values("organisation").annotate(cycles=Count("pk")).filter(cycles=2).count()
        assert len(organisations) >= 30 and twice >= 30  # the beginners have shared their only cycle
        assert consents.filter(shared_from__isnull=False).count() == 1  # one under an embargo
        cycles = ScoreSnapshot.objects.filter(network=network).values_list("organisation", "cycle").distinct()
        assert len(cycles) == consents.count()
        assert PeerGroup.objects.get(network=network).organisations.count() >= 5

    def test_the_experienced_users_have_done_their_plans(self, seeded: str) -> None:
        """The organisations that joined for benchmarking stand in the portfolio with their plan in
        progress and nothing for the quality unit to chase (no flag)."""
        network = Network.objects.get(name=DEMO_NETWORK)
        peers = Organisation.objects.filter(network=network, short_name__in=[peer.org.key for peer in PEERS])
        # But the two the external feedback demo moved on to "external feedback" and "label".
        peers = peers.exclude(short_name__in=AT_FEEDBACK_STAGES)
        rows = portfolio_of(network, today=STORY_DAY.date(), organisation_ids=list(peers.values_list("pk", flat=True)))
        assert len(rows) == len(PEERS) - len(AT_FEEDBACK_STAGES) >= 20
        assert {(row.stage, tuple(row.flags)) for row in rows} == {(Stage.PLAN_IN_PROGRESS, ())}
        # Two cycles each, two years apart, the later one a little better.
        for peer in peers[:3]:
            first, second = SelfAssessment.objects.filter(organisation=peer).order_by("finalised_at")
            assert second.finalised_at - first.finalised_at == timedelta(days=730)

    def test_the_municipality_compares_itself_and_met_a_partner(self, seeded: str) -> None:
        municipality = Organisation.objects.get(name="Občina Zgornja Dolina (demo)")
        (request,) = PartnerRequest.objects.all()
        assert request.requester == municipality and request.state == "accepted"
        client = Client()
        client.force_login(User.objects.get(email="quality@example.org"))
        page = client.get(reverse("benchmarking:organisation", kwargs={"org_id": municipality.public_id}))
        assert page.status_code == 200
        body = page.content.decode()
        assert 'role="img"' in body  # box plots of a group of eight sharing organisations
        assert "Mestna občina Maribor" not in body  # no other organisation named on the benchmark page
        partners = client.get(reverse("benchmarking:partners", kwargs={"org_id": municipality.public_id}))
        assert request.partner.name in partners.content.decode()  # named once the contact was accepted

    def test_seeding_again_changes_nothing(self, seeded: str) -> None:
        assert seed_community() is False
        assert seed_benchmarking() is False
