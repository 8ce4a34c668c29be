"""The e-mails to an organisation when a coordinator returns one of its good practices with comments or
publishes it: who receives them (its writers and the practice's author while a member, not its other
members nor the coordinator), each in their language, with absolute links; nothing when the step
rolls back. Mail goes through the tests' immediate task backend into `mail.outbox`."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.conf import settings
from django.core import mail as django_mail
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.community.models import GoodPractice, PracticeAudience, PracticeState
from opencaf.community.services import practice_mail
from opencaf.community.services import practices as services
from opencaf.community.tests.practice_factories import make_practice, member_of, text
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.organisations.tests.factories import UserFactory, add_member

pytestmark = pytest.mark.django_db

SL_TITLE = "Okence brez čakalnih vrst"
EN_TITLE = "A desk without queues"


@pytest.fixture(autouse=True)
def _framework(caf_framework: Any) -> None:
    """Practices are filed under the CAF 2020 subcriteria."""


def after_commit() -> Any:
    """Run the after-commit callbacks (the e-mails) of services called directly."""
    return TestCase.captureOnCommitCallbacks(execute=True)


class People:
    """Alice (administrator, English) and the others of her organisation around one submitted practice."""

    def __init__(self, world: World) -> None:
        self.leader = member_of(world.alice_org, "lena@example.org", Role.CAF_LEADER)
        self.leader.language = "sl"
        self.leader.full_name = "Lena Leader"
        self.leader.save()
        self.assessor = member_of(world.alice_org, "asa@example.org", Role.ASSESSOR)
        # The author wrote the practice as CAF leader and is a viewer now: told, without the edit link.
        self.author = member_of(world.alice_org, "arthur@example.org", Role.VIEWER)
        self.gone = member_of(world.alice_org, "gone@example.org", Role.ORG_ADMIN)
        self.gone.is_active = False
        self.gone.save()
        self.practice = make_practice(
            world.alice_org,
            state=PracticeState.SUBMITTED,
            title=EN_TITLE,
            translations={"sl": text(SL_TITLE)},
            created_by=self.author,
        )


@pytest.fixture
def people(world: World) -> People:
    return People(world)


def _by_recipient() -> dict[str, Any]:
    found = {message.to[0]: message for message in django_mail.outbox}
    assert len(found) == len(django_mail.outbox), "someone received two e-mails"
    return found


def _fresh(practice: GoodPractice) -> GoodPractice:
    return GoodPractice.objects.select_related("organisation", "network").get(pk=practice.pk)


def _url(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _hello(language: str, name: str) -> str:
    with translation.override(language):
        return gettext("Hello %(name)s,") % {"name": name}


def _return(world: World, people: People, comment: str = "Add the figures of 2024.\n\nAnd the costs.") -> None:
    with after_commit():
        services.return_practice(actor=world.carol, practice=people.practice, comment=comment)


# --- returned with comments -------------------------------------------------------------------------------


def test_a_return_tells_the_writers_and_the_author_with_the_comments(world: World, people: People) -> None:
    _return(world, people)
    received = _by_recipient()
    assert set(received) == {"alice@example.org", "lena@example.org", "arthur@example.org"}
    practice = people.practice
    edit_url = _url("community:practice_edit", org_id=world.alice_org.public_id, practice_id=practice.public_id)
    reading_url = _url("community:practice", network_id=world.network.public_id, practice_id=practice.public_id)
    for message in received.values():
        assert "Add the figures of 2024.\n\nAnd the costs." in message.body
        assert reading_url in message.body and world.network.name in message.body
        assert "&" not in message.subject and "&#" not in message.body  # plain text, nothing escaped
    # Writers get the link to change the practice; the author, a viewer now, may not use it.
    assert edit_url in received["alice@example.org"].body and edit_url in received["lena@example.org"].body
    assert edit_url not in received["arthur@example.org"].body
    with translation.override("en"):
        written = gettext("You receive this because you wrote this good practice.")
        writes = gettext("You receive this because you write the good practices of %(organisation)s.") % {
            "organisation": world.alice_org.name
        }
    assert written in received["arthur@example.org"].body and writes in received["alice@example.org"].body


def test_each_recipient_reads_it_in_their_language(world: World, people: People) -> None:
    nobody_said = cast(User, UserFactory(email="nolang@example.org", full_name="Nora Default", language=""))
    add_member(world.alice_org, nobody_said, Role.CAF_LEADER)
    world.alice_org.default_language = "sl"
    world.alice_org.save()
    _return(world, people)
    received = _by_recipient()
    alice, lena, nora = (received[f"{who}@example.org"] for who in ("alice", "lena", "nolang"))
    # Alice reads English: the English title and greeting.
    assert alice.body.startswith(_hello("en", "Alice Adams")) and EN_TITLE in alice.subject
    assert SL_TITLE not in alice.subject + alice.body
    # Lena reads Slovenian, and so does Nora through the organisation's default language.
    for message, name in ((lena, "Lena Leader"), (nora, "Nora Default")):
        assert message.body.startswith(_hello("sl", name))
        assert _hello("sl", name) != _hello("en", name)  # the test would tell the languages apart
        assert SL_TITLE in message.subject and SL_TITLE in message.body and EN_TITLE not in message.subject


def test_assessors_inactive_people_former_authors_and_the_coordinator_are_not_told(
    world: World, people: People
) -> None:
    # Carol, who reviews, is also a CAF leader of the organisation: she knows what she did.
    add_member(world.alice_org, world.carol, Role.CAF_LEADER)
    Membership.objects.filter(user=people.author).delete()  # the author left the organisation
    _return(world, people)
    assert set(_by_recipient()) == {"alice@example.org", "lena@example.org"}


def test_an_author_who_still_writes_gets_one_e_mail(world: World, people: People) -> None:
    GoodPractice.objects.filter(pk=people.practice.pk).update(created_by=people.leader)
    _return(world, people)
    assert set(_by_recipient()) == {"alice@example.org", "lena@example.org"}


def test_the_recipients_helper_names_writers_and_the_author(world: World, people: People) -> None:
    found = {recipient.user.email: recipient for recipient in practice_mail.recipients(_fresh(people.practice))}
    assert set(found) == {"alice@example.org", "lena@example.org", "arthur@example.org"}
    assert found["lena@example.org"].language == "sl" and found["alice@example.org"].language == "en"
    assert found["alice@example.org"].writes and not found["arthur@example.org"].writes


# --- published -----------------------------------------------------------------------------------------------


def _publish(world: World, people: People, audience: str) -> None:
    with after_commit():
        services.publish_practice(actor=world.carol, practice=people.practice, audience=audience)


def _published_sentence(world: World, title: str, *, public: bool) -> str:
    if public:
        msgid = (
            "a coordinator of %(network)s has published the good practice “%(title)s” of %(organisation)s for "
            "everyone: the organisations of the network read it in their library, and anyone may read it on its "
            "public page, without signing in."
        )
    else:
        msgid = (
            "a coordinator of %(network)s has published the good practice “%(title)s” of %(organisation)s for the "
            "organisations of the network: their members read it in the network's library."
        )
    with translation.override("en"):
        return gettext(msgid) % {"network": world.network.name, "title": title, "organisation": world.alice_org.name}


def test_a_publication_for_the_network_says_so_and_links_to_the_practice(world: World, people: People) -> None:
    _publish(world, people, PracticeAudience.NETWORK)
    received = _by_recipient()
    assert set(received) == {"alice@example.org", "lena@example.org", "arthur@example.org"}
    practice = people.practice
    reading_url = _url("community:practice", network_id=world.network.public_id, practice_id=practice.public_id)
    public_url = _url("community:public_practice", practice_id=practice.public_id)
    alice = received["alice@example.org"]
    assert _published_sentence(world, EN_TITLE, public=False) in alice.body
    assert _published_sentence(world, EN_TITLE, public=True) not in alice.body
    assert reading_url in alice.body and public_url not in alice.body
    assert EN_TITLE in alice.subject and SL_TITLE in received["lena@example.org"].subject


def test_a_publication_for_everyone_gives_the_public_page(world: World, people: People) -> None:
    _publish(world, people, PracticeAudience.PUBLIC)
    alice = _by_recipient()["alice@example.org"]
    assert _published_sentence(world, EN_TITLE, public=True) in alice.body
    assert _url("community:public_practice", practice_id=people.practice.public_id) in alice.body
    assert "assessor" not in " ".join(message.to[0] for message in django_mail.outbox)


# --- only what was saved is told ---------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["return", "publish"])
def test_nothing_is_sent_when_the_step_rolls_back(world: World, people: People, step: str) -> None:
    with after_commit(), pytest.raises(RuntimeError), transaction.atomic():
        if step == "return":
            services.return_practice(actor=world.carol, practice=people.practice, comment="Add figures.")
        else:
            services.publish_practice(actor=world.carol, practice=people.practice, audience=PracticeAudience.PUBLIC)
        raise RuntimeError("something after the step failed")
    assert django_mail.outbox == []
    assert _fresh(people.practice).state == PracticeState.SUBMITTED


def test_a_refused_step_sends_nothing(world: World, people: People) -> None:
    stale = people.practice.version + 1
    with after_commit(), pytest.raises(services.StalePracticeError):
        services.publish_practice(
            actor=world.carol, practice=people.practice, audience=PracticeAudience.NETWORK, expected_version=stale
        )
    assert django_mail.outbox == []


def test_the_review_page_sends_the_e_mails(world: World, people: People) -> None:
    practice = people.practice
    url = reverse("community:practice_return", args=[world.network.public_id, practice.public_id])
    with after_commit():
        response = client_for(world.carol).post(
            url, {"return-comment": "Say what it cost.", "return-version": str(practice.version)}
        )
    assert response.status_code == 302
    assert set(_by_recipient()) == {"alice@example.org", "lena@example.org", "arthur@example.org"}
    assert all("Say what it cost." in message.body for message in django_mail.outbox)
