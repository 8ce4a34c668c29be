"""The quality unit's news, newsletters and recognitions in the demo networks (development only;
`manage.py seed_demo` seeds it after the coordination demo, `coordination.py`): the Slovenian network's
news items (one announcing the campaign, one the training, one still a draft), the people who subscribed
to its newsletter, three monthly newsletters sent to them and a draft for December, the national CAF
recognitions with the awards for 2024 and 2025, the participants' feedback on last March's training,
and the consent of the organisations with a finished self-assessment to share their areas for
improvement; the Bulgarian network's two news items. The story is in `coordination_news_content.py`.

Everything goes through the services, audited, as the pages would do it: subscribing through the
public form's service and confirming through the same link check the confirmation page uses; sending
a newsletter through the send service and the background task's batches, run here at once (without the
pause) with the mail backend the site is configured with (the console in development, locmem in the
tests); feedback through the signed link's check and the form's service. Mail goes only to the demo's
own addresses under example.org: the layer refuses to send a newsletter or a request for feedback to
anyone else (say, a developer who subscribed to the demo network with a real address).

The services stamp "now": the story's dates are set afterwards by direct updates, with the audit
events of what they date, as in the other layers (nobody made those changes, so they are not audited).
Subscriptions and newsletters run in the order of the story, so each newsletter goes to those who had
confirmed by the day it was sent.

Idempotent, network by network: nothing is seeded where the first news item of the story exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments.lifecycle import FINISHED
from opencaf.assessments.models import SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.coordination import feedback_links, subscription_links
from opencaf.coordination.models import (
    Award,
    Campaign,
    DeliveryStatus,
    Event,
    NewsItem,
    Newsletter,
    NewsletterState,
    RecognitionScheme,
    Registration,
    Subscriber,
)
from opencaf.coordination.recognition_presets import SLOVENIAN_NATIONAL
from opencaf.coordination.selectors.subscriptions import confirmed_subscribers
from opencaf.coordination.services import feedback, news, newsletter_sending, newsletters, recognitions, subscriptions
from opencaf.demo import coordination_content
from opencaf.demo import coordination_news_content as content
from opencaf.demo.coordination import COORDINATOR, email_of
from opencaf.demo.guard import DemoError, require_demo_allowed
from opencaf.demo.organisations import BG_COORDINATOR, BG_NETWORK, DEMO_NETWORK
from opencaf.organisations import services as organisation_services
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, Network, Organisation

DEMO_DOMAIN = "example.org"
# The steps of a subscription in the story, named as their audit events are.
REQUESTED, CONFIRMED, UNSUBSCRIBED = (
    "coordination.subscription_requested",
    "coordination.subscription_confirmed",
    "coordination.unsubscribed",
)


@dataclass
class _Demo:
    network: Network
    coordinator: User


def seed_coordination_news() -> bool:
    """Seed the news, newsletters and recognitions demo; False when both networks already have theirs."""
    require_demo_allowed()
    slovenian = _network(DEMO_NETWORK, COORDINATOR)
    bulgarian = _network(BG_NETWORK, BG_COORDINATOR)
    if not Campaign.objects.filter(network=slovenian.network, title=coordination_content.CAMPAIGN_TITLE).exists():
        raise DemoError("Seed the coordination demo first (manage.py seed_demo does it in order).")
    created = False
    if not _has_news(slovenian.network, content.NEWS[0]):
        with transaction.atomic():
            _seed_slovenian(slovenian)
        created = True
    if not _has_news(bulgarian.network, content.BG_NEWS[0]):
        with transaction.atomic():
            for spec in content.BG_NEWS:
                _news(bulgarian, spec)
        created = True
    return created


def _network(name: str, coordinator_email: str) -> _Demo:
    network = Network.objects.filter(name=name).first()
    coordinator = network.coordinators.filter(email=coordinator_email).first() if network is not None else None
    if network is None or coordinator is None:
        raise DemoError("Seed the demo organisations first (manage.py seed_demo does it in order).")
    return _Demo(network, coordinator)


def _has_news(network: Network, spec: content.News) -> bool:
    language, version = next(iter(spec.texts.items()))
    return NewsItem.objects.filter(network=network, **{f"texts__{language}__title": version["title"]}).exists()


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _redate(obj: object, moments: Mapping[str, datetime]) -> None:
    """Move the object's audit events, by action, to the story's moments."""
    object_id = str(getattr(obj, "public_id", ""))
    for action, moment in moments.items():
        AuditEvent.objects.filter(action=action, object_id=object_id).update(occurred_at=moment)


def is_demo_address(email: str) -> bool:
    """An address under example.org, which the demo's people have and no one can receive mail at."""
    domain = email.rpartition("@")[2].lower()
    return domain == DEMO_DOMAIN or domain.endswith("." + DEMO_DOMAIN)


def _only_demo_addresses(emails: Iterable[str], what: str) -> None:
    others = sorted(email for email in emails if not is_demo_address(email))
    if others:
        raise DemoError(
            f"The demo would send {what} to addresses outside {DEMO_DOMAIN} ({', '.join(others)}); "
            "it sends mail only to its own people. Seed an empty database."
        )


