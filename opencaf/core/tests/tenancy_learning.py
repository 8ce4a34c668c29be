"""Tenancy cases of the apps for learning from each other (community, benchmarking), merged into
`test_tenancy.URL_CASES`, and the objects they need, merged into its `extras`. Kept apart so the main
module stays readable; the kinds mean the same as there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conftest import World

ORG = "organisation"
NETWORK = "network"
PUBLIC = "public"
TOKEN = "token"

Case = tuple[str, Callable[[World, dict[str, Any]], dict[str, Any]]]


def _network(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {"network_id": w.network.public_id}


def _org(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": w.alice_org.public_id}


def _with(key: str, **objects: str) -> Callable[[World, dict[str, Any]], dict[str, Any]]:
    """kwargs `key` of the extras plus public ids of extras objects: _with("practice_kwargs", attachment_id="…")."""
    return lambda w, x: {**x[key], **{name: x[source].public_id for name, source in objects.items()}}


PRACTICE_ORG_PAGES = ("practice_edit", "practice_submit", "practice_attachments")
PRACTICE_PAGES = ("practice", "practice_return", "practice_publish", "practice_withdraw", "practice_helped")
CATEGORY_PAGES = ("forum_category", "forum_category_edit", "forum_category_move", "forum_category_delete", "thread_new")
MODERATION_POST = ("report", "hide", "unhide", "dismiss", "ban")
MODERATION_THREAD = ("lock", "unlock", "pin", "unpin", "move")
PEER_GROUP_PAGES = ("peer_group", "peer_group_edit", "peer_group_delete", "peer_group_add", "peer_group_remove")

COMMUNITY_CASES: dict[str, Case] = {
    # good practices
    **{f"community:{n}": (ORG, _org) for n in ("org_practices", "practice_new")},
    **{f"community:{n}": (ORG, _with("practice_org_kwargs")) for n in PRACTICE_ORG_PAGES},
    "community:practice_attachment_remove": (ORG, _with("practice_org_kwargs", attachment_id="practice_attachment")),
    "community:practice_translation_delete": (ORG, lambda w, x: {**x["practice_org_kwargs"], "language": "sl"}),
    "community:review_queue": (NETWORK, _network),
    **{f"community:{n}": (NETWORK, _with("practice_kwargs")) for n in PRACTICE_PAGES},
    "community:practice_translation": (NETWORK, lambda w, x: {**x["practice_kwargs"], "language": "sl"}),
    "community:practice_attachment": (NETWORK, _with("practice_kwargs", attachment_id="practice_attachment")),
    # Alice's practice is submitted, not public: its public pages are a 404 for everyone.
    "community:public_practice": (TOKEN, lambda w, x: {"practice_id": x["practice"].public_id}),
    "community:public_practice_attachment": (
        TOKEN,
        lambda w, x: {"practice_id": x["practice"].public_id, "attachment_id": x["practice_attachment"].public_id},
    ),
    "community:library": (NETWORK, _network),
    "community:public_library": (PUBLIC, lambda w, x: {}),
    # forum
    **{f"community:{n}": (NETWORK, _network) for n in ("forum", "forum_category_new", "event_thread_new")},
    **{f"community:{n}": (NETWORK, _with("forum_network", category_id="forum_category")) for n in CATEGORY_PAGES},
    **{
        f"community:{n}": (NETWORK, _with("forum_network", thread_id="forum_thread"))
        for n in ("thread", "thread_reply")
    },
    **{
        f"community:{n}": (NETWORK, _with("forum_network", post_id="forum_post"))
        for n in ("post", "post_edit", "post_history")
    },
    "community:forum_attachment": (NETWORK, _with("forum_network", attachment_id="forum_attachment")),
    # moderation
    **{f"community:{n}": (NETWORK, _network) for n in ("moderation", "moderation_bans")},
    "community:moderation_lift_ban": (
        NETWORK,
        lambda w, x: {"network_id": w.network.public_id, "user_id": w.alice.public_id},
    ),
    **{f"community:moderation_{n}": (NETWORK, _with("forum_network", post_id="forum_post")) for n in MODERATION_POST},
    **{
        f"community:moderation_{n}": (NETWORK, _with("forum_network", thread_id="forum_thread"))
        for n in MODERATION_THREAD
    },
    # subscriptions and notifications
    "community:forum_subscriptions": (NETWORK, _network),
    **{
        f"community:{n}": (NETWORK, _with("forum_network", thread_id="forum_thread"))
        for n in ("follow_thread", "unfollow_thread")
    },
    **{
        f"community:{n}": (NETWORK, _with("forum_network", category_id="forum_category"))
        for n in ("follow_category", "unfollow_category")
    },
    "community:stop_forum_mail": (TOKEN, lambda w, x: {"token": "not-a-stop-link"}),
    "community:stop_forum_digest": (TOKEN, lambda w, x: {"token": "not-a-stop-link"}),
}

BENCHMARKING_CASES: dict[str, Case] = {
    "benchmarking:organisation": (ORG, _org),
    **{f"benchmarking:{n}": (NETWORK, _network) for n in ("network", "network_refresh", "network_refresh_progress")},
    "benchmarking:sharing": (ORG, _org),
    **{f"benchmarking:{n}": (ORG, _with("assessment_kwargs")) for n in ("sharing_consent", "sharing_withdraw")},
    **{f"benchmarking:{n}": (NETWORK, _network) for n in ("peer_groups", "peer_group_new")},
    **{f"benchmarking:{n}": (NETWORK, _with("forum_network", group_id="peer_group")) for n in PEER_GROUP_PAGES},
    "benchmarking:partners": (ORG, _org),
    "benchmarking:partner_request_new": (ORG, _org),
    **{
        f"benchmarking:partner_request_{n}": (
            ORG,
            lambda w, x: {**_org(w, x), "request_id": x["partner_request"].public_id},
        )
        for n in ("withdraw", "accept", "decline")
    },
}

CASES: dict[str, Case] = {**COMMUNITY_CASES, **BENCHMARKING_CASES}

SECRETS = ("Alice Secret Practice", "Alice Secret Thread", "Alice Secret Request", "Alice Network Peers")


def extras(world: World) -> dict[str, Any]:
    from opencaf.benchmarking.models import PartnerRequest
    from opencaf.benchmarking.tests.factories import peer_group
    from opencaf.community.tests.forum_factories import make_attachment, make_category, make_thread
    from opencaf.community.tests.practice_factories import attach, make_practice
    from opencaf.organisations.tests.factories import OrganisationFactory

    practice = make_practice(world.alice_org, state="submitted", title="Alice Secret Practice")
    category = make_category(world.network)
    thread = make_thread(category, world.alice, title="Alice Secret Thread")
    post = thread.posts.get()
    partner_request = PartnerRequest.objects.create(
        requester=world.alice_org,
        partner=OrganisationFactory(network=world.network),
        subcriterion_code="1.1",
        message="Alice Secret Request",
        requested_by=world.alice,
    )
    return {
        "practice": practice,
        "practice_attachment": attach(practice),
        "practice_kwargs": {"network_id": world.network.public_id, "practice_id": practice.public_id},
        "practice_org_kwargs": {"org_id": world.alice_org.public_id, "practice_id": practice.public_id},
        "forum_network": {"network_id": world.network.public_id},
        "forum_category": category,
        "forum_thread": thread,
        "forum_post": post,
        "forum_attachment": make_attachment(post),
        "peer_group": peer_group(world.network, "Alice Network Peers", [world.alice_org]),
        "partner_request": partner_request,
    }
