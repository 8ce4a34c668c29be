"""Signed, expiring links that let an action's owner report progress without signing in.

The link carries the action, its owner and the action's link version, signed with the site's
secret. It stops working when it expires, when the action gets another owner (the version is
raised), or if anything in it is changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing

from opencaf.improvement.models import Action

SALT = "opencaf.improvement.action-update"


class LinkProblem(Exception):
    TAMPERED = "tampered"
    EXPIRED = "expired"
    REPLACED = "replaced"  # the action got a new owner, or was deleted

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LinkPayload:
    action_id: str
    owner_id: int
    version: int


def make_token(action: Action) -> str:
    if action.owner is None:
        raise ValueError("an action without an owner has no update link")
    payload = {"a": str(action.public_id), "o": action.owner.user_id, "v": action.link_version}
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str) -> Action:
    """The action the link is for, or LinkProblem saying why it cannot be used."""
    max_age = settings.ACTION_LINK_VALID_DAYS * 24 * 3600
    try:
        raw: Any = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkProblem(LinkProblem.EXPIRED) from None
    except signing.BadSignature:
        raise LinkProblem(LinkProblem.TAMPERED) from None
    try:
        payload = LinkPayload(action_id=str(raw["a"]), owner_id=int(raw["o"]), version=int(raw["v"]))
    except (KeyError, TypeError, ValueError):
        raise LinkProblem(LinkProblem.TAMPERED) from None
    action = (
        Action.objects.select_related("plan", "plan__organisation", "owner__user")
        .filter(public_id=payload.action_id)
        .first()
    )
    if (
        action is None
        or action.owner is None
        or action.owner.user_id != payload.owner_id
        or action.link_version != payload.version
    ):
        raise LinkProblem(LinkProblem.REPLACED)
    return action
