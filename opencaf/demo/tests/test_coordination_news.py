"""The news, newsletters and recognitions demo layer: news on the public pages, subscribers, newsletters
sent with their deliveries, awards on the public list to organisations whose path fits, feedback past the
anonymity minimum, the shared areas for improvement; idempotent, and mail only to example.org."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from io import StringIO
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments.lifecycle import FINISHED
from opencaf.assessments.models import SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.coordination.models import (
    Award,
    Event,
    NewsAudience,
    NewsItem,
    Newsletter,
    NewsletterState,
    NewsState,
    RecognitionScheme,
    Subscriber,
    SubscriberStatus,
)
from opencaf.coordination.selectors.feedback import feedback_results
from opencaf.coordination.selectors.improvement_areas import Selection, improvement_areas
from opencaf.coordination.selectors.news import org_news_page, public_network, public_news_page
from opencaf.coordination.selectors.newsletters import archive_page
from opencaf.coordination.selectors.recognitions import public_list
from opencaf.demo import coordination_content
from opencaf.demo import coordination_news_content as content
from opencaf.demo.coordination import seed_coordination
from opencaf.demo.coordination_news import is_demo_address, reader_email, seed_coordination_news
from opencaf.demo.guard import DemoError
from opencaf.demo.management.commands import seed_demo
from opencaf.demo.organisations import BG_NETWORK, DEMO_NETWORK, seed_organisations
from opencaf.improvement.models import ImprovementPlan
from opencaf.organisations.models import Network, Organisation
from opencaf.reports.models import ReportAcceptance

STORY_DAY = datetime(2026, 12, 7, 9, tzinfo=ZoneInfo("Europe/Ljubljana"))
TODAY = STORY_DAY.date()
# The apps this layer writes to.
WRITTEN = ["organisations", "audit", "coordination"]
PUBLISHED = [spec for spec in content.NEWS if spec.published is not None]


@dataclass
class Story:
    messages: list[Any] = field(default_factory=list)  # what the layer's mail backend received
    seconds: float = 0.0  # how long the layer took


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in WRITTEN
        for model in apps.get_app_config(label).get_models()
    }


def _timed(story: Story) -> Callable[[], bool]:
    """The news layer as `seed_demo` calls it, timed, with the mail it sends kept apart."""

    def run() -> bool:
        mail.outbox = []
        started = time.perf_counter()
        try:
            return seed_coordination_news()
        finally:
            story.seconds = time.perf_counter() - started
            story.messages = list(mail.outbox)

    return run


@pytest.fixture(scope="class")
def _story(django_db_setup: None, django_db_blocker: Any) -> Iterator[Story]:
    """Every demo layer, seeded once for the tests of a class on the day the story is told; each test
    runs in a savepoint of this transaction, which is rolled back after the class's last test."""
    story = Story()
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(STORY_DAY), mock.patch.object(seed_demo, "seed_coordination_news", _timed(story)):
            call_command("load_frameworks", verbosity=0)
            out = StringIO()
            call_command("seed_demo", stdout=out)
        assert "Demo coordination seeded." in out.getvalue().splitlines()
        yield story
        transaction.set_rollback(True)


@pytest.fixture
def story(_story: Story, db: None) -> Story:
    """The seeded demo, for one test."""
    return _story


def _network() -> Network:
    return Network.objects.get(name=DEMO_NETWORK)


def _organisation(short_name: str) -> Organisation:
    return Organisation.objects.get(network__name=DEMO_NETWORK, short_name=short_name)


def _criterion(criteria: list[str], words: str) -> int:
    """The index of the checklist item that says `words` (in English)."""
    (index,) = [index for index, text in enumerate(criteria) if words in text]
    return index


def _title(spec: content.News, language: str = "sl") -> str:
    return spec.texts[language]["title"]


