"""Who may write in a network's forum right now (owned by the moderation part): bans and rate limits.

`refuse_if_barred(user, network)` is called by every service that writes a thread, a post or an edit,
before it writes anything; it raises `django.core.exceptions.ValidationError` with a message in the
active language (banned until …; too many posts, wait N minutes)."""

from __future__ import annotations

from typing import Any


def refuse_if_barred(user: Any, network: Any) -> None:
    """Raise ValidationError when `user` may not post in `network`'s forum now."""
