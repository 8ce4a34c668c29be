"""An event's thread in the network's forum, beside the event on its pages (the coordination app's
`event_links` registry, filled from `CommunityConfig.ready()`).

Whoever reads the network's forum (`permissions.forum.access_in`: members of its organisations and its
coordinators) sees a link to the thread of each event that has one, with its number of replies. A
coordinator also sees, for an event without a thread that may have one (published or cancelled, not a
draft), a link to the forum's page that opens an event's thread (the event is chosen there). Anyone
else sees nothing. One query for the threads of the events asked, none when nobody may read them; the
person's networks and memberships are the ones the navigation bar loads anyway.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from opencaf.community.models import Thread
from opencaf.community.permissions.forum import ForumAccess, access_in
from opencaf.coordination.event_links import EventLink
from opencaf.coordination.models import EventState

if TYPE_CHECKING:
    from opencaf.coordination.models import Event


def _thread_link(network_public_id: object, thread_public_id: object, title: str, post_count: int) -> EventLink:
    replies = max(0, post_count - 1)  # the first post opens the thread
    url = reverse("community:thread", kwargs={"network_id": network_public_id, "thread_id": thread_public_id})
    return EventLink(
        title=gettext("Discussion in the forum: %(title)s") % {"title": title},
        url=url,
        note=ngettext("%(count)s reply", "%(count)s replies", replies) % {"count": replies},
    )


def _start_link(access: ForumAccess, event: Event) -> EventLink:
    url = reverse("community:event_thread_new", kwargs={"network_id": access.network.public_id})
    return EventLink(title=gettext("Start a discussion in the forum"), url=f"{url}?event={event.public_id}")


def for_events(user: Any, events: Sequence[Event]) -> Mapping[int, list[EventLink]]:
    networks = {event.network_id: event.network for event in events}
    readers = {
        network_id: access
        for network_id, network in networks.items()
        if (access := access_in(user, network)) is not None
    }
    readable = [event for event in events if event.network_id in readers]
    if not readable:
        return {}
    rows = Thread.objects.filter(event__in=[event.pk for event in readable], network__in=list(readers)).values_list(
        "event_id", "public_id", "title", "post_count"
    )
    threads = {event_id: (thread_id, title, post_count) for event_id, thread_id, title, post_count in rows}
    found: dict[int, list[EventLink]] = {}
    for event in readable:
        access = readers[event.network_id]
        if event.pk in threads:
            thread_id, title, post_count = threads[event.pk]
            found[event.pk] = [_thread_link(access.network.public_id, thread_id, title, post_count)]
        elif access.can_start_event_threads and event.state != EventState.DRAFT:
            found[event.pk] = [_start_link(access, event)]
    return found
