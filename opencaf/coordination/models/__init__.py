"""The coordination app's models, one module per part of the quality unit's work."""

from .campaigns import Campaign, CampaignState, ContactKind, EngagementEntry, Recipient, ReplyStatus
from .events import (
    Attendance,
    Audience,
    Event,
    EventFeedback,
    EventKind,
    EventSession,
    EventState,
    Registration,
    RegistrationStatus,
)
from .news import (
    DeliveryStatus,
    NewsAudience,
    NewsItem,
    Newsletter,
    NewsletterDelivery,
    NewsletterState,
    NewsState,
    Subscriber,
    SubscriberStatus,
)
from .recognitions import Award, RecognitionLevel, RecognitionScheme

__all__ = [
    "Attendance",
    "Audience",
    "Award",
    "Campaign",
    "CampaignState",
    "ContactKind",
    "DeliveryStatus",
    "EngagementEntry",
    "Event",
    "EventFeedback",
    "EventKind",
    "EventSession",
    "EventState",
    "NewsAudience",
    "NewsItem",
    "NewsState",
    "Newsletter",
    "NewsletterDelivery",
    "NewsletterState",
    "Recipient",
    "RecognitionLevel",
    "RecognitionScheme",
    "Registration",
    "RegistrationStatus",
    "ReplyStatus",
    "Subscriber",
    "SubscriberStatus",
]
