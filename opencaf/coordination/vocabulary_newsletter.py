"""Audit actions and changed fields of the coordination app's newsletter (merged by audit_vocabulary.py).
Field keys are shared across the app: reuse one from audit_vocabulary.FIELDS when it means the same."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, choice_label, language_name
from opencaf.coordination.models import SubscriberStatus

ACTIONS: dict[str, Promise] = {
    # subscriptions
    "coordination.subscription_requested": _("Newsletter subscription requested"),
    "coordination.subscription_confirmed": _("Newsletter subscription confirmed"),
    "coordination.unsubscribed": _("Unsubscribed from the newsletter"),
    "coordination.subscriber_removed": _("Newsletter subscriber removed on request"),
    "coordination.subscriptions_purged": _("Unconfirmed newsletter subscriptions deleted"),
    # end subscriptions
    # newsletters
    "coordination.newsletter_created": _("Newsletter drafted"),
    "coordination.newsletter_changed": _("Newsletter changed"),
    "coordination.newsletter_test_sent": _("Newsletter test sent to the coordinator"),
    "coordination.newsletter_sending": _("Newsletter sending started"),
    "coordination.newsletter_sent": _("Newsletter sending finished"),
    "coordination.newsletter_retried": _("Newsletter deliveries queued again"),
    # end newsletters
}
FIELDS: dict[str, Field] = {
    # subscriptions
    # An address is never recorded in plain text: `subscriber` is its keyed fingerprint
    # (subscription_links.address_fingerprint), found again from the address on the subscribers page.
    "subscriber": Field(_("Subscriber (address fingerprint)")),
    "subscription_language": Field(_("Language of the newsletter"), language_name),
    "subscriber_status": Field(_("Subscription status"), choice_label(SubscriberStatus)),
    "unsubscribe_one_click": Field(_("Unsubscribed from the mail program (one click)")),
    # end subscriptions
    # newsletters
    "issue_date": Field(_("Issue (month)")),
    "newsletter_languages": Field(_("Languages of the newsletter"), language_name),
    "newsletter_texts": Field(_("Texts changed in"), language_name),
    "newsletter_items": Field(_("News items in the newsletter")),
    "newsletter_language": Field(_("Language of the newsletter"), language_name),
    "newsletter_recipients": Field(_("Subscribers it is sent to")),
    "newsletter_delivered": Field(_("Delivered")),
    "newsletter_not_delivered": Field(_("Not delivered")),
    "newsletter_requeued": Field(_("Deliveries queued again")),
    # end newsletters
}
