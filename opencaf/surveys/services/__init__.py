"""Every change to a survey, audited in the same transaction; answering, which is never audited.

Callers import this package, never a phase module: `design` (settings, sections, questions),
`running` (states, the public link), `answering` (respondents' submissions and drafts).
"""

from opencaf.surveys.services.answering import (
    AlreadyAnsweredError,
    NotAcceptingAnswersError,
    save_draft,
    submit_response,
)
from opencaf.surveys.services.design import (
    add_section,
    create_survey,
    delete_question,
    delete_section,
    move_question,
    save_question,
    update_section,
    update_settings,
)
from opencaf.surveys.services.evidence import attach_results, current_assessment, publish_results
from opencaf.surveys.services.inviting import (
    Recipient,
    create_paper_codes,
    find_invitation,
    invite,
    invite_members,
    mail_waiting_invitations,
    send_reminders,
)
from opencaf.surveys.services.moderation import moderate_text
from opencaf.surveys.services.running import change_state, readiness_problems, renew_public_link

__all__ = [
    "AlreadyAnsweredError",
    "NotAcceptingAnswersError",
    "Recipient",
    "add_section",
    "attach_results",
    "change_state",
    "create_paper_codes",
    "create_survey",
    "current_assessment",
    "delete_question",
    "delete_section",
    "find_invitation",
    "invite",
    "invite_members",
    "mail_waiting_invitations",
    "moderate_text",
    "move_question",
    "publish_results",
    "readiness_problems",
    "renew_public_link",
    "save_draft",
    "save_question",
    "send_reminders",
    "submit_response",
    "update_section",
    "update_settings",
]