class TestTheStory:
    """The story as told on 7 December 2026, seeded once for these tests."""

    def test_news_published_over_the_last_months_and_on_the_public_page(self, story: Story) -> None:
        network = _network()
        items = NewsItem.objects.filter(network=network)
        assert 6 <= items.filter(state=NewsState.PUBLISHED).count() <= 8
        assert items.filter(state=NewsState.DRAFT).count() == 1
        assert {item.audience for item in items} == {NewsAudience.PUBLIC, NewsAudience.NETWORK}
        assert all("sl" in item.texts for item in items)
        assert sum("en" in item.texts for item in items) >= 2
        # Dated over the months of the story, the draft never published.
        published = items.filter(state=NewsState.PUBLISHED)
        days = sorted(timezone.localdate(item.published_at) for item in published)
        assert days[0] >= date(2026, 4, 1) and days[-1] <= TODAY
        assert all(item.updated_at <= item.published_at for item in published)  # never shown as corrected
        assert items.get(state=NewsState.DRAFT).published_at is None
        # One announces the campaign, one the training.
        campaign = items.get(campaign__isnull=False)
        assert campaign.campaign.title == coordination_content.CAMPAIGN_TITLE and campaign.audience == "public"
        training = items.get(event__isnull=False)
        assert training.event.title == coordination_content.EVENTS[coordination_content.TRAINING].title

        # The public page shows the public items, newest first, in the reader's language when written.
        assert public_network(network.public_id) == network
        _page, versions = public_news_page(network, "en")
        public = [spec for spec in PUBLISHED if spec.audience == content.PUBLIC]
        expected = [_title(spec, "en" if "en" in spec.texts else "sl") for spec in reversed(public)]
        assert [version.title for version in versions] == expected
        response = Client().get(reverse("coordination:public_news", kwargs={"network_id": network.public_id}))
        assert response.status_code == 200
        page = response.content.decode()
        assert all(title in page for title in expected)
        assert not any(_title(spec) in page for spec in content.NEWS if spec not in public)
        # The organisations' members read the items for the network too.
        _page, versions = org_news_page(_organisation("GURS"), "sl")
        assert [version.title for version in versions] == [_title(spec) for spec in reversed(PUBLISHED)]

    def test_subscribers_confirmed_pending_and_unsubscribed(self, story: Story) -> None:
        subscribers = Subscriber.objects.filter(network=_network())
        statuses = Counter(subscribers.values_list("status", flat=True))
        assert statuses == {
            SubscriberStatus.CONFIRMED: 40,
            SubscriberStatus.PENDING: 3,
            SubscriberStatus.UNSUBSCRIBED: 2,
        }
        languages = Counter(subscribers.filter(status="confirmed").values_list("language", flat=True))
        assert languages["sl"] > 30 and languages["en"] >= 3 and set(languages) == {"sl", "en"}
        assert all(is_demo_address(email) for email in subscribers.values_list("email", flat=True))
        # Dated on the story's days, confirmed minutes after asking; the pending ones not purged yet.
        for subscriber in subscribers:
            assert subscriber.created_at == subscriber.confirmation_sent_at
            assert subscriber.created_at.date() < TODAY
        for subscriber in subscribers.exclude(status=SubscriberStatus.PENDING):
            assert 0 < (subscriber.confirmed_at - subscriber.created_at).total_seconds() < 3600
        pending = subscribers.filter(status=SubscriberStatus.PENDING)
        assert all((TODAY - subscriber.created_at.date()).days < 30 for subscriber in pending)
        # The audit log's history of each address is on the story's days too.
        actions = [
            "coordination.subscription_requested",
            "coordination.subscription_confirmed",
            "coordination.unsubscribed",
        ]
        history = AuditEvent.objects.filter(network=_network(), action__in=actions)
        assert Counter(history.values_list("action", flat=True)) == {actions[0]: 45, actions[1]: 42, actions[2]: 2}
        assert not history.filter(occurred_at__date=TODAY).exists()

    def test_three_newsletters_sent_with_their_deliveries_and_a_december_draft(self, story: Story) -> None:
        network = _network()
        issues = {issue.issue_date: issue for issue in Newsletter.objects.filter(network=network)}
        assert sorted(issues) == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)]
        draft = issues.pop(date(2026, 12, 1))
        assert draft.state == NewsletterState.DRAFT and not draft.deliveries.exists()
        assert [item.texts["sl"]["title"] for item in draft.news_items.all()] == [_title(content.NEWS[7])]
        # Each went to those confirmed by the day it was sent: more every month, fewer who left.
        sizes = []
        for issue_date, newsletter in sorted(issues.items()):
            spec = next(spec for spec in content.ISSUES if spec.month == issue_date)
            assert newsletter.state == NewsletterState.SENT
            assert timezone.localdate(newsletter.sent_at) == spec.sent
            assert newsletter.texts["sl"]["subject"] == spec.subject
            assert {item.texts["sl"]["title"] for item in newsletter.news_items.all()} == {
                _title(item) for item in content.NEWS if item.key in spec.items
            }
            deliveries = newsletter.deliveries.all()
            assert newsletter.recipients_total == deliveries.count() == deliveries.filter(status="sent").count()
            assert {timezone.localdate(delivery.sent_at) for delivery in deliveries} == {spec.sent}
            readers = {reader_email(reader): reader for reader in content.READERS}
            for email in deliveries.values_list("subscriber__email", flat=True):
                reader = readers[email]
                assert reader.confirmed and reader.requested < spec.sent  # type: ignore[operator]
                assert reader.unsubscribed is None or reader.unsubscribed > spec.sent  # type: ignore[operator]
            sizes.append(deliveries.count())
        assert sizes == [30, 35, 40]
        # Through the mail backend: one message per delivery, with its own one-click unsubscribe link.
        assert len(story.messages) == sum(sizes)
        assert all(is_demo_address(message.to[0]) for message in story.messages)
        headers = [message.extra_headers for message in story.messages]
        assert all(header["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for header in headers)
        assert len({header["List-Unsubscribe"] for header in headers}) == 42  # everyone who ever received one
        assert Counter(message.subject for message in story.messages) == {
            spec.subject: size for spec, size in zip(content.ISSUES, sizes, strict=False)
        }
        # The public archive lists the sent issues.
        assert [issue.issue_date.month for issue in archive_page(network, None)] == [11, 10, 9]

    def test_recognitions_to_organisations_whose_path_fits(self, story: Story) -> None:
        network = _network()
        (scheme,) = RecognitionScheme.objects.filter(network=network)
        assert [level.name["sl"] for level in scheme.levels.order_by("position")] == [
            "Začetnik CAF",
            "Uporabnik CAF",
            "Uspešen uporabnik CAF",
        ]
        awards = Award.objects.filter(level__scheme=scheme).select_related("level", "organisation")
        given = Counter((award.year, award.level.name["sl"]) for award in awards)
        assert given == {
            (2025, "Začetnik CAF"): 2,
            (2025, "Uporabnik CAF"): 2,
            (2025, "Uspešen uporabnik CAF"): 1,
            (2024, "Začetnik CAF"): 1,
        }
        for award in awards:
            assert award.ceremony_on is not None and award.ceremony_on.year == award.year + 1
            assert award.citation and award.public and award.withdrawn_at is None
            assert timezone.localdate(award.awarded_at) < award.ceremony_on
        # Beginners and users: the self-assessment of the year (a beginner's first, finished in the year; a
        # user's started in it), its report and approved plan ticked only once they were there, and what is
        # not ticked explained.
        for award in awards.filter(level__position__in=[content.BEGINNER, content.USER]):
            finished = SelfAssessment.objects.filter(organisation=award.organisation, state__in=list(FINISHED))
            if award.level.position == content.USER:  # a user may have an earlier cycle (the benchmarking demo's)
                finished = finished.filter(created_at__year=award.year)
            (assessment,) = finished
            assert assessment.finalised_at is not None
            if award.level.position == content.BEGINNER:
                assert assessment.finalised_at.year == award.year
            else:
                assert assessment.created_at.year == award.year
            criteria = [item["en"] for item in award.level.criteria]
            plan = ImprovementPlan.objects.filter(assessment=assessment).first()
            facts = {
                _criterion(criteria, "report was presented"): ReportAcceptance.objects.get(
                    assessment=assessment
                ).accepted_at,
                _criterion(criteria, "approved an improvement plan"): plan.approved_at if plan else None,
            }
            for index, happened in facts.items():
                assert (index in award.criteria_met) == (happened is not None and happened <= award.awarded_at)
            (given_event,) = AuditEvent.objects.filter(action="coordination.award_given", object_id=award.public_id)
            assert bool(given_event.changes.get("criteria_note")) == (len(award.criteria_met) < len(criteria))
        assert Counter(len(award.criteria_met) == len(award.level.criteria) for award in awards) == {True: 5, False: 1}
        # The successful user had been through a whole cycle before: a report and an approved plan.
        (successful,) = awards.filter(level__position=content.SUCCESSFUL)
        plans = ImprovementPlan.objects.filter(assessment__organisation=successful.organisation)
        assert plans.filter(approved_at__year__lte=successful.year).exists()

        # The public list, newest year first, and its page.
        listing = public_list(network, "sl")
        assert [year.year for year in listing.years] == [2025, 2024]
        assert [group.name for group in listing.years[0].levels] == [
            "Začetnik CAF",
            "Uporabnik CAF",
            "Uspešen uporabnik CAF",
        ]
        page = Client().get(reverse("coordination:public_recognitions", kwargs={"network_id": network.public_id}))
        assert page.status_code == 200
        assert all(award.organisation.name in page.content.decode() for award in awards)

    def test_feedback_on_last_years_training_passes_the_anonymity_minimum(self, story: Story) -> None:
        title = coordination_content.EVENTS[coordination_content.PAST].title
        event = Event.objects.select_related("network").get(network=_network(), title=title)
        results = feedback_results(event)
        assert results.answers == len(content.ANSWERS) >= results.minimum
        assert results.shown and results.asked == results.attended > results.answers
        assert results.to_ask == 0
        assert len(results.liked) >= 5 and len(results.improve) >= 5
        assert {rating.name for rating in results.ratings} == {"overall", "usefulness", "organisation_rating"}
        # Asked after the event, answered in the days after it (the day only).
        registrations = event.registrations.filter(feedback_requested_at__isnull=False)
        assert {timezone.localdate(r.feedback_requested_at) for r in registrations} == {content.FEEDBACK_REQUESTED}
        given = [timezone.localtime(r.feedback_given_at) for r in registrations.filter(feedback_given_at__isnull=False)]
        assert len(given) == len(content.ANSWERS)
        assert all(moment.hour == moment.minute == 0 and moment.year == 2026 for moment in given)

    def test_areas_for_improvement_shared_by_every_organisation_with_a_finished_self_assessment(
        self, story: Story
    ) -> None:
        network = _network()
        finished = SelfAssessment.objects.filter(organisation__network=network, state__in=list(FINISHED))
        sharing = set(Organisation.objects.filter(network=network, shares_improvement_areas=True))
        assert sharing == {assessment.organisation for assessment in finished}
        overview = improvement_areas(network, Selection())
        assert overview.consenting == len(sharing) >= overview.minimum
        (section,) = overview.frameworks
        assert not section.withheld and section.organisations == len(sharing)
        top = section.lines[0]
        assert top.organisations >= overview.minimum and top.texts_shown
        # The coordinator's page shows the figures.
        client = Client()
        client.force_login(User.objects.get(email="coordinator@example.org"))
        url = reverse("coordination:improvement_areas", kwargs={"network_id": network.public_id})
        response = client.get(url)
        assert response.status_code == 200 and top.subcriterion.code in response.content.decode()

    def test_the_bulgarian_network_has_news_in_bulgarian_and_no_recognitions(self, story: Story) -> None:
        network = Network.objects.get(name=BG_NETWORK)
        items = NewsItem.objects.filter(network=network, state=NewsState.PUBLISHED)
        assert sorted(item.texts["bg"]["title"] for item in items) == sorted(
            _title(spec, "bg") for spec in content.BG_NEWS
        )
        assert all(list(item.texts) == ["bg"] for item in items)
        assert not RecognitionScheme.objects.filter(network=network).exists()

    def test_quick_and_a_second_run_changes_nothing(self, story: Story) -> None:
        assert story.seconds < 10
        before = _counts()
        mail.outbox = []
        assert not seed_coordination_news()
        assert _counts() == before and mail.outbox == []


def test_demo_addresses() -> None:
    assert is_demo_address("quality@example.org") and is_demo_address("ana.vidic@mnvp.example.org")
    assert not is_demo_address("someone@example.org.si") and not is_demo_address("name@notexample.org")
    assert all(is_demo_address(reader_email(reader)) for reader in content.READERS)


@pytest.mark.django_db
def test_seeds_on_a_later_day_with_the_story_in_the_past() -> None:
    call_command("load_frameworks", verbosity=0)
    seed_organisations()
    with time_machine.travel(datetime(2027, 6, 1, 9, tzinfo=ZoneInfo("Europe/Ljubljana"))):
        seed_coordination()
        assert seed_coordination_news()
    sent = Newsletter.objects.filter(network__name=DEMO_NETWORK, state=NewsletterState.SENT).order_by("issue_date")
    assert [timezone.localdate(newsletter.sent_at) for newsletter in sent] == [
        issue.sent for issue in content.ISSUES if issue.sent
    ]
    assert Award.objects.filter(year=2025).count() == 5
    published = NewsItem.objects.filter(network__name=DEMO_NETWORK, state=NewsState.PUBLISHED)
    assert max(timezone.localdate(item.published_at) for item in published) == date(2026, 12, 3)


@pytest.mark.django_db
def test_sends_no_newsletter_to_an_address_outside_example_org() -> None:
    """A developer subscribed to the demo network with a real address: the layer refuses, nothing is
    written, nothing is sent."""
    call_command("load_frameworks", verbosity=0)
    seed_organisations()
    with time_machine.travel(STORY_DAY):
        seed_coordination()
        Subscriber.objects.create(
            network=_network(), email="developer@gmail.com", language="sl", status="confirmed", token="x" * 43
        )
        before = _counts()
        mail.outbox = []
        with pytest.raises(DemoError, match=r"developer@gmail\.com"):
            seed_coordination_news()
    assert _counts() == before and mail.outbox == []
    assert not NewsItem.objects.filter(network__name=DEMO_NETWORK).exists()
    assert not Newsletter.objects.exists() and not Award.objects.exists()
    assert not Subscriber.objects.exclude(email="developer@gmail.com").exists()


@pytest.mark.django_db
def test_needs_the_coordination_demo() -> None:
    with pytest.raises(DemoError, match="demo organisations"):
        seed_coordination_news()
    seed_organisations()
    with pytest.raises(DemoError, match="coordination demo"):
        seed_coordination_news()
    assert not NewsItem.objects.exists()


@pytest.mark.django_db
@override_settings(DEMO_ALLOWED=False)
def test_refused_in_production() -> None:
    with pytest.raises(DemoError, match="OPENCAF_DEMO=1"):
        seed_coordination_news()
    assert not NewsItem.objects.exists()
