"""Audit actions and changed fields of the community app's moderation (merged by audit_vocabulary.py).

Field keys start with `moderation_` or name the moderated thing (`thread_category`), so they cannot
meet a key of the forum's or the practices' vocabulary in the app's merged mapping."""

from typing import Any

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field

ACTIONS: dict[str, Promise] = {
    "community.post_reported": _("Forum post reported"),
    "community.post_reports_dismissed": _("Reports of a forum post dismissed"),
    "community.post_hidden": _("Forum post hidden by a moderator"),
    "community.post_unhidden": _("Hidden forum post shown again"),
    "community.thread_locked": _("Forum thread locked"),
    "community.thread_unlocked": _("Forum thread unlocked"),
    "community.thread_pinned": _("Forum thread pinned"),
    "community.thread_unpinned": _("Forum thread unpinned"),
    "community.thread_moved": _("Forum thread moved to another category"),
    "community.forum_ban_imposed": _("Person banned from posting in the forum"),
    "community.forum_ban_lifted": _("Ban from posting in the forum lifted"),
}


def moment(value: Any) -> str:
    """A recorded ISO date and time, shown in the reader's locale and the site's time zone."""
    parsed = parse_datetime(str(value))
    if parsed is None:
        return str(value)
    return formats.date_format(timezone.localtime(parsed), "DATETIME_FORMAT")


FIELDS: dict[str, Field] = {
    "moderation_thread": Field(_("Thread")),
    "moderation_author": Field(_("Author of the post")),
    "moderation_reason": Field(_("Reason")),
    "moderation_reports": Field(_("Reports handled")),
    "moderation_person": Field(_("Person")),
    "moderation_until": Field(_("Until"), moment),
    "moderation_replaced_until": Field(_("Replaces a ban until"), moment),
    "thread_category": Field(_("Category")),
}
