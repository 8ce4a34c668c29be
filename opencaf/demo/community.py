"""Demo good practices and forum threads of the Slovenian and Bulgarian demo networks, written, reviewed,
published, marked "this helped us" and discussed through the community app's services, then moved to
the story's dates (`community_content.py`, `community_forum_content.py`).

Needs the coordination demo (its organisations and their quality representatives). Idempotent: does
nothing when the demo network already has a good practice."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.community.models import GoodPractice, HelpedMark, Post, Thread
from opencaf.community.services import forum, forum_categories, moderation, practices
from opencaf.demo import community_content as content
from opencaf.demo import community_forum_content as forum_content
from opencaf.demo.organisations import BG_COORDINATOR, BG_NETWORK, DEMO_NETWORK
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network, Organisation

COORDINATOR = "coordinator@example.org"


def _aware(day: date | datetime, hour: int = 10) -> datetime:
    moment = day if isinstance(day, datetime) else datetime.combine(day, time(hour))
    return timezone.make_aware(moment)


def _organisation(key: str) -> Organisation:
    return Organisation.objects.select_related("network").get(Q(name=key) | Q(short_name=key))


def _writer(organisation: Organisation) -> User:
    """The organisation's administrator (its quality representative), else its CAF leader."""
    for role in (Role.ORG_ADMIN, Role.CAF_LEADER):
        person = (
            User.objects.filter(memberships__organisation=organisation, memberships__roles__role=role)
            .order_by("pk")
            .first()
        )
        if person is not None:
            return person
    raise LookupError(f"{organisation} has nobody who may write its good practices")


def seed_community() -> bool:
    network = Network.objects.get(name=DEMO_NETWORK)
    if GoodPractice.objects.filter(network=network).exists():
        return False
    with transaction.atomic():
        for spec in content.PRACTICES:
            _practice(spec)
        _forum(network, User.objects.get(email=COORDINATOR), forum_content.THREADS)
        bulgarian = Network.objects.get(name=BG_NETWORK)
        _forum(bulgarian, User.objects.get(email=BG_COORDINATOR), forum_content.BG_THREADS)
    return True


# --- good practices --------------------------------------------------------------------------------------


def _data(spec: content.DemoPractice, language: str) -> practices.TextData:
    text = spec.texts[language]
    return practices.TextData(text.title, text.problem, text.actions, text.results, text.resources)


def _practice(spec: content.DemoPractice) -> None:
    organisation = _organisation(spec.organisation)
    writer = _writer(organisation)
    data = practices.PracticeData(
        text=_data(spec, spec.original),
        original_language=spec.original,
        subcriteria=spec.subcriteria,
        contact_name=spec.contact[0],
        contact_email=spec.contact[1],
    )
    practice = practices.create_practice(actor=writer, organisation=organisation, data=data)
    for language in spec.texts:
        if language != spec.original:
            practices.save_translation(actor=writer, practice=practice, language=language, text=_data(spec, language))
    practice = practices.submit_practice(actor=writer, practice=practice)
    dates = {"created_at": _aware(spec.submitted, 9), "submitted_at": _aware(spec.submitted)}
    if spec.published is not None:
        coordinator = User.objects.filter(coordinated_networks=organisation.network).order_by("pk").get()
        practice = practices.publish_practice(actor=coordinator, practice=practice, audience=spec.audience)
        published = _aware(spec.published, 11)
        dates |= {"reviewed_at": published, "published_at": published}
        for key in spec.helped_by:
            helper = _organisation(key)
            practices.mark_helped(actor=_writer(helper), practice=practice, organisation=helper)
        HelpedMark.objects.filter(practice=practice).update(marked_at=_aware(spec.published, 15))
    GoodPractice.objects.filter(pk=practice.pk).update(**dates)


# --- the forum --------------------------------------------------------------------------------------------


def _author(key: str) -> User:
    if "@" in key:
        return User.objects.get(email=key)
    return _writer(_organisation(key))


def _forum(network: Network, coordinator: User, threads: list[forum_content.DemoThread]) -> None:
    forum_categories.ensure_default_categories(network, actor=coordinator)
    categories = forum_categories.default_categories_by_key(network)
    for spec in threads:
        first, *replies = spec.posts
        thread = forum.start_thread(
            actor=_author(first.author), category=categories[spec.category], title=spec.title, body=first.body
        )
        posts = [thread.posts.get()]
        # Each post is moved to its date at once: the posting limits count recent posts.
        Post.objects.filter(pk=posts[0].pk).update(created_at=_aware(first.at))
        for spec_post in replies:
            quoted = posts[spec_post.quotes] if spec_post.quotes is not None else None
            post = forum.reply(actor=_author(spec_post.author), thread=thread, body=spec_post.body, quoted=quoted)
            Post.objects.filter(pk=post.pk).update(created_at=_aware(spec_post.at))
            posts.append(post)
        if spec.pinned:
            moderation.pin_thread(actor=coordinator, thread=thread)
        Thread.objects.filter(pk=thread.pk).update(created_at=_aware(first.at), last_post_at=_aware(spec.posts[-1].at))
