"""The community app's models: good practices (`practices`) and the expert forum (`forum`)."""

from .forum import (
    ForumBan,
    ForumCategory,
    ForumSubscription,
    NotificationMode,
    NotificationReason,
    PendingNotification,
    Post,
    PostAttachment,
    PostReport,
    PostRevision,
    ReportOutcome,
    Thread,
    ThreadVisit,
)
from .practices import GoodPractice, HelpedMark, PracticeAttachment, PracticeAudience, PracticeState, PracticeText

__all__ = [
    "ForumBan",
    "ForumCategory",
    "ForumSubscription",
    "GoodPractice",
    "HelpedMark",
    "NotificationMode",
    "NotificationReason",
    "PendingNotification",
    "Post",
    "PostAttachment",
    "PostReport",
    "PostRevision",
    "PracticeAttachment",
    "PracticeAudience",
    "PracticeState",
    "PracticeText",
    "ReportOutcome",
    "Thread",
    "ThreadVisit",
]
