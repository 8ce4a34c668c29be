"""Who hears of a new post (owned by the notifications part): subscribers and people mentioned.

`post_created(post)` is called by the forum's services inside the transaction that wrote a new visible
post (a thread's first post too); it records `PendingNotification`s and, on commit, queues the
immediate ones for the background task."""

from __future__ import annotations

from typing import Any


def post_created(post: Any) -> None:
    """Queue the notifications of a new post."""
