"""What the audit log calls the community app's actions: each part declares its own in
`vocabulary_<part>.py`; this module merges them under the app's namespace ("community.")."""

from opencaf.audit.registry import register_vocabulary


def register() -> None:
    from opencaf.community import (
        vocabulary_forum,
        vocabulary_moderation,
        vocabulary_notifications,
        vocabulary_practices,
    )

    parts = (vocabulary_practices, vocabulary_forum, vocabulary_moderation, vocabulary_notifications)
    actions = {code: label for part in parts for code, label in part.ACTIONS.items()}
    fields = {key: field for part in parts for key, field in part.FIELDS.items()}
    register_vocabulary("community", actions=actions, fields=fields)
