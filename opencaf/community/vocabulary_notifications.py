"""Audit actions and changed fields of the community app's notifications (merged by audit_vocabulary.py)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, choice_label
from opencaf.community.models import NotificationMode

ACTIONS: dict[str, Promise] = {
    "community.forum_followed": _("Started following in the forum"),
    "community.forum_follow_changed": _("Changed how forum notifications arrive"),
    "community.forum_unfollowed": _("Stopped following in the forum"),
    "community.forum_mail_not_delivered": _("Forum notification e-mail not delivered"),
}

FIELDS: dict[str, Field] = {
    "forum_followed": Field(_("Follows")),
    "forum_mode": Field(_("Notifications"), choice_label(NotificationMode)),
    "forum_automatic": Field(_("Because they posted in the thread")),
    "forum_by_link": Field(_("Through the link in an e-mail")),
    "forum_posts": Field(_("New posts in the e-mail")),
}