def _seed_slovenian(demo: _Demo) -> None:
    items = {spec.key: _news(demo, spec) for spec in content.NEWS}
    _recognitions(demo)
    _feedback(demo)
    _subscriptions_and_newsletters(demo, items)
    _sharing(demo)


# --- news ------------------------------------------------------------------------------------------------


def _announced(network: Network, spec: content.News) -> tuple[Campaign | None, Event | None]:
    if spec.announces == content.CAMPAIGN:
        return Campaign.objects.get(network=network, title=coordination_content.CAMPAIGN_TITLE), None
    if spec.announces == content.TRAINING:
        title = coordination_content.EVENTS[coordination_content.TRAINING].title
        return None, Event.objects.get(network=network, title=title)
    return None, None


def _news(demo: _Demo, spec: content.News) -> NewsItem:
    campaign, event = _announced(demo.network, spec)
    data = news.NewsData(texts=spec.texts, audience=spec.audience, campaign=campaign, event=event)
    item = news.create_news(actor=demo.coordinator, network=demo.network, data=data)
    written = _at(spec.written, 14)
    if spec.published is None:
        NewsItem.objects.filter(pk=item.pk).update(created_at=written, updated_at=written)
        _redate(item, {"coordination.news_created": written})
        return item
    item = news.publish_news(actor=demo.coordinator, item=item)
    published = _at(spec.published, 9)
    NewsItem.objects.filter(pk=item.pk).update(created_at=written, updated_at=written, published_at=published)
    _redate(item, {"coordination.news_created": written, "coordination.news_published": published})
    item.refresh_from_db()
    return item


# --- recognitions ----------------------------------------------------------------------------------------


def _scheme(demo: _Demo) -> RecognitionScheme:
    """The national recognitions from the preset (or the network's own copy of it, if added already)."""
    name = SLOVENIAN_NATIONAL.name[demo.network.default_language]
    scheme = RecognitionScheme.objects.filter(
        network=demo.network, archived=False, **{f"name__{demo.network.default_language}": name}
    ).first()
    if scheme is not None:
        return scheme
    scheme = recognitions.create_preset_scheme(actor=demo.coordinator, network=demo.network)
    created = _at(content.SCHEME_CREATED, 11)
    RecognitionScheme.objects.filter(pk=scheme.pk).update(created_at=created)
    _redate(scheme, {"coordination.recognition_scheme_created": created})
    return scheme


def _recognitions(demo: _Demo) -> None:
    levels = {level.position: level for level in _scheme(demo).levels.all()}
    organisations = {organisation.short_name: organisation for organisation in demo.network.organisations.all()}
    for spec in content.AWARDS:
        data = recognitions.AwardData(
            organisation=organisations[spec.organisation],
            year=spec.year,
            ceremony_on=spec.ceremony,
            criteria_met=spec.criteria_met,
            criteria_note=spec.note,
            citation=spec.citation,
        )
        award = recognitions.give_award(actor=demo.coordinator, level=levels[spec.level], data=data)
        decided = _at(spec.decided, 11)
        Award.objects.filter(pk=award.pk).update(awarded_at=decided)
        _redate(award, {"coordination.award_given": decided})


# --- feedback on last year's training ----------------------------------------------------------------------


def _feedback(demo: _Demo) -> None:
    """The coordinator asks everyone who attended; most answer through the link in their e-mail."""
    title = coordination_content.EVENTS[coordination_content.PAST].title
    event = Event.objects.get(network=demo.network, title=title)
    attended = list(feedback.to_ask(event).order_by("created_at", "pk"))
    _only_demo_addresses((registration.email for registration in attended), "requests for feedback")
    feedback.send_feedback_requests(actor=demo.coordinator, event=event)
    for registration, answer in zip(attended, content.ANSWERS, strict=False):
        checked = feedback_links.read_token(feedback_links.make_token(registration))  # as the form's page does
        data = feedback.FeedbackData(
            overall=answer.overall,
            usefulness=answer.usefulness,
            organisation_rating=answer.organisation,
            liked=answer.liked,
            improve=answer.improve,
        )
        feedback.submit_feedback(registration=checked, data=data)
        # The day only, as the service keeps it.
        Registration.objects.filter(pk=registration.pk).update(feedback_given_at=_at(answer.on, 0))
    requested = _at(content.FEEDBACK_REQUESTED, 16)
    Registration.objects.filter(pk__in=[registration.pk for registration in attended]).update(
        feedback_requested_at=requested
    )
    _redate(event, {"coordination.event_feedback_requested": requested})


# --- subscribers and newsletters ---------------------------------------------------------------------------


def reader_email(reader: content.Reader) -> str:
    return email_of(reader.name, reader.domain) if reader.domain else reader.name


