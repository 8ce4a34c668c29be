"""What the audit log calls the benchmarking app's actions: each part declares its own in
`vocabulary_<part>.py`; this module merges them under the app's namespace ("benchmarking.")."""

from opencaf.audit.registry import register_vocabulary


def register() -> None:
    from opencaf.benchmarking import vocabulary_figures, vocabulary_partners, vocabulary_sharing

    parts = (vocabulary_sharing, vocabulary_figures, vocabulary_partners)
    actions = {code: label for part in parts for code, label in part.ACTIONS.items()}
    fields = {key: field for part in parts for key, field in part.FIELDS.items()}
    register_vocabulary("benchmarking", actions=actions, fields=fields)
