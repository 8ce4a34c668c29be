"""What the audit log calls the people app's actions ("people."): each part in its own
`vocabulary_<part>.py`, merged under the app's namespace.

Reads are audited too: opening a person's competency review or a candidate's record writes a
`people.*_read` event, so an organisation can answer "who looked at my assessment"."""

from opencaf.audit.registry import register_vocabulary
from opencaf.organisations.choices import Role


def register() -> None:
    from opencaf.people import (
        vocabulary_engagement,
        vocabulary_model,
        vocabulary_reviews,
        vocabulary_selection,
        vocabulary_talent,
    )

    parts = (vocabulary_model, vocabulary_reviews, vocabulary_selection, vocabulary_talent, vocabulary_engagement)
    actions = {code: label for part in parts for code, label in part.ACTIONS.items()}
    fields = {key: field for part in parts for key, field in part.FIELDS.items()}
    # The organisation's audit log shows people events only to those who also hold the HR role: they
    # name whose review was read, who succeeds whom, which candidate was deleted.
    register_vocabulary("people", actions=actions, fields=fields, readers={Role.HR})