def _subscriptions_and_newsletters(demo: _Demo, items: Mapping[str, NewsItem]) -> None:
    """Subscriptions, unsubscriptions and newsletters in the order of the story."""
    steps: list[tuple[datetime, int, str, content.Reader | content.Issue]] = []
    for index, reader in enumerate(content.READERS):
        asked = _at(reader.requested, 8 + index % 10, (index * 13) % 60)
        steps.append((asked, 0, REQUESTED, reader))
        if reader.confirmed:
            steps.append((asked + timedelta(minutes=20), 1, CONFIRMED, reader))
        if reader.unsubscribed is not None:
            steps.append((_at(reader.unsubscribed, 19, 5), 2, UNSUBSCRIBED, reader))
    for issue in content.ISSUES:
        steps.append((_at(issue.sent or issue.written, 9), 3, "", issue))
    for moment, _order, action, subject in sorted(steps, key=lambda step: step[:2]):
        if isinstance(subject, content.Issue):
            _newsletter(demo, subject, items)
        else:
            _subscription_step(demo.network, action, subject, moment)


def _subscription_step(network: Network, action: str, reader: content.Reader, moment: datetime) -> None:
    email = reader_email(reader)
    if action == REQUESTED:
        subscriptions.request_subscription(network=network, email=email, language=reader.language, now=moment)
        subscriber = Subscriber.objects.get(network=network, email=email)
        # The service stamps a new subscription's creation "now" (only its confirmation request takes `now`).
        Subscriber.objects.filter(pk=subscriber.pk).update(created_at=moment)
    else:
        subscriber = Subscriber.objects.get(network=network, email=email)
        if action == CONFIRMED:
            # The confirmation page checks the link from the e-mail, then confirms.
            checked = subscription_links.read_confirm_token(subscription_links.make_confirm_token(subscriber))
            subscriptions.confirm_subscription(subscriber=checked, now=moment)
        else:
            subscriptions.unsubscribe(subscriber=subscriber, one_click=True, now=moment)
    fingerprint = subscription_links.address_fingerprint(network, email)
    AuditEvent.objects.filter(network=network, action=action, changes__subscriber=fingerprint).update(
        occurred_at=moment
    )


def _newsletter(demo: _Demo, issue: content.Issue, items: Mapping[str, NewsItem]) -> Newsletter:
    data = newsletters.NewsletterData(
        issue_date=issue.month,
        texts={"sl": {"subject": issue.subject, "introduction": issue.introduction, "closing": issue.closing}},
        news_items=[items[key] for key in issue.items],
    )
    newsletter = newsletters.create_newsletter(actor=demo.coordinator, network=demo.network, data=data)
    written = _at(issue.written, 14)
    Newsletter.objects.filter(pk=newsletter.pk).update(created_at=written)
    _redate(newsletter, {"coordination.newsletter_created": written})
    if issue.sent is None:
        return newsletter
    _only_demo_addresses(confirmed_subscribers(demo.network).values_list("email", flat=True), "the newsletter")
    newsletters.send_newsletter(actor=demo.coordinator, newsletter=newsletter)
    _deliver(newsletter)
    started, finished = _at(issue.sent, 9), _at(issue.sent, 9, 4)
    Newsletter.objects.filter(pk=newsletter.pk).update(sending_started_at=started, sent_at=finished)
    newsletter.deliveries.filter(status=DeliveryStatus.SENT).update(sent_at=_at(issue.sent, 9, 2))
    _redate(newsletter, {"coordination.newsletter_sending": started, "coordination.newsletter_sent": finished})
    return newsletter


def _deliver(newsletter: Newsletter) -> None:
    """What the background task does after the pause between batches, here batch after batch at once.
    The task queued on commit finds the issue sent and stops."""
    started = Newsletter.objects.values_list("sending_started_at", flat=True).get(pk=newsletter.pk)
    assert started is not None
    result = newsletter_sending.send_batch(newsletter.pk, started)
    while result.outcome == newsletter_sending.MORE:
        result = newsletter_sending.send_batch(newsletter.pk, started)
    state = Newsletter.objects.values_list("state", flat=True).get(pk=newsletter.pk)
    if state != NewsletterState.SENT:
        errors = newsletter.deliveries.exclude(error="").values_list("error", flat=True)[:1]
        raise DemoError(
            "The mail server did not take the demo newsletters"
            + (f" ({errors[0]})" if errors else "")
            + ": seed with the console mail backend (DEBUG=1) or a mail server that accepts example.org."
        )


# --- consent to share the areas for improvement -------------------------------------------------------------


def _sharing(demo: _Demo) -> None:
    """Each organisation with a finished self-assessment consents, by its administrator."""
    finished = SelfAssessment.objects.filter(
        organisation__network=demo.network, state__in=[state.value for state in FINISHED]
    ).values("organisation")
    organisations = Organisation.objects.filter(pk__in=finished).order_by("name")
    for index, organisation in enumerate(organisations):
        administrator = (
            Membership.objects.filter(organisation=organisation, roles__role=Role.ORG_ADMIN)
            .select_related("user")
            .order_by("created_at", "pk")
            .first()
        )
        if administrator is None:
            continue
        organisation_services.set_improvement_area_sharing(
            actor=administrator.user, organisation=organisation, shares=True
        )
        day = content.CONSENT_FROM + timedelta(days=content.CONSENT_EVERY_DAYS * index)
        _redate(organisation, {"organisation.sharing_changed": _at(day, 13)})
