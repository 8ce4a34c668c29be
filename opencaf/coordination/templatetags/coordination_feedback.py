"""`{% event_feedback_results event %}`: the feedback section of the coordinator's event page
(coordination/events/detail.html includes coordination/feedback/_section.html, which calls it).

The page's view has already checked that the reader coordinates the event's network; the tag only
reads, through the selector, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django import template

from opencaf.coordination.models import Event
from opencaf.coordination.selectors.feedback import feedback_results

register = template.Library()


@register.inclusion_tag("coordination/feedback/_results.html")
def event_feedback_results(event: Event) -> dict[str, Any]:
    return {"event": event, "network": event.network, "results": feedback_results(event)}
