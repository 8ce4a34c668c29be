"""Who may open which good-practice page: the organisation's writer (Alice) and another of its members,
a member of another organisation of the same network, an organisation of another network (Bob), the
network's coordinator (Carol), another network's coordinator (Dave) and an anonymous visitor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.community.models import GoodPractice, PracticeState
from opencaf.community.tests.practice_factories import attach, make_practice, member_of, neighbour, text
from opencaf.organisations.choices import Role

pytestmark = pytest.mark.django_db


@dataclass
class People:
    alice: User  # writes the organisation's practices
    viewer: User  # another member of Alice's organisation
    nina: User  # a member of another organisation of Alice's network
    bob: User  # an organisation of another network
    carol: User  # the network's coordinator
    dave: User  # another network's coordinator
    charlie: User  # signed in, no organisation


@pytest.fixture
def people(world: World, caf_framework: Any) -> People:
    _org, nina = neighbour(world.network)
    viewer = member_of(world.alice_org, "viewer@example.org", Role.VIEWER)
    return People(world.alice, viewer, nina, world.bob, world.carol, world.dave, world.charlie)


def _status(user: User | None, url: str, method: str = "get", data: dict[str, Any] | None = None) -> int:
    response = getattr(client_for(user), method)(url, data or {})
    if user is None:  # anonymous visitors are sent to sign in
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), url
    return int(response.status_code)


def _org_url(name: str, practice: GoodPractice | None = None, **kwargs: Any) -> str:
    if practice is not None:
        kwargs = {"org_id": practice.organisation.public_id, "practice_id": practice.public_id, **kwargs}
    return reverse(f"community:{name}", kwargs=kwargs)


def _net_url(name: str, practice: GoodPractice, **kwargs: Any) -> str:
    return reverse(
        f"community:{name}",
        kwargs={"network_id": practice.network.public_id, "practice_id": practice.public_id, **kwargs},
    )


def test_the_organisations_pages(world: World, people: People) -> None:
    practice = make_practice(world.alice_org)
    attachment = attach(practice)
    pages = [
        _org_url("org_practices", org_id=world.alice_org.public_id),
        _org_url("practice_new", org_id=world.alice_org.public_id),
        _org_url("practice_edit", practice),
        _org_url("practice_attachments", practice),
    ]
    for url in pages:
        assert _status(people.alice, url) == 200, url
        expected_for_viewer = 200 if url == pages[0] else 403  # members read; writers write
        assert _status(people.viewer, url) == expected_for_viewer, url
        for outsider in (people.nina, people.bob, people.carol, people.dave, people.charlie):
            assert _status(outsider, url) == 404, url
        assert _status(None, url) == 302
    posts = [
        _org_url("practice_submit", practice),
        _org_url("practice_attachment_remove", practice, attachment_id=attachment.public_id),
    ]
    for url in posts:
        assert _status(people.viewer, url, "post") == 403, url
        for outsider in (people.nina, people.bob, people.carol, people.dave):
            assert _status(outsider, url, "post") == 404, url
        assert _status(None, url, "post") == 302
    practice.refresh_from_db()
    assert practice.state == PracticeState.DRAFT and practice.attachments.count() == 1
    assert _status(people.alice, posts[0], "post") == 302  # the writer submits


def test_the_reading_page_follows_the_state(world: World, people: People) -> None:
    expected = {
        # state: (alice, viewer, nina, carol)
        PracticeState.DRAFT: (200, 200, 404, 404),
        PracticeState.SUBMITTED: (200, 200, 404, 200),
        PracticeState.RETURNED: (200, 200, 404, 200),
        PracticeState.PUBLISHED: (200, 200, 200, 200),
        PracticeState.WITHDRAWN: (200, 200, 404, 404),
    }
    for state, statuses in expected.items():
        practice = make_practice(world.alice_org, state=state)
        attachment = attach(practice)
        for url in (
            _net_url("practice", practice),
            _net_url("practice_attachment", practice, attachment_id=attachment.public_id),
        ):
            readers = (people.alice, people.viewer, people.nina, people.carol)
            assert tuple(_status(reader, url) for reader in readers) == statuses, (state, url)
            for outsider in (people.bob, people.dave, people.charlie):
                assert _status(outsider, url) == 404, (state, url)
            assert _status(None, url) == 302


def test_a_practice_is_found_only_through_its_own_network(world: World, people: People) -> None:
    theirs = make_practice(world.bob_org, state=PracticeState.PUBLISHED, audience="public")
    url = reverse("community:practice", kwargs={"network_id": world.network.public_id, "practice_id": theirs.public_id})
    assert _status(people.carol, url) == 404 and _status(people.alice, url) == 404


def test_translations(world: World, people: People) -> None:
    draft = make_practice(world.alice_org)
    submitted = make_practice(world.alice_org, state=PracticeState.SUBMITTED)
    published = make_practice(world.alice_org, state=PracticeState.PUBLISHED)
    for practice in (draft, submitted, published):
        url = _net_url("practice_translation", practice, language="sl")
        assert _status(people.alice, url) == 200
        assert _status(people.viewer, url) == 403
        assert _status(people.carol, url) == (404 if practice is draft else 200)
        assert _status(people.nina, url) == (403 if practice is published else 404)
        for outsider in (people.bob, people.dave):
            assert _status(outsider, url) == 404
        assert _status(None, url) == 302
        payload = {**text("Prevod"), "version": str(practice.version)}
        for outsider in (people.viewer, people.nina, people.bob, people.dave):
            assert _status(outsider, url, "post", payload) in (403, 404)
    assert not published.texts.filter(language="sl").exists()
    # The original's language and unknown languages have no translation page.
    assert _status(people.alice, _net_url("practice_translation", draft, language="en")) == 404
    assert _status(people.alice, _net_url("practice_translation", draft, language="xx")) == 404


def test_the_review_steps(world: World, people: People) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.SUBMITTED)
    steps = {
        "practice_return": {"return-comment": "Add figures.", "return-version": str(practice.version)},
        "practice_publish": {"publish-audience": "network", "publish-version": str(practice.version)},
    }
    for name, data in steps.items():
        url = _net_url(name, practice)
        assert _status(people.alice, url, "post", data) == 403
        assert _status(people.viewer, url, "post", data) == 403
        for outsider in (people.nina, people.bob, people.dave, people.charlie):
            assert _status(outsider, url, "post", data) == 404
        assert _status(None, url, "post", data) == 302
        assert client_for(people.carol).get(url).status_code == 405
    practice.refresh_from_db()
    assert practice.state == PracticeState.SUBMITTED
    assert _status(people.carol, _net_url("practice_publish", practice), "post", steps["practice_publish"]) == 302
    practice.refresh_from_db()
    assert practice.state == PracticeState.PUBLISHED


def test_withdrawing(world: World, people: People) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED)
    url = _net_url("practice_withdraw", practice)
    for outsider, status in ((people.viewer, 403), (people.nina, 403), (people.bob, 404), (people.dave, 404)):
        assert _status(outsider, url, "post") == status
    assert _status(None, url, "post") == 302
    practice.refresh_from_db()
    assert practice.state == PracticeState.PUBLISHED
    response = client_for(people.carol).post(url)
    assert response["Location"] == reverse("community:review_queue", kwargs={"network_id": world.network.public_id})
    practice.refresh_from_db()
    assert practice.state == PracticeState.WITHDRAWN


def test_this_helped_us(world: World, people: People) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED)
    url = _net_url("practice_helped", practice)
    nina_org = people.nina.memberships.get().organisation
    data = {"organisation": str(nina_org.public_id), "helped": "yes"}
    for user, status in (
        (people.alice, 403),
        (people.viewer, 403),
        (people.carol, 403),
        (people.bob, 404),
        (people.dave, 404),
    ):
        assert _status(user, url, "post", data) == status
    own = {"organisation": str(world.alice_org.public_id), "helped": "yes"}
    assert _status(people.alice, url, "post", own) == 403  # not for its own organisation
    assert not practice.helped_marks.exists()
    assert _status(people.nina, url, "post", data) == 302
    assert practice.helped_marks.get().organisation == nina_org


def test_the_review_queue(world: World, people: People) -> None:
    url = reverse("community:review_queue", kwargs={"network_id": world.network.public_id})
    assert _status(people.carol, url) == 200
    for outsider in (people.alice, people.viewer, people.nina, people.bob, people.dave, people.charlie):
        assert _status(outsider, url) == 404
    assert _status(None, url) == 302


def test_the_public_page_shows_only_practices_published_for_everyone(world: World, people: People) -> None:
    public = make_practice(world.alice_org, state=PracticeState.PUBLISHED, audience="public")
    attachment = attach(public)
    for state, audience in (
        (PracticeState.PUBLISHED, "network"),
        (PracticeState.SUBMITTED, "public"),
        (PracticeState.WITHDRAWN, "public"),
        (PracticeState.DRAFT, ""),
    ):
        hidden = make_practice(world.alice_org, state=state, audience=audience)
        hidden_file = attach(hidden)
        for user in (None, people.alice, people.carol):
            client = client_for(user)
            assert client.get(reverse("community:public_practice", args=[hidden.public_id])).status_code == 404
            download = reverse("community:public_practice_attachment", args=[hidden.public_id, hidden_file.public_id])
            assert client.get(download).status_code == 404
    for user in (None, people.bob, people.dave):
        client = client_for(user)
        assert client.get(reverse("community:public_practice", args=[public.public_id])).status_code == 200
        download = reverse("community:public_practice_attachment", args=[public.public_id, attachment.public_id])
        assert client.get(download).status_code == 200
    # Another practice's attachment is not found through this one.
    other = attach(make_practice(world.alice_org, state=PracticeState.PUBLISHED, audience="public"))
    assert (
        client_for(None)
        .get(reverse("community:public_practice_attachment", args=[public.public_id, other.public_id]))
        .status_code
        == 404
    )
