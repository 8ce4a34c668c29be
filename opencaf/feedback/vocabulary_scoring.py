"""Audit actions and changed fields of external feedback: the scoring part (merged by audit_vocabulary.py)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field

ACTIONS: dict[str, Promise] = {
    "feedback.scores_saved": _("External feedback actor's own scores saved"),
    "feedback.scores_finished": _("External feedback actor finished scoring alone"),
    "feedback.scores_reopened": _("External feedback actor took back “finished scoring”"),
    "feedback.score_agreed": _("Agreed score of an external feedback question recorded"),
}
FIELDS: dict[str, Field] = {
    # Which questions changed, never the scores: an actor's own scores stay theirs until the agreement.
    "scored_questions": Field(_("Questions scored")),
    "agreed_question": Field(_("Question")),
    "agreed_score": Field(_("Agreed score")),
    "agreed_rationale": Field(_("Rationale")),
}
